"""Every edit of the order page through HTTP: it works, it is refused by status, by a stale
version and by bad input (with the message next to the field, nothing changed), and it needs a
logged-in CSR and a CSRF token."""
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import PaymentMethod, ShippingMethod, Stock
from demo.factories.orders import DiscountFactory, PurchaseOrderFactory
from orders.models import Discount, Note, OrderGroup, OrderStatus, Payment
from tests.world import lines_of, make_editable, shipments_of

HTMX = {"HX-Request": "true", "HX-Target": "tab-content"}


def edit(client, order, edit_name, pk=None, htmx=True, **data):
    url = (reverse("po:order_edit_item", args=[order.number, edit_name, pk]) if pk
           else reverse("po:order_edit", args=[order.number, edit_name]))
    data.setdefault("version", OrderGroup.objects.get(pk=order.pk).version)
    return client.post(url, data, headers=HTMX if htmx else {})


ADDRESS = {"first_name": "Mercy", "last_name": "Taylor", "line1": "2 Elm St", "city": "Shelbyville",
           "postal_code": "54321", "country_code": "US"}


def edits(order):
    """name -> (url pk, POST data, a check that it happened)."""
    shipment, line = shipments_of(order)[0], lines_of(order)[0]
    express = ShippingMethod.objects.get(code="express")
    phone = PaymentMethod.objects.get(code="phone")
    return {
        "address": (shipment.pk, ADDRESS, lambda order: shipments_of(order)[0].address.city == "Shelbyville"),
        "shipping-method": (shipment.pk, {"shipping_method": express.pk},
                            lambda order: shipments_of(order)[0].shipping_method_id == express.pk),
        "add-line": (shipment.pk, {"sku": "tee-red-l", "quantity": "2", "shipment": shipment.pk},
                     lambda order: any(item.sku_code == "TEE-RED-L" and item.quantity >= 2 for item in lines_of(order))),
        "quantity": (line.pk, {"quantity": "5"}, lambda order: lines_of(order)[0].quantity == 5),
        "remove-line": (line.pk, {}, lambda order: line.pk not in [item.pk for item in lines_of(order)]),
        "move-line": (shipment.pk, {"line_item": line.pk, "quantity": "1", "to_shipment": "new", **ADDRESS},
                      lambda order: len(shipments_of(order)) == 2),
        "discount": (None, {"on": f"line:{line.pk}", "value_type": "amount", "value": "1.50", "reason": "Scratched"},
                     lambda order: Discount.objects.filter(order_group=order, line_item=line).exists()),
        "coupon": (None, {"code": "save10"}, lambda order: Discount.objects.filter(order_group=order, coupon__code="SAVE10").exists()),
        "payment": (None, {"payment_method": phone.pk, "amount": "5.00"},
                    lambda order: Payment.objects.filter(order_form__order_group=order, amount=Decimal("5.00")).exists()),
        "contact": (None, {"name": "Mercy T. Taylor", "email": "mercy@example.com", "phone": "555-0100"},
                    lambda order: OrderGroup.objects.get(pk=order.pk).customer_name == "Mercy T. Taylor"),
        "hold": (None, {}, lambda order: OrderGroup.objects.get(pk=order.pk).status == OrderStatus.ON_HOLD),
        "cancel": (None, {"reason": "Duplicate order"}, lambda order: OrderGroup.objects.get(pk=order.pk).status == OrderStatus.CANCELLED),
    }


EDITS = ["address", "shipping-method", "add-line", "quantity", "remove-line", "move-line", "discount", "coupon",
         "payment", "contact", "hold", "cancel"]
CONTENT_EDITS = EDITS[:9]


@pytest.mark.parametrize("name", EDITS)
def test_each_edit_works_and_refreshes_the_page(csr_client, editable_order, name):
    pk, data, happened = edits(editable_order)[name]
    response = edit(csr_client, editable_order, name, pk, **data)
    assert response.status_code == 200
    assert happened(editable_order)
    body = response.content.decode()
    assert 'id="order-header" class="order-header" hx-swap-oob="true"' in body
    assert Note.objects.history().filter(order_group=editable_order).exists()


