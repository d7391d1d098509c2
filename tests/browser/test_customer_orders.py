"""From the customer to the order and from an order to a new customer, in the browser: a customer
page's Order history opens an order; an anonymous order's Contact details make its buyer a
customer (the order's addresses in the address book) and lead to the customer page."""
import pytest
from playwright.sync_api import expect

from customers.models import Address, Customer
from orders.models import OrderGroup, OrderStatus
from tests.browser.test_purchase_order_list import log_in
from tests.world import make_order

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def transactional(transactional_db):
    pass


def test_a_csr_opens_an_order_from_the_customers_order_history(page, csr_user, world):
    completed = make_order(world, status=OrderStatus.COMPLETED)
    latest = make_order(world)
    log_in(page)

    page.goto(f"/customers/{world.mercy.pk}/")
    page.get_by_role("link", name="Order history").click()

    expect(page.get_by_role("heading", level=2, name="Order history")).to_be_visible()
    rows = page.locator("table.list-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(latest.number)
    expect(rows.nth(1)).to_contain_text("Completed")
    rows.nth(1).get_by_role("link", name=completed.number).focus()
    page.keyboard.press("Enter")  # by keyboard, as a CSR on the phone would
    expect(page).to_have_url(f"{page.url.split('/customers/')[0]}/orders/{completed.number}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(completed.number)


def test_a_csr_creates_a_customer_from_an_anonymous_order(page, csr_user, world):
    order = make_order(world)
    OrderGroup.objects.filter(pk=order.pk).update(customer=None, customer_name="Grace Hopper",
                                                  customer_email="grace@example.org", organization=None)
    log_in(page)

    page.goto(f"/orders/{order.number}/")
    page.get_by_role("link", name="Contact details").click()
    page.get_by_role("button", name="Create customer from this order").click()

    expect(page.get_by_text("Customer created from this order.")).to_be_visible()
    customer = Customer.objects.get(email="grace@example.org")
    assert OrderGroup.objects.get(pk=order.pk).customer == customer
    assert Address.objects.get(customer=customer).is_preferred_shipping
    page.locator("#tab-content").get_by_role("link", name="View customer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Hopper")
    page.get_by_role("link", name="Order history").click()
    expect(page.locator("table.list-table tbody")).to_contain_text(order.number)
