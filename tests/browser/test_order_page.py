"""A CSR works on one purchase order in the browser, end to end (docs/domain.md §5).

Every edit on the Form details tab is an HTMX swap: the tests check what the CSR sees (the
shipment, the line, the header totals, the message beside a field) and, where it matters, what
was stored. `window.__marker` tells a swap from a full page load.
"""
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from csrportal.money import format_money
from demo.factories.orders import PurchaseOrderFactory
from orders.models import Discount, LineItem, OrderGroup, OrderStatus, Payment, Shipment, ShipmentStatus
from tests.browser.conftest import RESULTS_DIR
from tests.conftest import CSR_PASSWORD

pytestmark = pytest.mark.browser


# --- The data: the one test world (tests/world.py), on a transactional database. --------------

@pytest.fixture
def order(transactional_db, market):
    """An In Progress order of two lines in one shipment, waiting for inventory: editable."""
    made = PurchaseOrderFactory(market=market, lines=2)
    Shipment.objects.filter(order_form__order_group=made).update(status=ShipmentStatus.AWAITING_INVENTORY)
    return made


@pytest.fixture
def colleague(django_user_model, csr_group):
    """A second CSR, for the two-browser test."""
    user = django_user_model.objects.create_user("csr2", password=CSR_PASSWORD, first_name="Anna", last_name="Berg")
    user.groups.add(csr_group)
    return user


@pytest.fixture
def second_page(browser, live_server):
    """A second browser context: another CSR's own cookies and tab."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def fresh(order) -> OrderGroup:
    return OrderGroup.objects.get(pk=order.pk)


def lines_of(order) -> list:
    return list(LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id"))


def shipments_of(order) -> list:
    return list(Shipment.objects.filter(order_form__order_group=order).order_by("id"))


def usd(amount) -> str:
    return format_money(Decimal(amount), "USD")


# --- What the CSR does and sees. ----------------------------------------------------------------

def log_in(page, username="csr"):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(CSR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase orders")


def open_forms(page, order):
    page.goto(f"/orders/{order.number}/forms/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    expect(page.get_by_role("link", name="Form details")).to_have_attribute("aria-current", "page")


def mark_page(page):
    """Set a marker a full page load would wipe out."""
    page.evaluate("window.__marker = 1")


def assert_not_reloaded(page):
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of swapped"


def header_value(page, term):
    """The header's amount for Subtotal, Discounts, Shipping, Total, Paid, Balance due..."""
    return page.locator("#order-header .totals div").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(term)}"))).locator("dd")


def expect_header_matches(page, order):
    """The header shows the totals as stored now."""
    stored = fresh(order)
    expect(header_value(page, "Subtotal")).to_have_text(usd(stored.subtotal))
    expect(header_value(page, "Discounts")).to_have_text(usd(stored.discount_total))
    expect(header_value(page, "Shipping")).to_have_text(usd(stored.shipping_total))
    expect(header_value(page, "Total")).to_have_text(usd(stored.total))
    expect(header_value(page, "Balance due")).to_have_text(usd(stored.balance_due))
    return stored


def expect_message(page, text):
    expect(page.locator("#messages")).to_contain_text(text)


# --- 1. Address ----------------------------------------------------------------------------------

def test_change_a_shipments_address_without_reloading(page, csr_user, order, screenshot):
    shipment = shipments_of(order)[0]
    log_in(page)
    open_forms(page, order)
    mark_page(page)

    article = page.locator(f"#shipment-{shipment.pk}")
    article.get_by_text("Change address", exact=True).click()
    form = article.locator("form.address-form")
    address_book = form.get_by_label("From the address book")
    if address_book.count():
        address_book.select_option("")  # "Type a new address below"
    form.get_by_label("First name").fill("Mercy")
    form.get_by_label("Last name").fill("Taylor")
    form.get_by_label("Address line 1").fill("2 Elm St")
    form.get_by_label("Address line 2").fill("")
    form.get_by_label("Postal code").fill("54321")
    form.get_by_label("City").fill("Shelbyville")
    form.get_by_label("State / region").fill("IL")
    form.get_by_label("Country").select_option("US")
    form.get_by_role("button", name="Save address").click()

    expect_message(page, "Address saved.")
    ship_to = page.locator(f"#shipment-{shipment.pk} .shipment-header")
    expect(ship_to).to_contain_text("Mercy Taylor, 2 Elm St, 54321 Shelbyville, IL, US")
    assert_not_reloaded(page)
    assert shipments_of(order)[0].address.city == "Shelbyville"
    screenshot()


