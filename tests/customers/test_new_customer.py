"""A new customer from the Customers tab: the new-cart page's form and operation, then the new
customer's page; a taken email is refused beside the field, with a link to the customer who has it."""
import pytest
from django.urls import reverse
from django.utils.html import escape

from carts.forms import NewCartForm
from customers.forms import NewCustomerForm
from customers.models import Customer

URL = reverse("customer_new")
ADA = {"first_name": "Ada", "last_name": "Byron", "email": "ada@example.com", "phone": "+44 20 7946 0000"}


def test_the_tab_offers_a_new_customer(csr_client, db):
    body = csr_client.get(reverse("customers")).content.decode()
    assert f'href="{URL}">New customer</a>' in body


def test_the_page_asks_for_the_new_cart_forms_fields(csr_client, db):
    body = csr_client.get(URL).content.decode()
    for label, name in [("First name", "first_name"), ("Last name", "last_name"), ("Email", "email"),
                        ("Phone", "phone"), ("Customer group", "group")]:
        assert f'<label for="id_{name}">{label}</label>' in body
    assert "<h1>New customer</h1>" in body and "Create customer</button>" in body
    # One form class for both ways in.
    assert issubclass(NewCartForm, NewCustomerForm)


def test_creating_a_customer_opens_their_page(csr_client, world):
    response = csr_client.post(URL, {**ADA, "group": world.mercy.group_id})
    customer = Customer.objects.get(email="ada@example.com")
    assert response.status_code == 302 and response["Location"] == reverse("customer_detail", args=[customer.pk])
    assert (customer.full_name, customer.phone, customer.group) == ("Ada Byron", ADA["phone"], world.mercy.group)
    page = csr_client.get(response["Location"]).content.decode()
    assert "Customer Ada Byron created." in page


def test_a_taken_email_is_refused_beside_the_field_with_a_link_to_its_customer(csr_client, world):
    mercy = world.mercy
    response = csr_client.post(URL, {**ADA, "email": "MERCY@example.com"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_email_error" role="alert">{escape(mercy.full_name)} already has the email {mercy.email}.' in body
    assert f'<a href="{reverse("customer_detail", args=[mercy.pk])}">Open Mercy Taylor’s page</a>' in body
    assert 'value="Ada"' in body  # what was typed stays
    assert Customer.objects.count() == 1


@pytest.mark.parametrize("data, field, message", [
    ({**ADA, "first_name": ""}, "first_name", "Enter the first name."),
    ({**ADA, "last_name": "  "}, "last_name", "Enter the last name."),
    ({**ADA, "email": "not-an-email"}, "email", "That is not an email address."),
    ({**ADA, "email": ""}, "email", "Enter the email address."),
    ({**ADA, "first_name": "x" * 5000}, "first_name", "Ensure this value has at most 100 characters"),
    ({**ADA, "phone": "9" * 5000}, "phone", "Ensure this value has at most 40 characters"),
    ({**ADA, "email": "a" * 5000 + "@example.com"}, "email", ""),
    ({**ADA, "group": "abc"}, "group", "Choose a customer group from the list."),
    ({**ADA, "group": "999999"}, "group", "Choose a customer group from the list."),
    ({**ADA, "last_name": "ab\x00c"}, "last_name", "Null characters are not allowed."),
])
def test_bad_input_is_said_beside_the_field_and_nothing_is_written(csr_client, db, data, field, message):
    response = csr_client.post(URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}_error" role="alert">{message}' in body
    assert 'aria-invalid="true"' in body
    assert not Customer.objects.exists()


def test_the_page_needs_get_or_post(csr_client, db):
    assert csr_client.put(URL).status_code == 405
