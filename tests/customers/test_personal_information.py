"""The Personal information tab: read, Edit in place (HTMX) or on a page of its own, Save, Cancel."""
import pytest
from django.test import Client
from django.urls import reverse

from customers.models import Customer, CustomerNote
from customers.operations import customer_update
from demo.factories.customers import CustomerFactory, CustomerGroupFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "tab-content"}


@pytest.fixture
def ada():
    return CustomerFactory(first_name="Ada", middle_name="", last_name="Byron", email="ada@example.com",
                           phone="555-0100", addresses=0)


def posted(customer, **changes):
    values = {"version": customer.version, "first_name": customer.first_name, "middle_name": customer.middle_name,
              "last_name": customer.last_name, "email": customer.email, "phone": customer.phone,
              "group": customer.group_id or "", "organization": customer.organization_id or "",
              "section": customer.section_id or "", "preferred_language": customer.preferred_language,
              "preferred_currency": customer.preferred_currency}
    return {**values, **changes}


def test_the_tab_shows_every_field_and_an_edit_button(csr_client, ada):
    html = csr_client.get(reverse("customer_detail", args=[ada.pk])).content.decode()
    for label in ("First name", "Middle name", "Last name", "Email", "Phone", "Customer group", "Organization",
                  "Section", "Preferred language", "Preferred currency"):
        assert f"<dt>{label}</dt>" in html
    assert ">Edit</button>" in html
    for tab in ("Personal information", "Address book", "Notes", "History"):
        assert f">{tab}</a>" in html


def test_edit_opens_the_form_in_place_with_every_field_labelled(csr_client, ada):
    response = csr_client.get(reverse("customer_edit", args=[ada.pk]), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith("<div id=\"tab-content\"")
    for label in ("First name", "Middle name", "Last name", "Email", "Phone", "Customer group", "Organization",
                  "Section", "Preferred language", "Preferred currency"):
        assert f">{label}</label>" in html
    assert 'value="Ada"' in html and ">Save</button>" in html and ">Cancel</button>" in html


def test_edit_without_javascript_is_a_page_of_its_own(csr_client, ada):
    html = csr_client.get(reverse("customer_edit", args=[ada.pk])).content.decode()
    assert "<h1>Ada Byron</h1>" in html and 'name="first_name"' in html


def test_saving_changes_the_customer_and_writes_history(csr_client, csr_user, ada):
    group = CustomerGroupFactory(name="VIP")
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]),
                               posted(ada, first_name="Adah", group=group.pk, preferred_currency="sek"))
    assert response.status_code == 302 and response.url == reverse("customer_detail", args=[ada.pk])
    ada.refresh_from_db()
    assert (ada.first_name, ada.group, ada.preferred_currency, ada.version) == ("Adah", group, "SEK", 2)
    note = CustomerNote.objects.get(customer=ada)
    assert (note.title, note.author) == ("Personal information changed", csr_user)
    assert "Personal information saved." in csr_client.get(response.url).content.decode()


def test_saving_with_htmx_shows_the_fields_again_and_the_new_name_in_the_header(csr_client, ada):
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]), posted(ada, last_name="King"), **HTMX)
    html = response.content.decode()
    assert "<dd>King</dd>" in html and ">Edit</button>" in html
    assert 'id="customer-header" hx-swap-oob="true"' in html and "<h1>Ada King</h1>" in html
    assert "Personal information saved." in html


def test_cancel_leaves_the_customer_as_it_was(csr_client, ada):
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]), posted(ada, first_name="Zed", cancel="1"),
                               **HTMX)
    assert "<dd>Ada</dd>" in response.content.decode()
    assert Customer.objects.get(pk=ada.pk).version == 1
    plain = csr_client.post(reverse("customer_edit", args=[ada.pk]), posted(ada, cancel="1"))
    assert plain.status_code == 302


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"first_name": ""}, "first_name", "Enter the first name."),
    ({"last_name": "   "}, "last_name", "Enter the last name."),
    ({"email": "ada@"}, "email", "That is not an email address."),
    ({"phone": "5" * 5000}, "phone", "Phone can be at most 40 characters (it has 5000)."),
    ({"middle_name": "x" * 5000}, "middle_name", "Middle name can be at most 100 characters (it has 5000)."),
    ({"preferred_currency": "EURO"}, "preferred_currency", "Preferred currency can be at most 3 characters"),
    ({"preferred_currency": "E1"}, "preferred_currency", "three-letter ISO code"),
    ({"group": "999999"}, "group", "Choose a customer group from the list."),
])
def test_bad_input_is_refused_beside_its_field_and_nothing_is_written(csr_client, ada, changes, field, message):
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]), posted(ada, **changes), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="personal-{field}_error"' in html and message in html
    assert 'aria-invalid="true"' in html
    assert Customer.objects.get(pk=ada.pk).version == 1