# --- 2. Add a SKU --------------------------------------------------------------------------------

def test_add_a_sku_from_the_typeahead_updates_the_totals(page, csr_user, order):
    shipment = shipments_of(order)[0]
    before = fresh(order)
    log_in(page)
    open_forms(page, order)
    mark_page(page)

    article = page.locator(f"#shipment-{shipment.pk}")
    article.get_by_label("Add SKU", exact=True).press_sequentially("tee-r", delay=30)
    results = page.locator(f"#sku-results-{shipment.pk}")
    large = results.get_by_role("row").filter(has_text="TEE-RED-L")
    expect(large).to_contain_text("22.00 USD")
    expect(large).to_contain_text("MAIN: 10")
    expect(results.get_by_role("row").filter(has_text="TEE-RED-M")).to_contain_text("20.00 USD")
    add = large.get_by_role("button", name="Add one TEE-RED-L")
    expect(add).to_have_text("Add 1")
    add.click()

    expect_message(page, "Item added.")
    added = article.get_by_role("row").filter(has_text="TEE-RED-L")
    expect(added).to_contain_text("Red tee L")
    stored = expect_header_matches(page, order)
    assert stored.subtotal == before.subtotal + Decimal("22.00")
    assert stored.total > before.total
    assert_not_reloaded(page)
    new_line = next(line for line in lines_of(order) if line.sku_code == "TEE-RED-L")
    assert new_line.quantity == 1 and new_line.shipment_id == shipment.pk

    # Searched again, the results say it is in the order now.
    page.locator(f"#shipment-{shipment.pk}").get_by_label("Add SKU", exact=True).press_sequentially("tee-r", delay=30)
    rows = page.locator(f"#sku-results-{shipment.pk}").get_by_role("row")
    expect(rows.filter(has_text="TEE-RED-L")).to_contain_text("in this order")
    expect(rows.filter(has_text="TEE-RED-M")).not_to_contain_text("in this order")


# --- 3. Quantity ---------------------------------------------------------------------------------

@pytest.mark.parametrize("submit", ["Enter", "button"])
def test_change_a_quantity_updates_the_line_and_the_header(page, csr_user, order, submit):
    line = lines_of(order)[0]
    before = fresh(order)
    log_in(page)
    open_forms(page, order)
    mark_page(page)
    row = page.locator(f"#line-{line.pk}")
    line_total = row.locator("td").nth(5)
    expect(line_total).to_have_text(usd(line.placed_price * line.quantity))
    expect(header_value(page, "Total")).to_have_text(usd(before.total))

    quantity = page.locator(f"#quantity-{line.pk}-quantity")
    quantity.fill(str(line.quantity + 2))
    if submit == "Enter":
        quantity.press("Enter")
    else:
        row.get_by_role("button", name=f"Save quantity of {line.sku_code}").click()

    expect_message(page, "Quantity changed.")
    expect(line_total).to_have_text(usd(line.placed_price * (line.quantity + 2)))
    expect(page.locator(f"#quantity-{line.pk}-quantity")).to_have_value(str(line.quantity + 2))
    stored = expect_header_matches(page, order)
    assert stored.subtotal == before.subtotal + 2 * line.placed_price
    assert stored.total != before.total
    assert_not_reloaded(page)
    if submit == "Enter":
        # The CSR keeps typing where they were: the keyboard is still on that line's quantity.
        assert page.evaluate("document.activeElement.id") == f"quantity-{line.pk}-quantity"


# --- 4. Split shipment ---------------------------------------------------------------------------

