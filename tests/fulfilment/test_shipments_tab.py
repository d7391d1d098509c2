"""The Shipments tab: every open shipment of every purchase order, its filters and tools, and its
bulk actions (Add to pick list, Release, Print packing slips)."""
import csv
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from catalog.models import Warehouse
from csrportal.models import SavedView, UserPreferences
from orders.models import OrderStatus, PickList, Shipment, ShipmentStatus
from tests.fulfilment.conftest import move_to
from tests.world import first_shipment

URL = reverse("shipments")
ACTIONS = reverse("shipment_actions")


def ids_in(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="shipment" value="(\d+)"', response.content.decode())]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_tab_lists_open_shipments_of_purchase_orders_newest_first(csr_client, make_order, released):
    waiting = first_shipment(make_order())
    shipped = first_shipment(make_order(status=OrderStatus.COMPLETED))
    cart = first_shipment(make_order(kind="cart"))
    first, second = released(2)

    response = csr_client.get(URL)

    assert response.status_code == 200
    assert ids_in(response) == [second.pk, first.pk, waiting.pk]
    assert shipped.pk not in ids_in(response) and cart.pk not in ids_in(response)
    body = response.content.decode()
    order = first.order_form.order_group
    assert f'aria-label="Select shipment 1 of {order.number}"' in body
    assert f'<a href="{reverse("po:order_detail", args=[order.number])}">{order.number}</a>' in body
    assert "data-select-all" in body and 'aria-label="Select all shipments on this page"' in body
    for label in ("Add to pick list", "Release", "Print packing slips"):
        assert f">{label}</button>" in body
    assert '<a href="/shipments/pick-lists/">Pick lists</a>' in body
    assert 'href="/shipments/" aria-current="page">Shipments</a>' in body  # the top nav's tab
    for header in ("Order", "Shipment", "Status", "Warehouse", "Shipping method", "Market", "Ship to", "City", "Items",
                   "Created", "Pick list"):
        assert f">{header}<" in body


@pytest.mark.parametrize("params, expected", [
    ({"status": "released"}, ["released"]),
    ({"status": ["released", "awaiting_inventory"]}, ["released", "waiting", "east"]),
    ({"status": "awaiting_inventory", "warehouse": "MAIN"}, ["waiting"]),
    ({"warehouse": "EAST"}, ["east"]),
    ({"warehouse": "MAIN", "status": "released"}, ["released"]),
    ({"market": "JP"}, []),
    ({"market": "US"}, ["east", "released", "waiting"]),
    ({"created": "today"}, ["east", "released", "waiting"]),
    ({"created": "custom", "created_from": "2001-01-01", "created_to": "2001-01-02"}, []),
])
def test_the_filters_narrow_the_list(csr_client, make_order, released, world, params, expected):
    made = {"waiting": first_shipment(make_order())}
    made["released"], = released(1)
    made["east"] = first_shipment(make_order())
    Shipment.objects.filter(pk=made["east"].pk).update(
        warehouse=Warehouse.objects.create(code="EAST", name="East warehouse"))
    response = csr_client.get(URL, params)
    assert sorted(ids_in(response)) == sorted(made[name].pk for name in expected)


def test_the_shipping_method_filter(csr_client, make_order, world):
    ground, express = first_shipment(make_order()), first_shipment(make_order())
    Shipment.objects.filter(pk=express.pk).update(shipping_method=world.express)
    assert ids_in(csr_client.get(URL, {"shipping_method": world.express.pk})) == [express.pk]
    assert ids_in(csr_client.get(URL, {"shipping_method": world.ground.pk})) == [ground.pk]


@pytest.mark.parametrize("params, message", [
    ({"status": "shipped"}, "Select a valid choice"),
    ({"warehouse": "NOPE"}, "Select a valid choice"),
    ({"shipping_method": "x\x00"}, ""),
    ({"sort": "status"}, ""),
    ({"after": "garbage"}, "out of date or damaged"),
    ({"created_from": "2026-02-30"}, "Enter a valid date"),
])
def test_bad_input_gives_the_normal_page_and_a_message(csr_client, make_order, params, message):
    listed = first_shipment(make_order())
    response = csr_client.get(URL, params)
    assert response.status_code == 200
    assert listed.pk in ids_in(response)
    assert message in response.content.decode()


def test_the_page_runs_the_same_queries_for_1_or_50_shipments(csr_client, make_order, released,
                                                              django_assert_max_num_queries):
    backorderable = (("TEE-XL", 1),)
    released(1, lines=backorderable)
    with django_assert_max_num_queries(25) as one:
        assert csr_client.get(URL, {"per_page": 50}).status_code == 200
    released(20, lines=backorderable)
    for _ in range(29):
        make_order()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = csr_client.get(URL, {"per_page": 50})
    assert len(ids_in(response)) == 50


@pytest.mark.parametrize("target", ["shipment-results", "workspace"])
def test_an_htmx_request_gets_only_the_region_it_targets(csr_client, make_order, target):
    make_order()
    body = csr_client.get(URL, headers={"HX-Request": "true", "HX-Target": target}).content.decode()
    assert body.lstrip().startswith(f'<div id="{target}"')
    assert "<html" not in body and 'name="shipment"' in body


@pytest.mark.parametrize("url", [URL, reverse("shipment_export"), reverse("pick_lists")])
def test_the_pages_need_a_login_and_the_csr_role(client, django_user_model, db, url):
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url).status_code == 403
    assert client.post(ACTIONS, {"action": "release"}).status_code == 403


