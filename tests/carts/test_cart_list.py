"""The Carts tab: registered and anonymous carts and wish lists, found with the portal's filters."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from demo.factories.catalog import MarketFactory
from demo.factories.orders import CartFactory, PurchaseOrderFactory

URL = reverse("carts")


def cart(**fields):
    fields.setdefault("lines", 0)
    return CartFactory(**fields)


def numbers_in(response) -> list[str]:
    return re.findall(r">(C\d+)</a></td>", response.content.decode())


def found(client, **params) -> set[str]:
    return set(numbers_in(client.get(URL, params)))


@pytest.fixture
def named_carts(db):
    return {
        "mercy": cart(customer=None, customer_name="Mercy Taylor", customer_email="Mercy.Taylor@example.com"),
        "taylor": cart(customer=None, customer_name="Taylor Hayes", customer_email="taylor.hayes@example.org"),
        "smith": cart(customer=None, customer_name="Anna Smith", customer_email="anna@smith.test"),
    }


@pytest.mark.parametrize("search, expected", [
    ("%tay", {"mercy", "taylor"}),
    ("tay", {"taylor"}),
    ("TAYLOR", {"taylor"}),
    ("%a%h", {"taylor", "smith"}),
    ("nobody", set()),
])
def test_a_name_search_is_a_prefix_in_which_percent_is_a_wildcard(csr_client, named_carts, search, expected):
    assert found(csr_client, search=search) == {named_carts[key].number for key in expected}


@pytest.mark.parametrize("search, expected", [
    ("mercy.taylor@example.com", {"mercy"}),
    (" MERCY.TAYLOR@EXAMPLE.COM ", {"mercy"}),
    ("@example.com", set()),
    ("taylor@example", set()),
])
def test_a_search_with_an_at_sign_is_an_exact_email_that_ignores_case(csr_client, named_carts, search, expected):
    assert found(csr_client, search=search) == {named_carts[key].number for key in expected}


def test_wish_lists_and_carts_are_told_apart_by_name(csr_client, db):
    default, wishlist, named = cart(), cart(wishlist=True), cart(name="Office restock")
    assert found(csr_client, kind="wishlists") == {wishlist.number}
    assert found(csr_client, kind="carts") == {default.number, named.number}
    assert found(csr_client) == {default.number, wishlist.number, named.number}


def test_registered_and_anonymous_carts_are_both_listed_and_filtered(csr_client, db):
    registered = cart()
    anonymous = cart(anonymous=True, customer_name="Robin Guest")
    nameless = cart(anonymous=True, customer_name="", customer_email="")
    assert found(csr_client, customer="registered") == {registered.number}
    assert found(csr_client, customer="anonymous") == {anonymous.number, nameless.number}
    body = csr_client.get(URL).content.decode()
    assert "<td>Robin Guest (Anonymous)</td>" in body
    assert "<td>Anonymous</td>" in body
    assert f"<td>{escape(registered.customer_name)}</td>" in body


def test_market_is_any_or_one(csr_client, db):
    us, japan = MarketFactory(united_states=True), MarketFactory(japan=True)
    in_us, in_japan = cart(market=us), cart(market=japan)
    assert found(csr_client, market="JP") == {in_japan.number}
    assert found(csr_client, market="") == {in_us.number, in_japan.number}
    assert '<option value="" selected>Any</option>' in csr_client.get(URL).content.decode()


def test_created_presets_and_a_custom_range(csr_client, db):
    now = timezone.now()
    today, old = cart(created=now), cart(created=now - datetime.timedelta(days=40))
    assert found(csr_client, created="today") == {today.number}
    assert found(csr_client, created="last_30_days") == {today.number}
    day = timezone.localdate(old.created).isoformat()
    assert found(csr_client, created_from=day, created_to=day) == {old.number}


def test_purchase_orders_are_not_carts(csr_client, db):
    only = cart()
    PurchaseOrderFactory(lines=0)
    assert numbers_in(csr_client.get(URL)) == [only.number]


def test_the_newest_cart_comes_first_and_every_row_shows_its_totals(csr_client, db):
    now = timezone.now()
    older = cart(created=now - datetime.timedelta(hours=2), lines=2)
    newer = cart(created=now - datetime.timedelta(hours=1))
    response = csr_client.get(URL)
    assert numbers_in(response) == [newer.number, older.number]
    body = response.content.decode()
    assert f'<td class="number">{older.item_count}</td>' in body
    assert f'<td class="number">{older.total:,.2f} USD</td>' in body
    assert "Last modified" in body


def test_sorting_by_a_column_and_paging_visit_every_cart_once(csr_client, db):
    carts = [cart(customer=None, customer_name=f"Customer {index:02d}") for index in range(30)]
    first = csr_client.get(URL, {"sort": "customer_name"})
    next_query = re.search(r'href="[^"?]*\?([^"]*after=[^"]*)" hx-get', first.content.decode()).group(1)
    second = csr_client.get(URL + "?" + next_query.replace("&amp;", "&"))
    expected = [cart.number for cart in sorted(carts, key=lambda cart: cart.customer_name)]
    assert numbers_in(first) + numbers_in(second) == expected


@pytest.mark.parametrize("params, message", [
    ({"market": "XX"}, 'id="id_market_error">Select a valid choice'),
    ({"kind": "orders"}, 'id="id_kind_error">Select a valid choice'),
    ({"customer": "robots"}, 'id="id_customer_error">Select a valid choice'),
    ({"created": "yesterday"}, 'id="id_created_error">Select a valid choice'),
    ({"created_from": "2026-02-30"}, 'id="id_created_from_error">Enter a valid date'),
    ({"sort": "number"}, "cannot be sorted by"),
    ({"sort": "-password"}, "cannot be sorted by"),
    ({"after": "not-a-cursor"}, "out of date or damaged"),
    ({"cols": "number,secret"}, "Unknown column(s) left out: secret"),
    ({"per_page": "9999"}, "Rows per page can be"),
])
def test_bad_input_gives_the_normal_page_and_a_message(csr_client, db, params, message):
    listed = cart()
    response = csr_client.get(URL, params)
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert listed.number in numbers_in(response)


def test_the_page_runs_the_same_queries_for_25_or_100_rows(csr_client, db, django_assert_max_num_queries):
    for index in range(100):
        cart(anonymous=index % 2 == 0)
    with django_assert_max_num_queries(12) as small:
        csr_client.get(URL, {"per_page": 25, "search": "%a", "kind": "carts"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = csr_client.get(URL, {"per_page": 100, "search": "%a", "kind": "carts"})
    assert response.status_code == 200


@pytest.mark.parametrize("target", ["cart-results", "workspace"])
def test_an_htmx_request_gets_only_the_region_it_targets(csr_client, db, target):
    cart()
    response = csr_client.get(URL, headers={"HX-Request": "true", "HX-Target": target})
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="{target}"')
    assert 'hx-target="#cart-results"' in body and "<html" not in body


def test_the_filters_refresh_the_cart_results(csr_client, db):
    body = csr_client.get(URL).content.decode()
    assert 'hx-target="#cart-results"' in body
    assert "order-results" not in body


def test_every_row_opens_its_cart(csr_client, db):
    listed = cart(lines=3)
    response = csr_client.get(URL)
    detail = reverse("cart:order_detail", args=[listed.number])
    assert f'href="{detail}"' in response.content.decode()
    page = csr_client.get(detail).content.decode()
    assert listed.number in page and escape(listed.customer_name) in page
    page = csr_client.get(reverse("cart:order_tab", args=[listed.number, "forms"])).content.decode()
    assert page.count('name="quantity"') >= 3  # a cart is always editable


def test_an_unknown_or_non_cart_number_is_not_found(csr_client, db):
    order = PurchaseOrderFactory(lines=0)
    assert csr_client.get(reverse("cart:order_detail", args=["C1"])).status_code == 404
    assert csr_client.get(reverse("cart:order_detail", args=[order.number])).status_code == 404


@pytest.mark.parametrize("url", [URL, reverse("cart_export"), reverse("cart:order_detail", args=["C10001"])])
def test_the_pages_need_a_login_and_the_csr_role(client, django_user_model, db, url):
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url).status_code == 403


def test_the_list_refuses_post(csr_client, db):
    assert csr_client.post(URL).status_code == 405


@pytest.mark.parametrize("search, expected", [("björn", {"bjorn"}), ("%STÅHL", {"stahl"}), ("mårten", {"marten"})])
def test_letters_beyond_ascii_match_whatever_their_case(csr_client, db, search, expected):
    carts = {"bjorn": cart(customer=None, customer_name="Björn Ek"), "stahl": cart(customer=None, customer_name="Eva Ståhl"),
             "marten": cart(customer=None, customer_name="Mårten Berg")}
    assert found(csr_client, search=search) == {carts[key].number for key in expected}


def test_a_cart_number_with_or_without_its_prefix_finds_the_cart(csr_client, db):
    carts = [cart(customer=None, customer_name=f"Anna {index}") for index in range(3)]
    wanted = carts[1].number
    assert found(csr_client, search=wanted.removeprefix("C")) == {wanted}
    assert found(csr_client, search=wanted.lower()) == {wanted}
    # A name that starts with the prefix's letter is still a name.
    carla = cart(customer=None, customer_name="Carla Diaz")
    assert found(csr_client, search="c") == {carla.number}