def test_split_a_shipment_into_a_new_one_with_its_own_address_and_method(page, csr_user, order, screenshot):
    shipment = shipments_of(order)[0]
    # With two lines at most one has the shipment's id; move the other, so the test never passes by chance.
    line = next(line for line in lines_of(order) if line.pk != shipment.pk)
    log_in(page)
    open_forms(page, order)
    mark_page(page)

    article = page.locator(f"#shipment-{shipment.pk}")
    article.get_by_text("Move items to another shipment (split)", exact=True).click()
    form = article.locator("form.move-form")
    form.get_by_label("Item", exact=True).select_option(
        label=f"{line.sku_code} — {line.display_name} ({line.quantity})")
    form.get_by_label("How many").fill("1")
    form.get_by_label("To", exact=True).select_option(label="A new shipment")
    form.get_by_label("Shipping method").select_option(label="Express — 15.00 USD")
    form.get_by_label("First name").fill("Mercy")
    form.get_by_label("Last name").fill("Taylor")
    form.get_by_label("Address line 1").fill("2 Elm St")
    form.get_by_label("Postal code").fill("54321")
    form.get_by_label("City").fill("Shelbyville")
    form.get_by_label("Country").select_option("US")
    screenshot("split-form")
    with page.expect_response(re.compile(r"/edit/move-line/")):
        form.get_by_role("button", name="Move").click()

    shipments = shipments_of(order)
    assert len(shipments) == 2, page.locator("#tab-content .message-error").all_inner_texts()
    moved = LineItem.objects.get(shipment=shipments[1])
    assert (moved.sku_code, moved.quantity) == (line.sku_code, 1)
    assert shipments[1].shipping_method_name == "Express" and shipments[1].address.city == "Shelbyville"
    expect_message(page, "Items moved.")
    expect(page.locator("article.shipment")).to_have_count(2)
    second = page.locator("article.shipment").nth(1)
    expect(second.locator(".shipment-header")).to_contain_text("Mercy Taylor, 2 Elm St, 54321 Shelbyville, US")
    expect(second.locator(".shipment-header")).to_contain_text("Express (15.00 USD)")
    expect(second.get_by_role("row").filter(has_text=line.sku_code)).to_be_visible()
    expect_header_matches(page, order)
    assert_not_reloaded(page)
    screenshot()


# --- 5. Discounts and coupons --------------------------------------------------------------------

def test_add_a_manual_discount_and_a_coupon_then_a_bad_coupon_is_refused(page, csr_user, order, screenshot):
    before = fresh(order)
    log_in(page)
    open_forms(page, order)
    mark_page(page)
    discounts = page.locator("section.panel", has=page.get_by_role("heading", name="Discounts and coupons"))
    expect(discounts).to_contain_text("No discounts.")

    page.get_by_text("Add a manual discount", exact=True).click()
    discounts.get_by_label("On", exact=True).select_option(label="The whole order")
    discounts.get_by_label("Amount or percent").fill("5.00")
    discounts.get_by_role("radio", name="USD").check()
    discounts.get_by_label("Reason").fill("Late delivery")
    discounts.get_by_role("button", name="Add discount").click()
    expect_message(page, "Discount added.")
    expect(discounts.get_by_role("row").filter(has_text="Late delivery")).to_contain_text("5.00 USD")
    after_manual = expect_header_matches(page, order)
    assert after_manual.discount_total == before.discount_total + Decimal("5.00")
    assert after_manual.total < before.total

    discounts.get_by_label("Coupon code").fill("save10")
    discounts.get_by_role("button", name="Apply coupon").click()
    expect_message(page, "Coupon added.")
    expect(discounts.get_by_role("row").filter(has_text="SAVE10")).to_be_visible()
    expect(discounts.get_by_role("row").filter(has_text="Late delivery")).to_be_visible()
    after_coupon = expect_header_matches(page, order)
    assert after_coupon.discount_total > after_manual.discount_total
    assert after_coupon.total < after_manual.total
    assert Discount.objects.filter(order_group=order).count() == 2
    assert_not_reloaded(page)

    discounts.get_by_label("Coupon code").fill("NOT-A-COUPON")
    discounts.get_by_role("button", name="Apply coupon").click()
    error = page.locator("#coupon-0-code_error")
    expect(error).to_contain_text("not a valid coupon")
    expect(page.locator("#coupon-0-code")).to_have_attribute("aria-describedby", "coupon-0-code_error")
    expect(page.locator("#coupon-0-code")).to_have_attribute("aria-invalid", "true")
    assert Discount.objects.filter(order_group=order).count() == 2
    assert fresh(order).version == after_coupon.version
    screenshot()


# --- 6. Split payment ----------------------------------------------------------------------------

