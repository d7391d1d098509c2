"""The one order calculator: totals per line, shipment, form and order group.

    line total    = placed price x quantity - line discount - share of the order discount
    subtotal      = sum of line totals
    shipping      = shipping cost - shipping discount
    tax           = market rate on (subtotal + shipping), per shipment; in a market whose prices
                    include tax it is the part of that amount that is tax, and is not added again
    total         = subtotal + shipping (+ tax where prices exclude it)
    paid          = money the customer has handed over and not been given back (see `paid_amount`)
    balance due   = total - paid; for a Cancelled order 0 - paid (it owes nothing)

A cancelled shipment of an order that goes on is no longer sold: it keeps its own totals (the
page shows them) but leaves the order's subtotal, shipping, tax, total, discounts and item count;
its share of the authorization is voided when it is cancelled. A Cancelled order keeps every
shipment in its totals: what it was worth, of which it owes nothing.

A negative balance due is money to give back: it is shown as "Refund due" with the amount
(OrderGroup.balance_label and .balance_amount), never as a negative balance due.

Paid counts processed payments only (Pending and Failed never count), per order form:

    paid = the larger of (Authorizations, Captures) + Sales - Credits - Voids

A Capture takes money an Authorization already holds, so the two are never added up: an
authorization of 100 captured in two parts of 60 and 40 is 100 paid, not 200 (and more captured
than authorized counts as captured). Shipping captures from the form's authorizations
(operations.status), and cancelling voids what is still uncaptured. Worked examples (one order
form, amounts in USD):

    Authorization 100                                      paid 100
    Authorization 100, Capture 60, Capture 40              paid 100  (the captures are the authorization)
    Authorization 100, Capture 60, Void 40 (cancelled)     paid  60  (what was taken)
    Authorization 100, Void 100 (cancelled)                paid   0
    Capture 30 with no authorization before it             paid  30
    Sale 50, Credit 20 (a refund)                          paid  30
    Sale 50 Failed, Authorization 20 Pending               paid   0

    total 80, paid 100                      balance due -20: shown "Refund due 20.00 USD"
    total 80, Cancelled, paid 0             balance due   0: a cancelled order owes nothing
    total 80, Cancelled, Sale 60 by phone   balance due -60: shown "Refund due 60.00 USD"

Every amount is a Decimal rounded to the currency (whole yen, cents for EUR). The calculator
works on objects in memory: it writes the cached fields of the lines, shipments and discounts it
is given (line_discount, order_discount_share, shipping_discount, applied_amount) and returns the
group's totals; the caller saves them. It runs no query, so it costs the same for any caller:
the operations' recalculation (operations.base.recalculate) and the demo loader, which totals a
million orders of plain rows shaped like the models (demo.generate), both call `calculate`.
Most orders have no discount, and the steps that take one off cost next to nothing without
one: a typical order (three lines, one shipment) takes about 25 us on our 2-core machine.
"""
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from catalog.models import DiscountScope, ValueType
from csrportal.money import ZERO, round_money, rounder
from orders.models import PaymentStatus, ShipmentStatus, TransactionType

HUNDRED = Decimal(100)
# Looked up once: paid_amount runs for every order the demo loader makes.
PROCESSED = PaymentStatus.PROCESSED
AUTHORIZATION, CAPTURE, SALE = TransactionType.AUTHORIZATION, TransactionType.CAPTURE, TransactionType.SALE
CREDIT, VOID = TransactionType.CREDIT, TransactionType.VOID  # given back
CANCELLED_SHIPMENT = ShipmentStatus.CANCELLED


@dataclass
class ShipmentTotals:
    subtotal: Decimal = ZERO
    shipping: Decimal = ZERO
    tax: Decimal = ZERO
    total: Decimal = ZERO


