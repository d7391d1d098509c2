"""The recurring job: a due subscription places its cycle's order once, however often it runs."""
import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from carts.operations import cart_open
from catalog.models import Stock
from orders import operations as ops
from orders.models import Kind, LineItem, Note, OrderGroup, Shipment
from subscriptions.models import Schedule
from subscriptions.operations import cart_convert_to_subscription, subscriptions_place_due_orders
from tests import world

DEC_1 = datetime.date(2026, 12, 1)


def monthly_subscription(shop, customer, *, quantity=1, **schedule):
    cart, _ = cart_open(user=None, market=shop["market"], customer=customer)
    ops.line_item_add(cart, user=None, version=cart.version, sku_code="MUG-BLUE", quantity=quantity)
    ops.shipment_set_shipping_method(cart, user=None, version=cart.version,
                                     shipment_id=Shipment.objects.get(order_form__order_group=cart).pk,
                                     shipping_method_id=shop["standard"].pk)
    cart_convert_to_subscription(cart, user=None, version=cart.version, cycle_mode="months", cycle_length=1,
                                 start_date=DEC_1, **schedule)
    return OrderGroup.objects.get(pk=cart.pk)


def orders_of(subscription):
    return list(OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER, subscription=subscription))


def test_nothing_is_placed_before_the_start(shop, customer):
    subscription = monthly_subscription(shop, customer)
    assert subscriptions_place_due_orders(today=DEC_1 - datetime.timedelta(days=1)) == []
    assert orders_of(subscription) == []


def test_a_due_cycle_places_an_in_progress_order_linked_to_the_subscription(shop, customer):
    subscription = monthly_subscription(shop, customer, quantity=2)
    [outcome] = subscriptions_place_due_orders(today=DEC_1)
    [order] = orders_of(subscription)
    assert outcome.order == order.number and order.status == "in_progress" and order.source_cart_number == ""
    assert LineItem.objects.get(shipment__order_form__order_group=order).quantity == 2
    assert Stock.objects.get(sku__code="MUG-BLUE").reserved == 2
    schedule = Schedule.objects.get(subscription=subscription)
    assert (schedule.completed_cycles, schedule.last_transaction_date) == (1, DEC_1)
    assert Note.objects.history().filter(order_group=subscription, title="Cycle 1 placed").exists()
    assert not OrderGroup.objects.filter(kind=Kind.CART, name="Subscription order").exists()


def test_running_twice_places_one_order_per_cycle_and_the_next_cycle_a_month_later(shop, customer):
    subscription = monthly_subscription(shop, customer)
    subscriptions_place_due_orders(today=DEC_1)
    assert subscriptions_place_due_orders(today=DEC_1) == []
    assert subscriptions_place_due_orders(today=datetime.date(2026, 12, 31)) == []
    late = subscriptions_place_due_orders(today=datetime.date(2027, 1, 5))
    assert len(late) == 1 and Schedule.objects.get(subscription=subscription).last_transaction_date == datetime.date(2027, 1, 1)
    assert len(orders_of(subscription)) == 2


def test_max_cycles_end_date_and_pause_stop_it(shop, customer):
    capped = monthly_subscription(shop, customer, max_cycles=1)
    subscriptions_place_due_orders(today=DEC_1)
    assert subscriptions_place_due_orders(today=datetime.date(2027, 3, 1)) == []
    assert len(orders_of(capped)) == 1
    Schedule.objects.filter(subscription=capped).update(max_cycles=0, end_date=datetime.date(2027, 1, 15))
    subscriptions_place_due_orders(today=datetime.date(2027, 3, 1))
    assert len(orders_of(capped)) == 2  # January's cycle, not February's (after the end)
    Schedule.objects.filter(subscription=capped).update(end_date=None, active=False)
    assert subscriptions_place_due_orders(today=datetime.date(2027, 6, 1)) == []


def test_a_cycle_without_stock_is_noted_and_tried_again(shop, customer):
    subscription = monthly_subscription(shop, customer, quantity=9)
    [outcome] = subscriptions_place_due_orders(today=DEC_1)
    assert "MUG-BLUE: 9 wanted across this order, 5 in stock" in outcome.problem
    assert orders_of(subscription) == [] and Schedule.objects.get(subscription=subscription).completed_cycles == 0
    assert Note.objects.history().filter(order_group=subscription, title="Cycle 1 not placed").exists()
    Stock.objects.filter(sku__code="MUG-BLUE").update(in_stock=20)
    assert subscriptions_place_due_orders(today=DEC_1)[0].order


def test_the_command_reports_what_it_did(shop, customer, capsys):
    monthly_subscription(shop, customer)
    call_command("run_subscriptions", "--date", "2026-12-01")
    assert "1 order(s) placed, 0 cycle(s) not placed, for 2026-12-01." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_machines_running_at_once_place_each_cycle_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's SKIP LOCKED across connections; SQLite serializes every writer")
    shop = world.build()
    customer = shop.taylor_hayes()
    subscriptions = [monthly_subscription(shop, customer) for _ in range(3)]
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            subscriptions_place_due_orders(today=DEC_1)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [len(orders_of(subscription)) for subscription in subscriptions] == [1, 1, 1]
    assert all(Schedule.objects.get(subscription=subscription).completed_cycles == 1 for subscription in subscriptions)