def test_a_second_payment_by_card_pays_the_rest(page, csr_user, order):
    balance = fresh(order).balance_due
    assert not Payment.objects.filter(order_form__order_group=order).exists() and balance > 10

    log_in(page)
    open_forms(page, order)
    mark_page(page)
    payments = page.locator("section.panel", has=page.get_by_role("heading", name="Payments"))
    expect(header_value(page, "Balance due")).to_have_text(usd(balance))
    expect(payments.get_by_label("Amount (USD)")).to_have_value(str(balance))

    payments.get_by_label("Payment method").select_option(label="Phone")
    payments.get_by_label("Amount (USD)").fill("10.00")
    payments.get_by_role("button", name="Add payment").click()
    expect_message(page, "Payment added.")
    rest = balance - Decimal("10.00")
    expect(header_value(page, "Balance due")).to_have_text(usd(rest))
    expect(payments.get_by_role("row").filter(has_text="Phone")).to_contain_text("10.00 USD")
    # The amount is offered as what is left to pay.
    expect(payments.get_by_label("Amount (USD)")).to_have_value(str(rest))

    payments.get_by_label("Payment method").select_option(label="Card")
    payments.get_by_label("Card number (cards only)").fill("4242 4242 4242 4242")
    payments.get_by_role("button", name="Add payment").click()

    expect(header_value(page, "Balance due")).to_have_text("0.00 USD")
    expect(header_value(page, "Paid")).to_have_text(usd(balance))
    expect(payments.locator("tfoot")).to_contain_text("0.00 USD")
    expect(payments.get_by_role("row").filter(has_text="Card")).to_contain_text(usd(rest))
    expect(payments.get_by_role("button", name="Add payment")).to_have_count(0)
    assert_not_reloaded(page)
    made = list(Payment.objects.filter(order_form__order_group=order).order_by("id"))
    assert [(payment.method_name, payment.amount, payment.status) for payment in made] == [
        ("Phone", Decimal("10.00"), "processed"), ("Card", rest, "processed")]
    assert fresh(order).balance_due == 0


def test_a_declined_card_is_an_error_beside_the_card_number_and_is_kept_as_failed(page, csr_user, order):
    balance = fresh(order).balance_due
    log_in(page)
    open_forms(page, order)
    mark_page(page)
    payments = page.locator("section.panel", has=page.get_by_role("heading", name="Payments"))
    payments.get_by_label("Payment method").select_option(label="Card")
    payments.get_by_label("Amount (USD)").fill("10.00")
    payments.get_by_label("Card number (cards only)").fill("4000 0000 0000 0002")
    payments.get_by_role("button", name="Add payment").click()

    card = payments.get_by_label("Card number (cards only)")
    error = page.locator("#payment-0-card_number_error")
    expect(error).to_contain_text("Payment declined: The card was declined by the issuer.")
    expect(card).to_have_attribute("aria-invalid", "true")
    expect(card).to_have_attribute("aria-describedby", "payment-0-card_number_error")
    failed = payments.locator("tbody tr.payment-failed")
    expect(failed).to_contain_text("Failed")
    expect(header_value(page, "Balance due")).to_have_text(usd(balance))
    expect(header_value(page, "Paid")).to_have_text("0.00 USD")
    assert page.evaluate("document.activeElement.id") == "payment-0-card_number"
    assert_not_reloaded(page)
    assert [(payment.amount, payment.status) for payment in Payment.objects.filter(order_form__order_group=order)] == [
        (Decimal("10.00"), "failed")]


# --- 7. Notes ------------------------------------------------------------------------------------

def test_add_a_note_it_shows_with_author_and_time(page, csr_user, order):
    log_in(page)
    page.goto(f"/orders/{order.number}/notes/")
    mark_page(page)
    page.get_by_label("Title").fill("Customer called")
    page.get_by_label("Text").fill("Wants it before Friday.")
    page.get_by_role("button", name="Add note").click()

    note = page.locator("ol.notes li.note").first
    expect(note).to_contain_text("Customer called")
    expect(note).to_contain_text("Casey Rivera")
    expect(note).to_contain_text("Wants it before Friday.")
    expect(note.locator("time")).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"))
    expect(page.get_by_label("Title")).to_have_value("")
    assert_not_reloaded(page)


# --- 8. Hold and release -------------------------------------------------------------------------

