"""Opening carts, and placing them as orders: every check, stock, what is carried over, the race."""
import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from carts.operations import PHONE_ORDER, ConversionRefused, cart_open, cart_place_order, conversion_problems
from catalog.models import Stock
from customers.operations import CustomerError, customer_create
from orders import operations as ops
from orders.models import Discount, Kind, LineItem, Note, OrderGroup, Payment, Shipment
from subscriptions.operations import cart_convert_to_subscription


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr", first_name="Casey", last_name="Rivera")


def ready_cart(shop, customer, csr, *, quantity=2, pay=True):
    """A cart with an item, an address (the customer's preferred) and a shipping method."""
    cart, _ = cart_open(user=csr, market=shop["market"], customer=customer)
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="MUG-BLUE", quantity=quantity)
    shipment = Shipment.objects.get(order_form__order_group=cart)
    ops.shipment_set_shipping_method(cart, user=csr, version=cart.version, shipment_id=shipment.pk,
                                     shipping_method_id=shop["standard"].pk)
    if pay:
        ops.payment_add(cart, user=csr, version=cart.version, payment_method_id=shop["phone"].pk, amount=cart.balance_due)
    return cart


def test_a_customer_has_one_open_default_cart_per_market(shop, customer, csr):
    first, created = cart_open(user=csr, market=shop["market"], customer=customer)
    again, created_again = cart_open(user=csr, market=shop["market"], customer=customer)
    assert created and not created_again and again.pk == first.pk
    wishlist, _ = cart_open(user=csr, market=shop["market"], customer=customer, name="Wishlist")
    phone, _ = cart_open(user=csr, market=shop["market"], customer=customer, name=PHONE_ORDER)
    assert len({first.pk, wishlist.pk, phone.pk}) == 3


def test_a_new_cart_ships_to_the_customers_preferred_address(shop, customer, csr):
    cart, _ = cart_open(user=csr, market=shop["market"], customer=customer)
    shipment = Shipment.objects.get(order_form__order_group=cart)
    assert shipment.address.line1 == customer.addresses.get().line1
    assert (cart.customer_name, cart.customer_email, cart.currency) == ("Taylor Hayes", "taylor@example.com", "USD")
    assert Note.objects.history().get(order_group=cart).title == "Default created"


def test_an_anonymous_cart_keeps_the_contact_on_the_cart(shop, csr):
    cart, created = cart_open(user=csr, market=shop["market"], contact={"name": "Walk In", "email": "walk@in.test"})
    assert created and cart.customer is None and cart.customer_name == "Walk In"
    assert Shipment.objects.get(order_form__order_group=cart).address is None


def test_the_database_holds_the_one_default_cart_rule_too(shop, customer, csr):
    from django.db import IntegrityError, transaction
    cart_open(user=csr, market=shop["market"], customer=customer)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderGroup.objects.create(kind=Kind.CART, number="C999999", name="Default", market=shop["market"],
                                  currency="USD", customer=customer)


def test_an_empty_cart_cannot_be_placed(shop, customer, csr):
    cart, _ = cart_open(user=csr, market=shop["market"], customer=customer)
    assert conversion_problems(cart, allow_balance_due=True) == ["Add at least one item."]


def test_each_shipment_needs_an_address_and_a_method(shop, csr):
    cart, _ = cart_open(user=csr, market=shop["market"], contact={"name": "Walk In"})
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="MUG-BLUE", quantity=1)
    assert conversion_problems(cart, allow_balance_due=True) == [
        "The shipment needs an address.", "The shipment needs a shipping method."]


def test_a_sku_no_longer_sold_must_be_removed(shop, customer, csr):
    cart = ready_cart(shop, customer, csr)
    shop["skus"]["MUG-BLUE"].prices.all().delete()
    assert "MUG-BLUE is not sold in United States in USD: remove it." in conversion_problems(cart, allow_balance_due=True)
    shop["skus"]["MUG-BLUE"].product.active = False
    shop["skus"]["MUG-BLUE"].product.save()
    assert "MUG-BLUE is no longer sold: remove it." in conversion_problems(cart, allow_balance_due=True)


def test_more_than_the_stock_is_refused_unless_the_sku_can_be_backordered(shop, customer, csr):
    cart = ready_cart(shop, customer, csr, quantity=6, pay=False)
    assert "MUG-BLUE: 6 wanted across this order, 5 in stock, and it cannot be backordered." in conversion_problems(
        cart, allow_balance_due=True)
    ops.line_item_set_quantity(cart, user=csr, version=cart.version,
                               line_item_id=LineItem.objects.get(shipment__order_form__order_group=cart).pk, quantity=5)
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="MUG-RED", quantity=3)  # none in stock, backorderable
    assert conversion_problems(cart, allow_balance_due=True) == []


def test_the_balance_due_must_be_paid_or_confirmed(shop, customer, csr):
    cart = ready_cart(shop, customer, csr, pay=False)
    assert any("Payments do not cover the total" in problem for problem in conversion_problems(cart, allow_balance_due=False))
    assert conversion_problems(cart, allow_balance_due=True) == []


