"""The customer page in the browser: the Address book and Personal information, edited in place
with HTMX and by keyboard, as a CSR does while the customer is on the phone."""
import pytest
from playwright.sync_api import expect

from customers.models import Address, Customer, CustomerNote
from customers.operations import customer_update
from demo.factories.customers import CustomerFactory, CustomerGroupFactory
from tests.browser.test_purchase_order_list import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def ada(transactional_db, csr_user):
    """Ada, with her Home address preferred for billing and shipping."""
    CustomerGroupFactory(name="VIP")
    return CustomerFactory(first_name="Ada", last_name="Byron", email="ada@example.com", phone="555-0100",
                           addresses=1)


def test_a_csr_adds_an_address_and_makes_it_preferred_shipping(page, ada):
    log_in(page)
    page.goto(f"/customers/{ada.pk}/")
    page.get_by_role("link", name="Address book").click()
    expect(page.get_by_role("heading", name="Address book")).to_be_visible()

    page.get_by_role("button", name="Add address").click()
    expect(page.get_by_label("Label")).to_be_focused()  # opened in place, the keyboard in it
    page.keyboard.type("Office")
    page.get_by_label("Address line 1").fill("2 Work Rd")
    page.get_by_label("City").fill("Albany")
    page.get_by_label("Postal code").fill("12207")
    page.get_by_label("Country").fill("us")
    page.get_by_role("button", name="Save").click()

    office = page.locator("li.address-entry", has=page.get_by_role("heading", name="Office"))
    expect(office).to_contain_text("2 Work Rd")
    expect(page.locator("#messages")).to_contain_text("Address added.")
    office.get_by_role("button", name="Make preferred shipping").click()

    expect(page.locator("#messages")).to_contain_text("Office is now the preferred shipping address.")
    office = page.locator("li.address-entry", has=page.get_by_role("heading", name="Office"))
    home = page.locator("li.address-entry", has=page.get_by_role("heading", name="Home"))
    expect(office.get_by_text("Preferred shipping")).to_be_visible()
    expect(home.get_by_text("Preferred shipping", exact=True)).to_have_count(0)
    expect(home.get_by_text("Preferred billing", exact=True)).to_be_visible()
    expect(office.get_by_role("button", name="Make preferred shipping")).to_have_count(0)
    assert page.url.endswith(f"/customers/{ada.pk}/addresses/")  # HTMX: no page load

    saved = Address.objects.get(customer=ada, label="Office")
    assert (saved.country_code, saved.is_preferred_shipping, saved.is_preferred_billing) == ("US", True, False)
    assert not Address.objects.get(customer=ada, label="Home").is_preferred_shipping
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_role("cell", name="Preferred shipping address changed")).to_be_visible()


def test_a_csr_edits_personal_information_in_place_by_keyboard(page, ada):
    log_in(page)
    page.goto(f"/customers/{ada.pk}/")
    page.get_by_role("button", name="Edit").focus()
    page.keyboard.press("Enter")
    first_name = page.get_by_label("First name")
    expect(first_name).to_be_focused()
    first_name.fill("Adah")
    page.get_by_label("Middle name").fill("Augusta")
    page.get_by_label("Customer group").select_option(label="VIP")
    page.get_by_label("Preferred language").select_option(label="Swedish")
    page.get_by_label("Preferred currency").fill("sek")
    page.get_by_label("Email").fill("ada@example")  # a typo: refused beside the field
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("That is not an email address.")).to_be_visible()
    expect(page.get_by_label("Email")).to_be_focused()

    page.get_by_label("Email").fill("adah@example.com")
    page.get_by_label("Email").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Adah Augusta Byron")  # the header, out of band
    expect(page.locator("#messages")).to_contain_text("Personal information saved.")
    fields = page.locator("dl.record-fields")
    expect(fields).to_contain_text("adah@example.com")
    expect(fields).to_contain_text("Swedish")
    expect(fields).to_contain_text("SEK")
    customer = Customer.objects.get(pk=ada.pk)
    assert (customer.first_name, customer.group.name, customer.version) == ("Adah", "VIP", 2)
    assert CustomerNote.objects.filter(customer=ada, title="Personal information changed").exists()


def test_a_stale_save_names_who_changed_the_customer(page, ada, django_user_model):
    log_in(page)
    page.goto(f"/customers/{ada.pk}/")
    page.get_by_role("button", name="Edit").click()
    page.get_by_label("Phone").fill("555-0199")

    colleague = django_user_model.objects.create_user("sam", first_name="Sam", last_name="Lee")
    customer_update(ada, user=colleague, version=1, first_name="Ada", middle_name="", last_name="King",
                    email="ada@example.com", phone="555-0100", group=None, organization=None, section=None,
                    preferred_language="", preferred_currency="")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert").filter(has_text="changed by Sam Lee")).to_be_visible()
    assert Customer.objects.get(pk=ada.pk).phone == "555-0100"
