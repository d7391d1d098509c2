"""The factories build orders that are consistent the way the domain keeps them."""
from decimal import Decimal

import factory.random
import pytest

from carts.models import Cart
from catalog.models import Price
from demo.factories.catalog import MarketFactory, PriceFactory
from demo.factories.customers import CustomerFactory, OrganizationFactory
from demo.factories.orders import (
    CartFactory,
    DiscountFactory,
    LineItemFactory,
    NoteFactory,
    PaymentFactory,
    PurchaseOrderFactory,
    SubscriptionFactory,
)
from demo.seed import mismatches
from orders import numbers
from orders.models import (
    DiscountScope,
    NoteKind,
    OrderGroup,
    OrderStatus,
    PaymentStatus,
    ShipmentStatus,
    TransactionType,
)
from subscriptions.models import CycleMode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def repeatable():
    factory.random.reseed_random(20240601)


def shipments_of(order):
    return [shipment for form in order.forms.all() for shipment in form.shipments.all()]


def test_a_purchase_order_has_a_form_a_shipment_to_an_address_and_priced_lines():
    order = PurchaseOrderFactory(lines=3)

    assert order.status == OrderStatus.IN_PROGRESS
    assert order.number.startswith("PO")
    [form] = order.forms.all()
    [shipment] = form.shipments.all()
    assert shipment.address.order_group == order
    assert form.billing_address.name == "Billing"
    lines = list(shipment.line_items.all())
    assert len(lines) == 3
    for line in lines:
        price = Price.objects.get(sku=line.sku, market=order.market, currency=order.currency)
        assert line.list_price == line.placed_price == price.amount
        assert line.sku_code == line.sku.code
    assert order.item_count == sum(line.quantity for line in lines)
    assert order.total > 0


def test_denormalized_customer_fields_match_the_customer():
    order = PurchaseOrderFactory()

    assert order.customer_name == order.customer.full_name
    assert order.customer_email == order.customer.email
    assert order.customer_phone == order.customer.phone
    address = order.customer.addresses.get(is_preferred_shipping=True)
    assert shipments_of(order)[0].address.line1 == address.line1


def test_an_anonymous_order_keeps_the_name_and_email_on_the_group():
    order = PurchaseOrderFactory(anonymous=True)

    assert order.customer is None
    assert order.customer_name and "@" in order.customer_email


def test_a_b2b_order_has_one_form_per_section_of_the_buying_organization():
    order = PurchaseOrderFactory(b2b=True, lines=4)

    sections = set(order.organization.sections.all())
    assert len(sections) >= 2
    assert order.organization_name == order.organization.name
    assert order.customer.organization in sections
    assert {form.organization for form in order.forms.all()} == sections


@pytest.mark.parametrize("status, expected", [
    (OrderStatus.IN_PROGRESS, {ShipmentStatus.AWAITING_INVENTORY, ShipmentStatus.INVENTORY_ASSIGNED,
                               ShipmentStatus.RELEASED, ShipmentStatus.PACKING}),
    (OrderStatus.ON_HOLD, {ShipmentStatus.ON_HOLD}),
    (OrderStatus.COMPLETED, {ShipmentStatus.SHIPPED, ShipmentStatus.CANCELLED}),
    (OrderStatus.CANCELLED, {ShipmentStatus.CANCELLED}),
    (OrderStatus.AWAITING_EXCHANGE, {ShipmentStatus.AWAITING_INVENTORY}),
])
def test_shipment_statuses_follow_the_order_status(status, expected):
    order = PurchaseOrderFactory(status=status, lines=4, lines__shipments=2)

    shipments = shipments_of(order)
    assert {shipment.status for shipment in shipments} <= expected
    for shipment in shipments:
        assert bool(shipment.tracking_number) == (shipment.status == ShipmentStatus.SHIPPED)
        assert bool(shipment.previous_status) == (shipment.status == ShipmentStatus.ON_HOLD)
    if status == OrderStatus.COMPLETED:
        assert ShipmentStatus.SHIPPED in {shipment.status for shipment in shipments}
    assert bool(order.cancel_reason) == (status == OrderStatus.CANCELLED)


def test_a_partially_shipped_order_has_shipped_and_active_shipments():
    order = PurchaseOrderFactory(status=OrderStatus.PARTIALLY_SHIPPED)

    statuses = [shipment.status for shipment in shipments_of(order)]
    assert ShipmentStatus.SHIPPED in statuses
    assert set(statuses) - {ShipmentStatus.SHIPPED, ShipmentStatus.CANCELLED}


def test_split_shipments_go_to_different_addresses():
    order = PurchaseOrderFactory(lines=4, lines__shipments=2)

    addresses = {shipment.address_id for shipment in shipments_of(order)}
    assert len(addresses) == 2


def test_split_payments_cover_the_total():
    order = PurchaseOrderFactory(status=OrderStatus.COMPLETED, payments=2)

    payments = [payment for form in order.forms.all() for payment in form.payments.all()]
    assert len(payments) == 2
    assert sum(payment.amount for payment in payments) == order.total
    assert order.paid_total == order.total and order.balance_due == 0


