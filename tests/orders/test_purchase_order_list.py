"""The Purchase orders tab: filters with the search semantics of docs/domain.md §5, sorting, paging, bad input."""
import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.factories.catalog import MarketFactory
from demo.factories.orders import PurchaseOrderFactory
from orders.models import OrderStatus

URL = reverse("purchase_orders")


def order(**fields):
    fields.setdefault("customer", None)
    return PurchaseOrderFactory(lines=0, **fields)


def numbers_in(response) -> list[str]:
    return re.findall(r">(PO\d+)</a></td>", response.content.decode())


@pytest.fixture
def named_orders(db):
    return {
        "mercy": order(customer_name="Mercy Taylor", customer_email="Mercy.Taylor@example.com"),
        "taylor": order(customer_name="Taylor Hayes", customer_email="taylor.hayes@example.org"),
        "smith": order(customer_name="Anna Smith", customer_email="anna@smith.test"),
    }


@pytest.mark.parametrize("search, expected", [
    ("%tay", {"mercy", "taylor"}),
    ("tay", {"taylor"}),
    ("TAYLOR", {"taylor"}),
    ("%smi", {"smith"}),
    ("anna", {"smith"}),
    ("%a%h", {"taylor", "smith"}),
    ("nobody", set()),
])
def test_customer_name_is_a_prefix_in_which_percent_is_a_wildcard(csr_client, named_orders, search, expected):
    response = csr_client.get(URL, {"customer": search})
    assert set(numbers_in(response)) == {named_orders[key].number for key in expected}


@pytest.mark.parametrize("search, expected", [
    ("mercy.taylor@example.com", {"mercy"}),
    ("MERCY.TAYLOR@EXAMPLE.COM", {"mercy"}),
    ("@example.com", set()),
    ("example.com", set()),
    ("mercy", set()),
])
def test_customer_email_is_exact_but_ignores_case(csr_client, named_orders, search, expected):
    response = csr_client.get(URL, {"email": search})
    assert set(numbers_in(response)) == {named_orders[key].number for key in expected}


def test_an_underscore_in_a_name_search_is_a_letter_not_a_wildcard(csr_client, db):
    under = order(customer_name="A_B Corp")
    order(customer_name="AXB Corp")
    assert numbers_in(csr_client.get(URL, {"customer": "a_b"})) == [under.number]


def test_order_number_is_exact_and_a_prefix_while_typing(csr_client, db):
    orders = [order() for _ in range(3)]
    exact = orders[1].number
    assert numbers_in(csr_client.get(URL, {"number": exact.lower()})) == [exact]
    prefix = exact[:-1]
    found = numbers_in(csr_client.get(URL, {"number": prefix}))
    assert exact in found and all(number.startswith(prefix) for number in found)


def test_status_and_market_take_several_values(csr_client, db):
    us, japan = MarketFactory(united_states=True), MarketFactory(japan=True)
    held = order(status=OrderStatus.ON_HOLD, market=us)
    done = order(status=OrderStatus.COMPLETED, market=japan)
    order(status=OrderStatus.CANCELLED, market=us)
    response = csr_client.get(URL, {"status": ["on_hold", "completed"]})
    assert set(numbers_in(response)) == {held.number, done.number}
    response = csr_client.get(URL, {"status": ["on_hold", "completed"], "market": ["JP"]})
    assert numbers_in(response) == [done.number]


def test_name_filter(csr_client, db):
    special = order(name="Office supplies")
    order(name="Default")
    assert numbers_in(csr_client.get(URL, {"name": "office"})) == [special.number]


STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