def test_hold_and_release_from_the_summary(page, csr_user, order, screenshot):
    log_in(page)
    page.goto(f"/orders/{order.number}/")
    actions = page.locator("section.panel", has=page.get_by_role("heading", name="Actions"))
    expect(actions.get_by_role("button", name="Hold", exact=True)).to_be_visible()
    expect(actions.get_by_role("button", name="Release hold")).to_have_count(0)

    actions.get_by_role("button", name="Hold", exact=True).click()
    expect(page.locator("#order-header .status")).to_have_text("On Hold")
    expect(actions.get_by_role("button", name="Release hold")).to_be_visible()
    expect(actions.get_by_role("button", name="Hold", exact=True)).to_have_count(0)
    expect(actions.get_by_role("link", name="Cancel order…")).to_be_visible()
    assert fresh(order).status == OrderStatus.ON_HOLD
    screenshot()

    page.get_by_role("link", name="Form details").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/forms/$"))
    tab = page.locator("#tab-content")
    expect(tab.locator("article.shipment")).to_have_count(1)
    for control in ("Change address", "Move items to another shipment (split)", "Add a manual discount"):
        expect(tab.get_by_text(control, exact=True)).to_have_count(0)
    for button in ("Add", "Apply coupon", "Add payment", "Change", "Remove"):
        expect(tab.get_by_role("button", name=button, exact=True)).to_have_count(0)
    expect(tab.get_by_role("textbox")).to_have_count(0)
    expect(tab.get_by_role("combobox")).to_have_count(0)

    page.get_by_role("link", name="Summary").click()
    actions.get_by_role("button", name="Release hold").click()
    expect(page.locator("#order-header .status")).to_have_text("In Progress")
    expect(actions.get_by_role("button", name="Hold", exact=True)).to_be_visible()
    expect(actions.get_by_role("button", name="Release hold")).to_have_count(0)
    assert fresh(order).status == OrderStatus.IN_PROGRESS


# --- 9. Cancel -----------------------------------------------------------------------------------

def test_cancel_asks_for_a_reason_on_a_confirmation_page(page, csr_user, order):
    log_in(page)
    page.goto(f"/orders/{order.number}/")
    page.get_by_role("link", name="Cancel order…").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/cancel/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cancel {order.number}?")
    expect(page.locator("main")).to_contain_text("cannot be undone")

    reason = page.get_by_label("Reason")
    submit = page.get_by_role("button", name="Cancel the order")
    # Empty: the browser itself refuses (the field is required) and nothing is sent.
    submit.click()
    assert reason.evaluate("el => el.validity.valueMissing")
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/cancel/$"))
    # Blank but not empty gets past the browser: the server says why, beside the field.
    reason.fill("   ")
    submit.click()
    expect(page.locator("#cancel-0-reason_error")).to_contain_text("Say why")
    assert fresh(order).status == OrderStatus.IN_PROGRESS

    page.get_by_label("Reason").fill("Duplicate of another order")
    page.get_by_role("button", name="Cancel the order").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order.number}/$"))
    expect(page.locator("#order-header .status")).to_have_text("Cancelled")
    expect(page.locator("main")).to_contain_text("Duplicate of another order")
    expect(page.get_by_role("link", name="Cancel order…")).to_have_count(0)
    stored = fresh(order)
    assert (stored.status, stored.cancel_reason) == (OrderStatus.CANCELLED, "Duplicate of another order")


# --- 10. Bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("submit", ["Enter", "button"])
def test_a_quantity_that_is_not_a_number_is_refused_beside_the_field(page, csr_user, order, screenshot, submit):
    line = lines_of(order)[0]
    before = fresh(order)
    log_in(page)
    open_forms(page, order)
    mark_page(page)

    page.locator(f"#quantity-{line.pk}-quantity").fill("abc")
    if submit == "Enter":
        page.locator(f"#quantity-{line.pk}-quantity").press("Enter")
    else:
        page.locator(f"#line-{line.pk}").get_by_role("button", name=f"Save quantity of {line.sku_code}").click()

    error = page.locator(f"#quantity-{line.pk}-quantity_error")
    expect(error).to_have_text("Enter the quantity as a whole number.")
    expect(page.locator(f"#line-{line.pk}")).to_contain_text("Enter the quantity as a whole number")
    field = page.locator(f"#quantity-{line.pk}-quantity")
    expect(field).to_have_value("abc")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", f"quantity-{line.pk}-quantity_error")
    assert_not_reloaded(page)
    assert (lines_of(order)[0].quantity, fresh(order).version) == (line.quantity, before.version)
    if submit == "Enter":
        screenshot()
    # Checked at once (the swap has settled: the error is shown), not waited for.
    assert page.evaluate("document.activeElement.id") == f"quantity-{line.pk}-quantity"


