"""The header's search box (GET /search/): grouped matches as the CSR types (htmx), Enter opening
an exact number or email, a page of matches otherwise, and nothing a CSR types makes it fail."""
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from demo.factories.customers import CustomerFactory
from demo.factories.orders import PurchaseOrderFactory
from orders.models import OrderStatus, Shipment
from tests.world import first_shipment

URL = reverse("search")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "quick-search-results"}


def dropdown(client, text):
    """What the box drops down as the CSR types `text`."""
    response = client.get(URL, {"q": text}, **HTMX)
    assert response.status_code == 200
    return response


def see_all(url: str) -> str:
    return f'<a class="search-see-all" href="{url}">See all</a>'


def group_headings(response) -> list[str]:
    html = response.content.decode()
    return [heading for heading in ("Purchase orders", "Carts", "Subscriptions", "Customers")
            if f"<h2>{heading}</h2>" in html]


# --- Each kind -----------------------------------------------------------------------------------

def test_an_order_number_without_its_prefix_finds_the_order_and_enter_opens_it(csr_client, make_order):
    order = make_order()
    digits = order.number.removeprefix("PO")

    response = dropdown(csr_client, digits)
    assert group_headings(response) == ["Purchase orders"]
    assertContains(response, order.number)
    assertContains(response, f'href="{reverse("po:order_detail", args=[order.number])}"')
    assertContains(response, see_all(f"{reverse('purchase_orders')}?number={digits}"), html=True)
    assertContains(response, f"Enter opens {order.number}")

    assertRedirects(csr_client.get(URL, {"q": digits}), reverse("po:order_detail", args=[order.number]),
                    fetch_redirect_response=False)
    assertRedirects(csr_client.get(URL, {"q": order.number.lower()}), reverse("po:order_detail", args=[order.number]),
                    fetch_redirect_response=False)


def test_digits_naming_an_order_and_a_cart_show_both_and_enter_opens_the_order(csr_client, make_order):
    order = make_order()
    cart = make_order(kind="cart", number="C" + order.number.removeprefix("PO"))
    digits = order.number.removeprefix("PO")

    response = dropdown(csr_client, digits)
    assert group_headings(response) == ["Purchase orders", "Carts"]
    assertContains(response, cart.number)
    assertRedirects(csr_client.get(URL, {"q": digits}), reverse("po:order_detail", args=[order.number]),
                    fetch_redirect_response=False)


def test_the_start_of_a_number_lists_the_numbers_that_begin_with_it(csr_client, make_order):
    orders = [make_order(number=f"PO2000{index}") for index in range(3)]

    response = dropdown(csr_client, "2000")
    for order in orders:
        assertContains(response, order.number)
    assertNotContains(response, "Enter opens")
    assert csr_client.get(URL, {"q": "2000"}).status_code == 200  # no single match to open: the page


def test_a_cart_number_opens_the_cart_and_a_subscription_number_the_subscription(csr_client, make_order):
    cart = make_order(kind="cart")
    subscription = make_order(kind="plan")

    response = dropdown(csr_client, cart.number)
    assert group_headings(response) == ["Carts"]
    assertContains(response, see_all(f"{reverse('carts')}?search={cart.number}"), html=True)
    assertRedirects(csr_client.get(URL, {"q": cart.number}), reverse("cart:order_detail", args=[cart.number]),
                    fetch_redirect_response=False)

    response = dropdown(csr_client, subscription.number)
    assert group_headings(response) == ["Subscriptions"]
    assertContains(response, see_all(f"{reverse('subscriptions')}?search={subscription.number}"), html=True)
    assertRedirects(csr_client.get(URL, {"q": subscription.number.lower()}),
                    reverse("subscription:order_detail", args=[subscription.number]), fetch_redirect_response=False)


def test_an_email_in_any_case_finds_the_customer_and_her_orders_and_enter_opens_her_page(csr_client, world, make_order):
    order = make_order()
    cart = make_order(kind="cart")
    make_order(kind="plan")

    response = dropdown(csr_client, "MERCY@Example.com")
    assert group_headings(response) == ["Purchase orders", "Carts", "Subscriptions", "Customers"]
    assertContains(response, order.number)
    assertContains(response, cart.number)
    assertContains(response, "Mercy Taylor")
    assertContains(response, f'href="{reverse("customer_detail", args=[world.mercy.pk])}"')
    assertContains(response, see_all(f"{reverse('customers')}?email=MERCY%40Example.com"), html=True)
    assertContains(response, see_all(f"{reverse('purchase_orders')}?email=MERCY%40Example.com"), html=True)

    assertRedirects(csr_client.get(URL, {"q": "MERCY@Example.com"}), reverse("customer_detail", args=[world.mercy.pk]),
                    fetch_redirect_response=False)


