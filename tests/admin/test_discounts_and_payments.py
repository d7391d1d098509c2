"""Discounts on the order page and payments on the order form page go through the operations."""
from decimal import Decimal as D

import pytest

from catalog.models import Stock
from orders.admin import AddDiscountInline, AddPaymentInline, DiscountInline
from orders.models import Discount, Note, OrderForm, OrderGroup, Payment
from subscriptions.admin import ScheduleInline
from subscriptions.models import Schedule
from tests.admin.helpers import admin_url, form_data, inline_prefix, messages_of, order_url

pytestmark = pytest.mark.django_db


def add_row(data, prefix, **values):
    """Fill in one more row of an add-only inline, as "Add another" does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})


def test_a_manual_discount_is_added_with_its_reason(admin_client, make_order):
    order = make_order()
    url = order_url(order)
    response = admin_client.get(url)
    data = form_data(response)
    add_row(data, inline_prefix(response, AddDiscountInline), scope="order", value_type="amount", value="5",
            reason="Late delivery")

    admin_client.post(url, data)

    discount = Discount.objects.get(order_group=order)
    assert (discount.value, discount.reason, discount.coupon) == (D("5.00"), "Late delivery", None)
    assert OrderGroup.objects.get(pk=order.pk).discount_total == D("5.00")
    assert Note.objects.filter(order_group=order, title="Manual discount").exists()


def test_a_coupon_code_applies_the_coupon(admin_client, make_order, shop):
    order = make_order()
    url = order_url(order)
    response = admin_client.get(url)
    data = form_data(response)
    add_row(data, inline_prefix(response, AddDiscountInline), coupon_code="save10")

    admin_client.post(url, data)

    assert Discount.objects.get(order_group=order).coupon == shop["coupon"]


def test_a_discount_without_a_reason_is_refused_with_the_rule(admin_client, make_order):
    order = make_order()
    url = order_url(order)
    response = admin_client.get(url)
    data = form_data(response)
    add_row(data, inline_prefix(response, AddDiscountInline), scope="order", value_type="amount", value="5")

    response = admin_client.post(url, data, follow=True)

    assert not Discount.objects.filter(order_group=order).exists()
    assert "Say why the discount is given. Nothing was saved." in messages_of(response)


def test_deleting_a_discount_row_removes_it_through_the_operation(admin_client, make_order):
    order = make_order()
    Discount.objects.create(order_group=order, scope="order", value_type="amount", value=D("2"), reason="Sorry")
    url = order_url(order)
    response = admin_client.get(url)
    data = form_data(response)
    data[f"{inline_prefix(response, DiscountInline)}-0-DELETE"] = "on"

    admin_client.post(url, data)

    assert not Discount.objects.filter(order_group=order).exists()
    assert Note.objects.filter(order_group=order, title="Discount removed").exists()


def test_a_held_order_keeps_its_discounts(admin_client, make_order):
    order = make_order(status="on_hold")
    Discount.objects.create(order_group=order, scope="order", value_type="amount", value=D("2"), reason="Sorry")
    url = order_url(order)
    response = admin_client.get(url)
    data = form_data(response)
    data[f"{inline_prefix(response, DiscountInline)}-0-DELETE"] = "on"

    response = admin_client.post(url, data, follow=True)

    assert Discount.objects.filter(order_group=order).exists()
    assert any("can be changed only while it is In Progress" in message for message in messages_of(response))


def test_a_payment_is_added_on_the_order_form_page(admin_client, make_order, shop):
    order = make_order()
    form = OrderForm.objects.get(order_group=order)
    url = admin_url(form)
    response = admin_client.get(url)
    data = form_data(response)
    add_row(data, inline_prefix(response, AddPaymentInline), method=shop["phone"].pk, amount="10.00")

    admin_client.post(url, data)

    payment = Payment.objects.get(order_form=form)
    assert (payment.amount, payment.transaction_type, payment.status) == (D("10.00"), "sale", "processed")
    assert OrderGroup.objects.get(pk=order.pk).paid_total == D("10.00")


def test_a_payment_above_the_balance_due_is_refused(admin_client, make_order, shop):
    order = make_order()
    form = OrderForm.objects.get(order_group=order)
    url = admin_url(form)
    response = admin_client.get(url)
    data = form_data(response)
    add_row(data, inline_prefix(response, AddPaymentInline), method=shop["phone"].pk, amount="100000")

    response = admin_client.post(url, data, follow=True)

    assert not Payment.objects.filter(order_form=form).exists()
    assert any("a payment cannot be more" in message for message in messages_of(response))


def test_a_schedule_save_writes_only_what_the_administrator_changed(admin_client, make_order):
    plan = make_order(kind="plan")
    url = order_url(plan)
    response = admin_client.get(url)
    data = form_data(response)
    data[f"{inline_prefix(response, ScheduleInline)}-0-cycle_length"] = 2
    Schedule.objects.filter(plan=plan).update(completed_cycles=3)  # the recurring job, meanwhile

    admin_client.post(url, data)

    schedule = Schedule.objects.get(plan=plan)
    assert (schedule.cycle_length, schedule.completed_cycles) == (2, 3)


def test_a_stock_save_keeps_the_reservations_made_meanwhile(admin_client, shop):
    stock = Stock.objects.get(sku=shop["skus"]["TEE-M"])
    url = admin_url(stock)
    data = form_data(admin_client.get(url))
    data["in_stock"] = 80
    Stock.objects.filter(pk=stock.pk).update(reserved=4)  # an order, meanwhile

    admin_client.post(url, data)

    stock.refresh_from_db()
    assert (stock.in_stock, stock.reserved) == (80, 4)
