"""The Customers tab: every customer, found with the portal's filters, with the figures of their
purchase orders; the table tools of every tab (Columns, saved views, CSV, keyset paging, URL state)."""
import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from csrportal.models import SavedView, UserPreferences
from customers.models import CustomerFigure
from customers.tables import CustomerTable
from demo.factories.customers import CustomerFactory, CustomerGroupFactory, OrganizationFactory
from demo.factories.orders import PurchaseOrderFactory
from orders.customer_figures import refresh_customer_figures

URL = reverse("customers")


def person(first, last, **fields):
    fields.setdefault("addresses", 0)
    return CustomerFactory(first_name=first, last_name=last, **fields)


def ids_in(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<td><a href="/customers/(\d+)/">', response.content.decode())]


def found(client, **params) -> set[int]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return set(ids_in(response))


def headers(response) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", response.content.decode(), re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


@pytest.fixture
def people(db):
    return {
        "mercy": person("Mercy", "Taylor", email="Mercy.Taylor@example.com", phone="+1 555-0134"),
        "taylor": person("Taylor", "Hayes", email="taylor.hayes@example.org", phone="+46 70-123 45 67"),
        "smith": person("Anna", "Smith", email="anna@smith.test", phone=""),
        "bjorn": person("Björn", "Ståhl", email="bjorn@example.se", phone=""),
    }


def test_the_tab_lists_every_customer_newest_first_with_the_default_columns(csr_client, db):
    now = timezone.now()
    older = person("Ada", "Byron", created=now - datetime.timedelta(days=2))
    newer = person("Grace", "Hopper", created=now - datetime.timedelta(days=1))
    response = csr_client.get(URL)
    assert response.status_code == 200
    assert ids_in(response) == [newer.pk, older.pk]
    # Organization is one of the Columns a CSR can add; off by default so the table fits 1,300 pixels.
    assert headers(response) == ["Name", "Email", "Phone", "Customer group", "Market of last order",
                                 "Orders", "Last order", "Lifetime value", "Created"]
    body = response.content.decode()
    assert "<h1>Customers</h1>" in body and "2 customers" in " ".join(body.split())
    assert f'<a href="/customers/{newer.pk}/">Grace Hopper</a>' in body
    assert f'<a class="button button-primary" href="{reverse("customer_new")}">New customer</a>' in body


@pytest.mark.parametrize("name, expected", [
    ("tay", {"taylor"}),
    ("%tay", {"mercy", "taylor"}),
    ("TAYLOR", {"taylor"}),
    ("mercy tay", {"mercy"}),
    ("%a%h", {"taylor", "smith"}),  # "Ståhl" has no A
    ("björn", {"bjorn"}),
    ("%STÅHL", {"bjorn"}),
    ("bjorn", set()),  # accents as typed
    ("nobody", set()),
])
def test_a_name_is_a_prefix_of_the_full_name_in_which_percent_is_a_wildcard(csr_client, people, name, expected):
    assert found(csr_client, name=name) == {people[key].pk for key in expected}


@pytest.mark.parametrize("email, expected", [
    ("mercy.taylor@example.com", {"mercy"}),
    (" MERCY.TAYLOR@EXAMPLE.COM ", {"mercy"}),
    ("@example.com", set()),
    ("mercy.taylor@example", set()),
])
def test_an_email_matches_whole_in_any_case(csr_client, people, email, expected):
    assert found(csr_client, email=email) == {people[key].pk for key in expected}


@pytest.mark.parametrize("phone, expected", [("555-01", {"mercy"}), ("+46", {"taylor"}), ("123 45", {"taylor"}),
                                             ("999", set())])
def test_a_phone_matches_any_part_of_the_number_as_written(csr_client, people, phone, expected):
    assert found(csr_client, phone=phone) == {people[key].pk for key in expected}


def test_group_and_organization_narrow_the_list(csr_client, db):
    retail = CustomerGroupFactory(name="Retail")
    acme = OrganizationFactory(name="Acme", code="ACME")
    sales = OrganizationFactory(name="Sales", code="ACME-S", parent=acme)
    buyer = person("Bo", "Buyer", group=retail, organization=acme)
    seller = person("Sal", "Seller", organization=sales)
    loner = person("Lone", "Wolf")
    assert found(csr_client, group=retail.pk) == {buyer.pk}
    # An organization's name finds its customers and those of its sections.
    assert found(csr_client, organization="acm") == {buyer.pk, seller.pk}
    assert found(csr_client, organization="%ales") == {seller.pk}
    assert found(csr_client) == {buyer.pk, seller.pk, loner.pk}
    body = csr_client.get(URL, {"group": retail.pk, "cols": "name,group,organization"}).content.decode()
    assert "<td>Retail</td><td>Acme</td>" in body


@pytest.fixture
def buyers(world):
    """Mercy has bought in dollars and yen, Taylor in dollars; Ann never."""
    mercy, taylor = world.mercy, world.taylor_hayes()
    PurchaseOrderFactory(market=world.market, customer=mercy, lines=1)
    PurchaseOrderFactory(market=world.japan, customer=mercy, lines=1)
    for _ in range(2):
        PurchaseOrderFactory(market=world.market, customer=taylor, lines=2)
    ann = person("Ann", "Never")
    refresh_customer_figures([mercy.pk, taylor.pk])
    mercy.refresh_from_db()
    taylor.refresh_from_db()
    return {"mercy": mercy, "taylor": taylor, "ann": ann}


def test_each_row_shows_the_figures_of_the_customers_orders(csr_client, buyers, world):
    mercy = buyers["mercy"]
    usd, jpy = (CustomerFigure.objects.get(customer=mercy, currency=currency) for currency in ("USD", "JPY"))
    body = csr_client.get(URL, {"name": "mercy"}).content.decode()
    last = timezone.localtime(mercy.last_order_at).strftime("%Y-%m-%d")
    assert (f"<td>{world.japan.name}</td><td class=\"number\">2</td><td>{last}</td>"
            f"<td class=\"number\">{jpy.lifetime_value:,.0f} JPY; {usd.lifetime_value:,.2f} USD</td>") in body
    body = csr_client.get(URL, {"name": "ann"}).content.decode()
    assert '<td></td><td class="number">0</td><td></td><td class="number"></td>' in body


def test_market_of_last_order_and_currency_narrow_the_list(csr_client, buyers, world):
    assert found(csr_client, market=world.japan.code) == {buyers["mercy"].pk}
    assert found(csr_client, market=world.market.code) == {buyers["taylor"].pk}
    assert found(csr_client, currency="USD") == {buyers["mercy"].pk, buyers["taylor"].pk}
    assert found(csr_client, currency="JPY") == {buyers["mercy"].pk}
    # With a currency chosen, the column shows that currency's lifetime value.
    usd = CustomerFigure.objects.get(customer=buyers["mercy"], currency="USD").lifetime_value
    body = csr_client.get(URL, {"currency": "USD", "name": "mercy"}).content.decode()
    assert f'<td class="number">{usd:,.2f} USD</td>' in body


def test_lifetime_value_sorts_only_within_one_currency(csr_client, buyers):
    response = csr_client.get(URL, {"sort": "-lifetime_value"})
    body = response.content.decode()
    assert "Choose one currency to sort by Lifetime value" in body
    assert 'title="Choose one currency to sort by Lifetime value' in body
    assert ids_in(response)[0] == buyers["ann"].pk  # fell back to the newest first

    for sort in ("-lifetime_value", "lifetime_value"):
        response = csr_client.get(URL, {"sort": sort, "currency": "USD"})
        values = [CustomerFigure.objects.get(customer_id=pk, currency="USD").lifetime_value for pk in ids_in(response)]
        assert len(values) == 2 and values == sorted(values, reverse=sort.startswith("-"))
        assert "Choose one currency" not in response.content.decode()


def test_sorting_by_orders_and_paging_visit_every_customer_once(csr_client, db):
    customers = [person("Pat", f"Number{index:02d}", order_count=index % 4) for index in range(30)]
    for sort in ("-order_count", "last_name", "email", "created"):
        first = csr_client.get(URL, {"sort": sort})
        next_query = re.search(r'href="[^"?]*\?([^"]*after=[^"]*)" hx-get', first.content.decode()).group(1)
        second = csr_client.get(URL + "?" + next_query.replace("&amp;", "&"))
        seen = ids_in(first) + ids_in(second)
        assert sorted(seen) == sorted(c.pk for c in customers), sort
    expected = [c.pk for c in sorted(customers, key=lambda c: (-c.order_count, -c.pk))]
    first = csr_client.get(URL, {"sort": "-order_count", "per_page": 100})
    assert ids_in(first) == expected


@pytest.mark.parametrize("params, message", [
    ({"market": "XX"}, 'id="id_market_error">Select a valid choice'),
    ({"currency": "XXX"}, 'id="id_currency_error">Select a valid choice'),
    ({"group": "abc"}, 'id="id_group_error">Select a valid choice'),
    ({"created": "yesterday"}, 'id="id_created_error">Select a valid choice'),
    ({"created_from": "2026-02-30"}, 'id="id_created_from_error">Enter a valid date'),
    ({"sort": "phone"}, "cannot be sorted by"),
    ({"sort": "-password"}, "cannot be sorted by"),
    ({"after": "not-a-cursor"}, "out of date or damaged"),
    ({"cols": "name,secret"}, "Unknown column(s) left out: secret"),
    ({"per_page": "9999"}, "Rows per page can be"),
    ({"name": "x" * 5000}, ""),
    ({"email": "@" * 5000}, ""),
    ({"phone": "ab\x00c"}, ""),
    ({"organization": "%" * 5000}, ""),
])
def test_bad_input_gives_the_normal_page_and_a_message(csr_client, db, params, message):
    listed = person("Ada", "Byron")
    response = csr_client.get(URL, params)
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.content.decode()
    if message:
        assert listed.pk in ids_in(response)


def test_the_page_runs_the_same_queries_for_1_or_100_customers(csr_client, world, django_assert_max_num_queries):
    group, organization = CustomerGroupFactory(name="Trade"), OrganizationFactory(name="Globex", code="GLX")
    first = person("One", "Only", group=group, organization=organization)
    PurchaseOrderFactory(market=world.market, customer=first, lines=0)
    refresh_customer_figures([first.pk])
    every_column = ",".join(CustomerTable.base_columns)
    with django_assert_max_num_queries(20) as one:
        assert csr_client.get(URL, {"per_page": 100, "cols": every_column}).status_code == 200
    for index in range(100):
        customer = person("Many", f"More{index}", group=CustomerGroupFactory(name=f"G{index}"),
                          organization=OrganizationFactory(name=f"O{index}", code=f"O{index}"))
        CustomerFigure.objects.create(customer=customer, currency="USD", lifetime_value=Decimal(index))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = csr_client.get(URL, {"per_page": 100, "cols": every_column})
    assert len(ids_in(response)) == 100


@pytest.mark.parametrize("target", ["customer-results", "workspace"])
def test_an_htmx_request_gets_only_the_region_it_targets(csr_client, db, target):
    person("Ada", "Byron")
    body = csr_client.get(URL, headers={"HX-Request": "true", "HX-Target": target}).content.decode()
    assert body.lstrip().startswith(f'<div id="{target}"')
    assert 'hx-target="#customer-results"' in body and "<html" not in body


def test_the_filters_narrow_as_you_type_and_work_without_javascript(csr_client, db):
    body = csr_client.get(URL).content.decode()
    assert f'<form id="filters" class="filters" method="get" action="{URL}"' in body
    assert 'hx-target="#customer-results"' in body and "input changed delay:300ms" in body
    for label, name in [("Name", "name"), ("Email", "email"), ("Phone", "phone"), ("Customer group", "group"),
                        ("Organization", "organization"), ("Market of last order", "market"), ("Currency", "currency")]:
        assert f'<label for="id_{name}">{label}</label>' in body
    # Every link that HTMX follows is a link without it too.
    assert "hx-get=" in body and not re.search(r"<a (?![^>]*href=)[^>]*hx-get", body)


def test_every_row_opens_the_customers_page(csr_client, db):
    listed = person("Ada", "Byron")
    body = csr_client.get(URL).content.decode()
    detail = reverse("customer_detail", args=[listed.pk])
    assert f'<a href="{detail}">Ada Byron</a>' in body
    assert csr_client.get(detail).status_code == 200


@pytest.mark.parametrize("url", [URL, reverse("customer_export"), reverse("customer_new")])
def test_the_pages_need_a_login_and_the_csr_role(client, django_user_model, db, url):
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url).status_code == 403


