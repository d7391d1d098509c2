"""customers.operations: every change locked, version-checked, written whole with its System note,
or refused with nothing written."""
import pytest

from customers.models import Address, Customer, CustomerNote, CustomerNoteKind
from customers.operations import (
    CustomerError,
    StaleCustomer,
    address_add,
    address_delete,
    address_make_preferred,
    address_update,
    customer_create,
    customer_note_add,
    customer_update,
)
from demo.factories.customers import AddressFactory, CustomerFactory, CustomerGroupFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country_code": "us"}


def personal(customer, **changes):
    values = {name: getattr(customer, name) for name in (
        "first_name", "middle_name", "last_name", "email", "phone", "group", "organization", "section",
        "preferred_language", "preferred_currency")}
    return {**values, **changes}


def history(customer):
    return list(CustomerNote.objects.filter(customer=customer, kind=CustomerNoteKind.SYSTEM).order_by("id"))


# --- customer_create ---------------------------------------------------------------------------

def test_creating_a_customer_writes_customer_created_in_history(csr_user):
    customer = customer_create(first_name=" Ada ", last_name="Byron", email="ada@example.com", user=csr_user)
    [note] = history(customer)
    assert (customer.first_name, note.title, note.author) == ("Ada", "Customer created", csr_user)
    assert note.detail == "Ada Byron, ada@example.com"


def test_creating_a_customer_with_a_taken_email_names_the_other_customer():
    other = CustomerFactory(email="ada@example.com")
    with pytest.raises(CustomerError) as refused:
        customer_create(first_name="Ada", last_name="King", email="ADA@example.com")
    assert (refused.value.field, refused.value.existing) == ("email", other)


def test_creating_a_customer_refuses_a_name_longer_than_its_column():
    with pytest.raises(CustomerError) as refused:
        customer_create(first_name="A" * 5000, last_name="King", email="ada@example.com")
    assert refused.value.field == "first_name"
    assert not Customer.objects.filter(email="ada@example.com").exists()


# --- customer_update ---------------------------------------------------------------------------

def test_updating_personal_information_saves_it_bumps_the_version_and_notes_old_and_new(csr_user):
    customer = CustomerFactory(first_name="Ada", email="ada@example.com", phone="", addresses=0)
    group = CustomerGroupFactory(name="VIP")
    customer_update(customer, user=csr_user, version=customer.version,
                    **personal(customer, first_name="Adah", phone="555", group=group, preferred_language="sv",
                               preferred_currency="sek"))
    customer.refresh_from_db()
    assert (customer.first_name, customer.phone, customer.group, customer.preferred_currency) == (
        "Adah", "555", group, "SEK")
    assert (customer.version, customer.modified_by) == (2, csr_user)
    [note] = history(customer)
    assert note.title == "Personal information changed"
    assert note.detail == ("First name: Ada → Adah; Phone: - → 555; Customer group: - → VIP; "
                           "Preferred language: - → Swedish; Preferred currency: - → SEK")
    assert note.author == csr_user


def test_an_update_from_an_older_version_is_refused_naming_who_changed_the_customer(csr_user, django_user_model):
    customer = CustomerFactory(first_name="Ada", addresses=0)
    other = django_user_model.objects.create_user(username="sam", first_name="Sam", last_name="Lee")
    customer_update(customer, user=other, version=1, **personal(customer, first_name="Adah"))
    stale = Customer.objects.get(pk=customer.pk)
    stale.version = 1
    with pytest.raises(StaleCustomer) as refused:
        customer_update(stale, user=csr_user, version=1, **personal(stale, first_name="Ann"))
    assert "changed by Sam Lee at" in refused.value.message
    assert Customer.objects.get(pk=customer.pk).first_name == "Adah"
    assert len(history(customer)) == 1


def test_an_email_another_customer_has_in_any_case_is_refused_with_that_customer():
    other = CustomerFactory(email="taken@example.com", addresses=0)
    customer = CustomerFactory(addresses=0)
    with pytest.raises(CustomerError) as refused:
        customer_update(customer, user=None, version=customer.version, **personal(customer, email="TAKEN@example.com"))
    assert (refused.value.field, refused.value.existing) == ("email", other)
    assert history(customer) == []


