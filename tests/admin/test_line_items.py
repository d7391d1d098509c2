"""The shipment page changes line items through the operations, with the same rules as the portal."""
import pytest

from orders.admin import LineItemInline
from orders.models import LineItem, Note, NoteKind, OrderGroup, Shipment
from orders.operations import order_hold, order_release_hold
from tests.admin.helpers import admin_url, form_data, inline_prefix, messages_of

pytestmark = pytest.mark.django_db


def shipment_of(order):
    return Shipment.objects.get(order_form__order_group=order)


def opened(admin_client, order):
    """The shipment page as the administrator sees it, and what its form would submit."""
    url = admin_url(shipment_of(order))
    response = admin_client.get(url)
    return url, response, form_data(response)


def history(order):
    return list(Note.objects.filter(order_group=order, kind=NoteKind.SYSTEM).values_list("title", "detail"))


def test_changing_a_quantity_on_an_in_progress_order_saves_it_and_writes_a_system_note(admin_client, make_order):
    order = make_order(lines=(("TEE-M", 2),))
    url, response, data = opened(admin_client, order)
    prefix = inline_prefix(response, LineItemInline)
    data[f"{prefix}-0-quantity"] = 5

    response = admin_client.post(url, data, follow=True)

    line = LineItem.objects.get(shipment__order_form__order_group=order)
    order.refresh_from_db()
    assert line.quantity == 5
    assert ("Quantity changed", "TEE-M in Shipment 1: 2 -> 5") in history(order)
    assert order.item_count == 5 and order.version == 2
    assert not [m for m in messages_of(response) if "Nothing was saved" in m]


def test_it_refuses_to_change_a_line_of_a_held_order_and_changes_nothing(admin_client, make_order):
    order = make_order(status="on_hold", lines=(("TEE-M", 2),))
    url, response, data = opened(admin_client, order)
    prefix = inline_prefix(response, LineItemInline)
    data[f"{prefix}-0-quantity"] = 5

    response = admin_client.post(url, data, follow=True)

    assert LineItem.objects.get(shipment__order_form__order_group=order).quantity == 2
    assert OrderGroup.objects.get(pk=order.pk).version == order.version
    assert history(order) == [("Order created", "")]
    assert (f"{order.number} is On Hold: its contents can be changed only while it is In Progress. Nothing was saved."
            in messages_of(response))


def test_it_refuses_a_save_made_from_a_stale_page(admin_client, make_order, django_user_model):
    order = make_order(lines=(("TEE-M", 2),))
    url, response, data = opened(admin_client, order)
    prefix = inline_prefix(response, LineItemInline)
    other = django_user_model.objects.create_user("other", first_name="Olive", last_name="Other")
    # Meanwhile, on another screen: the order ends In Progress again, two versions on.
    order_hold(order, user=other, version=order.version)
    order_release_hold(order, user=other, version=order.version)
    data[f"{prefix}-0-quantity"] = 7

    response = admin_client.post(url, data, follow=True)

    assert LineItem.objects.get(shipment__order_form__order_group=order).quantity == 2
    [message] = [m for m in messages_of(response) if "Nothing was saved" in m]
    assert f"{order.number} was changed by Olive Other" in message


def test_a_new_row_adds_a_line_by_sku_code_and_a_deleted_row_removes_one(admin_client, make_order):
    order = make_order(lines=(("TEE-M", 2),))
    url, response, data = opened(admin_client, order)
    prefix = inline_prefix(response, LineItemInline)
    data[f"{prefix}-0-DELETE"] = "on"
    data[f"{prefix}-1-sku_code"] = "tee-l"
    data[f"{prefix}-1-quantity"] = 3

    admin_client.post(url, data)

    lines = list(LineItem.objects.filter(shipment__order_form__order_group=order).values_list("sku_code", "quantity"))
    assert lines == [("TEE-L", 3)]
    titles = [title for title, _detail in history(order)]
    assert "Line removed" in titles and "Line added" in titles
    assert OrderGroup.objects.get(pk=order.pk).version == order.version + 2


def test_an_unknown_sku_is_refused_with_the_operations_message_and_rolls_back_the_rest(admin_client, make_order):
    order = make_order(lines=(("TEE-M", 2),))
    url, response, data = opened(admin_client, order)
    prefix = inline_prefix(response, LineItemInline)
    data[f"{prefix}-0-quantity"] = 4  # saved first, then undone with the refusal below
    data[f"{prefix}-1-sku_code"] = "NOPE"
    data[f"{prefix}-1-quantity"] = 1

    response = admin_client.post(url, data, follow=True)

    assert LineItem.objects.get(shipment__order_form__order_group=order).quantity == 2
    assert "There is no SKU 'NOPE'. Nothing was saved." in messages_of(response)
    assert history(order) == [("Order created", "")]


def test_the_sku_of_an_existing_line_cannot_be_changed(admin_client, make_order):
    order = make_order(lines=(("TEE-M", 2),))
    url, response, data = opened(admin_client, order)
    prefix = inline_prefix(response, LineItemInline)
    data[f"{prefix}-0-sku_code"] = "TEE-L"

    admin_client.post(url, data)

    assert LineItem.objects.get(shipment__order_form__order_group=order).sku_code == "TEE-M"


def test_a_cart_line_can_change_whatever_the_shipment(admin_client, make_order):
    cart = make_order(kind="cart", lines=(("TEE-M", 1),))
    url, response, data = opened(admin_client, cart)
    data[f"{inline_prefix(response, LineItemInline)}-0-quantity"] = 3

    admin_client.post(url, data)

    assert LineItem.objects.get(shipment__order_form__order_group=cart).quantity == 3


def test_the_shipping_method_and_the_address_change_through_the_operations(admin_client, make_order, shop):
    order = make_order()
    url, response, data = opened(admin_client, order)
    office = shop["customer"].addresses.get()
    data["shipping_method"] = shop["express"].pk
    data["ship_to"] = f"book-{office.pk}"

    admin_client.post(url, data)

    shipment = shipment_of(order)
    assert shipment.shipping_method_name == "Express" and shipment.address.city == "Albany"
    titles = [title for title, _detail in history(order)]
    assert "Shipping method changed" in titles and "Address changed" in titles
    assert OrderGroup.objects.get(pk=order.pk).version == order.version + 2


def test_the_shipment_page_says_why_its_contents_cannot_change(admin_client, make_order):
    order = make_order(status="on_hold")

    response = admin_client.get(admin_url(shipment_of(order)))

    assert "its contents can be changed only while it is In Progress" in response.content.decode()