def test_an_anonymous_orders_email_finds_the_order_on_a_page_of_matches(csr_client, world):
    order = PurchaseOrderFactory(market=world.market, anonymous=True, customer_email="walk.in@example.org", lines=0)

    response = csr_client.get(URL, {"q": "Walk.In@example.org"})
    assert response.status_code == 200
    assertContains(response, "<h1>Search</h1>", html=True)
    assert group_headings(response) == ["Purchase orders"]
    assertContains(response, order.number)


def test_a_part_of_an_email_finds_nothing(csr_client, make_order):
    make_order()
    response = dropdown(csr_client, "@example.com")
    assert group_headings(response) == []
    assertContains(response, "Nothing found for “@example.com”.")


@pytest.mark.parametrize("typed", ["555 123 4567", "(555) 123-4567", "+1 555-123-4567", "15551234567", "123-4567"])
def test_a_phone_number_however_written_finds_the_customer(csr_client, world, typed):
    CustomerFactory(first_name="Pat", last_name="Lee", email="pat@example.com", phone="+1 555-123-4567")
    CustomerFactory(first_name="Sam", last_name="Ode", email="sam@example.com", phone="+1 555-123-4568")

    response = dropdown(csr_client, typed)
    assert group_headings(response) == ["Customers"]
    assertContains(response, "Pat Lee")
    assertNotContains(response, "Sam Ode")
    assertContains(response, f'href="{reverse("customers")}?phone=', count=1)
    assert csr_client.get(URL, {"q": typed}).status_code == 200  # a phone number is not unique: never opened at once

    # "See all" leads to a Customers tab that lists her, however the number was typed.
    see_all_url = re.search(r'href="(/customers/\?phone=[^"]+)">See all', response.content.decode())[1]
    listed = csr_client.get(html.unescape(see_all_url))
    assertContains(listed, "Lee")
    assertNotContains(listed, "Ode")


def test_a_tracking_number_in_any_case_opens_its_order(csr_client, make_order):
    order = make_order(status=OrderStatus.COMPLETED)
    Shipment.objects.filter(pk=first_shipment(order).pk).update(tracking_number="1Z4F0A9C3B2E")

    response = dropdown(csr_client, "1z4f0a9c3b2e")
    assert group_headings(response) == ["Purchase orders"]
    assertContains(response, order.number)
    assertRedirects(csr_client.get(URL, {"q": "1z4f0a9c3b2e"}), reverse("po:order_detail", args=[order.number]),
                    fetch_redirect_response=False)


def see_all_links(response) -> list[str]:
    return [html.unescape(url) for url in re.findall(r'href="([^"]+)">See all</a>', response.content.decode())]


def test_a_name_is_the_start_of_the_customer_name_as_the_tabs_read_it(csr_client, world, make_order):
    mercys = make_order()  # Mercy Taylor's
    hayes = world.taylor_hayes()
    hayes_order = PurchaseOrderFactory(market=world.market, customer=hayes, lines=0)

    response = dropdown(csr_client, "tay")
    assert group_headings(response) == ["Purchase orders", "Customers"]
    assertContains(response, "Taylor Hayes")
    assertContains(response, hayes_order.number)
    assertNotContains(response, "Mercy Taylor")
    assertNotContains(response, mercys.number)
    assertContains(response, see_all(f"{reverse('purchase_orders')}?customer=tay"), html=True)
    assertContains(response, see_all(f"{reverse('customers')}?name=tay"), html=True)

    response = dropdown(csr_client, "%tay")
    for found in ("Taylor Hayes", "Mercy Taylor", hayes_order.number, mercys.number):
        assertContains(response, found)

    response = dropdown(csr_client, "mercy tay")
    assertContains(response, "Mercy Taylor")
    assertNotContains(response, "Taylor Hayes")


@pytest.mark.parametrize("typed", ["tay", "%tay", "MERCY@example.com", "10001"])
def test_see_all_lists_what_the_box_found_in_that_tab(csr_client, world, make_order, typed):
    make_order()
    make_order(kind="cart")
    make_order(kind="plan")
    PurchaseOrderFactory(market=world.market, customer=world.taylor_hayes(), lines=0)
    response = dropdown(csr_client, typed)
    links = see_all_links(response)
    assert links
    for group, link in zip(re.findall(r"<section class=\"search-group\".*?</section>", response.content.decode(), re.S),
                           links, strict=True):
        listed = csr_client.get(link)
        assert listed.status_code == 200, link
        for label in re.findall(r'<span class="search-label">([^<]+)</span>', group):
            assertContains(listed, html.unescape(label).split()[-1], msg_prefix=link)