def test_a_customer_may_keep_their_own_email_in_another_case():
    customer = CustomerFactory(email="ada@example.com", addresses=0)
    customer_update(customer, user=None, version=1, **personal(customer, email="Ada@Example.com"))
    assert Customer.objects.get(pk=customer.pk).email == "Ada@Example.com"


@pytest.mark.parametrize(("changes", "field"), [
    ({"first_name": "  "}, "first_name"),
    ({"last_name": ""}, "last_name"),
    ({"email": "not an email"}, "email"),
    ({"phone": "5" * 5000}, "phone"),
    ({"preferred_currency": "EURO"}, "preferred_currency"),
    ({"preferred_language": "xx-nope"}, "preferred_language"),
])
def test_bad_personal_information_is_refused_beside_its_field_with_nothing_written(changes, field):
    customer = CustomerFactory(addresses=0)
    with pytest.raises(CustomerError) as refused:
        customer_update(customer, user=None, version=1, **personal(customer, **changes))
    assert refused.value.field == field
    assert Customer.objects.get(pk=customer.pk).version == 1


def test_the_section_must_be_a_section_of_the_organization():
    acme, other = OrganizationFactory(name="Acme", sections=2), OrganizationFactory(name="Other", sections=1)
    customer = CustomerFactory(addresses=0)
    with pytest.raises(CustomerError) as refused:
        customer_update(customer, user=None, version=1,
                        **personal(customer, organization=acme, section=other.sections.get()))
    assert refused.value.field == "section"
    section = acme.sections.first()
    customer_update(customer, user=None, version=1, **personal(customer, organization=acme, section=section))
    assert Customer.objects.get(pk=customer.pk).section == section


def test_a_section_without_an_organization_is_refused():
    section = OrganizationFactory(sections=1).sections.get()
    customer = CustomerFactory(addresses=0)
    with pytest.raises(CustomerError) as refused:
        customer_update(customer, user=None, version=1, **personal(customer, section=section))
    assert refused.value.field == "section"


def test_saving_the_same_values_is_refused_as_no_change():
    customer = CustomerFactory(addresses=0)
    with pytest.raises(CustomerError, match="Nothing was changed"):
        customer_update(customer, user=None, version=1, **personal(customer))
    assert Customer.objects.get(pk=customer.pk).version == 1


# --- the address book --------------------------------------------------------------------------

def test_adding_an_address_writes_it_and_its_note(csr_user):
    customer = CustomerFactory(addresses=0)
    address = address_add(customer, user=csr_user, version=1, label="Office", **ADDRESS)
    assert (address.country_code, address.customer) == ("US", customer)
    assert customer.version == 2
    [note] = history(customer)
    assert (note.title, note.detail) == ("Address added", "Office: " + address.one_line())


def test_adding_an_address_as_preferred_shipping_takes_the_mark_from_the_old_one():
    customer = CustomerFactory(addresses=1)
    old = customer.addresses.get()
    new = address_add(customer, user=None, version=1, preferred_shipping=True, **ADDRESS)
    old.refresh_from_db()
    assert (old.is_preferred_shipping, old.is_preferred_billing) == (False, True)
    assert new.is_preferred_shipping and not new.is_preferred_billing
    assert history(customer)[-1].detail.endswith("; preferred shipping address")


def test_an_address_without_the_version_is_added_as_the_book_is_now():
    """An order's "Save to address book": whoever saves it never opened the customer."""
    customer = CustomerFactory(addresses=0)
    Customer.objects.filter(pk=customer.pk).update(version=7)
    address_add(customer, user=None, version=None, **ADDRESS)
    assert Customer.objects.get(pk=customer.pk).version == 8


@pytest.mark.parametrize(("changes", "field"), [
    ({"line1": ""}, "line1"), ({"city": " "}, "city"), ({"postal_code": ""}, "postal_code"),
    ({"country_code": "USA"}, "country_code"), ({"line2": "x" * 5000}, "line2"), ({"email": "nope"}, "email"),
])
def test_a_bad_address_is_refused_beside_its_field(changes, field):
    customer = CustomerFactory(addresses=0)
    with pytest.raises(CustomerError) as refused:
        address_add(customer, user=None, version=1, **{**ADDRESS, **changes})
    assert refused.value.field == field
    assert not Address.objects.filter(customer=customer).exists()


