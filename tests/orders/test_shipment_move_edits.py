"""The shipment moves on the order page (Form details): each shipment panel offers the moves allowed
now, labelled as the transition table names them, each an edit of its own through HTTP: it works
(the header shows the order's new status), it is refused by status, by a stale version and by bad
input (the message beside the field or the button, nothing written), and tracking numbers link to
the carrier where the shipping method has a tracking URL template."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import ShippingMethod, Stock
from demo.factories.orders import PurchaseOrderFactory
from orders.models import Note, OrderGroup, OrderStatus, Payment, Shipment, ShipmentStatus, TransactionType
from tests.form_checks import assert_refused_beside
from tests.world import first_shipment, make_editable, shipments_of

HTMX = {"HX-Request": "true", "HX-Target": "tab-content"}
LABELS = {
    ShipmentStatus.AWAITING_INVENTORY: ["Assign inventory", "Cancel shipment"],
    ShipmentStatus.INVENTORY_ASSIGNED: ["Release", "Cancel shipment"],
    ShipmentStatus.RELEASED: ["Add to pick list", "Cancel shipment"],
    ShipmentStatus.PACKING: ["Back to Released", "Ship", "Cancel shipment"],
    ShipmentStatus.SHIPPED: [],
    ShipmentStatus.CANCELLED: [],
}
# edit -> (the status it starts from, what it sends, the status it ends in)
MOVES = {
    "assign-inventory": ("awaiting_inventory", {}, "inventory_assigned"),
    "release": ("inventory_assigned", {}, "released"),
    "pack": ("released", {}, "packing"),
    "unpack": ("packing", {}, "released"),
    "ship": ("packing", {"tracking_number": "1z999aa1"}, "shipped"),
    "cancel-shipment": ("released", {"reason": "Damaged in the warehouse"}, "cancelled"),
}


def forms_tab(order):
    return reverse("po:order_tab", args=[order.number, "forms"])


def post(client, order, edit_name, shipment, htmx=True, **data):
    data.setdefault("version", OrderGroup.objects.get(pk=order.pk).version)
    return client.post(reverse("po:order_edit_item", args=[order.number, edit_name, shipment.pk]), data,
                       headers=HTMX if htmx else {})


def at(order, status):
    """The order's first shipment put in `status`, its stock reserved as that status holds it."""
    shipment = first_shipment(order)
    Shipment.objects.filter(pk=shipment.pk).update(status=status,
                                                   tracking_number="1Z999AA1" if status == "shipped" else "")
    if status in ("inventory_assigned", "released", "packing"):
        for line in shipment.line_items.all():
            Stock.objects.filter(sku=line.sku_id).update(reserved=line.quantity)
    return first_shipment(order)


def buttons(body: str) -> list[str]:
    """The labels of the shipment moves' buttons, in order."""
    return re.findall(r'<button type="submit" class="button move-button[^"]*">([^<]+)</button>'
                      r'|<summary[^>]*>(Cancel shipment)…</summary>', body)


def written(order) -> tuple:
    fresh = OrderGroup.objects.get(pk=order.pk)
    return (fresh.version, fresh.status, [(s.status, s.tracking_number) for s in shipments_of(order)],
            sorted(Stock.objects.values_list("sku__code", "in_stock", "reserved")),
            Payment.objects.filter(order_form__order_group=order).count(), Note.objects.filter(order_group=order).count())


@pytest.mark.parametrize("status", list(LABELS))
def test_each_shipment_offers_the_moves_allowed_now_by_their_labels(csr_client, make_order, status):
    order = make_order()
    at(order, status)
    body = csr_client.get(forms_tab(order)).content.decode()
    assert ["".join(found) for found in buttons(body)] == LABELS[status]
    if status == ShipmentStatus.PACKING:
        # Cancel shipment is folded with its Reason: "Ship" is the panel's only button of that name.
        assert 'name="tracking_number"' in body and 'name="reason"' not in body
        assert re.findall(r">([^<]*Ship[^<]*)</button>", body, re.IGNORECASE) == ["Ship"]


def test_carts_subscriptions_and_held_orders_offer_no_moves(csr_client, make_order):
    cart, plan, held = make_order(kind="cart"), make_order(kind="plan"), make_order(status=OrderStatus.ON_HOLD)
    for url in (reverse("cart:order_tab", args=[cart.number, "forms"]),
                reverse("subscription:order_tab", args=[plan.number, "forms"]), forms_tab(held)):
        body = csr_client.get(url).content.decode()
        assert "Form details" in body and buttons(body) == []