def test_at_most_five_of_a_kind_are_shown_the_newest_first(csr_client, world, make_order):
    orders = [make_order() for _ in range(7)]

    response = dropdown(csr_client, "mercy@example.com")
    html = response.content.decode()
    shown = [order.number for order in orders if f">{order.number}<" in html]
    assert shown == [order.number for order in orders[2:]]


# --- The page and the box ------------------------------------------------------------------------

def test_every_portal_page_has_the_search_box_and_the_shortcuts(csr_client, make_order):
    order = make_order()
    for url in (reverse("purchase_orders"), reverse("carts"), reverse("po:order_detail", args=[order.number]), URL):
        response = csr_client.get(url)
        assertContains(response, '<label class="visually-hidden" for="quick-search">Search</label>', html=True)
        assertContains(response, 'id="quick-search" name="q"')
        assertContains(response, f'action="{URL}"')
        assertContains(response, '<h2 id="shortcuts-title">Keyboard shortcuts</h2>', html=True)


def test_the_box_keeps_what_was_searched_on_the_page_of_matches(csr_client, make_order):
    make_order()
    response = csr_client.get(URL, {"q": "%tay"})
    assertContains(response, 'value="%tay"')


def test_an_empty_search_shows_what_the_box_finds_and_drops_nothing_down(csr_client):
    response = csr_client.get(URL, {"q": "  "})
    assertContains(response, "Type an order, cart or subscription number")
    assert dropdown(csr_client, "").content.strip() == b""
    assert csr_client.get(URL).status_code == 200


@pytest.mark.parametrize("typed, message", [
    ("x" * 5000, "Search for at most 200 characters (this has 5000)."),
    ("PO1\x00", "Null characters are not allowed."),
])
def test_unusable_text_is_said_beside_the_box_never_a_server_error(csr_client, make_order, typed, message):
    make_order()
    for response in (csr_client.get(URL, {"q": typed}), dropdown(csr_client, typed)):
        assert response.status_code == 200
        assertContains(response, message)
        assert group_headings(response) == []


def test_markup_typed_comes_back_as_text(csr_client):
    response = csr_client.get(URL, {"q": "<b>tay</b>"})
    assertNotContains(response, "<b>tay</b>")
    assertContains(response, "&lt;b&gt;tay&lt;/b&gt;")


# --- Who may search ------------------------------------------------------------------------------

def test_without_logging_in_the_search_leads_to_the_login_page(client, db):
    response = client.get(URL, {"q": "10001"})
    assertRedirects(response, f"{reverse('login')}?next={URL}%3Fq%3D10001", fetch_redirect_response=False)


def test_a_user_without_the_csr_role_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="clerk", password="clerk-pass-123"))
    response = client.get(URL, {"q": "10001"})
    assert response.status_code == 403
    assertNotContains(response, 'id="quick-search"', status_code=403)


def test_the_search_only_reads(csr_client):
    assert csr_client.post(URL, {"q": "10001"}).status_code == 405


# --- Cost ------------------------------------------------------------------------------------------

def queries_of(client, text) -> int:
    client.get(URL, {"q": text}, **HTMX)  # the session's role check is cached from here on
    with CaptureQueriesContext(connection) as captured:
        client.get(URL, {"q": text}, **HTMX)
    return len(captured)


def mercys_orders(world, make_order, count):
    for index in range(count):
        make_order()
        make_order(kind="cart", name=f"Cart {index}")
        make_order(kind="plan")
    Shipment.objects.update(tracking_number="1Z4F0A9C3B2E")
    for index in range(count):
        CustomerFactory(first_name=f"Taylor{index}", phone=f"+1 555-123-4567{index}"[:15], addresses=0)


@pytest.mark.parametrize("typed", ["mercy@example.com", "tay", "10001", "555 123 4567", "1Z4F0A9C3B2E", "PO1"])
def test_a_search_runs_as_many_queries_for_one_match_as_for_many(csr_client, world, make_order, typed):
    world.mercy.phone = "+1 555-123-4567"
    world.mercy.save()
    mercys_orders(world, make_order, 1)
    one = queries_of(csr_client, typed)
    mercys_orders(world, make_order, 8)
    assert queries_of(csr_client, typed) == one
    assert one <= 2 + 2 * 4 + 1  # the session and the user; a kind's exact number, else its prefix; tracking