@dataclass
class Totals:
    subtotal: Decimal = ZERO
    discount_total: Decimal = ZERO
    shipping_total: Decimal = ZERO
    tax_total: Decimal = ZERO
    total: Decimal = ZERO
    paid_total: Decimal = ZERO
    balance_due: Decimal = ZERO
    item_count: int = 0
    shipment_summary: str = ""
    shipments: dict = field(default_factory=dict)  # shipment id (or object) -> ShipmentTotals

    CACHED_FIELDS = (
        "subtotal", "discount_total", "shipping_total", "tax_total", "total", "paid_total", "balance_due",
        "item_count", "shipment_summary",
    )

    def write_to(self, group) -> None:
        for name in self.CACHED_FIELDS:
            setattr(group, name, getattr(self, name))


def _discount_amount(discount, base: Decimal, currency: str) -> Decimal:
    if discount.value_type == ValueType.PERCENT:
        return round_money(base * discount.value / HUNDRED, currency)
    return round_money(discount.value, currency)


def _apply_in_turn(discounts, base: Decimal, currency: str) -> Decimal:
    """Take each discount off what is left of `base`; none takes more than there is."""
    left = base
    for discount in discounts:
        discount.applied_amount = min(_discount_amount(discount, base, currency), left)
        left -= discount.applied_amount
    return base - left


def _names_a(discount, attr: str) -> bool:
    return getattr(discount, f"{attr}_id") is not None or getattr(discount, attr) is not None


def _names(discount, attr: str, target) -> bool:
    """Whether the discount is on this line or shipment (saved, or still only in memory)."""
    if target.pk is not None:
        return getattr(discount, f"{attr}_id") == target.pk
    return getattr(discount, attr) is target


def _spread(amount: Decimal, weights: list[Decimal], currency: str) -> list[Decimal]:
    """Split `amount` over lines in proportion to their weights; the largest takes the rounding."""
    if not amount:
        return [amount] * len(weights)  # nothing to spread: every share is that nothing
    total_weight = sum(weights, ZERO)
    if not weights or total_weight == 0:
        return [ZERO] * len(weights)
    rounded = rounder(currency)
    shares = [rounded(amount * weight / total_weight) for weight in weights]
    largest = max(range(len(weights)), key=lambda index: weights[index])
    shares[largest] += amount - sum(shares, ZERO)
    return shares


SHIPMENT_LABELS = dict(ShipmentStatus.choices)


def summarize_shipments(statuses) -> str:
    """"2 Shipped, 1 Released": what the order table shows of the shipments."""
    return _summary(tuple(statuses))


@lru_cache(maxsize=512)
def _summary(statuses: tuple) -> str:
    """summarize_shipments, remembered: a few dozen combinations of statuses occur."""
    counts = Counter(statuses)
    return ", ".join(f"{count} {SHIPMENT_LABELS[status]}"
                     for status, count in sorted(counts.items(), key=lambda item: -item[1]))


def paid_amount(payments, currency: str) -> Decimal:
    """What the customer has paid and not been given back, from the processed payments (module docstring)."""
    per_form: dict = {}  # order form id -> {transaction type: amount}
    for payment in payments:
        if payment.status != PROCESSED:
            continue
        amounts = per_form.get(payment.order_form_id)
        if amounts is None:
            amounts = per_form[payment.order_form_id] = {}
        kind = payment.transaction_type
        amounts[kind] = amounts.get(kind, ZERO) + payment.amount
    paid = ZERO
    for amounts in per_form.values():
        amount = amounts.get
        held = max(amount(AUTHORIZATION, ZERO), amount(CAPTURE, ZERO))
        paid += held + amount(SALE, ZERO) - amount(CREDIT, ZERO) - amount(VOID, ZERO)
    return rounder(currency)(paid)


def balance_due(total: Decimal, paid: Decimal, *, cancelled: bool) -> Decimal:
    """Total - paid; a cancelled order owes nothing, so what it still holds is a refund due (negative)."""
    return (ZERO if cancelled else total) - paid