def test_a_section_of_another_organization_is_refused_beside_section(csr_client, ada):
    acme, other = OrganizationFactory(name="Acme", sections=1), OrganizationFactory(name="Other", sections=1)
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]),
                               posted(ada, organization=acme.pk, section=other.sections.get().pk), **HTMX)
    assert 'id="personal-section_error"' in response.content.decode()
    assert Customer.objects.get(pk=ada.pk).organization is None


def test_a_duplicate_email_is_refused_with_a_link_to_the_other_customer(csr_client, ada):
    other = CustomerFactory(first_name="Grace", last_name="Hopper", email="grace@example.com", addresses=0)
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]), posted(ada, email="GRACE@example.com"), **HTMX)
    html = response.content.decode()
    assert "Grace Hopper already has the email grace@example.com." in html
    assert f'<a href="{reverse("customer_detail", args=[other.pk])}">Open Grace Hopper\'s page</a>' in html
    assert Customer.objects.get(pk=ada.pk).email == "ada@example.com"


def test_a_stale_save_is_refused_naming_who_changed_the_customer(csr_client, ada, django_user_model):
    colleague = django_user_model.objects.create_user("sam", first_name="Sam", last_name="Lee")
    seen = posted(ada, first_name="Adah")
    customer_update(ada, user=colleague, version=1, first_name="Ada", middle_name="", last_name="Byron",
                    email="ada@example.com", phone="555-0199", group=None, organization=None, section=None,
                    preferred_language="", preferred_currency="")
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]), seen, **HTMX)
    html = response.content.decode()
    assert "Ada Byron was changed by Sam Lee at" in html and "Nothing was saved" in html
    assert 'value="Adah"' in html  # what the CSR typed is still there
    assert Customer.objects.get(pk=ada.pk).first_name == "Ada"


def test_saving_nothing_changed_says_so(csr_client, ada):
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]), posted(ada), **HTMX)
    assert "Nothing was changed." in response.content.decode()


def test_a_missing_or_forged_version_is_refused(csr_client, ada):
    response = csr_client.post(reverse("customer_edit", args=[ada.pk]), posted(ada, version="x"), **HTMX)
    assert "The page is out of date" in response.content.decode()
    assert Customer.objects.get(pk=ada.pk).version == 1


def test_the_tab_and_its_edit_need_a_logged_in_csr(client, csr_user, django_user_model, ada):
    urls = [reverse("customer_detail", args=[ada.pk]), reverse("customer_edit", args=[ada.pk])]
    for url in urls:
        assert client.get(url).status_code == 302
    assert client.post(urls[1], posted(ada, first_name="Zed")).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[1], posted(ada, first_name="Zed")).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(csr_user)
    assert strict.post(urls[1], posted(ada, first_name="Zed")).status_code == 403
    assert Customer.objects.get(pk=ada.pk).first_name == "Ada"


def test_an_unknown_customer_is_not_found(csr_client):
    assert csr_client.get(reverse("customer_detail", args=[999999])).status_code == 404
    assert csr_client.get(reverse("customer_edit", args=[999999])).status_code == 404


def test_the_tab_reads_in_the_same_number_of_queries_whatever_the_customer_has(
        csr_client, django_assert_num_queries):
    plain = CustomerFactory(addresses=1)
    busy = CustomerFactory(b2b=True, addresses=30)
    csr_client.get(reverse("customer_detail", args=[plain.pk]))  # the session caches the CSR role
    # The session, the user, the customer with their group, organization and section, their figures;
    # the form adds its three selects (groups, organizations, sections).
    for customer in (plain, busy):
        with django_assert_num_queries(4):
            csr_client.get(reverse("customer_detail", args=[customer.pk]))
        with django_assert_num_queries(7):
            csr_client.get(reverse("customer_edit", args=[customer.pk]))
