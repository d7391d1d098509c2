"""The order page's presence poll: "Also open by ..." and "Changed by ... at HH:MM: Reload"."""
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from csrportal.models import UserPreferences
from demo.factories.orders import PurchaseOrderFactory
from orders import operations as ops
from orders import presence, presence_views
from orders.models import OrderGroup, OrderViewer
from tests.conftest import CSR_PASSWORD

HTMX = {"HX-Request": "true"}


@pytest.fixture
def colleague(django_user_model, csr_group):
    user = django_user_model.objects.create_user("csr2", password=CSR_PASSWORD, first_name="Anna", last_name="Berg")
    user.groups.add(csr_group)
    return user


@pytest.fixture
def colleague_client(colleague):
    client = Client()
    client.force_login(colleague)
    return client


@pytest.fixture(autouse=True)
def never_forget_by_chance(monkeypatch):
    """Old rows are forgotten at random (one poll in 200): not in these tests unless asked."""
    monkeypatch.setattr(presence_views.random, "randrange", lambda n: 1)


def poll_url(order, kind="po"):
    return reverse(f"{kind}:order_presence", args=[order.number])


def poll(client, order, version="", shown="", kind="po", headers=HTMX):
    return client.get(poll_url(order, kind), {"version": version, "shown": shown}, headers=headers)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def test_the_order_page_polls_with_the_version_it_was_drawn_with_only_while_visible(csr_client, editable_order):
    body = csr_client.get(reverse("po:order_detail", args=[editable_order.number])).content.decode()
    assert f'hx-get="{poll_url(editable_order)}?version={editable_order.version}&amp;shown="' in body
    assert "hx-trigger=\"load, every 3s [document.visibilityState === 'visible']\"" in body


def test_a_colleague_who_has_the_order_open_is_named(csr_client, colleague_client, editable_order):
    assert poll(colleague_client, editable_order, editable_order.version).status_code in (200, 204)
    response = poll(csr_client, editable_order, editable_order.version)
    assert response.status_code == 200
    assert text_of(response) == "Also open by Anna Berg"


def test_i_am_not_named_to_myself(csr_client, editable_order):
    poll(csr_client, editable_order, editable_order.version)
    response = poll(csr_client, editable_order, editable_order.version)
    assert "Also open by" not in response.content.decode()


def test_a_colleague_who_closed_the_page_is_no_longer_named(csr_client, colleague, editable_order):
    OrderViewer.objects.create(order_group=editable_order, user=colleague,
                               last_seen=timezone.now() - presence.PRESENT_FOR - timedelta(seconds=1))
    assert "Also open by" not in poll(csr_client, editable_order, editable_order.version).content.decode()


def test_several_colleagues_are_named_once_each(csr_client, colleague, django_user_model, editable_order):
    third = django_user_model.objects.create_user("csr3", first_name="Bo", last_name="Lund")
    other = PurchaseOrderFactory(market=editable_order.market, lines=1)
    now = timezone.now()
    OrderViewer.objects.bulk_create([OrderViewer(order_group=editable_order, user=colleague, last_seen=now),
                                     OrderViewer(order_group=editable_order, user=third, last_seen=now),
                                     OrderViewer(order_group=other, user=third, last_seen=now)])
    assert text_of(poll(csr_client, editable_order, editable_order.version)) == "Also open by Anna Berg, Bo Lund"


def test_a_change_saved_by_a_colleague_shows_who_and_when_in_my_time_zone(csr_user, colleague, editable_order):
    UserPreferences.objects.create(user=csr_user, time_zone="Asia/Tokyo")
    client = Client()
    client.force_login(csr_user)  # the time zone is taken at login
    drawn = editable_order.version
    ops.order_hold(editable_order, user=colleague, version=drawn)
    changed = OrderGroup.objects.get(pk=editable_order.pk)

    response = poll(client, editable_order, drawn)
    at = timezone.localtime(changed.modified, ZoneInfo("Asia/Tokyo")).strftime("%H:%M")
    assert text_of(response) == f"Changed by Anna Berg at {at}: Reload"
    page = reverse("po:order_detail", args=[editable_order.number])
    assert f'<a href="{page}">Reload</a>' in response.content.decode()


def test_the_reload_link_keeps_the_tab_the_csr_is_on(csr_client, colleague, editable_order):
    drawn = editable_order.version
    ops.order_hold(editable_order, user=colleague, version=drawn)
    tab = reverse("po:order_tab", args=[editable_order.number, "forms"])
    on_forms = poll(csr_client, editable_order, drawn, headers={**HTMX, "HX-Current-URL": f"http://testserver{tab}"})
    assert f'<a href="{tab}">Reload</a>' in on_forms.content.decode()
    elsewhere = poll(csr_client, editable_order, drawn, headers={**HTMX, "HX-Current-URL": "http://evil.example/orders/"})
    assert f'<a href="{reverse("po:order_detail", args=[editable_order.number])}">Reload</a>' in elsewhere.content.decode()