def test_placing_a_cart_makes_an_in_progress_order_and_no_cart_is_left(shop, customer, csr):
    cart = ready_cart(shop, customer, csr, quantity=2, pay=False)
    ops.discount_add(cart, user=csr, version=cart.version, scope="order", value_type="amount", value=Decimal("1"), reason="Loyal")
    cart_number, cart_pk = cart.number, cart.pk
    ops.payment_add(cart, user=csr, version=cart.version, payment_method_id=shop["phone"].pk, amount=cart.balance_due)

    cart_place_order(cart, user=csr, version=cart.version)

    order = OrderGroup.objects.get(pk=cart_pk)
    assert (order.kind, order.status, order.source_cart_number) == (Kind.PURCHASE_ORDER, "in_progress", cart_number)
    assert order.number.startswith("PO")
    assert not OrderGroup.objects.filter(kind=Kind.CART, number=cart_number).exists()
    assert LineItem.objects.filter(shipment__order_form__order_group=order).count() == 1
    assert Discount.objects.filter(order_group=order).count() == 1
    assert Payment.objects.filter(order_form__order_group=order).count() == 1
    assert Shipment.objects.get(order_form__order_group=order).status == "inventory_assigned"
    assert Stock.objects.get(sku__code="MUG-BLUE").reserved == 2
    assert order.balance_due == Decimal("0.00")
    assert Note.objects.history().filter(order_group=order, title="Order placed").exists()


def test_placing_uses_todays_prices(shop, customer, csr):
    cart = ready_cart(shop, customer, csr, quantity=1, pay=False)
    shop["skus"]["MUG-BLUE"].prices.update(amount=Decimal("13.00"))
    cart_place_order(cart, user=csr, version=cart.version, allow_balance_due=True)
    assert LineItem.objects.get(shipment__order_form__order_group=cart).placed_price == Decimal("13.00")


def test_a_refused_placement_lists_every_problem_and_changes_nothing(shop, csr):
    cart, _ = cart_open(user=csr, market=shop["market"], contact={"name": "Walk In"})
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="MUG-BLUE", quantity=9)
    with pytest.raises(ConversionRefused) as refused:
        cart_place_order(cart, user=csr, version=cart.version)
    assert len(refused.value.problems) == 4
    assert OrderGroup.objects.get(pk=cart.pk).kind == Kind.CART
    assert Stock.objects.get(sku__code="MUG-BLUE").reserved == 0


def test_a_cart_becomes_a_subscription(shop, customer, csr):
    cart = ready_cart(shop, customer, csr, pay=False)
    start = datetime.date(2026, 12, 1)
    cart_convert_to_subscription(cart, user=csr, version=cart.version, cycle_mode="months", cycle_length=1,
                                 start_date=start, max_cycles=12)
    subscription = OrderGroup.objects.get(pk=cart.pk)
    assert subscription.kind == Kind.SUBSCRIPTION and subscription.number.startswith("PP")
    assert (subscription.schedule.cycle_mode, subscription.schedule.start_date, subscription.schedule.max_cycles) == ("months", start, 12)


# A date typed as "tomorrow" is the form's to refuse (tests/subscriptions/test_subscribe_form.py);
# the operation takes dates and keeps the rules.
@pytest.mark.parametrize("fields, message", [
    ({"cycle_mode": "none"}, "how often"), ({"cycle_length": 0}, "1 to 365"),
    ({"end_date": datetime.date(2026, 1, 1)}, "before the start"), ({"max_cycles": -1}, "cannot be negative"),
])
def test_bad_subscription_settings_are_refused(shop, customer, csr, fields, message):
    cart = ready_cart(shop, customer, csr)
    settings = {"cycle_mode": "weeks", "cycle_length": 2, "start_date": datetime.date(2026, 12, 1), "max_cycles": 0,
                **fields}
    with pytest.raises(ops.OrderError, match=message):
        cart_convert_to_subscription(cart, user=csr, version=cart.version, **settings)


@pytest.mark.django_db(transaction=True)
def test_two_csrs_placing_one_cart_at_once_make_exactly_one_order(shop, customer):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks across connections; SQLite serializes every writer")
    csrs = [User.objects.create(username=f"csr{index}") for index in range(2)]
    cart = ready_cart(shop, customer, csrs[0])
    start, outcomes = threading.Barrier(2), []

    def place(user):
        try:
            start.wait()
            cart_place_order(OrderGroup.objects.get(pk=cart.pk), user=user, version=cart.version)
            outcomes.append("placed")
        except ops.OrderError as error:
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=(user,)) for user in csrs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["StaleOrder", "placed"]
    assert OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER, source_cart_number=cart.number).count() == 1
    assert Stock.objects.get(sku__code="MUG-BLUE").reserved == 2


def test_a_new_customer_needs_a_unique_valid_email(db):
    created = customer_create(first_name="Ada", last_name="Byron", email="ada@example.com")
    with pytest.raises(CustomerError) as duplicate:
        customer_create(first_name="Ada", last_name="King", email="ADA@example.com")
    assert duplicate.value.existing == created and duplicate.value.field == "email"
    for fields, field in (({"email": "not-an-email"}, "email"), ({"first_name": ""}, "first_name")):
        with pytest.raises(CustomerError) as refused:
            customer_create(**{"first_name": "Bo", "last_name": "Ek", "email": "bo@example.com", **fields})
        assert refused.value.field == field


def test_a_b2b_customers_cart_belongs_to_the_buying_organization_not_their_section(shop, csr):
    from demo.factories.customers import CustomerFactory

    buyer = CustomerFactory(b2b=True)
    cart, _ = cart_open(user=csr, market=shop["market"], customer=buyer)
    assert buyer.organization.parent_id is not None
    assert cart.organization_id == buyer.organization.parent_id
    assert cart.organization_name == buyer.organization.parent.name
