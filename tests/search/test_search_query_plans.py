"""Every lookup of the search box is served by an index (PostgreSQL EXPLAIN), as the tabs' are.

With sequential scans switched off the planner still scans a table only where no index can serve
the query (tests/orders/test_query_plans.py). But on a table of a few rows it may as well walk the
index of the sort order whole and filter on the way, which proves nothing; so the tables get a few
hundred rows of filler, analyzed, and every scan of a searched table must find its rows by the
lookup itself: an index condition on more than the kind of order group. Each search is requested
for real and every query it ran on the searched tables is explained.
"""
import datetime
import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import Customer
from customers.quick_search import PHONE_SEPARATORS
from demo.factories.customers import CustomerFactory
from demo.factories.orders import PurchaseOrderFactory
from orders.models import Kind, OrderForm, OrderGroup, OrderStatus, Shipment, ShipmentStatus
from tests.orders.test_query_plans import explain

URL = reverse("search")
TABLES = ("orders_ordergroup", "customers_customer", "orders_shipment", "orders_orderform")
SEARCHES = [
    "10001",  # a number without prefix: every kind's exact number
    "PO10001", "C10001", "PP10001",
    "po1",  # the start of a number
    "1",
    "mercy@example.com",  # an exact email: customers and every kind's customer_email
    "555 123 4567",  # a phone number
    "+46 70-123 45 67",
    "1Z4F0A9C3B2E",  # a tracking number
    "tay",  # a name
    "%tay",  # see WALKS_THE_SORT_INDEX
    "mercy tay",
    "björn",
]


KIND_ONLY = re.compile(r"\(\(kind\)::text = '\w+'::text\)")


def by_lookup(condition: str) -> bool:
    return bool(condition) and not KIND_ONLY.fullmatch(condition)


def bitmap_by_lookup(plan) -> bool:
    """Whether a bitmap finds its rows by the lookup: each side of an OR, one side of an AND."""
    if plan["Node Type"] == "BitmapOr":
        return all(bitmap_by_lookup(child) for child in plan["Plans"])
    if plan["Node Type"] == "BitmapAnd":
        return any(bitmap_by_lookup(child) for child in plan["Plans"])
    return by_lookup(plan.get("Index Cond", ""))


def scans_not_by_lookup(plan) -> list[str]:
    """Scans of the searched tables that read an index whole, or all of one kind of order group."""
    found = []
    if plan.get("Relation Name") in TABLES:
        if plan["Node Type"] in ("Seq Scan", "Index Scan", "Index Only Scan") and not by_lookup(plan.get("Index Cond", "")):
            found.append(f"{plan['Node Type']} of {plan['Relation Name']} ({plan.get('Index Name')}): {plan.get('Index Cond')}")
        if plan["Node Type"] == "Bitmap Heap Scan" and not bitmap_by_lookup(plan["Plans"][0]):
            found.append(f"Bitmap Heap Scan of {plan['Relation Name']}: {plan.get('Recheck Cond')}")
    for child in plan.get("Plans", []):
        found += scans_not_by_lookup(child)
    return found


# A name with a leading wildcard: for purchase orders the planner may walk the newest-first index
# and filter (the trigram index is there), as it does for the Purchase orders tab's "%tay"
# (tests/orders/test_query_plans.py); only a sequential scan is refused. `make bench` measures it.
WALKS_THE_SORT_INDEX = {("%tay", "orders_ordergroup")}


def filler(world, count=300):
    """Order groups of every kind with a form and a shipment each, and customers, that no search finds."""
    groups = OrderGroup.objects.bulk_create([
        OrderGroup(kind=kind, number=f"{prefix}9{index:05d}", status=OrderStatus.COMPLETED if kind == Kind.PURCHASE_ORDER else "",
                   market=world.market, currency="USD", customer_name=f"Filler {index}",
                   customer_email=f"filler{index}@example.org", created=timezone.now() - datetime.timedelta(days=index))
        for index in range(count) for kind, prefix in ((Kind.PURCHASE_ORDER, "PO"), (Kind.CART, "C"), (Kind.SUBSCRIPTION, "PP"))])
    forms = OrderForm.objects.bulk_create([OrderForm(order_group=group) for group in groups])
    Shipment.objects.bulk_create([Shipment(order_form=form, status=ShipmentStatus.SHIPPED, tracking_number=f"9Z{index:010d}")
                                  for index, form in enumerate(forms)])
    Customer.objects.bulk_create([Customer(first_name="Filler", last_name=f"Person {index}", email=f"filler{index}@example.org",
                                           phone=f"+49 30 {index:07d}") for index in range(count)])
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")


@pytest.mark.parametrize("text", SEARCHES)
def test_the_search_box_never_scans_a_table(postgres_only, csr_client, world, make_order, text):
    filler(world)
    CustomerFactory(first_name="Pat", last_name="Lee", email="pat@example.com", phone="+1 555-123-4567")
    order = make_order(status=OrderStatus.COMPLETED)
    Shipment.objects.filter(order_form__order_group=order).update(tracking_number="1Z4F0A9C3B2E")
    make_order(kind="cart")
    make_order(kind="plan")
    PurchaseOrderFactory(market=world.market, anonymous=True, lines=0)

    with CaptureQueriesContext(connection) as captured:
        response = csr_client.get(URL, {"q": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    searched = [query["sql"] for query in captured.captured_queries
                if any(f'"{table}"' in query["sql"] for table in TABLES) and query["sql"].lstrip().upper().startswith("SELECT")]
    assert searched, f"{text!r} looked nothing up"
    for sql in searched:
        scans = scans_not_by_lookup(explain(sql))
        if any((text, table) in WALKS_THE_SORT_INDEX for table in TABLES if f'FROM "{table}"' in sql):
            scans = [scan for scan in scans if scan.startswith("Seq Scan")]
        assert not scans, f"No index serves the lookup of {text!r}: {scans}\n{sql}"


def test_the_phone_index_is_on_the_expression_the_search_compares():
    migration = importlib.import_module("customers.migrations.0005_quick_search_phone_index")
    assert migration.SEPARATORS == PHONE_SEPARATORS
