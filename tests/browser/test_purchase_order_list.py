"""A CSR finds orders in the Purchase orders tab: columns, filters as you type, sort, pages, reload."""
import re

import pytest
from playwright.sync_api import expect

from demo.factories.orders import PurchaseOrderFactory
from tests.conftest import CSR_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page):
    page.goto("/login/")
    page.get_by_label("Username").fill("csr")
    page.get_by_label("Password").fill(CSR_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def orders(transactional_db):
    made = [PurchaseOrderFactory(lines=1, customer=None, customer_name=f"Customer {index:02d}", status="on_hold")
            for index in range(30)]
    made += [
        PurchaseOrderFactory(lines=1, customer=None, customer_name="Mercy Taylor", status="on_hold"),
        PurchaseOrderFactory(lines=1, customer=None, customer_name="Taylor Hayes", status="on_hold"),
        PurchaseOrderFactory(lines=1, customer=None, customer_name="Tayla Done", status="completed"),
    ]
    return made


def column_headers(page):
    return [text.strip() for text in page.locator("#order-results thead th").all_inner_texts()]


def test_a_csr_chooses_columns_filters_sorts_pages_reloads_and_opens_an_order(page, csr_user, orders, screenshot):
    log_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase orders")

    page.get_by_text("Columns", exact=True).click()
    page.get_by_role("checkbox", name="Shipments").uncheck()
    page.get_by_role("checkbox", name="Modified").check()
    page.get_by_role("button", name="Save columns").click()
    expect(page.locator(".message-success")).to_contain_text("Columns saved")
    assert "Shipments" not in column_headers(page) and "Modified" in column_headers(page)

    page.locator("summary", has_text="Status").click()
    page.get_by_role("checkbox", name="On Hold").check()
    expect(page).to_have_url(re.compile(r"status=on_hold"))
    expect(page.locator("caption")).to_contain_text("32 purchase orders")

    page.get_by_role("textbox", name="Customer name").press_sequentially("%tay", delay=40)
    expect(page.locator("caption")).to_contain_text("2 purchase orders")
    expect(page.locator("#order-results tbody")).to_contain_text("Mercy Taylor")
    expect(page.locator("#order-results tbody")).not_to_contain_text("Tayla Done")
    expect(page.locator(".chips")).to_contain_text("Customer name: %tay")

    page.get_by_role("textbox", name="Customer name").fill("")
    expect(page.locator("caption")).to_contain_text("32 purchase orders")
    page.get_by_role("link", name="Customer name", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=customer_name"))
    expect(page.locator("#order-results tbody tr").first).to_contain_text("Customer 00")

    page.get_by_role("link", name="Next ›").click()
    expect(page).to_have_url(re.compile(r"after="))
    expect(page.locator("#order-results tbody tr").first).to_contain_text("Customer 25")
    screenshot("order-list-page-two")

    page.reload()
    expect(page.locator("#order-results tbody tr").first).to_contain_text("Customer 25")
    expect(page.locator("#filters input[name=status][value=on_hold]")).to_be_checked()
    expect(page.locator(".chips")).to_contain_text("Status: On Hold")
    assert page.url.count("status=on_hold") == 1
    assert "Modified" in column_headers(page)

    page.go_back()
    expect(page.locator("#order-results tbody tr").first).to_contain_text("Customer 00")

    number = page.locator("#order-results tbody tr a").first.inner_text()
    page.locator("#order-results tbody tr a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