def test_my_own_change_shows_no_banner(csr_client, csr_user, editable_order):
    drawn = editable_order.version
    ops.order_hold(editable_order, user=csr_user, version=drawn)
    # Even a poll sent before the page drew my change again does not call it someone else's.
    assert "Changed by" not in poll(csr_client, editable_order, drawn).content.decode()


def test_a_page_drawn_after_the_change_shows_no_banner(csr_client, colleague, editable_order):
    ops.order_hold(editable_order, user=colleague, version=editable_order.version)
    assert "Changed by" not in poll(csr_client, editable_order, editable_order.version).content.decode()


def test_after_an_edit_on_the_page_the_poll_sends_the_new_version(csr_client, editable_order):
    drawn = editable_order.version
    response = csr_client.post(reverse("po:order_edit", args=[editable_order.number, "hold"]),
                               {"version": drawn}, headers=HTMX)
    assert response.status_code == 200
    assert OrderGroup.objects.get(pk=editable_order.pk).version == drawn + 1
    assert f'hx-get="{poll_url(editable_order)}?version={drawn + 1}&amp;shown="' in response.content.decode()


def test_when_nothing_changed_the_poll_answers_204_and_the_region_is_left_alone(csr_client, colleague_client, editable_order):
    poll(colleague_client, editable_order, editable_order.version)
    first = poll(csr_client, editable_order, editable_order.version)
    shown = re.search(r"shown=(\w+)", first.content.decode()).group(1)
    assert poll(csr_client, editable_order, editable_order.version, shown).status_code == 204
    # Nobody else and nothing new: an empty region is "shown" too.
    alone = PurchaseOrderFactory(market=editable_order.market, lines=1)
    assert poll(csr_client, alone, alone.version).status_code == 204


def test_the_poll_answers_in_two_queries_besides_the_login_however_many_look(
        csr_client, colleague, django_user_model, editable_order, django_assert_num_queries):
    poll(csr_client, editable_order, editable_order.version)  # the role check is remembered in the session
    with django_assert_num_queries(4) as alone:  # session, user, the presence read, the upsert
        poll(csr_client, editable_order, editable_order.version)
    now = timezone.now()
    for n in range(5):
        user = django_user_model.objects.create_user(f"peer{n}", first_name="Peer", last_name=str(n))
        OrderViewer.objects.create(order_group=editable_order, user=user, last_seen=now)
    with django_assert_num_queries(4) as crowded:
        response = poll(csr_client, editable_order, editable_order.version)
    assert text_of(response).startswith("Also open by Peer 0, Peer 1")
    reads = [q["sql"] for q in crowded.captured_queries if "orders_ordergroup" in q["sql"]]
    writes = [q["sql"] for q in crowded.captured_queries if q["sql"].startswith("INSERT")]
    assert len(reads) == 1 and "orders_orderviewer" in reads[0] and "LEFT OUTER JOIN" in reads[0]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0]
    assert len(alone.captured_queries) == len(crowded.captured_queries)


def test_each_poll_stamps_one_row_per_csr_and_order(csr_client, csr_user, editable_order):
    poll(csr_client, editable_order, editable_order.version)
    first = OrderViewer.objects.get(order_group=editable_order, user=csr_user).last_seen
    poll(csr_client, editable_order, editable_order.version)
    rows = OrderViewer.objects.filter(order_group=editable_order, user=csr_user)
    assert rows.count() == 1 and rows.get().last_seen >= first


def test_rows_of_pages_closed_long_ago_are_forgotten_now_and_then(csr_client, colleague, editable_order, monkeypatch):
    long_ago = timezone.now() - presence.FORGET_AFTER - timedelta(minutes=1)
    other = PurchaseOrderFactory(market=editable_order.market, lines=1)
    OrderViewer.objects.create(order_group=other, user=colleague, last_seen=long_ago)
    OrderViewer.objects.create(order_group=editable_order, user=colleague, last_seen=timezone.now())
    poll(csr_client, editable_order, editable_order.version)
    assert OrderViewer.objects.count() == 3
    monkeypatch.setattr(presence_views.random, "randrange", lambda n: 0)
    poll(csr_client, editable_order, editable_order.version)
    assert set(OrderViewer.objects.values_list("order_group_id", flat=True)) == {editable_order.pk}
    assert OrderViewer.objects.count() == 2


