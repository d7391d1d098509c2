"""A CSR finds a cart in the Carts tab: the search narrows as they type, filters, then opens the cart."""
import re

import pytest
from playwright.sync_api import expect

from demo.factories.orders import CartFactory
from tests.browser.test_purchase_order_list import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def carts(transactional_db):
    made = [CartFactory(lines=1, customer_name=f"Customer {index:02d}") for index in range(8)]
    made += [
        CartFactory(lines=2, anonymous=True, customer_name="Mercy Taylor"),
        CartFactory(lines=1, wishlist=True, customer_name="Taylor Hayes"),
        CartFactory(lines=3, customer_name="Tayla Done"),
    ]
    return made


def test_a_csr_searches_filters_and_opens_a_cart(page, csr_user, carts, screenshot):
    log_in(page)
    page.get_by_role("link", name="Carts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carts")
    expect(page.locator("caption")).to_contain_text("11 carts")
    screenshot("cart-list")

    page.get_by_role("textbox", name="Customer name or email").press_sequentially("%tay", delay=40)
    expect(page.locator("caption")).to_contain_text("3 carts")
    expect(page.locator("#cart-results tbody")).to_contain_text("Mercy Taylor (Anonymous)")
    expect(page).to_have_url(re.compile(r"search=%25tay"))

    page.get_by_label("Kind").select_option("Wish lists")
    expect(page.locator("caption")).to_contain_text("1 cart")
    expect(page.locator(".chips")).to_contain_text("Kind: Wish lists")
    screenshot("cart-list-wishlists")

    page.reload()
    expect(page.locator("#cart-results tbody tr")).to_have_count(1)
    page.locator("#cart-results tbody tr a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(carts[9].number)
