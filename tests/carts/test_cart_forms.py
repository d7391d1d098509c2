"""Bad input to opening a cart or a phone order, to placing a cart and to the customer search: a page
(never a 500) with the message beside the field, every missing field flagged at once, what was
typed shown again, and nothing written."""
import pytest
from django.urls import reverse

from carts.operations import cart_open
from customers.models import Customer
from demo.factories.customers import CustomerGroupFactory
from orders.models import Kind, Note, OrderGroup
from tests.form_checks import assert_refused_beside

NADIA = {"first_name": "Nadia", "last_name": "Okafor", "email": "nadia@example.org", "phone": "555-0101"}
CHOOSE_MARKET = "Choose the market the customer buys in."
CUSTOMER_GONE = "That customer no longer exists; search again."
NUL = "Null characters are not allowed."
STALE_PAGE = "The page is out of date: reload the order and try again."


def written() -> tuple:
    return OrderGroup.objects.count(), Customer.objects.count(), Note.objects.count()


NEW_CART_CASES = [
    # (what is sent over a good new customer, the field refused, the message beside it)
    ({"market": ""}, "market", CHOOSE_MARKET),
    ({"market": "abc"}, "market", CHOOSE_MARKET),
    ({"market": "²"}, "market", CHOOSE_MARKET),
    ({"market": "9" * 30}, "market", CHOOSE_MARKET),
    ({"market": "1\x00"}, "market", NUL),
    ({"customer": "999999"}, "customer", CUSTOMER_GONE),
    ({"customer": "abc"}, "customer", CUSTOMER_GONE),
    ({"customer": "9" * 30}, "customer", CUSTOMER_GONE),
    ({"customer": "1\x00"}, "customer", NUL),
    ({"email": "nope"}, "email", "That is not an email address."),
    ({"email": "a\x00@example.org"}, "email", NUL),
    ({"first_name": ""}, "first_name", "Enter the first name."),
    ({"first_name": "x" * 5000}, "first_name", "at most 100 characters"),
    ({"last_name": "Ok\x00afor"}, "last_name", NUL),
    ({"phone": "5" * 41}, "phone", "at most 40 characters"),
    ({"group": "abc"}, "group", "Choose a customer group from the list."),
    ({"group": "9" * 30}, "group", "Choose a customer group from the list."),
]


@pytest.mark.parametrize("url_name", ["cart_new", "phone_order_new"])
@pytest.mark.parametrize("data, field, message", NEW_CART_CASES,
                         ids=[f"{field}={next(iter(data.values()))[:8]!r}" for data, field, _ in NEW_CART_CASES])
def test_bad_input_to_a_new_cart_is_refused_beside_its_field_and_writes_nothing(csr_client, shop, url_name, data,
                                                                                 field, message):
    before = written()

    response = csr_client.post(reverse(url_name), {"market": shop["market"].pk, **NADIA, **data})

    assert response.status_code == 200
    assert_refused_beside(response.content.decode(), "new-0", field, message)
    assert written() == before


def test_every_missing_field_of_a_new_customer_is_flagged_at_once_and_what_was_typed_stays(csr_client, shop):
    before = written()

    body = csr_client.post(reverse("cart_new"), {"first_name": "Nadia", "phone": "555-0101"}).content.decode()

    assert_refused_beside(body, "new-0", "market", CHOOSE_MARKET)
    assert_refused_beside(body, "new-0", "last_name", "Enter the last name.")
    assert_refused_beside(body, "new-0", "email", "Enter the email address.")
    assert 'value="Nadia"' in body and 'value="555-0101"' in body
    assert written() == before


def test_with_neither_a_customer_chosen_nor_one_typed_the_customer_is_asked_for(csr_client, shop):
    body = csr_client.post(reverse("cart_new"), {"market": shop["market"].pk}).content.decode()

    assert 'id="new-0-customer_error" role="alert">Choose a customer, or fill in a new customer below.' in body
    assert 'aria-invalid="true" aria-describedby="new-0-customer_error"' in body  # the search field
    assert 'id="new-0-first_name_error"' not in body
    assert f'<option value="{shop["market"].pk}" selected>' in body


def test_a_customer_chosen_needs_no_new_customer_and_its_group_is_kept(csr_client, shop, customer):
    group = CustomerGroupFactory(name="Wholesale")

    csr_client.post(reverse("cart_new"), {"market": shop["market"].pk, "customer": customer.pk})
    csr_client.post(reverse("phone_order_new"), {"market": shop["market"].pk, **NADIA, "group": group.pk})

    assert OrderGroup.objects.filter(kind=Kind.CART, customer=customer).exists()
    assert Customer.objects.get(email="nadia@example.org").group == group


@pytest.mark.parametrize("query", [
    {"customer": "abc", "market": "²", "customer_search": "ab\x00c"},
    {"customer": "9" * 30, "market": "9" * 30, "customer_search": "x" * 5000},
    {"customer": "1\x00", "market": "1\x00"},
])
def test_a_new_cart_page_asked_for_with_a_bad_query_is_the_empty_form(csr_client, shop, query):
    response = csr_client.get(reverse("cart_new"), query)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="customer" value=' not in body
    assert f'<option value="{shop["market"].pk}" selected>' not in body
    assert 'role="alert"' not in body


def test_the_new_cart_page_starts_with_the_customer_and_market_of_its_link(csr_client, shop, customer):
    body = csr_client.get(reverse("cart_new"), {"customer": customer.pk, "market": shop["market"].pk}).content.decode()

    assert f'name="customer" value="{customer.pk}" checked' in body
    assert f'<option value="{shop["market"].pk}" selected>' in body


@pytest.mark.parametrize("text", ["ab\x00c", "x" * 5000, "\ufffd\ufffd", "<script>alert(1)</script>"])
def test_a_customer_search_that_cannot_be_searched_finds_nothing(csr_client, shop, customer, text):
    response = csr_client.get(reverse("customer_search"), {"customer_search": text}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert f'value="{customer.pk}"' not in response.content.decode()


@pytest.mark.parametrize("version", ["x", "", "²", "1\x00", "9" * 30, "-1"])
def test_a_bad_version_when_placing_a_cart_is_a_message_and_places_nothing(csr_client, shop, customer, csr_user,
                                                                           version):
    cart, _ = cart_open(user=csr_user, market=shop["market"], customer=customer)
    before = written()

    response = csr_client.post(reverse("cart_place", args=[cart.number]),
                               {"version": version, "allow_balance_due": "on"})

    assert response.status_code == 200
    assert STALE_PAGE in response.content.decode()
    assert OrderGroup.objects.get(pk=cart.pk).kind == Kind.CART
    assert written() == before