@pytest.mark.parametrize("name", ["quantity", "add-line", "coupon", "hold"])
def test_without_javascript_an_edit_redirects_back_to_its_tab(csr_client, editable_order, name):
    pk, data, happened = edits(editable_order)[name]
    response = edit(csr_client, editable_order, name, pk, htmx=False, **data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("po:order_detail", args=[editable_order.number]))
    assert happened(editable_order)


@pytest.mark.parametrize("name", CONTENT_EDITS)
def test_content_edits_are_refused_once_the_order_is_not_in_progress(csr_client, editable_order, name):
    pk, data, happened = edits(editable_order)[name]
    OrderGroup.objects.filter(pk=editable_order.pk).update(status=OrderStatus.ON_HOLD)
    before = OrderGroup.objects.get(pk=editable_order.pk)
    response = edit(csr_client, editable_order, name, pk, **data)
    assert "can be changed only while it is In Progress" in response.content.decode()
    after = OrderGroup.objects.get(pk=editable_order.pk)
    assert (after.version, after.total) == (before.version, before.total)


@pytest.mark.parametrize("name", EDITS)
def test_a_stale_version_is_refused_naming_who_changed_the_order(csr_client, editable_order, django_user_model, name):
    pk, data, happened = edits(editable_order)[name]
    colleague = django_user_model.objects.create_user("anna", first_name="Anna", last_name="Berg")
    OrderGroup.objects.filter(pk=editable_order.pk).update(version=99, modified_by=colleague)
    response = edit(csr_client, editable_order, name, pk, version=98, **data)
    body = response.content.decode()
    assert "was changed by Anna Berg" in body and "Reload the order" in body
    assert OrderGroup.objects.get(pk=editable_order.pk).version == 99
    assert not Note.objects.history().filter(order_group=editable_order).exists()


@pytest.mark.parametrize("name, pk_of, data, field, message", [
    ("quantity", "line", {"quantity": "0"}, "quantity", "at least 1"),
    ("quantity", "line", {"quantity": "-1"}, "quantity", "at least 1"),
    ("quantity", "line", {"quantity": str(10**12)}, "quantity", "at most 9999"),
    ("quantity", "line", {"quantity": "abc"}, "quantity", "whole number"),
    ("add-line", "shipment", {"sku": "NOPE-123", "quantity": "1"}, "sku", "There is no SKU"),
    ("add-line", "shipment", {"sku": "", "quantity": "1"}, "sku", "Enter a SKU code"),
    ("discount", None, {"on": "line:LINE", "value_type": "amount", "value": "9999", "reason": "x"}, "value", "more than the line"),
    ("discount", None, {"on": "order", "value_type": "percent", "value": "10", "reason": ""}, "reason", "Say why"),
    ("coupon", None, {"code": "NOT-A-COUPON"}, "code", "not a valid coupon"),
    ("payment", None, {"payment_method": "PHONE", "amount": "0"}, "amount", "more than zero"),
    ("payment", None, {"payment_method": "PHONE", "amount": "-5"}, "amount", "more than zero"),
    ("payment", None, {"payment_method": "PHONE", "amount": "100000"}, "amount", "balance due is"),
    ("address", "shipment", {**ADDRESS, "city": ""}, "city", "Enter the city"),
    ("contact", None, {"name": "Mercy", "email": "not-an-email"}, "email", "is not an email address"),
    ("cancel", None, {"reason": ""}, "reason", "Say why"),
])
def test_bad_input_gets_a_message_next_to_the_field_and_changes_nothing(csr_client, editable_order, name, pk_of, data,
                                                                          field, message):
    shipment, line = shipments_of(editable_order)[0], lines_of(editable_order)[0]
    pk = {"line": line.pk, "shipment": shipment.pk, None: None}[pk_of]
    data = {key: str(value).replace("LINE", str(line.pk)).replace("PHONE", str(PaymentMethod.objects.get(code="phone").pk))
            for key, value in data.items()}
    before = OrderGroup.objects.get(pk=editable_order.pk)
    body = edit(csr_client, editable_order, name, pk, **data).content.decode()
    assert f'id="{name}-{pk or 0}-{field}_error" role="alert">' in body
    assert message in body
    assert OrderGroup.objects.get(pk=editable_order.pk).version == before.version


