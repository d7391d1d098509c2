"""Every filter and sort of the Subscriptions table is served by an index (PostgreSQL EXPLAIN), as
for orders and carts."""
import datetime

import pytest
from django.db import connection
from django.urls import reverse

from demo.factories.catalog import MarketFactory
from demo.factories.orders import PurchaseOrderFactory, SubscriptionFactory
from subscriptions.models import Schedule
from subscriptions.operations import _due_candidates
from subscriptions.tables import SubscriptionTable
from tests.orders.test_query_plans import assert_no_scan_of_orders, explain

URL = reverse("subscriptions")
SORTS = list(SubscriptionTable.sort_fields())
SCENARIOS = [
    {},
    {"search": "tay"},
    {"search": "%tay"},
    {"search": "Mercy.Taylor@example.com"},
    {"search": "10001"},
    {"active": "paused"},
    {"active": "due"},
    {"active": "failed"},
    {"active": "cancelled"},
    {"active": "due", "market": "US"},
    {"active": "active", "market": "US", "created": "last_30_days"},
    {"created": "custom", "created_from": "2026-01-01", "created_to": "2026-06-30"},
    {"page": "last"},
    *({"sort": sort} for sort in SORTS),
    *({"sort": "-" + sort, "page": "last"} for sort in SORTS),
    *({"sort": sort, "market": "US"} for sort in SubscriptionTable.per_currency_sorts()),
]


@pytest.mark.parametrize("params", SCENARIOS, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "first page")
def test_the_subscription_table_never_scans_the_orders_table(postgres_only, csr_client, params):
    MarketFactory(united_states=True)
    for _ in range(3):
        SubscriptionFactory(lines=0)
    PurchaseOrderFactory(lines=0)
    assert_no_scan_of_orders(csr_client, URL, params)


def indexes_used(plan) -> set[str]:
    found = {plan["Index Name"]} if "Index Name" in plan else set()
    for child in plan.get("Plans", []):
        found |= indexes_used(child)
    return found


@pytest.mark.parametrize(("queryset", "index"), [
    (lambda: _due_candidates(datetime.date(2026, 12, 1)).values_list("subscription_id", flat=True), "schedule_active_next"),
    (lambda: Schedule.objects.filter(active=True, cancelled_at__isnull=True, next_order_date__lte=datetime.date(2026, 12, 1)),
     "schedule_active_next"),
    (lambda: Schedule.objects.filter(last_result="failed"), "schedule_failed"),
    (lambda: Schedule.objects.filter(active=False, cancelled_at__isnull=True), "schedule_paused"),
], ids=["the job's candidates", "due today", "failed last cycle", "paused"])
def test_the_job_and_the_state_filters_read_the_schedule_by_its_indexes(postgres_only, queryset, index):
    for _ in range(3):
        SubscriptionFactory(lines=0)
    sql, params = queryset().query.sql_with_params()
    assert index in indexes_used(explain(connection.ops.compose_sql(sql, params)))