def calculate(*, currency: str, market, shipments, discounts, payments, cancelled: bool = False) -> Totals:
    """Compute the totals of one order group.

    `shipments` is a list of (shipment, [line items]) pairs, `discounts` and `payments` lists of
    the group's Discount and Payment objects; `market` gives tax_rate and prices_include_tax;
    `cancelled` says the order is Cancelled (it then owes nothing).
    """
    rounded = rounder(currency)
    nothing = rounded(ZERO)  # what a step without a discount takes off: what _apply_in_turn([], ...) gives
    lines = [line for _, shipment_lines in shipments for line in shipment_lines]
    line_discounts = [discount for discount in discounts if discount.scope == DiscountScope.LINE]
    order_discounts = [discount for discount in discounts if discount.scope == DiscountScope.ORDER]
    shipping_discounts = [discount for discount in discounts if discount.scope == DiscountScope.SHIPPING]

    # Most orders have no discount: the steps that take one off are skipped where there is none.
    after_line_discount = []
    item_count = 0
    for line in lines:
        base = rounded(line.placed_price * line.quantity)
        own = [discount for discount in line_discounts if _names(discount, "line_item", line)] if line_discounts else ()
        line.line_discount = _apply_in_turn(own, base, currency) if own else nothing
        after_line_discount.append(base - line.line_discount)
        item_count += line.quantity

    order_base = sum(after_line_discount, ZERO)
    order_discount = _apply_in_turn(order_discounts, order_base, currency)
    for line, share in zip(lines, _spread(order_discount, after_line_discount, currency), strict=True):
        line.order_discount_share = share

    totals = Totals()
    sold = shipments if cancelled else [pair for pair in shipments if pair[0].status != CANCELLED_SHIPMENT]
    tax_rate, prices_include_tax = market.tax_rate, market.prices_include_tax
    # A shipping discount that names no shipment applies to every shipment: a percentage of each,
    # an amount used up shipment by shipment.
    for_any_shipment = [discount for discount in shipping_discounts if not _names_a(discount, "shipment")]
    used = {id(discount): ZERO for discount in for_any_shipment}
    after_line_discounts = iter(after_line_discount)  # in the order of `lines`: shipment by shipment
    for shipment, shipment_lines in shipments:
        subtotal = ZERO
        for line in shipment_lines:
            subtotal += next(after_line_discounts) - line.order_discount_share
        cost = shipment.shipping_cost
        cost = rounded(cost) if type(cost) is Decimal else round_money(cost, currency)
        own = [discount for discount in shipping_discounts
               if _names(discount, "shipment", shipment)] if shipping_discounts else ()
        shipping_discount = _apply_in_turn(own, cost, currency) if own else nothing
        for discount in for_any_shipment:
            if discount.value_type == ValueType.PERCENT:
                wanted = _discount_amount(discount, cost, currency)
            else:
                wanted = round_money(discount.value, currency) - used[id(discount)]
            taken = min(wanted, cost - shipping_discount)
            used[id(discount)] += taken
            shipping_discount += taken
        shipment.shipping_discount = shipping_discount

        shipping = cost - shipping_discount
        taxable = subtotal + shipping
        if prices_include_tax:
            tax = rounded(taxable * tax_rate / (1 + tax_rate))
            total = taxable
        else:
            tax = rounded(taxable * tax_rate)
            total = taxable + tax
        totals.shipments[shipment.pk or id(shipment)] = ShipmentTotals(subtotal, shipping, tax, total)
        if shipment.status == CANCELLED_SHIPMENT and not cancelled:
            # No longer sold: its share of the authorization was voided, so the order's totals, and
            # what it owes, leave it out. A cancelled order keeps what it was worth (it owes nothing).
            continue
        totals.subtotal += subtotal
        totals.shipping_total += shipping
        totals.tax_total += tax
        totals.total += total
        totals.discount_total += shipping_discount
    for discount in for_any_shipment:
        discount.applied_amount = used[id(discount)]

    if discounts:  # else every line's discounts are `nothing`, which adds nothing
        totals.discount_total += sum((line.line_discount + line.order_discount_share
                                      for shipment, shipment_lines in sold for line in shipment_lines), ZERO)
    totals.item_count = item_count if len(sold) == len(shipments) else sum(
        line.quantity for _, shipment_lines in sold for line in shipment_lines)
    totals.shipment_summary = summarize_shipments(shipment.status for shipment, _ in shipments)

    totals.paid_total = paid_amount(payments, currency)
    totals.balance_due = balance_due(totals.total, totals.paid_total, cancelled=cancelled)
    return totals
