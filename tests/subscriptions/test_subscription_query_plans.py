"""Every filter and sort of the Subscriptions table is served by an index (PostgreSQL EXPLAIN), as
for orders and carts."""
import pytest
from django.urls import reverse

from demo.factories.catalog import MarketFactory
from demo.factories.orders import PurchaseOrderFactory, SubscriptionFactory
from subscriptions.tables import SubscriptionTable
from tests.orders.test_query_plans import assert_no_scan_of_orders

URL = reverse("subscriptions")
SORTS = list(SubscriptionTable.sort_fields())
SCENARIOS = [
    {},
    {"search": "tay"},
    {"search": "%tay"},
    {"search": "Mercy.Taylor@example.com"},
    {"search": "10001"},
    {"active": "paused"},
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
