"""A CSR takes a purchase order's shipment through fulfilment on the order page (docs/domain.md §3):
by the buttons' visible labels, each an HTMX swap, until the order is Completed and its tracking
number links to the carrier."""
import pytest
from playwright.sync_api import expect

from orders import operations as ops
from orders.models import OrderGroup, OrderStatus, Shipment, ShipmentStatus
from tests.browser.test_order_page import assert_not_reloaded, log_in, mark_page, open_forms

pytestmark = pytest.mark.browser


@pytest.fixture
def order(transactional_db, make_order, shop):
    """In Progress, one shipment of two TEE-M Awaiting Inventory, sent by Express (UPS tracking), paid
    by a card authorization."""
    made = make_order(lines=(("TEE-M", 2),))
    Shipment.objects.filter(order_form__order_group=made).update(shipping_method=shop["express"],
                                                                 shipping_method_name="Express")
    ops.payment_add(made, user=None, version=made.version, payment_method_id=shop["card"].pk,
                    amount=made.balance_due, card_number="4242424242424242")
    return made


def test_a_shipment_goes_from_awaiting_inventory_to_shipped_and_the_order_completes(page, csr_user, order, screenshot):
    log_in(page)
    open_forms(page, order)
    mark_page(page)
    shipment = page.locator("article.shipment")
    status = shipment.locator("h3 .status")
    expect(status).to_have_text("Awaiting Inventory")

    for label, after in (("Assign inventory", "Inventory Assigned"), ("Release", "Released"),
                         ("Add to pick list", "Packing")):
        shipment.get_by_role("button", name=label, exact=True).click()
        expect(status).to_have_text(after)
        expect(page.locator("#order-header .status")).to_have_text("In Progress")
    expect(shipment.get_by_role("button", name="Back to Released", exact=True)).to_be_visible()
    screenshot("shipment-packing")

    # A tracking number the carrier cannot have is refused beside the field, and nothing ships.
    shipment.get_by_label("Tracking number").fill("1Z<9>")
    shipment.get_by_role("button", name="Ship").click()  # the only one: Cancel shipment is folded
    expect(shipment.locator(".field-error")).to_contain_text("only letters, digits, hyphens and spaces")
    expect(status).to_have_text("Packing")

    shipment.get_by_label("Tracking number").fill("1z 999 aa1 0123456784")
    shipment.get_by_role("button", name="Ship", exact=True).click()
    expect(status).to_have_text("Shipped")
    expect(page.locator("#order-header .status")).to_have_text("Completed")
    link = shipment.get_by_role("link", name="1Z999AA10123456784")
    expect(link).to_have_attribute("href", "https://www.ups.com/track?tracknum=1Z999AA10123456784")
    expect(link).to_have_attribute("rel", "noopener")
    expect(shipment.locator(".shipment-moves")).to_have_count(0)
    captures = page.locator("tr.payment", has_text="Capture")
    expect(captures).to_have_count(1)
    expect(captures).to_contain_text("48.60 USD")
    assert_not_reloaded(page)
    screenshot()

    stored = OrderGroup.objects.get(pk=order.pk)
    assert stored.status == OrderStatus.COMPLETED
    assert Shipment.objects.get(order_form__order_group=order).status == ShipmentStatus.SHIPPED


def test_a_shipment_is_cancelled_with_a_reason_from_its_fold(page, csr_user, order):
    log_in(page)
    open_forms(page, order)
    shipment = page.locator("article.shipment")
    expect(shipment.get_by_label("Reason")).to_have_count(0)
    shipment.get_by_text("Cancel shipment").click()
    shipment.get_by_label("Reason").fill("Customer moved abroad")
    shipment.get_by_role("button", name="Cancel shipment").click()
    expect(shipment.locator("h3 .status")).to_have_text("Cancelled")
    expect(page.locator("#order-header .status")).to_have_text("Cancelled")
    assert Shipment.objects.get(order_form__order_group=order).status == ShipmentStatus.CANCELLED
