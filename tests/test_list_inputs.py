"""No input answers 500 on a list page or its tools: every list GET parameter and
every Columns / Save view / Delete view POST is read by a form, and what cannot be used is said."""
import pytest
from django.urls import reverse

from csrportal.models import SavedView
from demo.factories.orders import CartFactory, PurchaseOrderFactory, SubscriptionFactory

LISTS = ["purchase_order", "cart", "subscription", "customer", "shipment"]
LIST_URL = {"purchase_order": "purchase_orders", "cart": "carts", "subscription": "subscriptions", "customer": "customers",
            "shipment": "shipments"}
BAD_VALUES = ["abc", "²", "ab\x00c", "9" * 40, "NaN", "x" * 3000, "2026-02-30"]
PARAMS = ["number", "customer", "email", "name", "search", "status", "market", "kind", "active", "created",
          "created_from", "created_to", "sort", "per_page", "page", "after", "before", "cols", "panel", "moved",
          "phone", "group", "organization", "currency", "warehouse", "shipping_method"]


@pytest.fixture
def rows(db):
    PurchaseOrderFactory(lines=0)
    CartFactory(lines=0)
    SubscriptionFactory(lines=0)


@pytest.mark.parametrize("screen", LISTS)
def test_no_list_parameter_gives_a_500(csr_client, rows, screen):
    url = reverse(LIST_URL[screen])
    export = reverse(f"{screen}_export")
    for name in PARAMS:
        for value in BAD_VALUES:
            response = csr_client.get(url, {name: value}, headers={"HX-Request": "true", "HX-Target": "workspace"})
            assert response.status_code == 200, (name, value)
            response = csr_client.get(export, {name: value})
            assert response.status_code == 200, (name, value)
            b"".join(response.streaming_content)


@pytest.mark.parametrize("screen", LISTS)
def test_no_tool_post_gives_a_500(csr_client, csr_user, rows, screen):
    view = SavedView.objects.create(owner=csr_user, table=LIST_URL[screen], name="Mine", query="")
    posts = [
        ("columns", {"cols": ["number", "no_such_column"], "order": ["x"], "action": "save"}),
        ("columns", {"cols": ["number"], "action": "up:no_such_column"}),
        ("columns", {"cols": ["number"], "action": "sideways"}),
        ("columns", {"cols": ["number"], "per_page": "²"}),
        ("columns", {"cols": ["number\x00"], "query": "a=\x00"}),
        ("columns", {}),
        ("save_view", {"name": "n" * 81, "query": ""}),
        ("save_view", {"name": "ok", "query": "customer=" + "x" * 2100}),
        ("save_view", {"name": "a\x00b", "query": "%00"}),
        ("save_view", {}),
        ("save_view", {"name": "ok", "query": "cols=nope,number&status=bogus"}),
    ]
    for tool, data in posts:
        response = csr_client.post(reverse(f"{screen}_{tool}"), data)
        assert response.status_code in (200, 302), (tool, data)
    for view_id in (view.pk, 0, 10**30):
        response = csr_client.post(f"{reverse(LIST_URL[screen])}views/{view_id}/delete/", {"query": "x\x00=1"})
        assert response.status_code in (302, 404), view_id