def test_cancelling_voids_the_authorizations():
    order = PurchaseOrderFactory(status=OrderStatus.CANCELLED, payments=1)

    kinds = sorted(payment.transaction_type for form in order.forms.all() for payment in form.payments.all())
    assert kinds == [TransactionType.AUTHORIZATION, TransactionType.VOID]
    assert order.paid_total == 0


def test_prices_follow_the_market_currency_yen_without_decimals():
    japan = MarketFactory(japan=True)
    order = PurchaseOrderFactory(market=japan, lines=3)

    assert order.currency == "JPY"
    for shipment in shipments_of(order):
        assert shipment.shipping_cost == shipment.shipping_cost.to_integral_value()
        for line in shipment.line_items.all():
            assert line.placed_price == line.placed_price.to_integral_value()
    assert order.tax_total == order.tax_total.to_integral_value()


def test_a_market_whose_prices_include_tax_does_not_add_it_again():
    sweden = MarketFactory(sweden=True)
    order = PurchaseOrderFactory(market=sweden, lines=2)

    assert sweden.prices_include_tax and sweden.tax_rate == Decimal("0.25")
    assert order.total == order.subtotal + order.shipping_total
    assert order.tax_total == (order.total * Decimal("0.2")).quantize(Decimal("0.01"))


def test_the_demo_markets_are_shared_not_duplicated():
    assert MarketFactory(sweden=True) == MarketFactory(sweden=True)
    price = PriceFactory()
    assert PriceFactory(sku=price.sku, market=price.market) == price


def test_numbers_come_from_the_number_sequence():
    order = PurchaseOrderFactory()
    following = numbers.next_number(numbers.PURCHASE_ORDER)

    assert int(following[2:]) == int(order.number[2:]) + 1


def test_totals_stay_those_of_the_calculator_as_parts_are_added():
    order = PurchaseOrderFactory(lines=3, lines__shipments=2)
    line = shipments_of(order)[0].line_items.first()
    LineItemFactory(shipment=line.shipment)
    DiscountFactory(order_group=order, value=Decimal(15))
    DiscountFactory(line_item=line, value=Decimal(20))
    DiscountFactory(shipment=line.shipment, scope=DiscountScope.SHIPPING, value=Decimal(50))
    DiscountFactory(order_group=order, from_coupon=True)
    PaymentFactory(order_form=order.forms.first(), amount=Decimal("5.00"))
    PaymentFactory(order_form=order.forms.first(), amount=Decimal("7.00"), status=PaymentStatus.FAILED)

    assert list(mismatches(OrderGroup.objects.filter(pk=order.pk))) == []
    order.refresh_from_db()
    assert order.discount_total > 0
    assert order.paid_total == Decimal("5.00")


def test_every_factory_order_matches_the_calculator():
    PurchaseOrderFactory(b2b=True, status=OrderStatus.COMPLETED, payments=2)
    PurchaseOrderFactory(market=MarketFactory(sweden=True), lines=5, lines__shipments=3)
    PurchaseOrderFactory(market=MarketFactory(japan=True), status=OrderStatus.PARTIALLY_SHIPPED, payments=1)
    CartFactory(anonymous=True)
    SubscriptionFactory()

    assert list(mismatches()) == []


def test_carts_wish_lists_and_subscriptions():
    cart = CartFactory(anonymous=True)
    wishlist = CartFactory(wishlist=True)
    subscription = SubscriptionFactory(schedule__cycle_mode=CycleMode.WEEKS, schedule__cycle_length=2)

    assert isinstance(cart, Cart) and cart.status == "" and cart.customer is None and cart.number.startswith("C")
    assert wishlist.name == "Wishlist" and wishlist.customer is not None
    assert subscription.number.startswith("PP") and subscription.status == ""
    assert subscription.schedule.cycle_mode == CycleMode.WEEKS and str(subscription.schedule) == "Every 2 weeks"


def test_notes_custom_and_system():
    note = NoteFactory()
    history = NoteFactory(system=True, order_group=note.order_group)

    assert note.kind == NoteKind.CUSTOM and note.title
    assert history.kind == NoteKind.SYSTEM and history.action == "created"


def test_customers_and_organizations():
    customer = CustomerFactory(addresses=3)
    organization = OrganizationFactory(sections=3)

    assert customer.addresses.count() == 3
    assert customer.addresses.filter(is_preferred_billing=True).count() == 1
    assert customer.addresses.filter(is_preferred_shipping=True).count() == 1
    assert organization.sections.count() == 3


def test_the_same_seed_gives_the_same_data():
    factory.random.reseed_random(7)
    first = CustomerFactory.build()
    factory.random.reseed_random(7)
    again = CustomerFactory.build()

    assert (first.first_name, first.last_name, first.phone) == (again.first_name, again.last_name, again.phone)
