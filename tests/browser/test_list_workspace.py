"""The workspace keeps what is on screen: after filters typed without a page load,
the saved view and the CSV export hold exactly the rows shown, moving a column keeps the Columns
panel open and the filters, and a half-typed email never holds back the other filters."""
import csv
import re

import pytest
from playwright.sync_api import expect

from csrportal.models import SavedView
from demo.factories.orders import PurchaseOrderFactory
from tests.browser.test_purchase_order_list import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def orders(transactional_db):
    def made(name, status):
        return PurchaseOrderFactory(lines=1, customer=None, customer_name=name, status=status)

    return {
        "mercy": made("Mercy Taylor", "completed"),
        "hayes": made("Taylor Hayes", "completed"),
        "held": made("Mercy Taylor", "on_hold"),
        "other": made("Anna Smith", "completed"),
        **{f"filler{index}": made(f"Customer {index:02d}", "on_hold") for index in range(5)},
    }


def numbers_on_screen(page) -> list[str]:
    return page.locator("#order-results tbody tr td:first-child a").all_inner_texts()


def filter_taylors_who_completed(page):
    """%tay typed into Customer name, Completed ticked: the results change without a page load."""
    page.evaluate("window.__marker = 1")
    page.get_by_role("textbox", name="Customer name").press_sequentially("%tay", delay=40)
    expect(page.locator("caption")).to_contain_text("3 purchase orders")
    page.locator("summary", has_text="Status").click()
    page.get_by_role("checkbox", name="Completed").check()
    expect(page.locator("caption")).to_contain_text("2 purchase orders")
    page.locator("summary", has_text="Status").click()  # closed again, as a CSR would
    assert page.evaluate("window.__marker") == 1


def test_the_saved_view_and_the_csv_hold_exactly_the_rows_on_screen(page, csr_user, orders, tmp_path):
    log_in(page)
    filter_taylors_who_completed(page)
    shown = numbers_on_screen(page)
    assert sorted(shown) == sorted([orders["mercy"].number, orders["hayes"].number])

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert [row[0] for row in rows[1:]] == shown

    page.locator("summary", has_text="Saved views").click()
    page.get_by_label("Save the current view as").fill("Taylors done")
    page.get_by_label("Share with every CSR").check()
    page.get_by_role("button", name="Save view").click()
    expect(page.locator(".message-success")).to_contain_text("View “Taylors done” saved and shared with every CSR.")
    view = SavedView.objects.get(name="Taylors done")
    assert view.shared and "customer=%25tay" in view.query and "status=completed" in view.query

    page.goto("/orders/")  # a fresh start: every order, then the saved view
    expect(page.locator("caption")).to_contain_text("9 purchase orders")
    page.locator("summary", has_text="Saved views").click()
    page.get_by_role("link", name="Taylors done").click()
    expect(page.locator("caption")).to_contain_text("2 purchase orders")
    assert numbers_on_screen(page) == shown


def test_moving_a_column_keeps_the_panel_open_and_the_filters(page, csr_user, orders):
    log_in(page)
    filter_taylors_who_completed(page)
    shown = numbers_on_screen(page)

    page.get_by_text("Columns", exact=True).click()
    page.get_by_role("button", name="Move Customer name up").click()
    expect(page.locator("#columns-panel")).to_have_attribute("open", "")
    expect(page.get_by_role("button", name="Move Customer name up")).to_be_focused()
    headers = [text.strip() for text in page.locator("#order-results thead th").all_inner_texts()]
    assert headers.index("Customer name") == headers.index("Created") - 1
    expect(page).to_have_url(re.compile(r"customer=%25tay.*status=completed"))
    expect(page.get_by_role("textbox", name="Customer name")).to_have_value("%tay")
    assert numbers_on_screen(page) == shown

    page.get_by_role("button", name="Move Customer name down").click()
    expect(page.locator("#columns-panel")).to_have_attribute("open", "")
    headers = [text.strip() for text in page.locator("#order-results thead th").all_inner_texts()]
    assert headers.index("Customer name") == headers.index("Created") + 1


def test_a_half_typed_email_does_not_hold_back_the_other_filters(page, csr_user, orders):
    log_in(page)
    page.get_by_role("textbox", name="Customer email").press_sequentially("@example", delay=30)
    expect(page.locator("#order-results")).to_contain_text("Nothing matches these filters.")
    page.get_by_role("textbox", name="Customer email").fill("")
    page.get_by_role("textbox", name="Customer email").press_sequentially("mercy", delay=30)
    page.locator("summary", has_text="Status").click()
    page.get_by_role("checkbox", name="Completed").check()
    expect(page).to_have_url(re.compile(r"status=completed"))
    expect(page.locator(".chips")).to_contain_text("Status: Completed")


def test_from_after_to_is_said_beside_the_dates_while_typing(page, csr_user, orders):
    log_in(page)
    page.get_by_label("From").fill("2026-03-05")
    page.get_by_label("To", exact=True).fill("2026-03-01")
    expect(page.locator("#id_created_to_error")).to_contain_text("To is before From")
    expect(page.locator("caption")).to_contain_text("9 purchase orders")
    page.get_by_label("To", exact=True).fill("2026-03-31")
    expect(page.locator("#id_created_to_error")).to_be_empty()


def test_one_menu_open_at_a_time_and_escape_or_a_click_outside_closes_it(page, csr_user, orders):
    """An open Status menu would otherwise lie over the Saved views panel's controls."""
    log_in(page)
    status = page.locator("details", has=page.locator("summary", has_text="Status"))
    views = page.locator("details#views-panel")
    page.locator("summary", has_text="Status").click()
    expect(status).to_have_attribute("open", "")
    page.locator("summary", has_text="Saved views").click()
    expect(views).to_have_attribute("open", "")
    expect(status).not_to_have_attribute("open", "")
    page.get_by_label("Share with every CSR").check()  # nothing lies over it

    page.get_by_label("Save the current view as").press("Escape")
    expect(views).not_to_have_attribute("open", "")
    expect(page.locator("summary", has_text="Saved views")).to_be_focused()

    page.locator("summary", has_text="Status").click()
    page.get_by_role("heading", level=1).click()
    expect(status).not_to_have_attribute("open", "")


def test_each_filter_is_found_by_its_label_alone_and_columns_open_on_demand(page, csr_user, orders):
    """The Columns chooser names its checkboxes like the columns; drawn only when opened, it never
    makes get_by_label("Customer name") ambiguous, and it opens with the keyboard on its first box."""
    log_in(page)
    page.get_by_label("Customer name").fill("%tay")
    expect(page).to_have_url(re.compile(r"customer=%25tay"))
    page.get_by_label("Customer email").fill("nobody@example.com")
    expect(page.locator("caption")).to_contain_text("0 purchase orders")
    page.get_by_label("Customer email").fill("")

    page.get_by_role("link", name="Columns").click()
    expect(page.locator("#columns-panel")).to_have_attribute("open", "")
    expect(page.get_by_role("checkbox", name="No.")).to_be_focused()
    expect(page.get_by_role("textbox", name="Customer name")).to_have_value("%tay")


def test_columns_open_without_javascript(browser, live_server, csr_user, orders):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page)
    page.get_by_role("link", name="Columns").click()
    page.get_by_role("checkbox", name="Modified").check()
    page.get_by_role("button", name="Save columns").click()
    expect(page.locator("#order-results thead")).to_contain_text("Modified")
    context.close()
