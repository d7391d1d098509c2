"""Every filter and the sort of the Shipments tab is served by an index on the open shipments
(orders migration 0010), as PostgreSQL EXPLAIN shows; no query of the page scans the shipments,
the orders or their forms whole.

As in a real shop, most orders are done: a history of shipped orders (bulk-made) beside a few open
ones, so the planner weighs the tables as it would at volume."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Warehouse
from orders.models import Kind, OrderForm, OrderGroup, OrderStatus, Shipment, ShipmentStatus
from tests.fulfilment.conftest import move_to
from tests.orders.test_query_plans import explain, node_types
from tests.world import first_shipment

URL = reverse("shipments")
OPEN_INDEXES = {"shipment_open_created", "shipment_open_status", "shipment_open_warehouse",
                "shipment_open_warehouse_status", "shipment_open_method", "shipment_open_market"}
BIG_TABLES = {"orders_shipment", "orders_ordergroup", "orders_orderform", "orders_lineitem"}
SCENARIOS = [
    {},
    {"status": "released"},
    {"status": ["released", "packing"]},
    {"warehouse": "MAIN"},
    {"warehouse": "MAIN", "status": "released"},
    {"warehouse": "MAIN", "status": ["released", "inventory_assigned"]},
    {"shipping_method": "ground"},
    {"market": "US"},
    {"market": "US", "status": "packing"},
    {"created": "last_7_days"},
    {"created": "custom", "created_from": "2026-01-01", "created_to": "2026-06-30", "status": "released"},
    {"page": "last"},
    {"page": "last", "status": "awaiting_inventory"},
    {"sort": "created"},
]


HISTORY = 3000


@pytest.fixture
def history(world):
    """HISTORY completed orders, one shipped shipment each. Not ANALYZEd: its row counts would outlive
    the test's rollback and change the plans of the tests after it; PostgreSQL sizes an unanalyzed table
    by its pages."""
    groups = OrderGroup.objects.bulk_create([
        OrderGroup(kind=Kind.PURCHASE_ORDER, number=f"PO9{index:06d}", status=OrderStatus.COMPLETED,
                   market=world.market, currency="USD") for index in range(HISTORY)])
    forms = OrderForm.objects.bulk_create([OrderForm(order_group=group) for group in groups])
    Shipment.objects.bulk_create([
        Shipment(order_form=form, status=ShipmentStatus.SHIPPED, tracking_number="1Z1", warehouse=world.warehouse,
                 shipping_method=world.ground, market=world.market) for form in forms])


def seq_scans(plan) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in BIG_TABLES:
        found.append(f"{plan['Relation Name']}: {plan.get('Filter', '(no filter)')}")
    for child in plan.get("Plans", []):
        found += seq_scans(child)
    return found


@pytest.mark.parametrize("params", SCENARIOS, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "first page")
def test_the_shipments_tab_reads_the_open_shipment_indexes(postgres_only, history, csr_client, make_order, world, params):
    for _ in range(3):
        make_order()
    move_to(make_order(lines=(("TEE-XL", 1),)), "released")
    make_order(kind="cart")
    if params.get("shipping_method") == "ground":
        params = {**params, "shipping_method": world.ground.pk}
    with CaptureQueriesContext(connection) as captured:
        assert csr_client.get(URL, params).status_code == 200
    queries = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
               and any(f'"{table}"' in q["sql"] for table in BIG_TABLES)]
    page_queries = [sql for sql in queries if 'FROM "orders_shipment"' in sql and "LIMIT 26" in sql]
    assert page_queries
    for sql in queries:
        plan = explain(sql)
        assert not seq_scans(plan), f"Sequential scan for {params}: {seq_scans(plan)}\n{sql}"
    for sql in page_queries:
        used = {name for _, name in node_types(explain(sql))}
        assert used & OPEN_INDEXES, f"{params}: no open-shipment index in {used}\n{sql}"


def test_a_market_uses_its_own_index(postgres_only, history, csr_client, make_order):
    for _ in range(3):
        make_order()
    with CaptureQueriesContext(connection) as captured:
        csr_client.get(URL, {"market": "US"})
    for sql in [q["sql"] for q in captured.captured_queries if 'FROM "orders_shipment"' in q["sql"]][:2]:  # count, page
        assert "shipment_open_market" in {name for _, name in node_types(explain(sql))}, sql


def test_a_warehouse_and_status_use_their_own_index(postgres_only, history, csr_client, make_order):
    for _ in range(3):
        make_order()
    Shipment.objects.update(warehouse=Warehouse.objects.get(code="MAIN"))
    first_shipment(make_order())
    with CaptureQueriesContext(connection) as captured:
        csr_client.get(URL, {"warehouse": "MAIN", "status": "released"})
    sql = next(q["sql"] for q in captured.captured_queries if "LIMIT 26" in q["sql"])
    used = {name for _, name in node_types(explain(sql))}
    assert used & {"shipment_open_warehouse_status", "shipment_open_status", "shipment_open_warehouse"}, used