@pytest.mark.parametrize("edit_name", list(MOVES))
def test_each_move_works_and_the_header_shows_the_new_status(csr_client, make_order, edit_name):
    start, data, end = MOVES[edit_name]
    order = make_order()
    shipment = at(order, start)
    response = post(csr_client, order, edit_name, shipment, **data)
    assert response.status_code == 200
    assert first_shipment(order).status == end
    body = response.content.decode()
    header = body[body.index('id="order-header"'):]
    header = header[:header.index("</h1>")]
    expected = {"ship": "Completed", "cancel-shipment": "Cancelled"}.get(edit_name, "In Progress")
    assert f">{expected}</span>" in header
    assert Note.objects.history().filter(order_group=order).exists()


def test_without_javascript_a_move_redirects_back_to_form_details(csr_client, make_order):
    order = make_order()
    response = post(csr_client, order, "assign-inventory", first_shipment(order), htmx=False)
    assert response.status_code == 302 and response["Location"] == forms_tab(order)
    assert first_shipment(order).status == "inventory_assigned"


@pytest.mark.parametrize("edit_name", list(MOVES))
def test_a_stale_version_is_refused_naming_who_changed_the_order(csr_client, make_order, django_user_model, edit_name):
    start, data, _ = MOVES[edit_name]
    order = make_order()
    shipment = at(order, start)
    colleague = django_user_model.objects.create_user("anna", first_name="Anna", last_name="Berg")
    OrderGroup.objects.filter(pk=order.pk).update(version=99, modified_by=colleague)
    before = written(order)
    body = post(csr_client, order, edit_name, shipment, version=98, **data).content.decode()
    assert "was changed by Anna Berg" in body and "Reload the order" in body
    assert written(order) == before


@pytest.mark.parametrize("edit_name", list(MOVES))
@pytest.mark.parametrize("bad", ["x", "", "1\x00", "²"])
def test_a_bad_version_is_a_message_not_a_500(csr_client, make_order, edit_name, bad):
    start, data, _ = MOVES[edit_name]
    order = make_order()
    shipment = at(order, start)
    before = written(order)
    response = post(csr_client, order, edit_name, shipment, version=bad, **data)
    assert response.status_code == 200
    assert "The page is out of date" in response.content.decode()
    assert written(order) == before


@pytest.mark.parametrize("typed, message", [
    ("", "needs a tracking number"),
    ("  ", "needs a tracking number"),
    ("1Z9", "6 to 40"),
    ("1Z999<script>", "only letters, digits, hyphens and spaces"),
    ("1Z999\x00AA", "Null characters are not allowed."),
    ("1" * 61, "at most 60 characters"),
    ("1" * 41, "6 to 40"),
])
def test_a_bad_tracking_number_is_refused_beside_the_field_and_ships_nothing(csr_client, make_order, typed, message):
    order = make_order()
    shipment = at(order, "packing")
    before = written(order)
    response = post(csr_client, order, "ship", shipment, tracking_number=typed)
    assert response.status_code == 200
    body = response.content.decode()
    field_id = f"ship-{shipment.pk}-tracking_number"
    assert_refused_beside(body, f"ship-{shipment.pk}", "tracking_number", message, marked=False)
    # The field points at its rule (the help text) and at the error.
    assert f'aria-invalid="true" aria-describedby="{field_id}_helptext {field_id}_error"' in body
    assert written(order) == before


def test_a_cancel_without_a_reason_is_refused_beside_the_field(csr_client, make_order):
    order = make_order()
    shipment = first_shipment(order)
    before = written(order)
    body = post(csr_client, order, "cancel-shipment", shipment, reason="").content.decode()
    assert_refused_beside(body, f"cancel-shipment-{shipment.pk}", "reason", "Say why the shipment is cancelled.")
    assert written(order) == before


def test_a_shortfall_is_shown_beside_assign_inventory_naming_the_sku_and_how_many(csr_client, make_order):
    order = make_order(lines=(("MUG-BLUE", 6),))
    shipment = first_shipment(order)
    before = written(order)
    body = post(csr_client, order, "assign-inventory", shipment).content.decode()
    error = body[body.index(f'id="assign-inventory-{shipment.pk}-move_error"'):]
    assert "Only 5 of MUG-BLUE available at Main warehouse, 6 wanted" in error[:error.index("</p>")]
    assert written(order) == before


