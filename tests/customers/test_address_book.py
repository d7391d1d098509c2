"""The Address book tab: list with badges; Add address, Edit, Delete (asked first), Make preferred
billing / shipping; another customer's address in a URL is not found."""
import pytest
from django.test import Client
from django.urls import reverse

from customers.models import Address, Customer, CustomerNote
from customers.operations import address_add
from demo.factories.customers import AddressFactory, CustomerFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "tab-content"}
NEW = {"label": "Office", "first_name": "Ada", "last_name": "Byron", "organization": "", "line1": "1 Main St",
       "line2": "", "city": "Springfield", "region": "", "postal_code": "12345", "country_code": "us", "phone": "",
       "email": ""}


@pytest.fixture
def ada():
    """Ada with her Home address, preferred for billing and shipping."""
    return CustomerFactory(first_name="Ada", last_name="Byron", email="ada@example.com", addresses=1)


def home_of(customer):
    return customer.addresses.get(label="Home")


def book(csr_client, customer) -> str:
    return csr_client.get(reverse("customer_addresses", args=[customer.pk])).content.decode()


def version(customer) -> int:
    return Customer.objects.get(pk=customer.pk).version


def test_the_book_lists_addresses_with_their_labels_badges_and_actions(csr_client, ada):
    AddressFactory(customer=ada, label="Summer house")
    html = book(csr_client, ada)
    assert ">Home</h3>" in html and ">Summer house</h3>" in html
    assert '<span class="badge">Preferred billing</span>' in html
    assert '<span class="badge">Preferred shipping</span>' in html
    assert html.count(">Make preferred shipping</button>") == 1  # Home is already
    assert ">Add address</button>" in html and html.count(">Edit</button>") == 2
    assert html.count(">Delete</button>") == 2


def test_add_address_opens_the_form_in_place(csr_client, ada):
    html = csr_client.get(reverse("customer_address_new", args=[ada.pk]), **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="tab-content"')
    for label in ("Label", "First name", "Address line 1", "City", "Postal code", "Country"):
        assert f">{label}</label>" in html
    assert ">Add address</button>" not in html and ">Save</button>" in html


def test_adding_an_address_saves_it_with_history(csr_client, csr_user, ada):
    response = csr_client.post(reverse("customer_address_new", args=[ada.pk]), {**NEW, "version": 1})
    assert response.status_code == 302 and response.url == reverse("customer_addresses", args=[ada.pk])
    office = ada.addresses.get(label="Office")
    assert (office.city, office.country_code, office.is_preferred_shipping) == ("Springfield", "US", False)
    assert version(ada) == 2
    note = CustomerNote.objects.get(customer=ada, title="Address added")
    assert note.author == csr_user
    assert "Address added." in csr_client.get(response.url).content.decode()


def test_adding_with_htmx_shows_the_book_again(csr_client, ada):
    html = csr_client.post(reverse("customer_address_new", args=[ada.pk]), {**NEW, "version": 1},
                           **HTMX).content.decode()
    assert ">Office</h3>" in html and ">Add address</button>" in html and "Address added." in html


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"line1": ""}, "line1", "Enter the first address line."),
    ({"city": "  "}, "city", "Enter the city."),
    ({"country_code": "USA"}, "country_code", "Country can be at most 2 characters"),
    ({"country_code": "1"}, "country_code", "two-letter code"),
    ({"label": "x" * 5000}, "label", "Label can be at most 60 characters (it has 5000)."),
    ({"email": "nope"}, "email", "That is not an email address."),
])
def test_a_bad_address_is_refused_beside_its_field(csr_client, ada, changes, field, message):
    response = csr_client.post(reverse("customer_address_new", args=[ada.pk]), {**NEW, **changes, "version": 1},
                               **HTMX)
    html = response.content.decode()
    assert f'id="address-new-{field}_error"' in html and message in html
    assert ada.addresses.count() == 1 and version(ada) == 1


def test_editing_an_address_changes_it_and_leaves_its_marks(csr_client, ada):
    home = home_of(ada)
    form = csr_client.get(reverse("customer_address_edit", args=[ada.pk, home.pk]), **HTMX).content.decode()
    assert f'value="{home.line1}"' in form and ">Save</button>" in form
    values = {name: getattr(home, name) for name in NEW}
    response = csr_client.post(reverse("customer_address_edit", args=[ada.pk, home.pk]),
                               {**values, "city": "Salem", "version": 1}, **HTMX)
    assert "Address saved." in response.content.decode()
    home.refresh_from_db()
    assert (home.city, home.is_preferred_billing, home.is_preferred_shipping) == ("Salem", True, True)
    assert "City: " in CustomerNote.objects.get(customer=ada, title="Address changed").detail


def test_delete_asks_first_then_deletes(csr_client, ada):
    home = home_of(ada)
    url = reverse("customer_address_delete", args=[ada.pk, home.pk])
    question = csr_client.get(url, **HTMX).content.decode()
    assert "Delete this address from the address book?" in question
    assert Address.objects.filter(pk=home.pk).exists()
    response = csr_client.post(url, {"version": 1})
    assert response.status_code == 302
    assert not Address.objects.filter(pk=home.pk).exists()
    assert CustomerNote.objects.get(customer=ada, title="Address deleted").detail.endswith(
        "it was the preferred billing address; it was the preferred shipping address")


