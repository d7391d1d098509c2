"""Worked examples of the calculator, in memory (no database)."""
from decimal import Decimal

import pytest

from catalog.models import Market
from csrportal.money import round_money
from orders.calculator import calculate
from orders.models import Discount, LineItem, OrderGroup, Payment, Shipment

EXCL_TAX = Market(tax_rate=Decimal("0.0800"), prices_include_tax=False)  # a US-style market
INCL_TAX = Market(tax_rate=Decimal("0.2500"), prices_include_tax=True)  # Sweden: prices include 25 % VAT
JAPAN = Market(tax_rate=Decimal("0.1000"), prices_include_tax=False)


def line(price, quantity):
    return LineItem(placed_price=Decimal(price), list_price=Decimal(price), quantity=quantity)


def shipment(cost="0", status="awaiting_inventory"):
    return Shipment(shipping_cost=Decimal(cost), status=status)


def paid(amount, kind="sale", status="processed", form=1):
    return Payment(amount=Decimal(amount), transaction_type=kind, status=status, order_form_id=form)


def test_a_plain_order_adds_tax_on_top_where_prices_exclude_it():
    s, a, b = shipment("5.00"), line("10.00", 2), line("2.50", 1)
    totals = calculate(currency="USD", market=EXCL_TAX, shipments=[(s, [a, b])], discounts=[], payments=[])
    assert totals.subtotal == Decimal("22.50")
    assert totals.shipping_total == Decimal("5.00")
    assert totals.tax_total == Decimal("2.20")  # 8 % of 27.50
    assert totals.total == Decimal("29.70")
    assert totals.balance_due == Decimal("29.70")
    assert totals.item_count == 3


def test_in_a_prices_include_tax_market_tax_is_the_part_of_the_total_that_is_tax():
    s = shipment("49")
    totals = calculate(currency="SEK", market=INCL_TAX, shipments=[(s, [line("199", 2)])], discounts=[], payments=[])
    assert totals.total == Decimal("447.00")
    assert totals.tax_total == Decimal("89.40")  # 447 x 0.25 / 1.25


def test_yen_has_no_decimals():
    s = shipment("500")
    totals = calculate(currency="JPY", market=JAPAN, shipments=[(s, [line("1999", 3)])], discounts=[], payments=[])
    assert totals.subtotal == Decimal("5997")
    assert totals.tax_total == Decimal("650")  # 10 % of 6497 = 649.7, rounded to whole yen
    assert totals.total == Decimal("7147")
    assert totals.total == round_money(totals.total, "JPY")


def test_an_order_discount_is_spread_over_the_lines_and_the_shares_add_up():
    a, b, c = line("10.00", 1), line("10.00", 1), line("10.00", 1)
    discount = Discount(scope="order", value_type="amount", value=Decimal("10.00"))
    totals = calculate(currency="EUR", market=EXCL_TAX.__class__(tax_rate=Decimal("0"), prices_include_tax=False),
                       shipments=[(shipment(), [a, b, c])], discounts=[discount], payments=[])
    shares = [a.order_discount_share, b.order_discount_share, c.order_discount_share]
    assert sum(shares) == Decimal("10.00")
    assert sorted(shares) == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]
    assert totals.subtotal == Decimal("20.00")
    assert totals.discount_total == Decimal("10.00")
    assert discount.applied_amount == Decimal("10.00")


def test_line_discounts_come_before_the_order_discount_which_is_a_share_of_what_is_left():
    a, b = line("100.00", 2), line("50.00", 1)
    on_a = Discount(scope="line", line_item=a, value_type="amount", value=Decimal("50.00"))
    ten_percent = Discount(scope="order", value_type="percent", value=Decimal("10"))
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")), shipments=[(shipment(), [a, b])],
                       discounts=[on_a, ten_percent], payments=[])
    assert a.line_discount == Decimal("50.00")
    assert ten_percent.applied_amount == Decimal("20.00")  # 10 % of 150 + 50
    assert (a.order_discount_share, b.order_discount_share) == (Decimal("15.00"), Decimal("5.00"))
    assert totals.subtotal == Decimal("180.00")


def test_a_discount_never_takes_more_than_there_is():
    a = line("5.00", 1)
    big = Discount(scope="line", line_item=a, value_type="amount", value=Decimal("80.00"))
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")), shipments=[(shipment(), [a])],
                       discounts=[big], payments=[])
    assert a.line_discount == Decimal("5.00")
    assert big.applied_amount == Decimal("5.00")
    assert totals.subtotal == Decimal("0.00")


