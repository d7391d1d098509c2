"""Every filter and sort of the cart table is served by an index (PostgreSQL EXPLAIN), as for orders."""
import pytest
from django.urls import reverse

from carts.tables import CartTable
from demo.factories.catalog import MarketFactory
from demo.factories.orders import CartFactory, PurchaseOrderFactory
from tests.orders.test_query_plans import assert_no_scan_of_orders

URL = reverse("carts")
SORTS = list(CartTable.sort_fields())
SCENARIOS = [
    {},
    {"search": "tay"},
    {"search": "%tay"},
    {"search": "Mercy.Taylor@example.com"},
    {"search": "10001"},
    {"search": "C1"},
    {"search": "MÅRTEN"},
    {"kind": "wishlists"},
    {"kind": "carts", "customer": "anonymous"},
    {"customer": "registered", "market": "US", "created": "last_30_days"},
    {"created": "custom", "created_from": "2026-01-01", "created_to": "2026-06-30"},
    {"page": "last"},
    *({"sort": sort} for sort in SORTS),
    *({"sort": "-" + sort, "page": "last"} for sort in SORTS),
    # Amounts sort only within one market.
    *({"sort": sort, "market": "US"} for sort in CartTable.per_currency_sorts()),
    *({"sort": "-" + sort, "market": "US", "page": "last"} for sort in CartTable.per_currency_sorts()),
]


@pytest.mark.parametrize("params", SCENARIOS, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "first page")
def test_the_cart_table_never_scans_the_orders_table(postgres_only, csr_client, params):
    MarketFactory(united_states=True)
    for _ in range(3):
        CartFactory(lines=0)
        CartFactory(lines=0, anonymous=True)
    PurchaseOrderFactory(lines=0)
    assert_no_scan_of_orders(csr_client, URL, params)
