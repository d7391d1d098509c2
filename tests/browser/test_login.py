import re

import pytest
from playwright.sync_api import expect

from tests.conftest import CSR_PASSWORD

pytestmark = pytest.mark.browser


def test_a_csr_logs_in_through_the_form_and_sees_the_order_management_tabs(page, csr_user, screenshot):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))

    page.get_by_label("Username").fill("csr")
    page.get_by_label("Password").fill(CSR_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    nav = page.get_by_role("navigation", name="Order Management")
    expect(nav.get_by_role("link", name="Purchase orders")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link")).to_have_text(["Purchase orders", "Carts", "Subscriptions", "Shipments", "Customers"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase orders")
    expect(page.get_by_text("Signed in as Casey Rivera")).to_be_visible()
    # htmx came from our own static files and started.
    assert page.evaluate("typeof htmx === 'object' && htmx.version") == "2.0.11"
    screenshot("login-order-management")