# --- 11. Two CSRs at once ------------------------------------------------------------------------

def two_csrs_on_one_order(csr_a, csr_b, order):
    """CSR A (Casey Rivera) and CSR B (Anna Berg) open the order's Form details; A changes the
    first line's quantity to 4; B, whose page is now out of date, tries the second line's to 7."""
    first_line, second_line = lines_of(order)
    log_in(csr_a, "csr")
    log_in(csr_b, "csr2")
    open_forms(csr_a, order)
    open_forms(csr_b, order)
    mark_page(csr_b)

    csr_a.locator(f"#quantity-{first_line.pk}-quantity").fill("4")
    csr_a.locator(f"#quantity-{first_line.pk}-quantity").press("Enter")
    expect_message(csr_a, "Quantity changed.")
    assert lines_of(order)[0].quantity == 4

    csr_b.locator(f"#quantity-{second_line.pk}-quantity").fill("7")
    csr_b.locator(f"#quantity-{second_line.pk}-quantity").press("Enter")
    refusal = csr_b.locator("#tab-content .message-error")
    expect(refusal).to_contain_text(f"{order.number} was changed by Casey Rivera")
    return first_line, second_line, refusal


def test_a_second_csrs_stale_edit_is_refused_naming_the_first(page, second_page, csr_user, colleague, order):
    csr_b = second_page
    first_line, second_line, refusal = two_csrs_on_one_order(page, csr_b, order)
    changed = fresh(order)
    expect(refusal).to_contain_text("Nothing was saved")
    expect(refusal.get_by_role("link", name="Reload the order")).to_be_visible()
    assert_not_reloaded(csr_b)
    assert lines_of(order)[1].quantity == second_line.quantity
    assert fresh(order).version == changed.version
    RESULTS_DIR.mkdir(exist_ok=True)
    csr_b.evaluate("window.scrollTo(0, 0)")
    csr_b.screenshot(path=str(RESULTS_DIR / "two-csrs-refused.png"), full_page=True)

    # B reloads the page (the browser's reload: see the next test for the link) and saves again.
    csr_b.reload()
    expect(csr_b.locator(f"#quantity-{first_line.pk}-quantity")).to_have_value("4")
    expect(csr_b.locator("#tab-content .message-error")).to_have_count(0)
    csr_b.locator(f"#quantity-{second_line.pk}-quantity").fill("7")
    csr_b.locator(f"#quantity-{second_line.pk}-quantity").press("Enter")
    expect_message(csr_b, "Quantity changed.")
    expect(csr_b.locator(f"#quantity-{second_line.pk}-quantity")).to_have_value("7")
    assert [line.quantity for line in lines_of(order)] == [4, 7]
    stored = fresh(order)
    assert stored.version == changed.version + 1 and stored.modified_by_id == colleague.pk


def test_the_reload_link_of_a_refused_edit_reopens_the_order(page, second_page, csr_user, colleague, order):
    csr_b = second_page
    first_line, second_line, refusal = two_csrs_on_one_order(page, csr_b, order)
    with csr_b.expect_navigation() as navigation:
        refusal.get_by_role("link", name="Reload the order").click()
    assert navigation.value.status == 200, f"{navigation.value.status} at {navigation.value.url}"
    expect(csr_b).to_have_url(re.compile(rf"/orders/{order.number}/forms/$"))
    expect(csr_b.locator(f"#quantity-{first_line.pk}-quantity")).to_have_value("4")
    csr_b.locator(f"#quantity-{second_line.pk}-quantity").fill("7")
    csr_b.locator(f"#quantity-{second_line.pk}-quantity").press("Enter")
    expect_message(csr_b, "Quantity changed.")
    assert [line.quantity for line in lines_of(order)] == [4, 7]