def test_ids_of_another_orders_lines_are_refused(csr_client, editable_order, market):
    other = make_editable(PurchaseOrderFactory(market=market, lines=1))
    foreign = lines_of(other)[0]
    body = edit(csr_client, editable_order, "quantity", foreign.pk, quantity="3").content.decode()
    assert f"That line item is not on {editable_order.number}" in body
    assert lines_of(other)[0].quantity == foreign.quantity


def test_a_sku_not_sold_in_the_market_is_refused(csr_client, editable_order):
    from demo.factories.catalog import MarketFactory, PriceFactory, SkuFactory
    japan_only = SkuFactory(code="JP-ONLY")
    PriceFactory(sku=japan_only, market=MarketFactory(japan=True))
    body = edit(csr_client, editable_order, "add-line", shipments_of(editable_order)[0].pk, sku="JP-ONLY",
                quantity="1").content.decode()
    assert "JP-ONLY is not sold in United States" in body


def test_without_javascript_bad_input_shows_the_whole_page_with_the_error(csr_client, editable_order):
    line = lines_of(editable_order)[0]
    response = edit(csr_client, editable_order, "quantity", line.pk, htmx=False, quantity="abc")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" in body and "whole number" in body
    assert 'value="abc"' in body  # what was typed stays


def test_a_discount_can_be_removed(csr_client, editable_order):
    discount = DiscountFactory(order_group=editable_order)
    edit(csr_client, editable_order, "remove-discount", discount.pk)
    assert not Discount.objects.filter(pk=discount.pk).exists()


def test_notes_can_be_added_to_any_order(csr_client, market):
    order = PurchaseOrderFactory(market=market, status=OrderStatus.COMPLETED, lines=1)
    url = reverse("po:order_note_add", args=[order.number])
    response = csr_client.post(url, {"title": "Called back", "detail": "Happy now"}, headers=HTMX)
    assert "Called back" in response.content.decode()
    assert "Give the note a title" in csr_client.post(url, {"title": ""}, headers=HTMX).content.decode()


def test_cancel_asks_for_confirmation_first(csr_client, editable_order):
    page = csr_client.get(reverse("po:order_cancel_confirm", args=[editable_order.number])).content.decode()
    assert "cannot be undone" in page and 'name="reason"' in page
    OrderGroup.objects.filter(pk=editable_order.pk).update(status=OrderStatus.COMPLETED)
    assert "cannot be cancelled now" in csr_client.get(reverse("po:order_cancel_confirm", args=[editable_order.number])).content.decode()


def test_cancelling_releases_stock(csr_client, editable_order):
    from orders import operations as ops
    for line in lines_of(editable_order):
        ops.line_item_remove(editable_order, user=None, version=editable_order.version, line_item_id=line.pk)
    ops.line_item_add(editable_order, user=None, version=editable_order.version, sku_code="TEE-RED-M", quantity=2)
    ops.shipment_move(editable_order, user=None, version=editable_order.version,
                      shipment_id=shipments_of(editable_order)[0].pk, move="assign_inventory")
    reserved = sum(Stock.objects.values_list("reserved", flat=True))
    assert reserved > 0
    edit(csr_client, editable_order, "cancel", reason="Customer asked")
    assert sum(Stock.objects.values_list("reserved", flat=True)) == 0


def test_edits_need_a_logged_in_csr_and_post_and_csrf(client, csr_user, django_user_model, editable_order):
    url = reverse("po:order_edit", args=[editable_order.number, "hold"])
    assert client.post(url, {"version": editable_order.version}).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.post(url, {"version": editable_order.version}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(csr_user)
    assert strict.post(url, {"version": editable_order.version}).status_code == 403
    csr = Client()
    csr.force_login(csr_user)
    assert csr.get(url).status_code == 405
    assert OrderGroup.objects.get(pk=editable_order.pk).status == OrderStatus.IN_PROGRESS


def test_an_unknown_edit_is_not_found(csr_client, editable_order):
    assert edit(csr_client, editable_order, "delete-everything").status_code == 404
