"""A CSR works the warehouse's side in the Shipments tab: chooses two Released shipments, adds them to
a pick list, opens it, completes one with its tracking number and takes the other off the list."""
import re

import pytest
from playwright.sync_api import expect

from orders.models import OrderStatus, ShipmentStatus
from tests import world as test_world
from tests.browser.test_purchase_order_list import log_in
from tests.fulfilment.conftest import move_to

pytestmark = pytest.mark.browser


@pytest.fixture
def released(transactional_db, csr_user):
    world = test_world.build()
    orders = [test_world.make_order(world, lines=(("TEE-XL", 1),)) for _ in range(3)]
    for order in orders[:2]:
        move_to(order, ShipmentStatus.RELEASED)
    return orders


def test_a_csr_picks_completes_and_takes_off_a_shipment(page, released, screenshot):
    first, second, waiting = released
    log_in(page)
    page.get_by_role("link", name="Shipments", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shipments")
    expect(page.locator("caption")).to_contain_text("3 shipments")

    page.locator("summary", has_text="Status").click()
    page.get_by_role("checkbox", name="Released", exact=True).check()
    expect(page.locator("caption")).to_contain_text("2 shipments")
    expect(page).to_have_url(re.compile(r"status=released"))
    page.get_by_label("Select all shipments on this page").check()
    expect(page.get_by_label(f"Select shipment 1 of {first.number}")).to_be_checked()
    expect(page.get_by_label(f"Select shipment 1 of {second.number}")).to_be_checked()
    screenshot("shipments-chosen")
    page.get_by_role("button", name="Add to pick list").click()

    expect(page.locator("#messages")).to_contain_text(re.compile(r"Pick list PL\d+ created with 2 shipments\."))
    number = re.search(r"PL\d+", page.locator("#messages").inner_text()).group(0)
    page.get_by_role("link", name="Pick lists").click()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pick list {number}")
    expect(page.get_by_role("link", name="Print pick list")).to_have_attribute("href", f"/shipments/pick-lists/{number}/print/")
    screenshot("pick-list")

    first_section = page.locator("section", has=page.get_by_role("heading", name=f"{first.number} shipment 1"))
    first_section.get_by_label("Tracking number").fill("1Z999AA10123456784")
    first_section.get_by_role("button", name="Complete").click()
    expect(page.locator("#messages")).to_contain_text(f"{first.number} shipment 1 shipped with tracking number 1Z999AA10123456784.")

    second_section = page.locator("section", has=page.get_by_role("heading", name=f"{second.number} shipment 1"))
    second_section.get_by_role("button", name="Remove from pick list").click()
    expect(page.locator("#messages")).to_contain_text("is Released again")
    expect(page.locator(".pick-list-summary")).to_contain_text("1 shipment, all done")

    first.refresh_from_db()
    assert first.status == OrderStatus.COMPLETED
    assert test_world.first_shipment(second).status == ShipmentStatus.RELEASED
    assert test_world.first_shipment(waiting).status == ShipmentStatus.AWAITING_INVENTORY