def test_a_shipping_discount_for_no_particular_shipment_is_used_up_shipment_by_shipment():
    first, second = shipment("30.00"), shipment("30.00")
    free_shipping_up_to_40 = Discount(scope="shipping", value_type="amount", value=Decimal("40.00"))
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")),
                       shipments=[(first, [line("1.00", 1)]), (second, [line("1.00", 1)])],
                       discounts=[free_shipping_up_to_40], payments=[])
    assert (first.shipping_discount, second.shipping_discount) == (Decimal("30.00"), Decimal("10.00"))
    assert totals.shipping_total == Decimal("20.00")
    assert free_shipping_up_to_40.applied_amount == Decimal("40.00")


def test_a_percentage_shipping_discount_on_one_shipment_leaves_the_other_alone():
    first, second = shipment("20.00"), shipment("20.00")
    half = Discount(scope="shipping", shipment=first, value_type="percent", value=Decimal("50"))
    calculate(currency="USD", market=Market(tax_rate=Decimal("0")),
              shipments=[(first, [line("1.00", 1)]), (second, [line("1.00", 1)])], discounts=[half], payments=[])
    assert (first.shipping_discount, second.shipping_discount) == (Decimal("10.00"), Decimal("0"))


@pytest.mark.parametrize(
    "payments, expected_paid",
    [
        ([paid("10.00", "sale")], Decimal("10.00")),
        ([paid("10.00", "authorization"), paid("10.00", "capture")], Decimal("10.00")),  # a capture moves no money
        ([paid("10.00", "authorization"), paid("6.00", "capture"), paid("4.00", "capture")], Decimal("10.00")),
        ([paid("10.00", "authorization"), paid("6.00", "capture"), paid("4.00", "void")], Decimal("6.00")),
        ([paid("10.00", "authorization"), paid("10.00", "void")], Decimal("0.00")),
        ([paid("10.00", "sale"), paid("4.00", "credit")], Decimal("6.00")),
        ([paid("10.00", "sale", status="failed"), paid("3.00", "sale", status="pending")], Decimal("0")),
    ],
)
def test_balance_due_counts_only_processed_money(payments, expected_paid):
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")), shipments=[(shipment(), [line("25.00", 1)])],
                       discounts=[], payments=payments)
    assert totals.paid_total == expected_paid
    assert totals.balance_due == Decimal("25.00") - expected_paid


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        round_money(1.1, "USD")


def test_the_shipment_summary_counts_statuses():
    shipped, packing, shipped_too = shipment(status="shipped"), shipment(status="packing"), shipment(status="shipped")
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")),
                       shipments=[(shipped, []), (packing, []), (shipped_too, [])], discounts=[], payments=[])
    assert totals.shipment_summary == "2 Shipped, 1 Packing"


@pytest.mark.parametrize(
    "payments, expected_paid",
    [
        ([paid("30.00", "capture")], Decimal("30.00")),  # a capture with no authorization before it is money taken
        ([paid("10.00", "authorization"), paid("15.00", "capture")], Decimal("15.00")),  # captured more than authorized
        # Each form's captures come from that form's authorizations.
        ([paid("10.00", "authorization", form=1), paid("10.00", "capture", form=2)], Decimal("20.00")),
        ([paid("10.00", "authorization", form=1), paid("10.00", "capture", form=1)], Decimal("10.00")),
    ],
)
def test_paid_counts_a_capture_once_as_the_authorization_it_takes(payments, expected_paid):
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")), shipments=[(shipment(), [line("25.00", 1)])],
                       discounts=[], payments=payments)
    assert totals.paid_total == expected_paid


def test_a_cancelled_order_owes_nothing():
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")), shipments=[(shipment(), [line("25.00", 1)])],
                       discounts=[], payments=[paid("25.00", "authorization"), paid("25.00", "void")], cancelled=True)
    assert totals.total == Decimal("25.00")
    assert (totals.paid_total, totals.balance_due) == (Decimal("0.00"), Decimal("0"))


def test_money_a_cancelled_order_still_holds_is_a_refund_due():
    totals = calculate(currency="USD", market=Market(tax_rate=Decimal("0")), shipments=[(shipment(), [line("25.00", 1)])],
                       discounts=[], payments=[paid("10.00", "sale")], cancelled=True)
    assert totals.balance_due == Decimal("-10.00")


@pytest.mark.parametrize("balance, label, amount", [
    (Decimal("12.00"), "Balance due", Decimal("12.00")),
    (Decimal("0.00"), "Balance due", Decimal("0.00")),
    (Decimal("-12.00"), "Refund due", Decimal("12.00")),
])
def test_a_negative_balance_is_shown_as_a_refund_due_of_a_positive_amount(balance, label, amount):
    order = OrderGroup(balance_due=balance, currency="USD")
    assert (order.balance_label, order.balance_amount) == (label, amount)
