"""Carts, subscriptions and purchase orders for the demo, as rows ready for bulk loading.

Each order is built in memory as rows (demo.rows). Its cached amounts come from
orders.calculator.calculate, run over those rows exactly as over model instances. The paid total
is summed after the payments exist (they depend on the total) by the calculator's own
`paid_amount`. The stored result is checked against the calculator: on every order by the seed
tests, and on a sample at the end of every seed run.

Ids and numbers come from the caller, who reserved them in the database (one counter per table,
one per number prefix), so a child row names its parent without a round trip and the whole run
needs no query at all: it can run in another process.
"""
import datetime
import random
from decimal import Decimal

from catalog.models import DiscountScope, ValueType
from csrportal.money import ZERO, round_money, rounder
from customers.models import PostalAddress
from demo.rows import (
    DiscountRow,
    FormRow,
    GroupRow,
    LineRow,
    NoteRow,
    OrderAddressRow,
    PaymentRow,
    ReturnFormRow,
    ReturnLineRow,
    ScheduleRow,
    ShipmentRow,
)
from demo.states import shipment_states, tracking_number
from orders import numbers
from orders.calculator import balance_due, calculate, paid_amount
from orders.models import (
    Discount,
    Kind,
    LineItem,
    Note,
    NoteKind,
    OrderAddress,
    OrderForm,
    OrderGroup,
    OrderStatus,
    Payment,
    PaymentStatus,
    ReturnForm,
    ReturnLine,
    ReturnStatus,
    Shipment,
    ShipmentStatus,
    TransactionType,
    shipment_numbers,
)
from subscriptions.models import CycleMode, Schedule, add_cycles, rhythm_next_date

assert [f.attname for f in OrderAddress._meta.concrete_fields] == [
    "id", *PostalAddress.ADDRESS_FIELDS, "order_group_id", "name"
], "OrderAddressRow is built positionally below"

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
HISTORY = datetime.timedelta(days=730)
SALE = Decimal("0.80")

# (status, weight) by the age of the order in days: new orders are open, old ones done.
STATUS_BY_AGE = [
    (3, [(OrderStatus.IN_PROGRESS, 62), (OrderStatus.ON_HOLD, 8), (OrderStatus.PARTIALLY_SHIPPED, 8),
         (OrderStatus.COMPLETED, 15), (OrderStatus.CANCELLED, 7)]),
    (15, [(OrderStatus.IN_PROGRESS, 22), (OrderStatus.ON_HOLD, 7), (OrderStatus.PARTIALLY_SHIPPED, 12),
          (OrderStatus.COMPLETED, 50), (OrderStatus.CANCELLED, 9)]),
    (60, [(OrderStatus.IN_PROGRESS, 4), (OrderStatus.ON_HOLD, 3), (OrderStatus.PARTIALLY_SHIPPED, 4),
          (OrderStatus.COMPLETED, 79), (OrderStatus.CANCELLED, 10)]),
    (None, [(OrderStatus.IN_PROGRESS, 0.6), (OrderStatus.ON_HOLD, 0.4), (OrderStatus.PARTIALLY_SHIPPED, 0.3),
            (OrderStatus.COMPLETED, 88.7), (OrderStatus.CANCELLED, 10)]),
]
# The newest purchase orders of every run, so that even a tiny demo shows every case: the options
# of the last slots of the stream, the last one first (Generator.purchase_orders).
SHOWCASE = [
    {"status": OrderStatus.IN_PROGRESS, "b2b": True},
    {"status": OrderStatus.ON_HOLD},
    {"status": OrderStatus.PARTIALLY_SHIPPED, "shipments": 2, "split_payment": True},
    {"status": OrderStatus.CANCELLED},
    {},  # the slot of the exchange order below
    {"status": OrderStatus.COMPLETED, "exchange": True},
    {"status": OrderStatus.IN_PROGRESS, "anonymous": True, "coupon": True},
    {"status": OrderStatus.COMPLETED, "manual_discount": True, "shipments": 2, "split_payment": True},
    {"status": OrderStatus.COMPLETED, "b2b": True, "refund": True},
]
CYCLE_LENGTHS = {CycleMode.NONE: [1], CycleMode.DAYS: [7, 14, 30], CycleMode.WEEKS: [1, 2, 4],
                 CycleMode.MONTHS: [1, 1, 1, 2, 3], CycleMode.YEARS: [1]}
CYCLE_WEIGHTS = [(CycleMode.NONE, 5), (CycleMode.DAYS, 10), (CycleMode.WEEKS, 20), (CycleMode.MONTHS, 55),
                 (CycleMode.YEARS, 10)]

HOLD_REASONS = ["Address could not be verified", "Payment under fraud review", "Customer asked to wait",
                "Awaiting stock confirmation"]
CANCEL_REASONS = ["Customer changed their mind", "Ordered by mistake", "Payment declined", "Item no longer needed",
                  "Duplicate order"]
