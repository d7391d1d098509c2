"""A customer's figures follow their purchase orders: placed, edited, cancelled, paid, moved to
another customer; per currency; never as an edit of the customer (orders/customer_figures.py)."""
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from carts.operations import cart_open, cart_place_order
from customers.models import Customer, CustomerFigure
from demo.factories.customers import CustomerFactory
from demo.factories.orders import PurchaseOrderFactory
from orders import operations as ops
from orders.customer_figures import refresh_all_customer_figures, refresh_customer_figures
from orders.models import OrderGroup, OrderStatus
from tests.world import first_line, first_shipment, make_editable


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr", first_name="Casey", last_name="Rivera")


def figures(customer) -> dict:
    return {figure.currency: (figure.lifetime_value, figure.open_balance)
            for figure in CustomerFigure.objects.filter(customer=customer)}


def placed_order(world, customer, csr, quantity=2):
    cart, _ = cart_open(user=csr, market=world.market, customer=customer)
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="TEE-M", quantity=quantity)
    ops.shipment_set_shipping_method(cart, user=csr, version=cart.version, shipment_id=first_shipment(cart).pk,
                                     shipping_method_id=world.standard.pk)
    cart_place_order(cart, user=csr, version=cart.version, allow_balance_due=True)
    return OrderGroup.objects.get(pk=cart.pk)


def test_placing_an_order_counts_it_and_adds_its_total(world, customer, csr):
    version = customer.version
    order = placed_order(world, customer, csr)

    customer.refresh_from_db()
    assert customer.order_count == 1
    assert (customer.last_order_at, customer.last_order_market) == (order.created, world.market)
    assert figures(customer) == {"USD": (order.total, order.balance_due)}
    assert order.total > 0 and order.balance_due == order.total
    # The figures are not an edit of the customer: no new version, no "changed by".
    assert customer.version == version and customer.modified_by is None


def test_an_open_cart_is_not_an_order(world, customer, csr):
    cart, _ = cart_open(user=csr, market=world.market, customer=customer)
    ops.line_item_add(cart, user=csr, version=cart.version, sku_code="TEE-M", quantity=1)
    customer.refresh_from_db()
    assert customer.order_count == 0 and customer.last_order_at is None
    assert figures(customer) == {}


def test_an_edit_a_payment_and_a_cancellation_move_the_figures(world, customer, csr):
    order = make_editable(placed_order(world, customer, csr, quantity=1))
    first_total = order.total

    ops.line_item_set_quantity(order, user=csr, version=order.version, line_item_id=first_line(order).pk, quantity=3)
    assert order.total > first_total
    assert figures(customer) == {"USD": (order.total, order.total)}

    ops.payment_add(order, user=csr, version=order.version, payment_method_id=world.phone.pk, amount=Decimal("10.00"))
    assert figures(customer) == {"USD": (order.total, order.total - Decimal("10.00"))}

    second = placed_order(world, customer, csr, quantity=1)
    ops.order_cancel(order, user=csr, version=order.version, reason="Changed her mind")
    customer.refresh_from_db()
    # Cancelled: still one of her orders, but neither spent nor owed.
    assert customer.order_count == 2
    assert customer.last_order_at == second.created
    assert figures(customer) == {"USD": (second.total, second.balance_due)}


def test_figures_are_kept_per_currency(world, csr):
    mercy = world.mercy
    dollars = PurchaseOrderFactory(market=world.market, customer=mercy, lines=1)
    yen = PurchaseOrderFactory(market=world.japan, customer=mercy, lines=1)
    PurchaseOrderFactory(market=world.japan, customer=mercy, lines=1, status=OrderStatus.CANCELLED)
    assert yen.currency == "JPY" and yen.created >= dollars.created

    refresh_customer_figures([mercy.pk])

    mercy.refresh_from_db()
    assert mercy.order_count == 3
    assert figures(mercy) == {"USD": (dollars.total, dollars.balance_due), "JPY": (yen.total, yen.balance_due)}


def test_an_order_given_to_another_customer_moves_its_figures(world, customer, csr):
    order = placed_order(world, customer, csr)
    other = CustomerFactory(addresses=0)

    with ops.base.changing(order, user=csr, version=order.version, action=ops.Action.CONTACT) as change:
        change.order.customer = other

    customer.refresh_from_db()
    other.refresh_from_db()
    assert (customer.order_count, customer.last_order_at, figures(customer)) == (0, None, {})
    assert (other.order_count, figures(other)) == (1, {"USD": (order.total, order.balance_due)})


def test_refreshing_everyone_agrees_with_refreshing_each(world, customer, csr):
    placed_order(world, customer, csr)
    mercy = world.mercy
    PurchaseOrderFactory(market=world.market, customer=mercy, lines=1)
    PurchaseOrderFactory(market=world.japan, customer=mercy, lines=1)
    PurchaseOrderFactory(market=world.japan, customer=mercy, lines=1, status=OrderStatus.CANCELLED)
    PurchaseOrderFactory(market=world.market, anonymous=True, lines=1)
    nobody = CustomerFactory(addresses=0)
    # Stale figures of a customer with no orders are cleared.
    Customer.objects.filter(pk=nobody.pk).update(order_count=4, last_order_market=world.market)
    CustomerFigure.objects.create(customer=nobody, currency="USD", lifetime_value=9, open_balance=9)
    customers = [customer, mercy, nobody]

    refresh_all_customer_figures()
    everyone = {c.pk: (c.order_count, c.last_order_at, c.last_order_market_id, figures(c))
                for c in Customer.objects.filter(pk__in=[c.pk for c in customers])}
    refresh_customer_figures([c.pk for c in customers])
    each = {c.pk: (c.order_count, c.last_order_at, c.last_order_market_id, figures(c))
            for c in Customer.objects.filter(pk__in=[c.pk for c in customers])}

    assert everyone == each
    assert everyone[nobody.pk] == (0, None, None, {})
    assert everyone[mercy.pk][0] == 3 and set(everyone[mercy.pk][3]) == {"USD", "JPY"}


def test_the_demo_seed_and_the_command_fill_everyones_figures(db):
    call_command("seed_demo", orders=40, seed=3, stdout=StringIO())
    seeded = {c.pk: (c.order_count, c.last_order_at, c.last_order_market_id, figures(c)) for c in Customer.objects.all()}
    assert any(count for count, *_ in seeded.values())

    refresh_customer_figures(seeded)
    assert seeded == {c.pk: (c.order_count, c.last_order_at, c.last_order_market_id, figures(c))
                      for c in Customer.objects.all()}
    out = StringIO()
    call_command("refresh_customer_figures", stdout=out)
    assert "refreshed" in out.getvalue()