def test_cancel_keeps_the_address(csr_client, ada):
    home = home_of(ada)
    response = csr_client.post(reverse("customer_address_delete", args=[ada.pk, home.pk]),
                               {"version": 1, "cancel": "1"}, **HTMX)
    assert ">Home</h3>" in response.content.decode()
    assert Address.objects.filter(pk=home.pk).exists() and version(ada) == 1


def test_make_preferred_shipping_moves_the_badge(csr_client, ada):
    office = address_add(ada, user=None, version=1, label="Office", line1="2 Side St", city="Salem",
                         postal_code="01970", country_code="US")
    url = reverse("customer_address_preferred", args=[ada.pk, office.pk, "shipping"])
    html = csr_client.post(url, {"version": 2}, **HTMX).content.decode()
    assert "Office is now the preferred shipping address." in html
    office.refresh_from_db()
    home = home_of(ada)
    assert office.is_preferred_shipping and not home.is_preferred_shipping and home.is_preferred_billing


def test_a_preference_other_than_billing_or_shipping_is_not_found(csr_client, ada):
    url = reverse("customer_address_preferred", args=[ada.pk, home_of(ada).pk, "gifts"])
    assert csr_client.post(url, {"version": 1}).status_code == 404


def test_another_customers_address_in_a_url_is_not_found(csr_client, ada):
    theirs = CustomerFactory(addresses=1).addresses.get()
    for name, method, data in (("customer_address_edit", "get", {}), ("customer_address_edit", "post", NEW),
                               ("customer_address_delete", "get", {}), ("customer_address_delete", "post", {})):
        response = getattr(csr_client, method)(reverse(name, args=[ada.pk, theirs.pk]), {**data, "version": 1})
        assert response.status_code == 404, name
    url = reverse("customer_address_preferred", args=[ada.pk, theirs.pk, "billing"])
    assert csr_client.post(url, {"version": 1}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_preferred_billing and version(ada) == 1


def test_a_stale_change_of_the_book_is_refused_naming_who(csr_client, ada, django_user_model):
    colleague = django_user_model.objects.create_user("sam", first_name="Sam", last_name="Lee")
    address_add(ada, user=colleague, version=1, line1="2 Side St", city="Salem", postal_code="01970",
                country_code="US")
    for url, data in ((reverse("customer_address_new", args=[ada.pk]), NEW),
                      (reverse("customer_address_delete", args=[ada.pk, home_of(ada).pk]), {}),
                      (reverse("customer_address_preferred", args=[ada.pk, home_of(ada).pk, "billing"]), {})):
        html = csr_client.post(url, {**data, "version": 1}, **HTMX).content.decode()
        assert "Ada Byron was changed by Sam Lee at" in html, url
    assert ada.addresses.count() == 2 and home_of(ada) and version(ada) == 2


def test_making_the_preferred_address_preferred_again_is_refused_above_the_book(csr_client, ada):
    url = reverse("customer_address_preferred", args=[ada.pk, home_of(ada).pk, "billing"])
    html = csr_client.post(url, {"version": 1}, **HTMX).content.decode()
    assert "is the preferred billing address already." in html and 'role="alert"' in html


def test_the_book_and_its_edits_need_a_logged_in_csr(client, csr_user, django_user_model, ada):
    home = home_of(ada)
    reads = [reverse("customer_addresses", args=[ada.pk]), reverse("customer_address_new", args=[ada.pk]),
             reverse("customer_address_edit", args=[ada.pk, home.pk]),
             reverse("customer_address_delete", args=[ada.pk, home.pk])]
    writes = reads[1:] + [reverse("customer_address_preferred", args=[ada.pk, home.pk, "shipping"])]
    for url in reads:
        assert client.get(url).status_code == 302
    for url in writes:
        assert client.post(url, {**NEW, "version": 1}).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    for url in reads:
        assert client.get(url).status_code == 403
    for url in writes:
        assert client.post(url, {**NEW, "version": 1}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(csr_user)
    assert strict.post(writes[-1], {"version": 1}).status_code == 403
    csr = Client()
    csr.force_login(csr_user)
    assert csr.get(writes[-1]).status_code == 405
    assert version(ada) == 1 and ada.addresses.count() == 1


def test_the_book_reads_in_the_same_number_of_queries_for_one_address_or_many(csr_client, django_assert_num_queries):
    one, many = CustomerFactory(addresses=1), CustomerFactory(addresses=40)
    csr_client.get(reverse("customer_addresses", args=[one.pk]))  # the session caches the CSR role
    for customer in (one, many):
        # The session, the user, the customer (with group, organization, section), their figures, the addresses.
        with django_assert_num_queries(5):
            csr_client.get(reverse("customer_addresses", args=[customer.pk]))
        with django_assert_num_queries(5):
            csr_client.get(reverse("customer_address_new", args=[customer.pk]), **HTMX)