@pytest.mark.parametrize("version", ["x", "", "²", "1e3", "-1", "1" * 40, "3\x00", "\x00"])
def test_a_bad_version_is_no_version_never_a_500(csr_client, colleague, editable_order, version):
    ops.order_hold(editable_order, user=colleague, version=editable_order.version)
    response = poll(csr_client, editable_order, version, shown="a\x00b")
    assert response.status_code == 200
    assert "Changed by" not in response.content.decode()


def test_an_unknown_order_or_one_of_another_kind_is_not_found(csr_client, editable_order):
    assert csr_client.get(reverse("po:order_presence", args=["PO0"]), headers=HTMX).status_code == 404
    assert csr_client.get(reverse("cart:order_presence", args=[editable_order.number]), headers=HTMX).status_code == 404
    assert csr_client.get("/orders/%00/presence/", headers=HTMX).status_code == 404
    assert csr_client.get("/orders/PO%001/presence/", headers=HTMX).status_code == 404


def test_carts_and_subscriptions_poll_under_their_own_urls(csr_client, colleague_client, editable_order):
    from demo.factories.orders import CartFactory

    cart = CartFactory(market=editable_order.market)
    poll(colleague_client, cart, cart.version, kind="cart")
    response = poll(csr_client, cart, cart.version, kind="cart")
    assert text_of(response) == "Also open by Anna Berg"
    assert f'hx-get="{poll_url(cart, "cart")}?version={cart.version}' in response.content.decode()


def test_opened_without_htmx_it_leads_to_the_order_page(csr_client, editable_order):
    response = poll(csr_client, editable_order, editable_order.version, headers={})
    assert response.status_code == 302
    assert response["Location"] == reverse("po:order_detail", args=[editable_order.number])


def test_it_needs_a_logged_in_csr_and_a_get(client, csr_client, django_user_model, editable_order):
    anonymous = poll(client, editable_order, editable_order.version)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    stranger = django_user_model.objects.create_user("shopper", password=CSR_PASSWORD)
    client.force_login(stranger)
    assert poll(client, editable_order, editable_order.version).status_code == 403
    assert csr_client.post(poll_url(editable_order), headers=HTMX).status_code == 405
    assert not OrderViewer.objects.filter(user=stranger).exists()


def seq_scans(plan, tables=("orders_ordergroup", "orders_orderviewer")) -> list[str]:
    found = [plan["Relation Name"]] if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in tables else []
    for child in plan.get("Plans", []):
        found += seq_scans(child, tables)
    return found


def test_the_poll_reads_orders_and_viewers_through_indexes(csr_client, colleague_client, editable_order):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's; CI runs this on PostgreSQL")
    from django.test.utils import CaptureQueriesContext

    from tests.orders.test_query_plans import explain

    poll(colleague_client, editable_order, editable_order.version)
    with CaptureQueriesContext(connection) as captured:
        poll(csr_client, editable_order, editable_order.version)
    reads = [q["sql"] for q in captured.captured_queries if '"orders_orderviewer"' in q["sql"] and q["sql"].startswith("SELECT")]
    assert len(reads) == 1
    assert seq_scans(explain(reads[0])) == []


def test_a_cart_a_colleague_placed_meanwhile_says_what_it_became_and_stops_polling(csr_client, colleague, editable_order):
    from demo.factories.orders import CartFactory
    from orders.models import Kind, OrderStatus

    cart = CartFactory(market=editable_order.market)
    poll(csr_client, cart, cart.version, kind="cart")
    # As carts.operations.cart_place_order leaves it: the same row, renumbered, marked with its source.
    OrderGroup.objects.filter(pk=cart.pk).update(kind=Kind.PURCHASE_ORDER, status=OrderStatus.IN_PROGRESS,
                                                 number="PO99999", source_cart_number=cart.number,
                                                 modified_by=colleague, version=cart.version + 1)
    placed = OrderGroup.objects.get(pk=cart.pk)
    response = poll(csr_client, cart, cart.version, kind="cart")
    assert response.status_code == 200
    at = timezone.localtime(placed.modified).strftime("%H:%M")
    assert text_of(response) == f"Cart {cart.number} was made purchase order PO99999 by Anna Berg at {at}: Open PO99999"
    body = response.content.decode()
    assert f'<a href="{reverse("po:order_detail", args=["PO99999"])}">Open PO99999</a>' in body
    assert "hx-trigger" not in body and "data-poll" not in body
    # A cart number that was never placed is still unknown.
    assert csr_client.get(reverse("cart:order_presence", args=["C0"]), headers=HTMX).status_code == 404