@pytest.fixture
def stockholm_csr(csr_client, settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    return csr_client


def test_today_starts_at_the_csrs_local_midnight(stockholm_csr, db):
    today = timezone.localtime(timezone.now(), STOCKHOLM).date()
    just_after_midnight = order(created=at(today, 0, 1))
    # 23:59 yesterday in Stockholm is already "today" in UTC for half the year: it must not count.
    just_before_midnight = order(created=at(today - datetime.timedelta(days=1), 23, 59))
    found = numbers_in(stockholm_csr.get(URL, {"created": "today"}))
    assert just_after_midnight.number in found
    assert just_before_midnight.number not in found


@pytest.mark.parametrize("preset, days_back, included", [
    ("last_7_days", 6, True), ("last_7_days", 7, False),
    ("last_30_days", 29, True), ("last_30_days", 30, False),
])
def test_rolling_presets_count_whole_local_days(stockholm_csr, db, preset, days_back, included):
    today = timezone.localtime(timezone.now(), STOCKHOLM).date()
    edge = order(created=at(today - datetime.timedelta(days=days_back), 0, 5))
    assert (edge.number in numbers_in(stockholm_csr.get(URL, {"created": preset}))) is included


def test_this_week_starts_on_monday_and_this_month_on_the_first(stockholm_csr, db):
    today = timezone.localtime(timezone.now(), STOCKHOLM).date()
    monday = today - datetime.timedelta(days=today.weekday())
    first = today.replace(day=1)
    in_week, before_week = order(created=at(monday, 0, 0)), order(created=at(monday - datetime.timedelta(days=1), 23, 0))
    in_month, before_month = order(created=at(first, 0, 0)), order(created=at(first - datetime.timedelta(days=1), 23, 0))
    week = numbers_in(stockholm_csr.get(URL, {"created": "this_week", "per_page": 100}))
    month = numbers_in(stockholm_csr.get(URL, {"created": "this_month", "per_page": 100}))
    assert in_week.number in week and before_week.number not in week
    assert in_month.number in month and before_month.number not in month


def test_a_custom_range_includes_both_days(stockholm_csr, db):
    first = order(created=at(datetime.date(2026, 3, 1), 0, 0))
    last = order(created=at(datetime.date(2026, 3, 31), 23, 59))
    outside = order(created=at(datetime.date(2026, 4, 1), 0, 0))
    found = numbers_in(stockholm_csr.get(URL, {"created_from": "2026-03-01", "created_to": "2026-03-31"}))
    assert set(found) == {first.number, last.number}
    assert outside.number not in found


def test_sorting_and_keyset_paging_visit_every_row_once(csr_client, db):
    orders = [order(customer_name=f"Customer {index:02d}") for index in range(60)]
    seen, query = [], "sort=customer_name&per_page=25"
    while True:
        response = csr_client.get(URL + "?" + query)
        seen += numbers_in(response)
        next_link = re.search(r'href="[^"?]*\?([^"]*after=[^"]*)" hx-get', response.content.decode())
        if not next_link:
            break
        query = next_link.group(1).replace("&amp;", "&")
    expected = [order.number for order in sorted(orders, key=lambda order: order.customer_name)]
    assert seen == expected


def test_the_last_page_and_going_back_from_it(csr_client, db):
    orders = [order(customer_name=f"C{index:02d}") for index in range(30)]
    ordered = [order.number for order in sorted(orders, key=lambda order: order.customer_name)]
    last = csr_client.get(URL, {"sort": "customer_name", "page": "last"})
    assert numbers_in(last) == ordered[-25:]
    previous = re.search(r'href="[^"?]*\?([^"]*before=[^"]*)" hx-get', last.content.decode()).group(1).replace("&amp;", "&")
    assert numbers_in(csr_client.get(URL + "?" + previous)) == ordered[:5]


@pytest.mark.parametrize("params, message", [
    ({"status": "shipped_to_mars"}, 'id="id_status_error">Select a valid choice'),
    ({"market": "XX"}, 'id="id_market_error">Select a valid choice'),
    ({"created_from": "2026-02-30"}, 'id="id_created_from_error">Enter a valid date. This filter was left out.'),
    ({"created": "yesterday"}, 'id="id_created_error">Select a valid choice'),
    ({"page": str(10**9)}, "First, Previous, Next and Last"),
    ({"after": "not-a-cursor"}, "out of date or damaged"),
    ({"cols": "number,secret_column"}, "Unknown column(s) left out: secret_column"),
    ({"sort": "password"}, "cannot be sorted by"),
    ({"per_page": "1000000"}, "Rows per page can be"),
])
def test_bad_input_in_the_url_gives_the_normal_page_and_a_message(csr_client, db, params, message):
    order()
    response = csr_client.get(URL, params)
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.content.decode()


def test_html_and_sql_in_the_search_are_only_text(csr_client, db):
    order(customer_name="<script>alert(1)</script>")
    response = csr_client.get(URL, {"customer": "<script>", "name": "'; DROP TABLE orders_ordergroup; --"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


def test_the_page_runs_the_same_queries_for_25_or_100_rows(csr_client, db, django_assert_max_num_queries):
    for _ in range(100):
        order()
    with django_assert_max_num_queries(12) as small:
        csr_client.get(URL, {"per_page": 25, "status": "in_progress", "customer": "%a"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        csr_client.get(URL, {"per_page": 100, "status": "in_progress", "customer": "%a"})


def test_an_htmx_request_gets_only_the_results(csr_client, db):
    order()
    response = csr_client.get(URL, headers={"HX-Request": "true", "HX-Target": "order-results"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="order-results"')
    assert "<html" not in body


def test_every_row_links_to_its_order(csr_client, db):
    placed = order()
    response = csr_client.get(URL)
    assert f'href="{reverse("po:order_detail", args=[placed.number])}"' in response.content.decode()


def test_the_list_needs_the_csr_role(client, django_user_model, db):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(URL).status_code == 403


@pytest.fixture
def nordic_orders(db):
    return {
        "bjorn": order(customer_name="Björn Ek", name="Östra lagret"),
        "stahl": order(customer_name="Eva Ståhl"),
        "marten": order(customer_name="Mårten Berg"),
        "bjarne": order(customer_name="Bjarne Ek", name="Ostra"),
    }


@pytest.mark.parametrize("field, search, expected", [
    ("customer", "björn", {"bjorn"}),
    ("customer", "BJÖRN", {"bjorn"}),
    ("customer", "%ståhl", {"stahl"}),
    ("customer", "%STÅHL", {"stahl"}),
    ("customer", "MÅRTEN", {"marten"}),
    ("customer", "mårten b", {"marten"}),
    ("customer", "bj", {"bjorn", "bjarne"}),
    ("name", "östra", {"bjorn"}),
])
def test_letters_beyond_ascii_match_whatever_their_case(csr_client, nordic_orders, field, search, expected):
    assert set(numbers_in(csr_client.get(URL, {field: search}))) == {nordic_orders[key].number for key in expected}


def test_an_order_number_without_its_prefix_finds_the_order(csr_client, db):
    orders = [order() for _ in range(3)]
    wanted = orders[1].number
    digits = wanted.removeprefix("PO")
    assert numbers_in(csr_client.get(URL, {"number": digits})) == [wanted]
    assert numbers_in(csr_client.get(URL, {"number": " " + digits.lower() + " "})) == [wanted]
    found = numbers_in(csr_client.get(URL, {"number": digits[:-1]}))
    assert wanted in found and all(number.startswith("PO" + digits[:-1]) for number in found)
    assert numbers_in(csr_client.get(URL, {"number": "99999999"})) == []


def test_the_email_filter_is_plain_text_so_a_fragment_never_blocks_the_other_filters(csr_client, named_orders):
    body = csr_client.get(URL).content.decode()
    email = re.search(r'<input[^>]*name="email"[^>]*>', body).group(0)
    assert 'type="text"' in email and 'inputmode="email"' in email
    assert re.search(r'<form id="filters"[^>]*novalidate', body)
    # A fragment finds nothing, and the filters beside it still apply.
    response = csr_client.get(URL, {"email": "@example", "customer": "%tay"})
    assert numbers_in(response) == []


def test_a_from_date_after_to_is_said_beside_the_dates_and_no_range_applies(stockholm_csr, db):
    march = order(created=at(datetime.date(2026, 3, 3), 12, 0))
    response = stockholm_csr.get(URL, {"created_from": "2026-03-05", "created_to": "2026-03-01", "customer": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert ('<p class="field-error" id="id_created_to_error">To is before From (2026-03-05 to 2026-03-01); '
            "choose a To on or after From. The dates were left out.</p>") in body
    assert 'id="id_created_to" value="2026-03-01" aria-invalid="true" aria-describedby="id_created_to_error"' in body
    assert numbers_in(response) == [march.number]
    assert "Nothing matches" not in body
    # While typing, the message comes out of band with the results.
    htmx = stockholm_csr.get(URL, {"created_from": "2026-03-05", "created_to": "2026-03-01"},
                             headers={"HX-Request": "true", "HX-Target": "order-results"}).content.decode()
    assert '<p class="field-error" id="id_created_to_error" hx-swap-oob="true">To is before From' in htmx
