"""A CSR looks after a subscription on its page (docs/domain.md §3): changes it from monthly to every two weeks on
Settings, pauses and resumes it, places the next order now and finds it on the Orders tab. Each by the visible
labels, each an HTMX swap of the tab."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Stock
from orders.models import Kind, OrderGroup
from subscriptions.models import Schedule
from tests.browser.test_order_page import assert_not_reloaded, log_in, mark_page

pytestmark = pytest.mark.browser


@pytest.fixture
def subscription(transactional_db, make_order):
    """Monthly, its first order placed 10 days ago, the next due in 20 days."""
    plan = make_order(kind="plan")
    today = timezone.localdate()
    Schedule.objects.filter(subscription=plan).update(
        start_date=today - datetime.timedelta(days=10), completed_cycles=1,
        last_transaction_date=today - datetime.timedelta(days=10), next_order_date=today + datetime.timedelta(days=20))
    Stock.objects.update(in_stock=100)
    return OrderGroup.objects.get(pk=plan.pk)


def open_tab(page, subscription, tab=""):
    page.goto(f"/subscriptions/{subscription.number}/{tab + '/' if tab else ''}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(subscription.number)


def test_change_a_monthly_subscription_to_every_two_weeks(page, csr_user, subscription, screenshot):
    log_in(page)
    open_tab(page, subscription, "settings")
    mark_page(page)
    expect(page.locator("#settings-cycle")).to_have_text("Every month")
    page.get_by_label("Every", exact=True).fill("2")
    page.get_by_label("Cycle", exact=True).select_option(label="Weeks")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#settings-cycle")).to_have_text("Every 2 weeks")
    # Two weeks after the last order (10 days ago): in 4 days.
    expect(page.locator("#settings-next")).to_have_text((timezone.localdate() + datetime.timedelta(days=4)).isoformat())
    expect(page.locator("#messages")).to_contain_text("Settings saved.")
    assert_not_reloaded(page)
    # A cycle length of 0 is refused beside the field.
    page.get_by_label("Every", exact=True).fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".field-error")).to_contain_text("The cycle length is 1 to 365.")
    assert str(Schedule.objects.get(subscription=subscription)) == "Every 2 weeks"
    screenshot()


def test_pause_and_resume_a_subscription(page, csr_user, subscription, screenshot):
    log_in(page)
    open_tab(page, subscription)
    mark_page(page)
    next_date = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    expect(page.locator("#next-order")).to_have_text(next_date)
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(page.locator("#next-order")).to_have_text("Paused")
    expect(page.locator("#order-header .status")).to_have_text("Subscription · Paused")
    expect(page.get_by_role("button", name="Skip next order")).to_have_count(0)
    screenshot("subscription-paused")
    page.get_by_role("button", name="Resume", exact=True).click()
    expect(page.locator("#next-order")).to_have_text(next_date)
    expect(page.locator("#order-header .status")).to_have_text("Subscription · Active")
    assert_not_reloaded(page)


def test_place_the_next_order_now_and_find_it_on_the_orders_tab(page, csr_user, subscription, screenshot):
    log_in(page)
    open_tab(page, subscription)
    page.get_by_role("button", name="Place next order now").click()
    expect(page.locator("#messages")).to_contain_text("Next order placed")
    order = OrderGroup.objects.get(kind=Kind.PURCHASE_ORDER, subscription=subscription)
    page.get_by_role("link", name="Orders", exact=True).click()
    row = page.locator("#generated-orders tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(order.number)
    expect(row).to_contain_text("In Progress")
    row.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    expect(page.get_by_role("link", name=subscription.number)).to_be_visible()
    screenshot()
