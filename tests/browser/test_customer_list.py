"""A CSR finds a customer in the Customers tab by part of her name, the list narrowing as they type,
then opens her page; and creates a new customer from the tab."""
import re

import pytest
from playwright.sync_api import expect

from customers.models import Customer
from demo.factories.customers import CustomerFactory
from tests.browser.test_purchase_order_list import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def customers(transactional_db):
    made = [CustomerFactory(first_name="Pat", last_name=f"Number{index:02d}", addresses=0) for index in range(8)]
    made += [CustomerFactory(first_name=first, last_name=last, addresses=0)
             for first, last in (("Mercy", "Taylor"), ("Taylor", "Hayes"), ("Tayla", "Done"))]
    return made


def test_a_csr_finds_a_customer_by_part_of_her_name_and_opens_her_page(page, csr_user, customers, screenshot):
    log_in(page)
    page.get_by_role("link", name="Customers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Customers")
    expect(page.locator("caption")).to_contain_text("11 customers")

    name = page.get_by_role("textbox", name="Name")
    name.press_sequentially("%tay", delay=40)
    expect(page.locator("caption")).to_contain_text("3 customers")
    expect(page).to_have_url(re.compile(r"name=%25tay"))
    name.press_sequentially("lor", delay=40)
    expect(page.locator("caption")).to_contain_text("2 customers")
    expect(page.locator("#customer-results tbody")).to_contain_text("Mercy Taylor")
    expect(page.locator("#customer-results tbody")).not_to_contain_text("Tayla Done")
    screenshot("customer-list-narrowed")

    page.get_by_role("link", name="Mercy Taylor").click()
    expect(page).to_have_url(re.compile(rf"/customers/{customers[8].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mercy Taylor")


def test_a_csr_creates_a_customer_from_the_tab(page, csr_user, transactional_db):
    log_in(page)
    page.goto("/customers/")
    page.get_by_role("link", name="New customer").click()
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Byron")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Create customer").click()
    ada = Customer.objects.get(email="ada@example.com")
    expect(page).to_have_url(re.compile(rf"/customers/{ada.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Byron")
