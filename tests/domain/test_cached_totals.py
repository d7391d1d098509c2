"""Every cached amount (the order's totals, each line's discounts, each shipment's shipping
discount, each discount's applied amount) is what a fresh calculate() gives, however the order
was made: through the operations, the carts' own paths, the subscription job or the factories."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from carts.operations import PHONE_ORDER, cart_open, cart_place_order
from demo.factories.orders import CartFactory, DiscountFactory, PurchaseOrderFactory, SubscriptionFactory
from orders import operations as ops
from orders.models import LineItem, OrderGroup, Shipment
from subscriptions.operations import cart_convert_to_subscription, subscriptions_place_due_orders


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr")


def differences(*orders) -> list[str]:
    stored = OrderGroup.objects.filter(pk__in=[order.pk for order in orders]).select_related("market")
    return [problem for order in stored for problem in ops.stale_amounts(order)]


def test_a_new_cart_caches_what_the_calculator_gives_its_empty_shipment(shop, csr, customer):
    cart, _ = cart_open(user=csr, market=shop["market"], customer=customer)
    phone, _ = cart_open(user=csr, market=shop["market"], customer=customer, name=PHONE_ORDER)
    anonymous, _ = cart_open(user=csr, market=shop["market"], contact={"name": "Walk In"})
    assert OrderGroup.objects.get(pk=cart.pk).shipment_summary == "1 Awaiting Inventory"
    assert differences(cart, phone, anonymous) == []


def _through_the_operations(shop, csr, customer):
    """A cart filled, split, discounted, paid in part and placed; its order changed, then cancelled."""
    cart, _ = cart_open(user=csr, market=shop["market"], customer=customer)
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="MUG-BLUE", quantity=3)
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="MUG-RED", quantity=2)
    first = Shipment.objects.get(order_form__order_group=cart)
    ops.shipment_set_shipping_method(cart, user=csr, version=cart.version, shipment_id=first.pk,
                                     shipping_method_id=shop["standard"].pk)
    red = LineItem.objects.get(shipment=first, sku_code="MUG-RED")
    ops.line_item_move(cart, user=csr, version=cart.version, line_item_id=red.pk, quantity=1,
                       shipping_method_id=shop["standard"].pk,
                       address={"line1": "2 Side St", "city": "Springfield", "postal_code": "12345", "country_code": "US"})
    ops.discount_add(cart, user=csr, version=cart.version, scope="order", value_type="amount", value=Decimal("3.33"),
                     reason="Goodwill")
    ops.discount_add(cart, user=csr, version=cart.version, scope="shipping", value_type="percent", value=Decimal("50"),
                     reason="Late")
    ops.discount_add(cart, user=csr, version=cart.version, scope="line", value_type="percent", value=Decimal("15"),
                     reason="Scuffed", line_item_id=red.pk)
    ops.payment_add(cart, user=csr, version=cart.version, payment_method_id=shop["phone"].pk, amount=Decimal("10"))
    cart_place_order(cart, user=csr, version=cart.version, allow_balance_due=True)
    order = OrderGroup.objects.get(pk=cart.pk)
    ops.line_item_set_quantity(order, user=csr, version=order.version, line_item_id=red.pk, quantity=2)
    ops.order_cancel(order, user=csr, version=order.version, reason="Changed their mind")
    return order


def _through_a_subscription(shop, csr, customer):
    cart, _ = cart_open(user=csr, market=shop["market"], customer=customer, name="Monthly mugs")
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="MUG-BLUE", quantity=1)
    ops.shipment_set_shipping_method(cart, user=csr, version=cart.version,
                                     shipment_id=Shipment.objects.get(order_form__order_group=cart).pk,
                                     shipping_method_id=shop["standard"].pk)
    cart_convert_to_subscription(cart, user=csr, version=cart.version, cycle_mode="months", cycle_length=1,
                                 start_date=datetime.date(2026, 1, 1))
    [outcome] = subscriptions_place_due_orders(today=datetime.date(2026, 1, 2))
    return [cart, OrderGroup.objects.get(number=outcome.order)]


def test_every_way_of_making_an_order_caches_the_calculators_totals(shop, csr, customer):
    made = [
        _through_the_operations(shop, csr, customer),
        *_through_a_subscription(shop, csr, customer),
        cart_open(user=csr, market=shop["market"], customer=customer)[0],  # a new, empty cart
        PurchaseOrderFactory(lines=3, lines__shipments=2),
        PurchaseOrderFactory(status="completed", payments=2),
        PurchaseOrderFactory(status="cancelled", payments=1),
        PurchaseOrderFactory(b2b=True),
        DiscountFactory(value=Decimal("15")).order_group,
        CartFactory(wishlist=True),
        SubscriptionFactory(),
    ]
    assert differences(*made) == []


def test_an_amount_that_is_not_the_calculators_is_named_and_left_as_it_is(shop):
    order = PurchaseOrderFactory(lines=2)
    line = LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id").first()
    OrderGroup.objects.filter(pk=order.pk).update(total=order.total + 1)
    LineItem.objects.filter(pk=line.pk).update(order_discount_share=Decimal("0.50"))

    assert differences(order) == [
        f"{order.number}: total is {order.total + 1!r}, the calculator gives {order.total!r}",
        (f"{order.number}: LineItem {line.pk} order_discount_share is Decimal('0.50'), the calculator gives "
         f"{line.order_discount_share!r}"),
    ]
    assert OrderGroup.objects.get(pk=order.pk).total == order.total + 1  # checking writes nothing
