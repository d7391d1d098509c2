"""The recurring job: a due subscription places its cycle's order once, however often it runs."""
import datetime
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from carts.operations import cart_open
from catalog.models import Stock
from demo.factories.orders import SubscriptionFactory
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


def test_a_plan_three_cycles_behind_places_one_order_and_moves_past_today(shop, customer):
    subscription = monthly_subscription(shop, customer)
    today = datetime.date(2027, 3, 15)  # Dec, Jan, Feb and Mar 1 have all come: three cycles behind and one due
    [outcome] = subscriptions_place_due_orders(today=today)
    assert outcome.order and outcome.due == DEC_1
    schedule = Schedule.objects.get(subscription=subscription)
    assert schedule.completed_cycles == 1 and schedule.next_order_date == datetime.date(2027, 4, 1)
    assert schedule.last_result == "placed"
    # Running again the same minute (and the same day) places nothing more.
    assert subscriptions_place_due_orders(today=today) == []
    assert subscriptions_place_due_orders(today=datetime.date(2027, 3, 31)) == []
    assert len(orders_of(subscription)) == 1
    assert len(subscriptions_place_due_orders(today=datetime.date(2027, 4, 1))) == 1


def test_a_plan_started_long_ago_places_one_order(shop, customer):
    subscription = monthly_subscription(shop, customer)
    Schedule.objects.filter(subscription=subscription).update(start_date=datetime.date(1999, 1, 1), cycle_mode="days",
                                                              next_order_date=datetime.date(1999, 1, 1))
    assert len(subscriptions_place_due_orders(today=DEC_1)) == 1
    assert Schedule.objects.get(subscription=subscription).next_order_date == datetime.date(2026, 12, 2)
    assert len(orders_of(subscription)) == 1


def test_a_month_end_keeps_its_day(shop, customer):
    subscription = monthly_subscription(shop, customer)
    Schedule.objects.filter(subscription=subscription).update(start_date=datetime.date(2027, 1, 31),
                                                              next_order_date=datetime.date(2027, 1, 31))
    subscriptions_place_due_orders(today=datetime.date(2027, 1, 31))
    assert Schedule.objects.get(subscription=subscription).next_order_date == datetime.date(2027, 2, 28)


def test_the_dry_run_lists_and_writes_nothing(shop, customer, capsys):
    subscription = monthly_subscription(shop, customer)
    version = subscription.version
    call_command("run_subscriptions", "--date", "2026-12-01", "--dry-run")
    out = capsys.readouterr().out
    assert f"{subscription.number}: would place the order due 2026-12-01" in out
    assert "Dry run: 1 order(s) would be placed for 2026-12-01; nothing written." in out
    assert orders_of(subscription) == []
    assert OrderGroup.objects.get(pk=subscription.pk).version == version
    assert Schedule.objects.get(subscription=subscription).completed_cycles == 0


def test_quiet_at_verbosity_0(shop, customer, capsys):
    monthly_subscription(shop, customer)
    call_command("run_subscriptions", "--date", "2026-12-01", verbosity=0)
    assert capsys.readouterr().out == ""


def test_a_negative_limit_is_refused(shop, customer):
    monthly_subscription(shop, customer)
    with pytest.raises(CommandError, match="--limit -1 is negative"):
        call_command("run_subscriptions", "--date", "2026-12-01", "--limit", "-1")
    assert not OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER).exists()


def test_the_limit_caps_the_orders_placed(shop, customer):
    subscriptions = [monthly_subscription(shop, customer) for _ in range(3)]
    call_command("run_subscriptions", "--date", "2026-12-01", "--limit", "2", verbosity=0)
    assert sorted(len(orders_of(subscription)) for subscription in subscriptions) == [0, 1, 1]


def test_a_progress_line_per_100_plans(shop, customer, capsys):
    subscription = monthly_subscription(shop, customer)
    schedule = Schedule.objects.get(subscription=subscription)
    for _ in range(100):
        SubscriptionFactory(lines=0, customer=customer, schedule__start_date=datetime.date(2027, 1, 1))
    Schedule.objects.exclude(pk=schedule.pk).update(start_date=DEC_1, next_order_date=DEC_1)
    with pytest.raises(CommandError):  # the plans without lines cannot be placed
        call_command("run_subscriptions", "--date", "2026-12-01")
    assert "... 100 subscriptions looked at" in capsys.readouterr().out


def test_a_failed_cycle_exits_non_zero_and_is_on_the_history(shop, customer, capsys):
    subscription = monthly_subscription(shop, customer, quantity=9)
    with pytest.raises(CommandError, match="1 cycle\\(s\\) could not be placed"):
        call_command("run_subscriptions", "--date", "2026-12-01")
    captured = capsys.readouterr()
    assert "0 order(s) placed, 1 cycle(s) not placed" in captured.out
    assert f"{subscription.number}: not placed: " in captured.err
    note = Note.objects.history().get(order_group=subscription, title="Cycle 1 not placed")
    assert "5 in stock" in note.detail
    schedule = Schedule.objects.get(subscription=subscription)
    assert schedule.last_result == "failed" and schedule.next_order_date == DEC_1


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


@pytest.mark.django_db(transaction=True)
def test_job_processes_running_at_once_place_each_cycle_once():
    """Three `manage.py run_subscriptions` processes started together on PostgreSQL: each cycle placed once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes every writer")
    shop = world.build()
    customer = shop.taylor_hayes()
    Stock.objects.filter(sku__code="MUG-BLUE").update(in_stock=100)
    subscriptions = [monthly_subscription(shop, customer) for _ in range(6)]
    db = connection.settings_dict
    url = f"postgres://{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x", "PYTHONPATH": str(root)}
    env.pop("DEBUG", None)
    connections.close_all()
    processes = [subprocess.Popen([sys.executable, str(root / "manage.py"), "run_subscriptions", "--date", "2026-12-01"],
                                  env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], "\n".join(out + err for out, err in results)
    assert [len(orders_of(subscription)) for subscription in subscriptions] == [1] * 6
    placed = sum(int(out.strip().splitlines()[-1].split()[0]) for out, _ in results)
    assert placed == 6
    assert all(Schedule.objects.get(subscription=subscription).completed_cycles == 1 for subscription in subscriptions)