def test_a_declined_capture_is_shown_beside_ship_and_nothing_ships(csr_client, make_order, shop, csr_user):
    from orders import operations as ops
    order = make_order()
    ops.payment_add(order, user=csr_user, version=order.version, payment_method_id=shop["card"].pk,
                    amount=order.balance_due, card_number="4000 0000 0000 0341")
    shipment = at(order, "packing")
    before = written(order)
    body = post(csr_client, order, "ship", shipment, tracking_number="1Z999AA1").content.decode()
    error = body[body.index(f'id="ship-{shipment.pk}-move_error"'):]
    assert "Capture failed" in error[:error.index("</p>")]
    assert written(order) == before


def test_a_move_not_allowed_now_is_refused_with_the_rule(csr_client, make_order):
    order = make_order()
    shipment = first_shipment(order)
    before = written(order)
    body = post(csr_client, order, "ship", shipment, tracking_number="1Z999AA1").content.decode()
    assert "is Awaiting Inventory and cannot be shipped now" in body
    assert written(order) == before


def test_a_shipment_of_another_order_is_refused(csr_client, make_order):
    order, other = make_order(), make_order()
    before = written(other)
    body = post(csr_client, order, "assign-inventory", first_shipment(other)).content.decode()
    assert f"That shipment is not on {order.number}" in body
    assert written(other) == before


def test_moves_need_a_logged_in_csr_and_csrf(client, csr_user, django_user_model, make_order):
    order = make_order()
    url = reverse("po:order_edit_item", args=[order.number, "assign-inventory", first_shipment(order).pk])
    data = {"version": order.version}
    assert client.post(url, data).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.post(url, data).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(csr_user)
    assert strict.post(url, data).status_code == 403
    assert first_shipment(order).status == "awaiting_inventory"


def test_a_tracking_number_links_to_the_carrier_where_the_method_has_a_template(csr_client, make_order, shop):
    linked, plain = make_order(status=OrderStatus.COMPLETED), make_order(status=OrderStatus.COMPLETED)
    Shipment.objects.filter(order_form__order_group=linked).update(shipping_method=shop["express"],
                                                                   tracking_number="1Z 999/AA1")
    body = csr_client.get(forms_tab(linked)).content.decode()
    assert '<a href="https://www.ups.com/track?tracknum=1Z%20999%2FAA1" rel="noopener">1Z 999/AA1</a>' in body
    body = csr_client.get(forms_tab(plain)).content.decode()  # by Ground: no template
    assert '<dd class="mono">1Z999</dd>' in body


def test_the_shipping_method_builds_the_tracking_url_quoting_the_number(shop):
    method = ShippingMethod(tracking_url_template="https://carrier.example/track?id={tracking_number}&lang=en")
    assert method.tracking_url("AB 12&x=1") == "https://carrier.example/track?id=AB%2012%26x%3D1&lang=en"
    assert ShippingMethod(tracking_url_template="").tracking_url("AB12") == ""


@pytest.mark.parametrize("statuses", [["packing"], ["packing", "shipped", "released", "awaiting_inventory", "shipped"]])
def test_form_details_run_the_same_queries_for_1_or_5_shipments_in_any_status(
        csr_client, market, statuses, django_assert_max_num_queries):
    small = make_editable(PurchaseOrderFactory(market=market, lines=1))
    with django_assert_max_num_queries(25) as one:
        csr_client.get(forms_tab(small))
    large = make_editable(PurchaseOrderFactory(market=market, lines=10, lines__shipments=5))
    for shipment, status in zip(shipments_of(large), statuses * 5, strict=False):
        Shipment.objects.filter(pk=shipment.pk).update(status=status, tracking_number="1Z999AA1" if status == "shipped" else "")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = csr_client.get(forms_tab(large))
    assert response.status_code == 200


def test_a_shipped_shipment_records_its_capture_on_the_page(csr_client, make_order, shop, csr_user):
    from orders import operations as ops
    order = make_order()
    ops.payment_add(order, user=csr_user, version=order.version, payment_method_id=shop["card"].pk,
                    amount=order.balance_due, card_number="4242424242424242")
    shipment = at(order, "packing")
    body = post(csr_client, order, "ship", shipment, tracking_number="1z999aa1").content.decode()
    assert Payment.objects.filter(order_form__order_group=order, transaction_type=TransactionType.CAPTURE).exists()
    assert "1Z999AA1" in body and "Capture" in body and "Shipped." in body
