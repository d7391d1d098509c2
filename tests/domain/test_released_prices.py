"""A discount, coupon or quantity change that would change the price of a line, or the shipping, of
a shipment already released, packed or shipped is refused (docs/domain.md §3), and nothing is written."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from orders import operations as ops
from orders.models import Discount, LineItem, OrderGroup, Shipment

REFUSED = "Shipment 1 is {status}: this would change {what}, and a shipment's contents change only before it is released."


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr")


@pytest.fixture
def released_and_open(make_order, shop, csr):
    """Shipment 1 (TEE-M x 2) moved on to `status`; Shipment 2 (TEE-L x 1) still open, both by Ground."""
    def make(status="released"):
        order = make_order(lines=(("TEE-M", 2), ("TEE-L", 1)))
        tee_l = LineItem.objects.get(shipment__order_form__order_group=order, sku_code="TEE-L")
        ops.line_item_move(order, user=csr, version=order.version, line_item_id=tee_l.pk, quantity=1,
                           shipping_method_id=shop["ground"].pk)
        first = Shipment.objects.filter(order_form__order_group=order).order_by("id").first()
        moves = {"released": ["assign_inventory", "release"], "packing": ["assign_inventory", "release", "pack"]}
        for move in moves[status]:
            ops.shipment_move(order, user=csr, version=order.version, shipment_id=first.pk, move=move)
        return order, first, tee_l
    return make


def refused(action, expected):
    with pytest.raises(ops.OrderError) as error:
        action()
    assert error.value.message == expected


# (Once a shipment has shipped the order is Partially Shipped, and no content may change at all.)
@pytest.mark.parametrize("status, label", [("released", "Released"), ("packing", "Packing")])
def test_an_order_discount_that_would_spread_onto_a_released_shipment_is_refused(released_and_open, csr, status, label):
    order, _, _ = released_and_open(status)
    before = OrderGroup.objects.get(pk=order.pk)
    refused(lambda: ops.discount_add(order, user=csr, version=before.version, scope="order", value_type="percent",
                                     value=Decimal("10"), reason="Goodwill"),
            REFUSED.format(status=label, what="the price of TEE-M in it"))
    assert not Discount.objects.filter(order_group=order).exists()
    assert OrderGroup.objects.get(pk=order.pk).total == before.total


def test_a_coupon_for_the_order_is_refused_too(released_and_open, csr):
    order, _, _ = released_and_open()
    refused(lambda: ops.coupon_apply(order, user=csr, version=order.version, code="SAVE10"),
            REFUSED.format(status="Released", what="the price of TEE-M in it"))


def test_a_line_discount_on_a_released_line_is_refused_and_on_an_open_one_allowed(released_and_open, csr):
    order, first, tee_l = released_and_open()
    refused(lambda: ops.discount_add(order, user=csr, version=order.version, scope="line", value_type="amount",
                                     value=Decimal("1"), reason="Scuffed", line_item_id=first.line_items.get().pk),
            REFUSED.format(status="Released", what="the price of TEE-M in it"))
    ops.discount_add(order, user=csr, version=order.version, scope="line", value_type="amount", value=Decimal("2"),
                     reason="Scuffed", line_item_id=tee_l.pk)
    assert LineItem.objects.get(pk=tee_l.pk).line_discount == Decimal("2.00")


def test_a_shipping_discount_on_a_released_shipment_or_on_every_shipment_is_refused(released_and_open, csr):
    order, first, _ = released_and_open()
    refused(lambda: ops.discount_add(order, user=csr, version=order.version, scope="shipping", value_type="percent",
                                     value=Decimal("100"), reason="Late", shipment_id=first.pk),
            REFUSED.format(status="Released", what="its shipping"))
    refused(lambda: ops.discount_add(order, user=csr, version=order.version, scope="shipping", value_type="percent",
                                     value=Decimal("100"), reason="Late"),
            REFUSED.format(status="Released", what="its shipping"))


def test_a_quantity_change_elsewhere_that_shifts_an_order_discount_onto_a_released_line_is_refused(
        make_order, shop, csr):
    order = make_order(lines=(("TEE-M", 2), ("TEE-L", 1)))
    tee_l = LineItem.objects.get(shipment__order_form__order_group=order, sku_code="TEE-L")
    ops.line_item_move(order, user=csr, version=order.version, line_item_id=tee_l.pk, quantity=1,
                       shipping_method_id=shop["ground"].pk)
    ops.discount_add(order, user=csr, version=order.version, scope="order", value_type="amount", value=Decimal("10"),
                     reason="Goodwill")
    first = Shipment.objects.filter(order_form__order_group=order).order_by("id").first()
    for move in ("assign_inventory", "release"):
        ops.shipment_move(order, user=csr, version=order.version, shipment_id=first.pk, move=move)
    refused(lambda: ops.line_item_set_quantity(order, user=csr, version=order.version, line_item_id=tee_l.pk,
                                               quantity=3),
            REFUSED.format(status="Released", what="the price of TEE-M in it"))
    assert LineItem.objects.get(pk=tee_l.pk).quantity == 1

