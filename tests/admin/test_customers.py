"""Customers and their address books in the admin: the portal's rules (customers.operations), a
form error for what they refuse, the version bumped and History written."""
import pytest

from customers.admin import AddressInline
from customers.models import Address, Customer, CustomerNote, CustomerNoteKind
from customers.operations import address_add
from demo.factories.customers import AddressFactory, CustomerFactory, OrganizationFactory
from tests.admin.helpers import admin_url, form_data, inline_prefix, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    customer = CustomerFactory(first_name="Ada", last_name="Byron", email="ada@example.com", addresses=0)
    AddressFactory(customer=customer, label="Home", is_preferred_billing=True, is_preferred_shipping=True)
    AddressFactory(customer=customer, label="Office")
    return customer


def change_page(admin_client, customer):
    response = admin_client.get(admin_url(customer))
    return response, form_data(response)


def titles(customer) -> list[str]:
    return list(CustomerNote.objects.filter(customer=customer, kind=CustomerNoteKind.SYSTEM)
                .order_by("id").values_list("title", flat=True))


def address_form_index(response, customer, label) -> tuple[str, int]:
    """The inline's prefix and the index of the address's form in it."""
    prefix = inline_prefix(response, AddressInline)
    [formset] = [inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == prefix]
    return prefix, next(index for index, form in enumerate(formset.forms) if form.instance.label == label)


def test_a_change_goes_through_the_operation_bumps_the_version_and_writes_history(admin_client, admin_user, ada):
    response, data = change_page(admin_client, ada)
    data.update(first_name="Adah", preferred_currency="sek")
    response = admin_client.post(admin_url(ada), data)
    assert response.status_code == 302
    ada.refresh_from_db()
    assert (ada.first_name, ada.preferred_currency, ada.version, ada.modified_by) == ("Adah", "SEK", 2, admin_user)
    note = CustomerNote.objects.get(customer=ada, kind=CustomerNoteKind.SYSTEM)
    assert note.detail == "First name: Ada → Adah; Preferred currency: - → SEK"


def test_an_email_another_customer_has_in_any_case_is_a_form_error_with_a_link(admin_client, ada):
    other = CustomerFactory(first_name="Grace", last_name="Hopper", email="grace@example.com", addresses=0)
    _, data = change_page(admin_client, ada)
    response = admin_client.post(admin_url(ada), {**data, "email": "Grace@Example.com"})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["email"]
    assert "Grace Hopper already has the email grace@example.com." in error
    assert f'href="{admin_url(other)}"' in response.content.decode()
    assert Customer.objects.get(pk=ada.pk).email == "ada@example.com"


def test_adding_a_customer_with_a_taken_email_is_a_form_error(admin_client, ada):
    response = admin_client.get(admin_url(Customer, "add"))
    data = form_data(response)
    data.update(first_name="Ann", last_name="Other", email="ADA@example.com")
    response = admin_client.post(admin_url(Customer, "add"), data)
    assert response.status_code == 200 and "email" in response.context["adminform"].form.errors
    assert Customer.objects.count() == 1


def test_adding_a_customer_writes_customer_created(admin_client, admin_user):
    response = admin_client.get(admin_url(Customer, "add"))
    data = form_data(response)
    data.update(first_name="Ann", last_name="Other", email="ann@example.com", preferred_currency="eur")
    response = admin_client.post(admin_url(Customer, "add"), data)
    assert response.status_code == 302
    customer = Customer.objects.get(email="ann@example.com")
    assert (customer.preferred_currency, customer.modified_by) == ("EUR", admin_user)
    assert titles(customer) == ["Customer created"]


def test_a_section_of_another_organization_is_a_form_error(admin_client, ada):
    acme, other = OrganizationFactory(name="Acme", sections=1), OrganizationFactory(name="Other", sections=1)
    _, data = change_page(admin_client, ada)
    response = admin_client.post(admin_url(ada), {**data, "organization": acme.pk, "section": other.sections.get().pk})
    assert "section" in response.context["adminform"].form.errors


def test_a_change_from_an_older_version_is_refused_naming_who(admin_client, ada, django_user_model):
    _, data = change_page(admin_client, ada)
    colleague = django_user_model.objects.create_user("sam", first_name="Sam", last_name="Lee")
    address_add(ada, user=colleague, version=1, line1="3 New Rd", city="Salem", postal_code="01970", country_code="US")
    response = admin_client.post(admin_url(ada), {**data, "first_name": "Adah"})
    assert response.status_code == 200
    assert "changed by Sam Lee" in " ".join(response.context["adminform"].form.non_field_errors())
    assert Customer.objects.get(pk=ada.pk).first_name == "Ada"


def test_two_preferred_shipping_addresses_are_a_form_error(admin_client, ada):
    response, data = change_page(admin_client, ada)
    prefix, office = address_form_index(response, ada, "Office")
    data[f"{prefix}-{office}-is_preferred_shipping"] = "on"
    response = admin_client.post(admin_url(ada), data)
    assert response.status_code == 200
    assert "Only one address can be the preferred shipping address" in response.content.decode()
    assert Address.objects.get(customer=ada, label="Office").is_preferred_shipping is False


def test_moving_the_preferred_mark_goes_through_the_operations(admin_client, ada):
    response, data = change_page(admin_client, ada)
    prefix, office = address_form_index(response, ada, "Office")
    _, home = address_form_index(response, ada, "Home")
    data[f"{prefix}-{office}-is_preferred_shipping"] = "on"
    data.pop(f"{prefix}-{home}-is_preferred_shipping")
    data.pop(f"{prefix}-{home}-is_preferred_billing")
    data[f"{prefix}-{office}-city"] = "Salem"
    response = admin_client.post(admin_url(ada), data)
    assert response.status_code == 302, messages_of(response)
    home, office = Address.objects.get(customer=ada, label="Home"), Address.objects.get(customer=ada, label="Office")
    assert (home.is_preferred_billing, home.is_preferred_shipping) == (False, False)
    assert (office.is_preferred_shipping, office.city) == (True, "Salem")
    assert titles(ada) == ["Address changed", "Preferred billing address changed", "Preferred shipping address changed"]
    assert Customer.objects.get(pk=ada.pk).version > 1


def test_a_bad_address_is_a_form_error_beside_its_field(admin_client, ada):
    response, data = change_page(admin_client, ada)
    prefix, office = address_form_index(response, ada, "Office")
    data[f"{prefix}-{office}-country_code"] = "1X"
    response = admin_client.post(admin_url(ada), data)
    assert response.status_code == 200
    assert "two-letter code" in response.content.decode()


def test_adding_and_deleting_addresses_in_the_admin_writes_history(admin_client, ada):
    response, data = change_page(admin_client, ada)
    prefix, office = address_form_index(response, ada, "Office")
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data.update({f"{prefix}-{total}-label": "Cabin", f"{prefix}-{total}-line1": "1 Lake Rd",
                 f"{prefix}-{total}-city": "Bend", f"{prefix}-{total}-postal_code": "97701",
                 f"{prefix}-{total}-country_code": "us"})
    data[f"{prefix}-{office}-DELETE"] = "on"
    response = admin_client.post(admin_url(ada), data)
    assert response.status_code == 302, messages_of(response)
    assert sorted(ada.addresses.values_list("label", flat=True)) == ["Cabin", "Home"]
    assert ada.addresses.get(label="Cabin").country_code == "US"
    assert titles(ada) == ["Address deleted", "Address added"]
