"""Every filter and sort of the Customers tab is served by an index (PostgreSQL EXPLAIN), as for
orders: each URL is requested for real and every query it ran on the customers is explained with
sequential scans switched off, so a table is scanned whole only where no index can serve it. The
filters name the index that must serve them: with a handful of rows the planner would otherwise
be free to walk the created index and filter."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.tables import CustomerTable
from demo.factories.customers import CustomerFactory, CustomerGroupFactory, OrganizationFactory
from demo.factories.orders import PurchaseOrderFactory
from orders.customer_figures import refresh_all_customer_figures
from tests.orders.test_query_plans import explain

URL = reverse("customers")
TABLES = ('"customers_customer"', '"customers_customerfigure"')
SORTS = list(CustomerTable.sort_fields())
PLAIN_SORTS = [sort for sort in SORTS if sort not in CustomerTable.per_currency_sorts()]
# (parameters, the index, or one of the indexes (by name or its start), that must be in the plan of the page's queries)
FILTERS = [
    ({"name": "tay"}, "customer_full_name_pattern"),
    ({"name": "%tay"}, "customer_full_name_trgm"),
    ({"name": "MÅRTEN"}, "customer_full_name_pattern"),
    ({"email": "Mercy.Taylor@example.com"}, "customer_email_unique_ci"),
    ({"phone": "555-01"}, "customer_phone_trgm"),
    ({"group": "GROUP"}, "customer_group_created"),
    # (organization, created, id), or the foreign key's own index (named by Django with a hash).
    ({"organization": "acm"}, ("customer_organization_created", "customers_customer_organization_id")),
    ({"market": "US"}, "customer_last_market_created"),
    # Either way round: the figures of the currency joined to the customers, or the other way.
    ({"currency": "USD"}, ("figure_currency_value", "one_figure_per_currency")),
    ({"created": "last_30_days"}, "customer_created"),
    ({"created": "custom", "created_from": "2026-01-01", "created_to": "2026-06-30"}, "customer_created"),
]
SCENARIOS = [
    ({}, "customer_created"),
    ({"page": "last"}, "customer_created"),
    *FILTERS,
    *(({"sort": sort}, None) for sort in PLAIN_SORTS),
    *(({"sort": "-" + sort, "page": "last"}, None) for sort in PLAIN_SORTS),
    # Lifetime value sorts only within one currency, on the figures' (currency, value, customer) index.
    ({"sort": "-lifetime_value", "currency": "USD"}, "figure_currency_value"),
    ({"sort": "lifetime_value", "currency": "USD", "page": "last"}, "figure_currency_value"),
]


def nodes(plan) -> list[dict]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += nodes(child)
    return found


def scenario_id(scenario) -> str:
    params, _ = scenario
    return "&".join(f"{key}={value}" for key, value in params.items()) or "first page"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_id)
def test_the_customer_table_is_read_through_its_indexes(postgres_only, csr_client, world, scenario):
    params, index = scenario
    group = CustomerGroupFactory(name="Trade")
    acme = OrganizationFactory(name="Acme Corp", code="ACME")
    for _ in range(3):
        customer = CustomerFactory(addresses=0, group=group, organization=acme)
        PurchaseOrderFactory(market=world.market, customer=customer, lines=0)
    refresh_all_customer_figures()
    params = {key: group.pk if value == "GROUP" else value for key, value in params.items()}

    with CaptureQueriesContext(connection) as captured:
        response = csr_client.get(URL, params)
    assert response.status_code == 200
    assert "left out" not in response.content.decode() and "cannot be sorted" not in response.content.decode()
    queries = [q["sql"] for q in captured.captured_queries
               if q["sql"].lstrip().upper().startswith("SELECT") and 'FROM "customers_customer"' in q["sql"]
               and "LIMIT" in q["sql"]]
    assert queries
    used = set()
    for sql in queries:
        plan = nodes(explain(sql))
        scans = [(node.get("Relation Name"), node.get("Filter")) for node in plan
                 if node["Node Type"] == "Seq Scan" and f'"{node.get("Relation Name")}"' in TABLES]
        assert not scans, f"Sequential scan for {params}: {scans}\n{sql}"
        used |= {node.get("Index Name") for node in plan if node.get("Index Name")}
        if "sort" in params and index is None:
            # The sort's own (column, id) index gives the rows in order: nothing left to sort.
            assert not [node for node in plan if node["Node Type"] in ("Sort", "Incremental Sort")
                        and "LIMIT" in sql and "COUNT" not in sql.upper()], sql
    if index:
        wanted = (index,) if isinstance(index, str) else index
        assert any(name.startswith(prefix) for name in used for prefix in wanted), f"{params}: {index} not in {used}"
