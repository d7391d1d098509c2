"""Every (purchase order status, operation) pair: allowed or refused, and a refusal writes nothing."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from orders import operations as ops
from orders.models import Discount, LineItem, Note, OrderGroup, OrderStatus, Payment
from tests.world import first_line, first_shipment

S = OrderStatus
ADDRESS = {"line1": "2 Elm St", "city": "Shelbyville", "postal_code": "54321", "country_code": "US"}


def _with_discount(order, shop, user):
    Discount.objects.create(order_group=order, scope="order", value_type="amount", value="1.00", reason="Goodwill")
    return Discount.objects.filter(order_group=order).first().pk


OPERATIONS = {
    "hold": lambda order, shop, user: ops.order_hold(order, user=user, version=order.version),
    "release hold": lambda order, shop, user: ops.order_release_hold(order, user=user, version=order.version),
    "cancel": lambda order, shop, user: ops.order_cancel(order, user=user, version=order.version, reason="Customer asked"),
    "add a line": lambda order, shop, user: ops.line_item_add(order, user=user, version=order.version, sku_code="TEE-L", quantity=1),
    "change a quantity": lambda order, shop, user: ops.line_item_set_quantity(
        order, user=user, version=order.version, line_item_id=first_line(order).pk, quantity=3),
    "remove a line": lambda order, shop, user: ops.line_item_remove(
        order, user=user, version=order.version, line_item_id=first_line(order).pk),
    "split a shipment": lambda order, shop, user: ops.line_item_move(
        order, user=user, version=order.version, line_item_id=first_line(order).pk, quantity=1, address=ADDRESS),
    "change an address": lambda order, shop, user: ops.shipment_set_address(
        order, user=user, version=order.version, shipment_id=first_shipment(order).pk, address=ADDRESS),
    "change the shipping method": lambda order, shop, user: ops.shipment_set_shipping_method(
        order, user=user, version=order.version, shipment_id=first_shipment(order).pk, shipping_method_id=shop["express"].pk),
    "add a manual discount": lambda order, shop, user: ops.discount_add(
        order, user=user, version=order.version, scope="order", value_type="percent", value=Decimal("5"), reason="Late"),
    "apply a coupon": lambda order, shop, user: ops.coupon_apply(order, user=user, version=order.version, code="save10"),
    "remove a discount": lambda order, shop, user: ops.discount_remove(
        order, user=user, version=order.version, discount_id=_with_discount(order, shop, user)),
    "add a payment": lambda order, shop, user: ops.payment_add(
        order, user=user, version=order.version, payment_method_id=shop["phone"].pk, amount=Decimal("1.00")),
    "assign inventory": lambda order, shop, user: ops.shipment_move(
        order, user=user, version=order.version, shipment_id=first_shipment(order).pk, move="assign_inventory"),
}
CONTENT_EDITS = {
    "add a line", "change a quantity", "remove a line", "split a shipment", "change an address",
    "change the shipping method", "add a manual discount", "apply a coupon", "remove a discount", "add a payment",
}
ALLOWED = {
    "hold": {S.IN_PROGRESS},
    "release hold": {S.ON_HOLD},
    "cancel": {S.IN_PROGRESS, S.ON_HOLD},
    # Shipment moves continue fulfilment; this one also needs an unreleased shipment.
    "assign inventory": {S.IN_PROGRESS},
    **{name: {S.IN_PROGRESS} for name in CONTENT_EDITS},
}


def _snapshot(order):
    order = OrderGroup.objects.get(pk=order.pk)
    return (order.version, order.status, order.total, Note.objects.filter(order_group=order).count(),
            sorted(LineItem.objects.filter(shipment__order_form__order_group=order).values_list("quantity", flat=True)),
            Payment.objects.filter(order_form__order_group=order).count())


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_each_operation_in_each_status(operation, status, shop, make_order):
    user = User.objects.create(username="csr")
    order = make_order(status, lines=(("TEE-M", 2), ("TEE-L", 1)))
    if operation == "remove a discount":
        discount_id = _with_discount(order, shop, user)
        run = lambda: ops.discount_remove(order, user=user, version=order.version, discount_id=discount_id)  # noqa: E731
    else:
        run = lambda: OPERATIONS[operation](order, shop, user)  # noqa: E731
    before = _snapshot(order)

    if status in ALLOWED[operation]:
        run()
        after = OrderGroup.objects.get(pk=order.pk)
        assert after.version == before[0] + 1
        assert after.modified_by == user
        assert Note.objects.history().filter(order_group=order, author=user).exists()
    else:
        with pytest.raises(ops.OrderError) as refused:
            run()
        assert order.number in refused.value.message
        assert _snapshot(order) == before


def test_the_ui_is_offered_exactly_the_allowed_actions(make_order):
    for status in S:
        order = make_order(status)
        offered = ops.allowed_actions(order)
        assert (ops.Action.EDIT in offered) == (status == S.IN_PROGRESS)
        assert (ops.Action.HOLD in offered) == (status == S.IN_PROGRESS)
        assert (ops.Action.RELEASE_HOLD in offered) == (status == S.ON_HOLD)
        assert ops.Action.NOTE in offered


@pytest.mark.parametrize("kind", ["cart", "plan"])
def test_carts_and_subscriptions_are_always_editable_but_cannot_be_held(kind, make_order):
    user = User.objects.create(username="csr")
    order = make_order(lines=(("TEE-M", 1),), kind=kind)
    ops.line_item_add(order, user=user, version=order.version, sku_code="TEE-L", quantity=2)
    assert order.item_count == 3
    with pytest.raises(ops.OrderError, match="Only purchase orders"):
        ops.order_hold(order, user=user, version=order.version)