def test_updating_an_address_notes_each_changed_field():
    customer = CustomerFactory(addresses=0)
    address = AddressFactory(customer=customer, label="Home", city="Boston", postal_code="02101")
    values = {name: getattr(address, name) for name in ("label", *Address.ADDRESS_FIELDS)}
    address_update(customer, user=None, version=1, address_id=address.pk, **{**values, "city": "Salem"})
    address.refresh_from_db()
    assert address.city == "Salem"
    assert history(customer)[-1].detail == "Home: City: Boston → Salem"


def test_another_customers_address_cannot_be_changed_deleted_or_preferred():
    customer, other = CustomerFactory(addresses=0), CustomerFactory(addresses=1)
    theirs = other.addresses.get()
    for operation, extra in ((address_update, ADDRESS), (address_delete, {}),
                             (address_make_preferred, {"kind": "billing"})):
        with pytest.raises(CustomerError):
            operation(customer, user=None, version=1, address_id=theirs.pk, **extra)
    assert Address.objects.filter(pk=theirs.pk).exists()
    assert Customer.objects.get(pk=customer.pk).version == 1


def test_deleting_an_address_leaves_orders_their_own_copy(make_order, world):
    order = make_order()
    customer = world.mercy
    address = AddressFactory(customer=customer, label="Home")
    shipment = order.forms.first().shipments.first()
    shipping_before = shipment.address.one_line() if shipment.address else None
    address_delete(customer, user=None, version=customer.version, address_id=address.pk)
    assert not Address.objects.filter(pk=address.pk).exists()
    shipment.refresh_from_db()
    assert (shipment.address.one_line() if shipment.address else None) == shipping_before
    assert history(customer)[-1].title == "Address deleted"


def test_making_an_address_preferred_moves_the_mark_and_notes_old_and_new():
    customer = CustomerFactory(addresses=2)
    home, second = customer.addresses.order_by("id")
    address_make_preferred(customer, user=None, version=1, address_id=second.pk, kind="shipping")
    home.refresh_from_db()
    second.refresh_from_db()
    assert (home.is_preferred_shipping, home.is_preferred_billing, second.is_preferred_shipping) == (False, True, True)
    note = history(customer)[-1]
    assert (note.title, note.detail) == ("Preferred shipping address changed", "Home → Address 2")


def test_one_address_may_be_preferred_for_both():
    customer = CustomerFactory(addresses=0)
    address = address_add(customer, user=None, version=1, **ADDRESS)
    address_make_preferred(customer, user=None, version=2, address_id=address.pk, kind="billing")
    address_make_preferred(customer, user=None, version=3, address_id=address.pk, kind="shipping")
    address.refresh_from_db()
    assert address.is_preferred_billing and address.is_preferred_shipping


def test_an_address_change_from_an_older_version_is_refused():
    customer = CustomerFactory(addresses=1)
    address_add(customer, user=None, version=1, **ADDRESS)
    with pytest.raises(StaleCustomer):
        address_delete(customer, user=None, version=1, address_id=customer.addresses.first().pk)
    assert customer.addresses.count() == 2


# --- notes -------------------------------------------------------------------------------------

def test_a_csrs_note_is_kept_with_its_author_and_changes_no_version(csr_user):
    customer = CustomerFactory(addresses=0)
    note = customer_note_add(customer, user=csr_user, title="Prefers email", detail="Never call before 10.")
    assert (note.kind, note.author, note.title) == (CustomerNoteKind.USER, csr_user, "Prefers email")
    assert Customer.objects.get(pk=customer.pk).version == 1
    assert history(customer) == []


def test_a_note_needs_a_title_that_fits():
    customer = CustomerFactory(addresses=0)
    for title in ("", "x" * 5000):
        with pytest.raises(CustomerError) as refused:
            customer_note_add(customer, user=None, title=title)
        assert refused.value.field == "title"