DISCOUNT_REASONS = ["Goodwill: the parcel was late", "Price match", "Loyal customer", "Damaged packaging",
                    "Compensation for a missing item"]
RETURN_REASONS = ["Wrong size", "Not as described", "Arrived damaged", "Changed my mind", "Colour differs from photo"]
CUSTOM_NOTES = [
    ("Customer called about delivery date", "Told them it ships within two working days."),
    ("Leave the parcel with a neighbour", "Customer asked by phone; noted on the shipment."),
    ("Gift wrap requested", "Please add a gift card without prices."),
    ("Invoice address confirmed", "Confirmed by phone with the customer."),
    ("Call back requested", "Customer wants a call about a bulk discount."),
    ("Delivery window agreed", "Weekday mornings only."),
]


def _weighted(pairs):
    values = [value for value, _ in pairs]
    cumulative, total = [], 0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


class Generator:
    """Makes rows; knows the reference data, the buyers and the clock, not the database."""

    def __init__(self, *, rng: random.Random, now: datetime.datetime, markets, people, buyers, companies, csr_id,
                 numbers: "Numbers"):
        self.rng = rng
        self.numbers = numbers
        self.now = now
        self.today = now.date()
        self.markets = markets  # code -> MarketData
        self.market_codes, self.market_cum = _weighted([(code, data.weight) for code, data in markets.items()])
        self.market_of_country = {country: code for code, data in markets.items() for country in data.countries}
        self.currency_choices = {code: _weighted(data.currency_weights) for code, data in markets.items()}
        self.people = people  # demo.people.People, for anonymous buyers and gift addresses
        self.buyers = {code: [] for code in markets}  # market code -> [Person]
        self.b2b_buyers = {code: [] for code in markets}
        self.add_buyers(buyers)
        self.companies = {}
        self.add_companies(companies)
        self.csr_id = csr_id
        self.default_carts = set()  # (customer id, market id) that already have a Default cart
        self.status_tables = [(age, *_weighted(pairs)) for age, pairs in STATUS_BY_AGE]
        self.batch = self.ids = None

    def use_rng(self, rng: random.Random):
        """Draw from `rng` from now on (and so do the People that make anonymous buyers)."""
        self.rng = self.people.rng = rng

    def add_buyers(self, persons):
        for person in persons:
            code = self.market_of_country[person.country]
            self.buyers[code].append(person)
            if person.organization_id:
                self.b2b_buyers[code].append(person)

    def add_companies(self, companies):
        self.companies.update((company.id, company) for company in companies)

    # The chunk being filled -------------------------------------------------------------------------

    def begin(self, batch, ids):
        self.batch, self.ids = batch, ids
        self._counters = {model: counter.__next__ for model, counter in ids.items()}
        rows = batch.rows
        self.groups, self.addresses, self.forms = rows[OrderGroup], rows[OrderAddress], rows[OrderForm]
        self.shipments, self.lines, self.payments = rows[Shipment], rows[LineItem], rows[Payment]
        self.discounts, self.notes, self.schedules = rows[Discount], rows[Note], rows[Schedule]
        self.returns, self.return_lines = rows[ReturnForm], rows[ReturnLine]

    def _next(self, model):
        return self._counters[model]()

    # Building blocks --------------------------------------------------------------------------------

    def _market(self, buyer):
        """The buyer's market (by their country) and a currency it sells in."""
        code = self.market_of_country[buyer.country]
        currencies, cumulative = self.currency_choices[code]
        return self.markets[code], self.rng.choices(currencies, cum_weights=cumulative)[0]

    def _buyer(self, *, anonymous=False, b2b=False):
        rng = self.rng
        code = rng.choices(self.market_codes, cum_weights=self.market_cum)[0]
        if b2b:
            candidates = [code] + [c for c in self.market_codes if c != code]
            for candidate in candidates:
                if self.b2b_buyers.get(candidate):
                    return rng.choice(self.b2b_buyers[candidate])
        if anonymous or not self.buyers.get(code):
            return self.people.anonymous(self.markets[code].countries[0])
        return rng.choice(self.buyers[code])

    def _address(self, group_id, values, name):
        row = OrderAddressRow(self._next(OrderAddress), *values, group_id, name)
        self.addresses.append(row)
        return row.id

    def _line(self, shipment_id, price, *, quantity, currency, on_sale):
        sku_id, code, name, amount = price
        placed = rounder(currency)(amount * SALE) if on_sale else amount
        line = LineRow(id=self._next(LineItem), shipment_id=shipment_id, sku_id=sku_id, sku_code=code, display_name=name,
                       quantity=quantity, placed_price=placed, list_price=amount, line_discount=ZERO,
                       order_discount_share=ZERO, returned_quantity=0)
        self.lines.append(line)
        return line

    def _quantity(self, b2b):
        roll = self.rng.random()
        if b2b:
            return self.rng.choice([5, 10, 10, 12, 20, 24, 50])
        return 1 if roll < 0.72 else 2 if roll < 0.92 else 3 if roll < 0.97 else self.rng.randint(4, 6)

    def _line_count(self):
        roll = self.rng.random()
        if roll < 0.25:
            return 1
        if roll < 0.50:
            return 2
        if roll < 0.70:
            return 3
        if roll < 0.82:
            return 4
        if roll < 0.90:
            return 5
        return self.rng.randint(6, 8)

    def _shipping_method(self, data, currency):
        methods = data.shipping[currency]
        roll = self.rng.random()
        if roll < 0.70 or len(methods) == 1:
            return next((m for m in methods if m[3] == "standard"), methods[0])
        if roll < 0.90:
            return next((m for m in methods if m[3] == "express"), methods[-1])
        return next((m for m in methods if m[3] == "pickup"), methods[0])

    def _note(self, group_id, action, title, created, *, detail="", author=None, kind=NoteKind.SYSTEM):
        self.notes.append(NoteRow(id=self._next(Note), order_group_id=group_id, kind=kind, action=action, title=title,
                                  detail=detail, author_id=author, created=created))

    def _payment(self, form_id, data, method_code, amount, kind, status, created, *, message=""):
        method_id, method_name = data.payment_methods[method_code]
        row = PaymentRow(id=self._next(Payment), order_form_id=form_id, method_id=method_id, method_name=method_name,
                         amount=amount, transaction_type=kind, status=status,
                         reference=f"T{self.rng.getrandbits(48):012X}" if status != PaymentStatus.PENDING else "",
                         message=message, created=created, created_by_id=None)
        self.payments.append(row)
        return row

    def _clamp(self, moment):
        """Not in the future, in whole seconds."""
        return min(moment, self.now - datetime.timedelta(minutes=5)).replace(microsecond=0)

    # One order group --------------------------------------------------------------------------------

    def order_group(self, *, kind, status, buyer, data, currency, created, prefix, name="Default", b2b=False,
                    line_specs=None, shipments=None, subscription_id=None, exchange_for_id=None, with_address=True,
                    shipping=True, discounts=(), split_payment=False, payments=True, source_cart_number="",
                    created_by=None):
        """Build one group with its forms, addresses, shipments, lines and discounts, and total it.

        `line_specs` is a list of (price, quantity, on_sale) to copy (a subscription's lines into
        the orders it generates); otherwise lines are drawn from the market's price list.
        Returns (group row, [(shipment, lines)], forms, totals).
        """
        rng = self.rng
        self._voided = ZERO
        group_id = self._next(OrderGroup)
        company = self.companies.get(buyer.organization_id)
        group = GroupRow(
            id=group_id, kind=kind, number=self.numbers.take(prefix), name=name, status=status, customer_id=buyer.id,
            customer_name=buyer.full_name, customer_email=buyer.email, customer_phone=buyer.phone,
            organization_id=buyer.organization_id, organization_name=buyer.organization_name,
            market_id=data.market.id, currency=currency, source_cart_number=source_cart_number,
            subscription_id=subscription_id, exchange_for_id=exchange_for_id, cancel_reason="", created=created,
            modified=created, created_by_id=created_by, modified_by_id=None, version=1,
        )
        self.groups.append(group)
        if status == OrderStatus.CANCELLED:
            group.cancel_reason = rng.choice(CANCEL_REASONS)
            group.modified = self._clamp(created + HOUR * rng.uniform(1, 48))
        if company and b2b:
            sections = rng.sample(company.sections, min(len(company.sections), rng.randint(2, 3)))
        else:
            sections = [buyer.section]
        if shipments is None:
            roll = rng.random()
            shipments = 1 if roll < 0.86 else 2 if roll < 0.97 else 3
        if status == OrderStatus.PARTIALLY_SHIPPED and shipments * len(sections) < 2:
            shipments = 2
        states = shipment_states(status, shipments * len(sections), rng)
        if line_specs is None:
            prices = data.prices[currency]
            count = max(self._line_count(), shipments * len(sections))
            line_specs = [(rng.choice(prices), self._quantity(b2b), rng.random() < 0.12) for _ in range(count)]
        pairs, forms = [], []
        state_iter = iter(states)
        for section in sections:
            billing = self._address(group_id, buyer.addresses[buyer.billing], "Billing") if with_address else None
            form = FormRow(id=self._next(OrderForm), order_group_id=group_id, name=section[1] if section else "Default",
                           organization_id=section[0] if section else None, billing_address_id=billing)
            self.forms.append(form)
            forms.append(form)
            for index in range(shipments):
                status_now, previous = next(state_iter)
                if not with_address:
                    address = None
                elif index == 0:
                    address = self._address(group_id, buyer.addresses[buyer.shipping], "Shipping")
                elif len(buyer.addresses) > index:
                    address = self._address(group_id, buyer.addresses[index], "Shipping")
                else:  # a present sent to someone else
                    first, last = self.people.name(buyer.country)
                    address = self._address(group_id, self.people.address(buyer.country, first, last), "Shipping")
                method = self._shipping_method(data, currency) if shipping else None
                shipped = status_now == ShipmentStatus.SHIPPED
                shipment = ShipmentRow(
                    id=self._next(Shipment), order_form_id=form.id, address_id=address,
                    shipping_method_id=method[0] if method else None, shipping_method_name=method[1] if method else "",
                    warehouse_id=data.warehouse_id, status=status_now, previous_status=previous,
                    tracking_number=tracking_number(rng) if shipped else "",
                    shipping_cost=method[2] if method else ZERO, shipping_discount=ZERO,
                    shipped_at=self._clamp(created + DAY * rng.uniform(0.3, 4)) if shipped else None,
                    created=created, of_purchase_order=kind == Kind.PURCHASE_ORDER, market_id=data.market.id,
                )
                self.shipments.append(shipment)
                pairs.append((shipment, []))
        # Every shipment gets a line; the rest go to random shipments.
        for index, (price, quantity, on_sale) in enumerate(line_specs):
            shipment, lines = pairs[index] if index < len(pairs) else rng.choice(pairs)
            lines.append(self._line(shipment.id, price, quantity=quantity, currency=currency, on_sale=on_sale))
        discount_rows = [self._discount(group, pairs, data, currency, spec) for spec in discounts]
        totals = calculate(currency=currency, market=data.market, shipments=pairs, discounts=discount_rows,
                           payments=[], cancelled=status == OrderStatus.CANCELLED)
        totals.write_to(group)
        if payments and kind == Kind.PURCHASE_ORDER:
            made = self._payments(group, forms, pairs, data, totals, split_payment)
            group.paid_total = paid_amount(made, currency)
            group.balance_due = balance_due(group.total, group.paid_total, cancelled=status == OrderStatus.CANCELLED)
        return group, pairs, forms, totals

    def _discount(self, group, pairs, data, currency, spec):
        """A discount row, with the note the operation writes; `spec` is "coupon", "manual", "line" or "shipping"."""
        rng = self.rng
        created = group.created + datetime.timedelta(minutes=rng.randint(1, 30))
        row = DiscountRow(id=self._next(Discount), order_group_id=group.id, scope=DiscountScope.ORDER, line_item_id=None,
                          shipment_id=None, coupon_id=None, value_type=ValueType.PERCENT, value=Decimal(10), reason="",
                          applied_amount=ZERO, created=created, created_by_id=self.csr_id)
        if spec == "coupon":
            usable = [c for c in data.coupons if c[4] in ("", currency)]
            coupon_id, scope, value_type, value, _, code, description = rng.choice(usable)
            row.coupon_id, row.scope, row.value_type, row.value = coupon_id, scope, value_type, value
            row.reason, row.created_by_id = description, None
            self._note(group.id, "coupon_added", "Coupon added", created, detail=f"{code}: {description}")
        else:
            row.reason = rng.choice(DISCOUNT_REASONS)
            if spec == "manual":
                row.value = Decimal(rng.choice([5, 10, 15]))
                described = f"{row.value} % off order (manual)"
            elif spec == "line":
                line = rng.choice([line for _, lines in pairs for line in lines])
                row.scope, row.line_item_id, row.value_type = DiscountScope.LINE, line.id, ValueType.AMOUNT
                row.value = max(rounder(currency)(line.placed_price * line.quantity / 5), rounder(currency)(Decimal(1)))
                described = f"{row.value} off line item (manual)"
            else:  # free shipping on one shipment
                row.scope, row.shipment_id, row.value = DiscountScope.SHIPPING, rng.choice(pairs)[0].id, Decimal(100)
                row.reason = "Shipping refunded: the parcel was late"
                described = f"{row.value} % off shipping (manual)"
            self._note(group.id, "manual_discount", "Manual discount", created, detail=f"{described}: {row.reason}",
                       author=self.csr_id)
        self.discounts.append(row)
        return row

    def _payment_added(self, group, payment):
        title = "Payment added" if payment.status != PaymentStatus.FAILED else "Payment declined"
        detail = f"{TransactionType(payment.transaction_type).label} {payment.amount} {group.currency} by {payment.method_name}"
        self._note(group.id, "payment_added", title, payment.created,
                   detail=f"{detail}: {payment.message}" if payment.message else detail)

    def _payments(self, group, forms, pairs, data, totals, split):
        """Payments as the operations make them: authorized when placed, captured as shipments ship
        (up to what is authorized), the rest voided when cancelled; B2B mostly by invoice."""
        rng = self.rng
        status, total = group.status, group.total
        paid_at = group.created + datetime.timedelta(minutes=2)
        form_id = forms[0].id
        made = []
        if status == OrderStatus.AWAITING_EXCHANGE:
            return made  # paid for by the return it belongs to
        open_order = status in (OrderStatus.IN_PROGRESS, OrderStatus.ON_HOLD)
        if open_order and rng.random() < 0.22:
            return made  # a phone order waiting for its payment: the balance is due
        if status == OrderStatus.CANCELLED and rng.random() < 0.3:
            return made
        if rng.random() < 0.03:
            made.append(self._payment(form_id, data, "card", total, TransactionType.AUTHORIZATION, PaymentStatus.FAILED,
                                      paid_at, message="Declined: insufficient funds"))
            self._payment_added(group, made[-1])
        if group.organization_id and rng.random() < 0.7:
            # B2B: invoiced, settled once everything has shipped.
            settled = status == OrderStatus.COMPLETED
            made.append(self._payment(form_id, data, "invoice", total, TransactionType.SALE,
                                      PaymentStatus.PROCESSED if settled else PaymentStatus.PENDING, paid_at))
            if status == OrderStatus.CANCELLED:
                made[-1].status = PaymentStatus.FAILED
                made[-1].message = "Invoice withdrawn: order cancelled"
            self._payment_added(group, made[-1])
            return made
        parts = [total]
        if split or rng.random() < 0.06:
            first = rounder(group.currency)(total * Decimal("0.6"))
            parts = [first, total - first]
        for index, amount in enumerate(parts):
            made.append(self._payment(form_id, data, "card" if index == 0 else "phone", amount,
                                      TransactionType.AUTHORIZATION, PaymentStatus.PROCESSED, paid_at))
            self._payment_added(group, made[-1])
        uncaptured = sum(parts, ZERO)
        if status == OrderStatus.CANCELLED:
            self._voided = uncaptured
            made.append(self._settlement(form_id, TransactionType.VOID, uncaptured, group.modified))
            return made
        for shipment, _ in pairs:
            if shipment.status == ShipmentStatus.SHIPPED and uncaptured > 0:
                amount = min(totals.shipments[shipment.id].total, uncaptured)
                uncaptured -= amount
                made.append(self._settlement(form_id, TransactionType.CAPTURE, amount, shipment.shipped_at))
        return made

    def _settlement(self, form_id, kind, amount, created):
        """A Capture or a Void, written as the operations write them (no method of their own)."""
        row = PaymentRow(id=self._next(Payment), order_form_id=form_id, method_id=None, method_name=kind.label,
                         amount=amount, transaction_type=kind, status=PaymentStatus.PROCESSED, reference="", message="",
                         created=created, created_by_id=None)
        self.payments.append(row)
        return row

    def _history(self, group, pairs, placed_from):
        """The System notes the operations would have written for this purchase order, and its last change."""
        rng = self.rng
        created = group.created
        self._note(group.id, "created", "Order placed", created, detail=placed_from, author=group.created_by_id)
        last = created
        status = group.status
        if status == OrderStatus.ON_HOLD:
            held = self._clamp(created + HOUR * rng.uniform(1, 30))
            self._note(group.id, "held", "Order held", held,
                       detail=f"In Progress -> On Hold; {len(pairs)} shipment(s) held", author=self.csr_id)
            self._note(group.id, "", "Why it is on hold", held, detail=rng.choice(HOLD_REASONS), author=self.csr_id,
                       kind=NoteKind.CUSTOM)
            last = held
        elif status == OrderStatus.CANCELLED:
            detail = f"In Progress -> Cancelled. Reason: {group.cancel_reason}"
            if self._voided:
                detail += f". Authorizations voided: {self._voided} {group.currency}"
            self._note(group.id, "cancelled", "Order cancelled", group.modified, detail=detail, author=self.csr_id)
            last = group.modified
        # "Shipment 2" as the page numbers it (orders.models.shipment_numbers), never the id.
        numbers = shipment_numbers([shipment for shipment, _ in pairs])
        shipped = sorted(((s.shipped_at, s) for s, _ in pairs if s.shipped_at), key=lambda pair: pair[0])
        for moment, shipment in shipped:
            self._note(group.id, "shipment_ship", "Shipment shipped", moment,
                       detail=f"Shipment {numbers[shipment.id]}: Packing -> Shipped, "
                              f"tracking number {shipment.tracking_number}")
            last = max(last, moment)
        if status in (OrderStatus.COMPLETED, OrderStatus.PARTIALLY_SHIPPED):
            for shipment, _ in pairs:
                if shipment.status == ShipmentStatus.CANCELLED:
                    self._note(group.id, "shipment_cancel", "Shipment cancelled", shipped[0][0],
                               detail=f"Shipment {numbers[shipment.id]}: Awaiting Inventory -> Cancelled",
                               author=self.csr_id)
            if status == OrderStatus.PARTIALLY_SHIPPED or len(shipped) > 1:
                self._note(group.id, "status", "Status changed", shipped[0][0], detail="In Progress -> Partially Shipped")
            if status == OrderStatus.COMPLETED:
                before = "Partially Shipped" if len(shipped) > 1 else "In Progress"
                self._note(group.id, "status", "Status changed", shipped[-1][0], detail=f"{before} -> Completed")
        if rng.random() < 0.08:
            title, detail = rng.choice(CUSTOM_NOTES)
            self._note(group.id, "", title, self._clamp(created + HOUR * rng.uniform(0.5, 48)), detail=detail,
                       author=self.csr_id, kind=NoteKind.CUSTOM)
            group.modified_by_id = self.csr_id
        return last

    # Purchase orders --------------------------------------------------------------------------------

    def status_for(self, created):
        age = (self.now - created).days
        for limit, values, cumulative in self.status_tables:
            if limit is None or age <= limit:
                return self.rng.choices(values, cum_weights=cumulative)[0]

    def purchase_order(self, created, *, status=None, b2b=None, anonymous=None, coupon=None, manual_discount=None,
                       shipments=None, split_payment=False, exchange=None, refund=None, budget=1):
        """One purchase order (and, for some completed ones, a return and its exchange order).

        Returns how many purchase orders it made (1, or 2 with an exchange order) within `budget`.
        """
        rng = self.rng
        status = status or self.status_for(created)
        featured = self.people.featured.pop(0) if self.people.featured and not (b2b or anonymous) else None
        if featured:
            b2b = anonymous = False  # the README's examples are ordinary customers
        if b2b is None:
            b2b = not anonymous and rng.random() < 0.05
        if anonymous is None:
            anonymous = not b2b and rng.random() < 0.04
        buyer = featured or self._buyer(anonymous=anonymous, b2b=b2b)
        b2b = b2b and buyer.organization_id is not None
        data, currency = self._market(buyer)
        age = (self.now - created).days
        if exchange is None:
            exchange = status == OrderStatus.COMPLETED and 8 <= age <= 45 and rng.random() < 0.05
        exchange = exchange and budget >= 2
        if refund is None:
            refund = status == OrderStatus.COMPLETED and age > 30 and rng.random() < 0.015
        if exchange and age < 8:
            created = self._clamp(self.now - DAY * rng.uniform(8, 14))
        if refund and age < 30:
            created = self._clamp(self.now - DAY * rng.uniform(30, 60))
        discounts = []
        if coupon or (coupon is None and rng.random() < 0.05 and data.coupons):
            discounts.append("coupon")
        if manual_discount or (manual_discount is None and rng.random() < 0.04):
            discounts.append("manual")
        if rng.random() < 0.02:
            discounts.append("line")
        if rng.random() < 0.01:
            discounts.append("shipping")
        # Placed from a cart the customer filled online, or from one a CSR filled on the phone.
        by_phone = rng.random() < 0.2
        cart_number = self.numbers.take(numbers.CART)
        group, pairs, forms, totals = self.order_group(
            kind=Kind.PURCHASE_ORDER, status=status, buyer=buyer, data=data, currency=currency, created=created,
            prefix=numbers.PURCHASE_ORDER, b2b=b2b, shipments=shipments, discounts=discounts,
            split_payment=split_payment, name="Phone order" if by_phone else "Purchase order",
            source_cart_number=cart_number, created_by=self.csr_id if by_phone else None,
        )
        self._finish(group, pairs, f"From cart {cart_number}; stock reserved")
        made = 1
        if exchange or refund:
            made += self._return(group, pairs, forms, data, buyer, exchange=exchange)
        return made

    def _finish(self, group, pairs, placed_from):
        group.modified = max(group.modified, self._history(group, pairs, placed_from))

    def _return(self, group, pairs, forms, data, buyer, *, exchange):
        """A return on a completed order: awaiting the goods with an exchange order, or refunded."""
        rng = self.rng
        shipped = [(s, line) for s, lines in pairs if s.status == ShipmentStatus.SHIPPED for line in lines]
        shipment, line = rng.choice(shipped)
        quantity = rng.randint(1, line.quantity)
        created = self._clamp(shipment.shipped_at + DAY * rng.uniform(3, 7))
        status = rng.choice([ReturnStatus.AWAITING_STOCK_RETURN, ReturnStatus.AWAITING_COMPLETION]) if exchange \
            else ReturnStatus.COMPLETE
        rma = ReturnFormRow(id=self._next(ReturnForm), order_group_id=group.id, number=self.numbers.take(numbers.RETURN),
                            status=status,
                            created=created, created_by_id=self.csr_id)
        self.returns.append(rma)
        self.return_lines.append(ReturnLineRow(id=self._next(ReturnLine), return_form_id=rma.id, line_item_id=line.id,
                                               quantity=quantity, reason=rng.choice(RETURN_REASONS)))
        self._note(group.id, "return_created", f"Return created for {quantity} x {line.sku_code}", created,
                   author=self.csr_id)
        group.modified = max(group.modified, created)
        if not exchange:
            line.returned_quantity = quantity
            refunded = self._clamp(created + DAY * rng.uniform(2, 6))
            unit = (line.placed_price * line.quantity - line.line_discount - line.order_discount_share) / line.quantity
            amount = min(round_money(unit * quantity, group.currency), max(group.paid_total, ZERO))
            self._note(group.id, "return_received", "Returned goods received", refunded, author=self.csr_id)
            group.modified = max(group.modified, refunded)
            if amount > 0:
                credit = self._payment(forms[0].id, data, "card", amount, TransactionType.CREDIT,
                                       PaymentStatus.PROCESSED, refunded)
                self._note(group.id, "refund", f"Refund of {amount} {group.currency}", refunded, author=self.csr_id)
                group.paid_total -= credit.amount
                group.balance_due = balance_due(group.total, group.paid_total, cancelled=False)
            return 0
        # The exchange order: the same goods again, waiting for the return to complete.
        exchange, exchange_pairs, _, _ = self.order_group(
            kind=Kind.PURCHASE_ORDER, status=OrderStatus.AWAITING_EXCHANGE,
            buyer=buyer, data=data, currency=group.currency, created=created,
            prefix=numbers.EXCHANGE_ORDER, line_specs=[((line.sku_id, line.sku_code, line.display_name, line.list_price),
                                                        quantity, False)],
            shipments=1, exchange_for_id=rma.id, name="Exchange order", created_by=self.csr_id,
        )
        self._finish(exchange, exchange_pairs, f"Exchange for return {rma.number}")
        return 1

    def purchase_orders(self, first, end, total, start):
        """The purchase orders of slots `first` .. `end` - 1 of a stream of `total` slots, oldest first.

        A slot is one purchase order; an exchange order takes the slot after the order whose goods
        it replaces, and only a free slot of the same stretch: so any stretch of slots can be made
        on its own (seed.py makes them in parallel) and the stream holds exactly `total` orders.
        Dates run from `start` to now, denser towards now (a growing shop); the last slots are the
        SHOWCASE, which random exchange orders leave alone. Returns how many orders were made.
        """
        rng = self.rng
        span = (self.now - start).total_seconds()
        free_until = min(end, total - len(SHOWCASE))  # slots an exchange order may take
        index = first
        while index < end:
            position = min((index + rng.random()) / total, 1.0)
            created = start + datetime.timedelta(seconds=int(span * position ** 0.75))
            created = min(created, self.now - datetime.timedelta(minutes=10))
            from_end = total - index - 1
            if from_end < len(SHOWCASE):
                options = dict(SHOWCASE[from_end])
                budget = min(end - index, 2 if options.get("exchange") else 1)
            else:
                options, budget = {}, free_until - index
            index += self.purchase_order(created, budget=budget, **options)
        return index - first

    # Subscriptions ----------------------------------------------------------------------------------

    def subscription(self, index, budget):
        """A subscription with its schedule and the purchase orders its cycles generated (at most `budget`)."""
        rng = self.rng
        modes, cumulative = _weighted(CYCLE_WEIGHTS)
        mode = list(CycleMode)[index] if index < len(CycleMode) else rng.choices(modes, cum_weights=cumulative)[0]
        length = rng.choice(CYCLE_LENGTHS[mode])
        buyer = self._buyer()
        if buyer.id is None:
            return 0
        data, currency = self._market(buyer)
        wanted = rng.randint(0, 6) if mode != CycleMode.NONE else rng.randint(0, 1)
        anchor = self.today - DAY * rng.randint(0, 6)
        earliest = self.today - HISTORY + DAY * 30
        start = None
        while wanted and start is None:
            candidate = add_cycles(anchor, mode, length, -(wanted - 1)) if mode != CycleMode.NONE else anchor
            if candidate >= earliest:
                start = candidate
            else:
                wanted -= 1
        if start is None:
            start = self.today + DAY * rng.randint(1, 20)  # not started yet
        created = datetime.datetime.combine(min(start, self.today) - DAY * rng.randint(1, 10),
                                            datetime.time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=datetime.UTC)
        max_cycles = rng.randint(2, 12) if rng.random() < 0.25 else 0
        end_date = start + DAY * rng.randint(60, 400) if rng.random() < 0.15 else None
        active = rng.random() > 0.08
        subscription_lines = [(rng.choice(data.prices[currency]), rng.randint(1, 2), False) for _ in range(rng.randint(1, 3))]
        cart_number = self.numbers.take(numbers.CART)
        subscription, subscription_pairs, _, _ = self.order_group(
            kind=Kind.SUBSCRIPTION, status="", buyer=buyer, data=data, currency=currency, created=created,
            prefix=numbers.SUBSCRIPTION, line_specs=subscription_lines, shipments=1, payments=False,
            discounts=["coupon"] if rng.random() < 0.1 and data.coupons else [], source_cart_number=cart_number,
            created_by=self.csr_id,
        )
        self._note(subscription.id, "created", "Subscription created", created, author=self.csr_id,
                   detail=f"From cart {cart_number}: every {length} {mode} from {start}")
        # Run the cycles as the recurring job would have; leave some due for it.
        dates, date = [], start
        while date is not None and date <= self.today and len(dates) < budget:
            if max_cycles and len(dates) >= max_cycles or end_date and date > end_date:
                break
            dates.append(date)
            if mode == CycleMode.NONE:
                break
            date = add_cycles(date, mode, length)
        if dates and active and rng.random() < 0.1:
            dates.pop()  # due now: the recurring job has work to do
        if not active:
            dates = dates[:max(0, len(dates) - 1)]
        made = 0
        for date in dates:
            moment = datetime.datetime.combine(date, datetime.time(5, rng.randint(0, 59)), tzinfo=datetime.UTC)
            moment = max(self._clamp(moment), created + HOUR)
            group, pairs, _, _ = self.order_group(
                kind=Kind.PURCHASE_ORDER, status=self.status_for(moment), buyer=buyer, data=data, currency=currency,
                created=moment, prefix=numbers.PURCHASE_ORDER, line_specs=subscription_lines, shipments=1,
                subscription_id=subscription.id, name="Subscription order",
            )
            self._finish(group, pairs, f"From subscription {subscription.number}, cycle {made + 1}")
            made += 1
        self.schedules.append(ScheduleRow(
            subscription_id=subscription.id, cycle_mode=mode, cycle_length=length, start_date=start, end_date=end_date,
            max_cycles=max_cycles, completed_cycles=made, last_transaction_date=dates[-1] if dates else None,
            active=active, next_order_date=rhythm_next_date(mode, length, start, dates[-1] if dates else None),
        ))
        if dates:
            subscription.modified = max(created, datetime.datetime.combine(dates[-1], datetime.time(6), tzinfo=datetime.UTC))
            subscription.modified = self._clamp(subscription.modified)
        return made

    # Carts ------------------------------------------------------------------------------------------

    def cart(self, index):
        """A registered customer's Default cart, an anonymous cart, or a wish list."""
        rng = self.rng
        kind = ["registered", "anonymous", "wishlist"][index] if index < 3 else rng.choices(
            ["registered", "anonymous", "wishlist"], [55, 25, 20])[0]
        buyer = self._buyer(anonymous=kind == "anonymous")
        data, currency = self._market(buyer)
        if kind != "anonymous" and buyer.id is None:
            kind = "anonymous"
        if kind == "registered":
            for _ in range(5):
                if (buyer.id, data.market.id) not in self.default_carts:
                    break
                buyer = self._buyer()
                data, currency = self._market(buyer)
            if buyer.id is None or (buyer.id, data.market.id) in self.default_carts:
                kind = "wishlist" if buyer.id else "anonymous"
            else:
                self.default_carts.add((buyer.id, data.market.id))
        created = self._clamp(self.now - DAY * rng.uniform(0.01, 120))
        wishlist = kind == "wishlist"
        prices = data.prices[currency]
        line_specs = [(rng.choice(prices), 1 if wishlist else self._quantity(False), False)
                      for _ in range(rng.randint(1, 5))]
        cart, _, _, _ = self.order_group(
            kind=Kind.CART, status="", buyer=buyer, data=data, currency=currency, created=created,
            prefix=numbers.CART, name="Wishlist" if wishlist else "Default", line_specs=line_specs, shipments=1,
            with_address=kind == "registered" and rng.random() < 0.6, shipping=not wishlist and rng.random() < 0.7,
            discounts=["coupon"] if not wishlist and rng.random() < 0.05 and data.coupons else [], payments=False,
        )
        cart.modified = self._clamp(created + HOUR * rng.uniform(0, 72))
        self._note(cart.id, "created", f"{cart.name} created", created,
                   detail=f"In {data.market.name} for {cart.customer_name or 'an anonymous customer'}")
        return cart


class Numbers:
    """Document numbers handed out from reserved starting values, one counter per prefix."""

    PREFIXES = (numbers.PURCHASE_ORDER, numbers.EXCHANGE_ORDER, numbers.RETURN, numbers.CART, numbers.SUBSCRIPTION)

    def __init__(self, starts: dict[str, int]):
        self.starts = dict(starts)
        self.next = dict(starts)

    def take(self, prefix: str) -> str:
        value = self.next[prefix]
        self.next[prefix] = value + 1
        return f"{prefix}{value}"

    def used(self) -> dict[str, int]:
        return {prefix: self.next[prefix] - start for prefix, start in self.starts.items()}
