"""The figures of a customer's purchase orders, kept on the customer (Customer.order_count,
last_order_at, last_order_market) and per currency (CustomerFigure: lifetime value, open balance),
so that the Customers tab filters and sorts by them through an index instead of adding up a
million orders on every page.

- order count: every purchase order of the customer, cancelled ones included;
- last order: the newest purchase order (created, then id), and its market;
- lifetime value: the totals of the purchase orders that are not Cancelled, per currency;
- open balance: their balance due, per currency (negative: a refund is due).

refresh_customer_figures() recomputes a few customers from their orders; orders.operations.base
calls it in the transaction of every change and creation of a purchase order. It writes with
queryset updates, so the customer's version and modified stamp stay: the figures are not an edit
of the customer. refresh_all_customer_figures() recomputes every customer in four set-based
statements (the demo seed, the benchmark's database, after a bulk import).
"""
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from customers.models import Customer, CustomerFigure
from orders.models import Kind, OrderGroup, OrderStatus


def refresh_customer_figures(customer_ids: Iterable[int | None]) -> None:
    """Recompute the figures of these customers from their purchase orders as stored now."""
    ids = sorted({pk for pk in customer_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        # Lock the customers (in id order, so two refreshes never wait on each other in a circle):
        # two orders of one customer changed at once would otherwise each count the other as it
        # was before, and the later write would lose the earlier change.
        list(Customer.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        orders = OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER, customer=OuterRef("pk"))
        newest = orders.order_by("-created", "-id")
        Customer.objects.filter(pk__in=ids).update(
            order_count=Coalesce(Subquery(orders.order_by().values("customer").annotate(n=Count("pk")).values("n")), 0),
            last_order_at=Subquery(newest.values("created")[:1]),
            last_order_market=Subquery(newest.values("market")[:1]),
        )
        sums = (OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER, customer_id__in=ids)
                .exclude(status=OrderStatus.CANCELLED).order_by()
                .values("customer_id", "currency").annotate(lifetime_value=Sum("total"), open_balance=Sum("balance_due")))
        CustomerFigure.objects.filter(customer_id__in=ids).delete()
        CustomerFigure.objects.bulk_create(CustomerFigure(**row) for row in sums)


def refresh_all_customer_figures() -> None:
    """Recompute every customer's figures: four statements whatever the number of customers.

    Most of its time is spent rewriting customer rows: the figures are indexed (the tab sorts and
    filters by them), so an update cannot be HOT and writes an entry in each of the customer's
    indexes. The demo seed calls it before it rebuilds the indexes it dropped for the load."""
    customer, figure, order = (model._meta.db_table for model in (Customer, CustomerFigure, OrderGroup))
    purchase_order, cancelled = Kind.PURCHASE_ORDER.value, OrderStatus.CANCELLED.value
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Sort and group a million orders in memory rather than in temporary files (this
            # transaction only; restored below, for a caller whose transaction goes on).
            cursor.execute("SELECT current_setting('work_mem'), set_config('work_mem', '256MB', true)")
            work_mem = cursor.fetchone()[0]
        # Customers with no purchase order (any more): nothing counted, no last order.
        cursor.execute(
            f"UPDATE {customer} SET order_count = 0, last_order_at = NULL, last_order_market_id = NULL"
            f" WHERE (order_count <> 0 OR last_order_at IS NOT NULL OR last_order_market_id IS NOT NULL)"
            f" AND NOT EXISTS (SELECT 1 FROM {order} o WHERE o.customer_id = {customer}.id AND o.kind = %s)",
            [purchase_order])
        # Everyone else: the count, and the newest order (ranked 1 in its customer's window).
        cursor.execute(
            f"WITH ranked AS (SELECT customer_id, created, market_id,"
            f" COUNT(*) OVER (PARTITION BY customer_id) AS n,"
            f" ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created DESC, id DESC) AS position"
            f" FROM {order} WHERE kind = %s AND customer_id IS NOT NULL)"
            f" UPDATE {customer} SET order_count = ranked.n, last_order_at = ranked.created,"
            f" last_order_market_id = ranked.market_id"
            f" FROM ranked WHERE ranked.customer_id = {customer}.id AND ranked.position = 1"
            # Rows already right stay as they are: rewriting one rewrites every index entry of it.
            f" AND ({customer}.order_count <> ranked.n OR {customer}.last_order_at IS NULL"
            f" OR {customer}.last_order_at <> ranked.created OR {customer}.last_order_market_id IS NULL"
            f" OR {customer}.last_order_market_id <> ranked.market_id)",
            [purchase_order])
        cursor.execute(f"DELETE FROM {figure}")
        cursor.execute(
            f"INSERT INTO {figure} (customer_id, currency, lifetime_value, open_balance)"
            f" SELECT customer_id, currency, SUM(total), SUM(balance_due) FROM {order}"
            f" WHERE kind = %s AND customer_id IS NOT NULL AND status <> %s GROUP BY customer_id, currency",
            [purchase_order, cancelled])
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
