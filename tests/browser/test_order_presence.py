"""Two CSRs on one order: each sees that the other has it open, and a change saved by one shows on
the other's page within 5 seconds as "Changed by ... at HH:MM: Reload", without a reload."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.factories.orders import PurchaseOrderFactory
from orders.models import LineItem, OrderGroup, Shipment, ShipmentStatus
from tests.browser.conftest import RESULTS_DIR
from tests.conftest import CSR_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def order(transactional_db, market):
    made = PurchaseOrderFactory(market=market, lines=2)
    Shipment.objects.filter(order_form__order_group=made).update(status=ShipmentStatus.AWAITING_INVENTORY)
    return made


@pytest.fixture
def colleague(django_user_model, csr_group):
    user = django_user_model.objects.create_user("csr2", password=CSR_PASSWORD, first_name="Anna", last_name="Berg")
    user.groups.add(csr_group)
    return user


@pytest.fixture
def second_page(browser, live_server):
    """A second browser context: the colleague's own cookies and tab."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def log_in(page, username):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(CSR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase orders")


def open_order(page, order, tab="forms"):
    page.goto(f"/orders/{order.number}/{tab}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)


def presence_of(page):
    return page.locator("#order-presence")


def test_a_colleagues_change_shows_who_and_when_within_5_seconds(page, second_page, csr_user, colleague, order):
    csr_a, csr_b = page, second_page
    line = LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id").first()
    log_in(csr_a, "csr")
    log_in(csr_b, "csr2")
    open_order(csr_a, order, "summary")
    open_order(csr_b, order, "forms")
    csr_a.evaluate("window.__marker = 1")

    expect(presence_of(csr_a)).to_have_text("Also open by Anna Berg")
    expect(presence_of(csr_b)).to_have_text("Also open by Casey Rivera")

    csr_b.locator(f"#quantity-{line.pk}-quantity").fill("5")
    csr_b.locator(f"#quantity-{line.pk}-quantity").press("Enter")
    expect(csr_b.locator("#messages")).to_contain_text("Quantity changed.")
    changed = OrderGroup.objects.get(pk=order.pk)
    assert changed.modified_by_id == colleague.pk
    at = timezone.localtime(changed.modified).strftime("%H:%M")

    banner = presence_of(csr_a).locator(".presence-changed")
    expect(banner).to_have_text(f"Changed by Anna Berg at {at}: Reload", timeout=5_000)
    assert csr_a.evaluate("window.__marker") == 1, "the page was reloaded instead of told"
    expect(presence_of(csr_a)).to_contain_text("Also open by Anna Berg")
    RESULTS_DIR.mkdir(exist_ok=True)
    csr_a.screenshot(path=str(RESULTS_DIR / "changed-by-banner.png"))

    # The colleague's own save is no news to them, now or at their next polls.
    csr_b.wait_for_timeout(3_500)
    expect(presence_of(csr_b).locator(".presence-changed")).to_have_count(0)

    with csr_a.expect_navigation():
        banner.get_by_role("link", name="Reload").click()
    expect(csr_a).to_have_url(re.compile(rf"/orders/{order.number}/summary/$"))  # the page A was on
    expect(csr_a.locator("#tab-content")).to_be_visible()
    expect(presence_of(csr_a)).to_have_text("Also open by Anna Berg")
    csr_a.wait_for_timeout(3_500)
    expect(presence_of(csr_a).locator(".presence-changed")).to_have_count(0)


def test_a_hidden_page_sends_no_polls(page, csr_user, order):
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/presence/" in request.url else None)
    log_in(page, "csr")
    with page.expect_request(re.compile(r"/presence/")):  # the one that says "I am here" when the page opens
        open_order(page, order, "summary")
    page.evaluate("Object.defineProperty(document, 'visibilityState', {get: () => 'hidden', configurable: true})")
    page.wait_for_timeout(300)  # a poll sent just before is counted before, not after
    sent = len(polls)
    page.wait_for_timeout(7_000)  # two or three ticks of the 3-second poll
    assert len(polls) == sent
    with page.expect_request(re.compile(r"/presence/"), timeout=5_000):  # visible again: polled again
        page.evaluate("Object.defineProperty(document, 'visibilityState', {get: () => 'visible', configurable: true})")
