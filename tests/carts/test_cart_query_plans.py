"""Every filter and sort of the cart table is served by an index (PostgreSQL EXPLAIN), as for orders."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carts.tables import CartTable
from catalog.factories import MarketFactory
from orders.factories import CartFactory, PurchaseOrderFactory
from tests.orders.test_query_plans import explain, postgres_only, seq_scans_of_orders  # noqa: F401 (a fixture)

URL = reverse("carts")
SORTS = list(CartTable.sort_fields())
SCENARIOS = [
    {},
    {"search": "tay"},
    {"search": "%tay"},
    {"search": "Mercy.Taylor@example.com"},
    {"kind": "wishlists"},
    {"kind": "carts", "customer": "anonymous"},
    {"customer": "registered", "market": "US", "created": "last_30_days"},
    {"created": "custom", "created_from": "2026-01-01", "created_to": "2026-06-30"},
    {"page": "last"},
    *({"sort": sort} for sort in SORTS),
    *({"sort": "-" + sort, "page": "last"} for sort in SORTS),
]


@pytest.mark.parametrize("params", SCENARIOS, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "first page")
def test_the_cart_table_never_scans_the_orders_table(postgres_only, csr_client, params):
    MarketFactory(united_states=True)
    for _ in range(3):
        CartFactory(lines=0)
        CartFactory(lines=0, anonymous=True)
    PurchaseOrderFactory(lines=0)
    with CaptureQueriesContext(connection) as captured:
        response = csr_client.get(URL, params)
    assert response.status_code == 200
    cart_queries = [q["sql"] for q in captured.captured_queries
                    if '"orders_ordergroup"' in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT")]
    assert cart_queries
    for sql in cart_queries:
        scans = seq_scans_of_orders(explain(sql))
        assert not scans, f"Sequential scan of orders for {params}: {scans}\n{sql}"