def test_bulk_actions_need_a_csrf_token(csr_user, released):
    from django.test import Client
    shipment, = released(1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(csr_user)
    assert client.post(ACTIONS, {"action": "pick_list", "shipment": shipment.pk}).status_code == 403
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.RELEASED


def test_add_to_pick_list_creates_one_and_says_so(csr_client, released):
    shipments = released(3)
    response = csr_client.post(ACTIONS, {"action": "pick_list", "shipment": [s.pk for s in shipments],
                                         "query": "status=released"})
    pick_list = PickList.objects.get()
    assert response.status_code == 302 and response["Location"] == URL + "?status=released"
    assert messages_of(response) == [f"Pick list {pick_list.number} created with 3 shipments."]
    assert set(pick_list.shipments.values_list("status", flat=True)) == {ShipmentStatus.PACKING}
    body = csr_client.get(URL).content.decode()
    assert f'<a href="{reverse("pick_list_detail", args=[pick_list.number])}">{pick_list.number}</a>' in body


def test_a_refused_pick_list_lists_each_refusal_and_writes_nothing(csr_client, released, make_order):
    good = released(1)[0]
    waiting = first_shipment(make_order())
    response = csr_client.post(ACTIONS, {"action": "pick_list", "shipment": [good.pk, waiting.pk]})
    said = messages_of(response)
    assert said[0].startswith("No pick list was created")
    assert said[1] == f"{waiting.order_form.order_group.number} shipment 1 is Awaiting Inventory and cannot be added to a pick list now."
    assert not PickList.objects.exists()
    good.refresh_from_db()
    assert good.status == ShipmentStatus.RELEASED


def test_release_reports_done_and_refused(csr_client, make_order):
    assigned = move_to(make_order(), ShipmentStatus.INVENTORY_ASSIGNED)
    waiting = first_shipment(make_order())
    response = csr_client.post(ACTIONS, {"action": "release", "shipment": [assigned.pk, waiting.pk]})
    said = messages_of(response)
    assert said[0] == "1 shipment released to the warehouse."
    assert "Awaiting Inventory and cannot be released now" in said[1]
    assigned.refresh_from_db()
    assert assigned.status == ShipmentStatus.RELEASED


def test_print_packing_slips_goes_to_the_printed_slips_of_the_chosen(csr_client, released):
    first, second = released(2)
    response = csr_client.post(ACTIONS, {"action": "print", "shipment": [first.pk, second.pk]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/shipments/print/packing-slips/?shipment={first.pk}&shipment={second.pk}")


@pytest.mark.parametrize("data, message", [
    ({"action": "pick_list"}, "Choose at least one shipment."),
    ({"action": "pick_list", "shipment": "abc"}, "A chosen shipment is not one of the list's"),
    ({"action": "pick_list", "shipment": "99999999999999999999999"}, "A chosen shipment is not one of the list's"),
    ({"action": "pick_list", "shipment": "987654"}, "No such shipment: 987654"),
    ({"action": "explode", "shipment": "1"}, "That action is not one of the list's."),
    ({"shipment": "1"}, "Choose what to do with the shipments."),
    ({"action": "release", "shipment": "1\x00"}, "A chosen shipment is not one of the list's"),
])
def test_forged_or_malformed_input_is_a_message(csr_client, db, data, message):
    response = csr_client.post(ACTIONS, data)
    assert response.status_code == 302
    assert any(message in said for said in messages_of(response)), messages_of(response)


def test_columns_saved_views_and_csv(csr_client, csr_user, released):
    shipment, = released(1)
    csr_client.post(reverse("shipment_columns"), {"order": ["order", "status"], "cols": ["order", "status"],
                                                  "action": "save"})
    assert UserPreferences.of(csr_user).columns["shipments"] == ["order", "status"]
    body = csr_client.get(URL).content.decode()
    assert re.findall(r'<th scope="col"[^>]*>\s*(?:<a [^>]*>)?([^<]+)<', body) == ["Order", "Status"]
    csr_client.post(reverse("shipment_save_view"), {"name": "To pick", "query": "status=released"})
    assert SavedView.objects.get(name="To pick").table == "shipments"
    response = csr_client.get(reverse("shipment_export"), {"status": "released"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [["Order", "Status"], [shipment.order_form.order_group.number, "Released"]]


def test_paging_visits_every_shipment_once(csr_client, make_order):
    made = [first_shipment(make_order()).pk for _ in range(30)]
    first = csr_client.get(URL, {"per_page": 25})
    query = re.search(r'href="/shipments/\?([^"]*after=[^"]*)" hx-get', first.content.decode()).group(1)
    second = csr_client.get(URL + "?" + query.replace("&amp;", "&"))
    assert sorted(ids_in(first) + ids_in(second)) == sorted(made)
