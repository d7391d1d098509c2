"""The order pages show every order structure read-only: no field, inline or row can be changed,
added or deleted here (contents change in the portal), and a forged POST is refused."""
import pytest

from carts.models import Cart
from orders.models import Discount, LineItem, Note, OrderForm, OrderGroup, Payment, PurchaseOrder, Shipment
from subscriptions.models import Subscription
from tests.admin.helpers import admin_url, order_url

pytestmark = pytest.mark.django_db
KINDS = {PurchaseOrder: "po", Cart: "cart", Subscription: "plan"}


def structures(order):
    """Every row of the order's structure, with the admin page it is shown on."""
    form = OrderForm.objects.get(order_group=order)
    return [order, form, Shipment.objects.get(order_form=form)]


def snapshot(order):
    return (
        list(OrderGroup.objects.filter(pk=order.pk).values()),
        list(LineItem.objects.filter(shipment__order_form__order_group=order).values()),
        list(Shipment.objects.filter(order_form__order_group=order).values()),
        list(Discount.objects.filter(order_group=order).values()),
        list(Payment.objects.filter(order_form__order_group=order).values()),
        list(Note.objects.filter(order_group=order).values()),
    )


@pytest.mark.parametrize("model", KINDS, ids=lambda model: model._meta.label)
def test_every_page_of_an_order_structure_is_read_only_with_read_only_inlines(admin_client, make_order, model):
    order = make_order(kind=KINDS[model])

    for obj in structures(order):
        response = admin_client.get(order_url(obj) if obj is order else admin_url(obj))

        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        assert response.context["has_delete_permission"] is False
        assert response.context["adminform"].form.fields == {}
        for inline in response.context["inline_admin_formsets"]:
            if inline.opts.model._meta.model_name == "schedule":
                continue  # the schedule is set on its own page (test_reference_data.py)
            assert not (inline.has_add_permission or inline.has_change_permission or inline.has_delete_permission)


def test_a_forged_post_to_an_order_page_is_refused_and_changes_nothing(admin_client, make_order):
    order = make_order()
    before = snapshot(order)

    response = admin_client.post(order_url(order), {
        "status": "cancelled", "total": "0", "version": "99", "number": "PO1", "kind": "cart", "name": "Hacked",
    })

    assert response.status_code == 403
    assert snapshot(order) == before


def test_a_forged_post_to_a_shipment_page_is_refused_and_changes_nothing(admin_client, make_order, shop):
    order = make_order(lines=(("TEE-M", 2),))
    shipment = Shipment.objects.get(order_form__order_group=order)
    line = LineItem.objects.get(shipment=shipment)
    before = snapshot(order)

    response = admin_client.post(admin_url(shipment), {
        "shipping_method": shop["express"].pk, "status": "shipped",
        "line_items-TOTAL_FORMS": 2, "line_items-INITIAL_FORMS": 1,
        "line_items-0-id": line.pk, "line_items-0-shipment": shipment.pk, "line_items-0-quantity": 7,
        "line_items-1-sku_code": "TEE-L", "line_items-1-quantity": 3,
    })

    assert response.status_code == 403
    assert snapshot(order) == before


def test_a_forged_post_to_an_order_form_page_adds_no_payment(admin_client, make_order, shop):
    order = make_order()
    form = OrderForm.objects.get(order_group=order)

    response = admin_client.post(admin_url(form), {
        "payments-TOTAL_FORMS": 1, "payments-INITIAL_FORMS": 0,
        "payments-0-method": shop["phone"].pk, "payments-0-amount": "10.00",
    })

    assert response.status_code == 403
    assert not Payment.objects.filter(order_form=form).exists()


def test_a_forged_post_to_the_order_page_adds_no_discount_and_no_note(admin_client, make_order):
    order = make_order()
    before = snapshot(order)

    response = admin_client.post(order_url(order), {
        "discounts-TOTAL_FORMS": 1, "discounts-INITIAL_FORMS": 0, "discounts-0-scope": "order",
        "discounts-0-value_type": "amount", "discounts-0-value": "5", "discounts-0-reason": "Late",
        "notes-TOTAL_FORMS": 1, "notes-INITIAL_FORMS": 0, "notes-0-title": "Customer called",
    })

    assert response.status_code == 403
    assert snapshot(order) == before


def test_the_order_page_shows_every_form_shipment_and_line_with_links_and_currencies(admin_client, make_order):
    order = make_order(lines=(("TEE-M", 2), ("TEE-L", 1)))
    shipment = Shipment.objects.get(order_form__order_group=order)

    page = admin_client.get(order_url(order)).content.decode()

    assert admin_url(shipment) in page and admin_url(shipment.order_form) in page
    for line in LineItem.objects.filter(shipment=shipment):
        assert line.display_name in page
    assert "22.00 USD" in page  # TEE-L's price, with its currency
    assert f"{order.total:,} USD" in page


def test_the_shipment_page_shows_its_lines_with_their_currency(admin_client, make_order):
    shipment = Shipment.objects.get(order_form__order_group=make_order(lines=(("TEE-M", 2),)))

    response = admin_client.get(admin_url(shipment))

    [lines] = [inline for inline in response.context["inline_admin_formsets"] if inline.opts.model is LineItem]
    assert [form.original.sku_code for form in lines] == ["TEE-M"]
    assert "20.00 USD" in response.content.decode()


@pytest.mark.parametrize("model", KINDS, ids=lambda model: model._meta.label)
def test_no_order_can_be_deleted_for_its_history_would_go_with_it(admin_client, make_order, model):
    order = make_order(kind=KINDS[model])

    response = admin_client.post(admin_url(model, "delete", order.pk), {"post": "yes"})

    assert response.status_code == 403
    assert OrderGroup.objects.filter(pk=order.pk).exists()


def test_the_order_page_no_longer_offers_content_editing(admin_client, make_order):
    page = admin_client.get(order_url(make_order())).content.decode()

    assert 'name="_save"' not in page
    assert '-DELETE"' not in page and 'type="checkbox"' not in page


def test_the_customer_page_lists_their_orders_read_only_with_links(admin_client, make_order, shop):
    order, cart = make_order(), make_order(kind="cart")

    response = admin_client.get(admin_url(shop["mercy"]))

    page = response.content.decode()
    assert order_url(order) in page and order_url(cart) in page
    assert f"{order.total:,} USD" in page
    [orders] = [inline for inline in response.context["inline_admin_formsets"] if inline.opts.model is OrderGroup]
    assert not (orders.has_add_permission or orders.has_change_permission or orders.has_delete_permission)
