"""The print window in Chromium: reached from the order page, its Print button calls the browser's
print from the static script, the toolbar is gone when printed, and Download PDF downloads one."""
import pytest
from playwright.sync_api import expect

from orders.models import OrderStatus
from tests.conftest import CSR_PASSWORD
from tests.world import first_shipment

pytestmark = pytest.mark.browser


@pytest.fixture
def order(transactional_db, make_order):
    return make_order(status=OrderStatus.PARTIALLY_SHIPPED, lines=(("TEE-M", 2), ("MUG-BLUE", 1)))


def log_in(page):
    page.goto("/login/")
    page.get_by_label("Username").fill("csr")
    page.get_by_label("Password").fill(CSR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase orders")


def test_print_an_invoice_from_the_order_page(page, csr_user, order, screenshot):
    log_in(page)
    page.goto(f"/orders/{order.number}/")
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Print invoice").click()
    window = opened.value
    expect(window.get_by_role("heading", name="Invoice")).to_be_visible()
    expect(window.get_by_role("navigation")).to_have_count(0)

    window.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    window.get_by_role("button", name="Print").click()
    assert window.evaluate("window.printed") == 1

    with window.expect_download() as downloaded:
        window.get_by_role("link", name="Download PDF").click()
    assert downloaded.value.suggested_filename == f"invoice-{order.number}.pdf"

    window.emulate_media(media="print")
    expect(window.get_by_role("toolbar", name="Printing")).to_be_hidden()
    window.screenshot(path=str(screenshot("print-invoice-order-page").with_name("print-invoice-print-layout.png")),
                      full_page=True)


def test_print_a_packing_slip_from_a_shipment(page, csr_user, order, screenshot):
    log_in(page)
    page.goto(f"/orders/{order.number}/forms/")
    with page.expect_popup() as opened:
        page.locator(f"#shipment-{first_shipment(order).pk}").get_by_role("link", name="Print packing slip").click()
    window = opened.value
    expect(window.get_by_role("heading", name="Packing slip")).to_be_visible()
    expect(window.get_by_text("1 of 2", exact=True)).to_be_visible()