def test_the_list_refuses_post(csr_client, db):
    assert csr_client.post(URL).status_code == 405
    assert csr_client.post(reverse("customer_export")).status_code == 405


def test_columns_are_remembered_per_csr_and_a_saved_view_belongs_to_the_tab(csr_client, csr_user):
    person("Ada", "Byron")
    response = csr_client.post(reverse("customer_columns"), {"order": ["email", "name"], "cols": ["email", "name"],
                                                             "action": "save"})
    assert response.status_code == 302
    assert UserPreferences.of(csr_user).columns["customers"] == ["email", "name"]
    assert headers(csr_client.get(URL)) == ["Email", "Name"]

    csr_client.post(reverse("customer_save_view"), {"name": "Tays", "query": "name=%25tay"})
    view = SavedView.objects.get(name="Tays")
    assert view.table == "customers"
    body = csr_client.get(URL).content.decode()
    assert f'href="{URL}?name=%25tay&amp;cols=email,name">Tays</a>' in body
    assert csr_client.post(reverse("customer_delete_view", args=[view.pk]), {"query": ""}).status_code == 302
    assert not SavedView.objects.exists()


def test_the_csv_has_the_chosen_columns_and_every_matching_row(csr_client, buyers):
    person("=Eve", "Formula", email="eve@example.com")
    response = csr_client.get(reverse("customer_export"), {"cols": "name,email,order_count,lifetime_value",
                                                           "currency": "USD", "sort": "-lifetime_value"})
    assert 'filename="customers.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Name", "Email", "Orders", "Lifetime value"]
    assert {row[0] for row in rows[1:]} == {"Mercy Taylor", "Taylor Hayes"}
    rows = list(csv.reader(io.StringIO(b"".join(
        csr_client.get(reverse("customer_export"), {"name": "=eve"}).streaming_content).decode())))
    assert rows[1][0] == "'=Eve Formula"


def test_the_url_reproduces_the_view(csr_client, people):
    query = {"name": "%tay", "sort": "email", "per_page": "25"}
    first, again = csr_client.get(URL, query), csr_client.get(URL, query)
    assert ids_in(first) == ids_in(again) == [people["mercy"].pk, people["taylor"].pk]
    body = first.content.decode()
    assert 'value="%tay"' in body and escape("Name: ") in body
