"""The order page's tab bar marks the open tab after every HTMX tab switch."""
import pytest
from playwright.sync_api import expect

from demo.factories.orders import PurchaseOrderFactory
from tests.browser.test_purchase_order_list import log_in

pytestmark = pytest.mark.browser


def test_the_tab_bar_follows_every_htmx_tab_switch(page, csr_user, transactional_db, market):
    order = PurchaseOrderFactory(market=market, lines=1)
    log_in(page)
    page.goto(f"/orders/{order.number}/")
    page.evaluate("window.__marker = 1")
    bar = page.get_by_role("navigation", name=order.number)
    for label in ["Notes", "History", "Form details", "Summary", "Contact details"]:
        bar.get_by_role("link", name=label).click()
        expect(bar.locator("[aria-current=page]")).to_have_text(label)
        expect(bar.locator("a.current")).to_have_count(1)
        expect(bar.locator("a.current")).to_have_text(label)
    assert page.evaluate("window.__marker") == 1  # every switch was a swap, not a page load
