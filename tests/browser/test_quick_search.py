"""The header's search box and the keyboard shortcuts, in the browser (docs/domain.md §5): a CSR
finds an order by its number without the prefix and a customer by her email, and opens each with
Enter; g o, g c, g s, g u go to the tabs, ? lists the shortcuts, / goes to the search box, and
none of them fires while the CSR types in a field."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_purchase_order_list import log_in as log_in_only

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def transactional(transactional_db):
    pass


def log_in(page):
    """Logged in, on the Purchase orders tab with its scripts run: keys pressed now reach them."""
    log_in_only(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase orders")
    page.wait_for_load_state("load")


def search_box(page):
    return page.get_by_role("searchbox", name="Search")


def test_an_order_is_found_by_its_number_without_the_prefix_and_opened_with_enter(page, csr_user, shop, make_order):
    order = make_order()
    cart = make_order(kind="cart", number="C" + order.number.removeprefix("PO"))
    log_in(page)

    search_box(page).press_sequentially(order.number.removeprefix("PO"), delay=30)
    results = page.get_by_role("region", name="Matches")
    expect(results.get_by_role("heading", name="Purchase orders")).to_be_visible()
    expect(results.get_by_role("heading", name="Carts")).to_be_visible()
    expect(results.get_by_role("link", name=order.number)).to_be_visible()
    expect(results.get_by_role("link", name=cart.number)).to_be_visible()
    expect(results.get_by_role("link", name="See all")).to_have_count(2)

    search_box(page).press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("po:order_detail", args=[order.number])) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)


def test_a_customer_is_found_by_her_email_and_enter_opens_her_page(page, csr_user, shop, make_order):
    make_order()
    log_in(page)

    search_box(page).press_sequentially("Mercy@Example.com", delay=20)
    results = page.get_by_role("region", name="Matches")
    customers = results.get_by_role("region", name="Customers")
    expect(customers.get_by_role("link", name=re.compile("Mercy Taylor"))).to_be_visible()
    expect(customers.get_by_role("link", name="See all")).to_have_attribute("href", "/customers/?email=Mercy%40Example.com")
    expect(results.get_by_role("heading", name="Purchase orders")).to_be_visible()
    expect(page.get_by_label("Search")).to_have_count(1)  # the box, and nothing else labelled so

    search_box(page).press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("customer_detail", args=[shop.mercy.pk])) + "$"))


def test_the_matches_are_walked_with_the_arrow_keys_and_closed_with_escape(page, csr_user, shop, make_order):
    orders = [make_order() for _ in range(2)]
    log_in(page)

    page.keyboard.press("/")
    expect(search_box(page)).to_be_focused()
    page.keyboard.type("mercy@example.com", delay=10)
    results = page.get_by_role("region", name="Matches")
    expect(results.get_by_role("link", name=orders[1].number)).to_be_visible()

    page.keyboard.press("ArrowDown")
    expect(results.get_by_role("link", name=orders[1].number)).to_be_focused()  # the newest first
    page.keyboard.press("ArrowDown")
    expect(results.get_by_role("link", name=orders[0].number)).to_be_focused()
    page.keyboard.press("Escape")
    expect(search_box(page)).to_be_focused()
    expect(results.get_by_role("heading")).to_have_count(0)

    search_box(page).press_sequentially("x", delay=10)  # mercy@example.comx: nothing found
    expect(results).to_contain_text("Nothing found")
    search_box(page).fill("mercy@example.com")
    search_box(page).press_sequentially(" ", delay=10)
    expect(results.get_by_role("link", name="See all").first).to_be_visible()
    for _ in range(20):  # through the matches and out of them
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('#quick-search-results')"):
            break
    expect(results.get_by_role("heading")).to_have_count(0)


def test_g_then_a_letter_goes_to_a_tab_and_question_mark_lists_the_shortcuts(page, csr_user, shop):
    log_in(page)

    page.keyboard.press("g")
    page.keyboard.press("c")
    expect(page).to_have_url(re.compile(reverse("carts") + "$"))
    page.keyboard.press("g")
    page.keyboard.press("s")
    expect(page).to_have_url(re.compile(reverse("subscriptions") + "$"))
    page.keyboard.press("g")
    page.keyboard.press("u")
    expect(page).to_have_url(re.compile(reverse("customers") + "$"))
    page.keyboard.press("g")
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(reverse("purchase_orders") + "$"))

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()
    for text in ("Go to Purchase orders", "Go to Carts", "Go to Subscriptions", "Go to Customers", "Go to the search box"):
        expect(dialog).to_contain_text(text)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def test_shortcuts_do_not_fire_while_the_csr_types_in_a_field(page, csr_user, shop):
    log_in(page)
    customer_name = page.get_by_role("textbox", name="Customer name")
    customer_name.click()
    customer_name.press_sequentially("go?/", delay=40)
    expect(customer_name).to_have_value("go?/")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
    expect(customer_name).to_be_focused()
    page.wait_for_timeout(300)
    assert page.url.split("?")[0].endswith(reverse("purchase_orders"))

    search_box(page).click()
    search_box(page).press_sequentially("gc", delay=40)
    expect(search_box(page)).to_have_value("gc")
    assert page.url.split("?")[0].endswith(reverse("purchase_orders"))


def test_tab_goes_from_the_skip_link_to_the_search_box_before_the_tabs_and_the_page(page, csr_user, shop):
    log_in(page)
    page.locator("body").focus()
    order = []
    for _ in range(8):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert order[0] == "Skip to main content"
    assert order.index("quick-search") < order.index("Purchase orders") < order.index("Carts")
