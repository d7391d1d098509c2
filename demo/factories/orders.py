"""factory-boy factories for order groups (purchase orders, carts, subscriptions) and their parts.

They keep an order consistent the way the domain does: the customer's name, email and
organization are copied onto the group, addresses are snapshots of the customer's address book,
prices come from the market's price list in the order's currency, shipment statuses agree with
the order status, and the cached totals are what orders.calculator gives.

    PurchaseOrderFactory()                              # In Progress, one form, one shipment, 2 lines
    PurchaseOrderFactory(lines=3)                       # ... with 3 lines
    PurchaseOrderFactory(lines=4, lines__shipments=2)   # split shipment: two addresses
    PurchaseOrderFactory(status=OrderStatus.COMPLETED, payments=2)  # shipped, split payment
    PurchaseOrderFactory(b2b=True)                      # one form per section of the organization
    PurchaseOrderFactory(anonymous=True)                # no customer; name and email on the group
    PurchaseOrderFactory(lines=0)                       # the bare group: no form at all
    CartFactory(wishlist=True), SubscriptionFactory(schedule__cycle_mode="weeks")

Numbers come from orders.numbers, so they never collide with the ones the portal hands out.
Factories that add to an existing order (LineItemFactory, PaymentFactory, DiscountFactory,
ShipmentFactory) recalculate it afterwards unless given `recalculate=False`.
"""
import datetime
from decimal import Decimal

import factory
import factory.random
from django.utils import timezone
from factory.django import DjangoModelFactory

from carts.models import Cart
from csrportal.money import round_money
from demo.factories.catalog import (
    MarketFactory,
    PaymentMethodFactory,
    PriceFactory,
    ShippingMethodFactory,
    SkuFactory,
    WarehouseFactory,
    random_price,
)
from demo.factories.customers import CustomerFactory, ascii_slug
from demo.states import shipment_states, tracking_number
from orders import numbers
from orders.calculator import Totals
from orders.models import (
    Discount,
    DiscountScope,
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
    PurchaseOrder,
    Shipment,
    ShipmentStatus,
    TransactionType,
    ValueType,
)
from orders.operations import recalculate
from subscriptions.models import Subscription

PREFIXES = {Kind.CART: numbers.CART, Kind.PURCHASE_ORDER: numbers.PURCHASE_ORDER, Kind.SUBSCRIPTION: numbers.SUBSCRIPTION}
DEFAULT_LINES = 2


def preferred_address(customer, purpose: str = "shipping"):
    """The customer's preferred billing or shipping address, else any, else None."""
    if customer is None or customer.pk is None:
        return None
    addresses = list(customer.addresses.all())
    preferred = [a for a in addresses if getattr(a, f"is_preferred_{purpose}")]
    return (preferred or addresses or [None])[0]


def top_organization(customer):
    """The buying organization of a B2B customer: the parent of the section they work for."""
    organization = customer.organization if customer is not None else None
    if organization is None:
        return None
    return organization.parent or organization


def list_price(sku, group) -> Decimal:
    """The SKU's price in the group's market and currency (created if the price list lacks it)."""
    if sku.pk is None or group.market.pk is None:
        return random_price(group.currency)
    return PriceFactory(sku=sku, market=group.market, currency=group.currency).amount


def recalculate_totals(group: OrderGroup) -> Totals:
    """Cache what the calculator gives, as every operation does (orders.operations.recalculate),
    and save the group's totals."""
    totals = recalculate(group)
    group.save(update_fields=Totals.CACHED_FIELDS)
    return totals


def _recalculate_after(obj, create, extracted, group):
    if create and extracted is not False:
        recalculate_totals(group)
        obj.refresh_from_db()


class OrderGroupFactory(DjangoModelFactory):
    """A purchase order unless `kind` says otherwise; see the module docstring for the options."""

    class Meta:
        model = OrderGroup
        skip_postgeneration_save = True

    class Params:
        anonymous = factory.Trait(customer=None)
        b2b = factory.Trait(customer=factory.SubFactory(CustomerFactory, b2b=True))

    kind = Kind.PURCHASE_ORDER
    number = factory.LazyAttribute(lambda o: numbers.next_number(PREFIXES[o.kind]))
    name = "Default"
    status = factory.LazyAttribute(lambda o: OrderStatus.IN_PROGRESS if o.kind == Kind.PURCHASE_ORDER else "")
    market = factory.SubFactory(MarketFactory, united_states=True)
    currency = factory.SelfAttribute("market.default_currency")
    customer = factory.SubFactory(CustomerFactory)
    customer_name = factory.Maybe(
        "customer", factory.LazyAttribute(lambda o: o.customer.full_name), factory.Faker("name")
    )
    customer_email = factory.Maybe(
        "customer",
        factory.LazyAttribute(lambda o: o.customer.email),
        factory.LazyAttributeSequence(lambda o, n: f"{ascii_slug(o.customer_name)}.{n}@example.net"),
    )
    customer_phone = factory.Maybe("customer", factory.LazyAttribute(lambda o: o.customer.phone), "")
    organization = factory.LazyAttribute(lambda o: top_organization(o.customer))
    organization_name = factory.LazyAttribute(lambda o: o.organization.name if o.organization else "")
    cancel_reason = factory.LazyAttribute(
        lambda o: "Customer changed their mind" if o.status == OrderStatus.CANCELLED else ""
    )
    created = factory.LazyFunction(timezone.now)
    modified = factory.SelfAttribute("created")

    @factory.post_generation
    def lines(self, create, extracted, shipments=1, **kwargs):
        """`lines=N` line items (default 2) over `lines__shipments` shipments; 0 leaves the group bare."""
        count = DEFAULT_LINES if extracted is None else extracted
        if create and count:
            build_structure(self, lines=count, shipments=shipments)

    @factory.post_generation
    def payments(self, create, extracted, **kwargs):
        """`payments=N` split payments that together cover the total, as the status implies."""
        if create and extracted:
            add_payments(self, extracted)

    @factory.post_generation
    def recalculate(self, create, extracted, **kwargs):
        if create and extracted is not False and self.forms.exists():
            recalculate_totals(self)


class PurchaseOrderFactory(OrderGroupFactory):
    class Meta:
        model = PurchaseOrder


class CartFactory(OrderGroupFactory):
    class Meta:
        model = Cart

    class Params:
        wishlist = factory.Trait(name="Wishlist")

    kind = Kind.CART


class SubscriptionFactory(OrderGroupFactory):
    """A subscription: the template order and its schedule (monthly unless `schedule__...` says)."""

    class Meta:
        model = Subscription

    kind = Kind.SUBSCRIPTION
    schedule = factory.RelatedFactory("demo.factories.subscriptions.ScheduleFactory", factory_related_name="subscription")


class OrderAddressFactory(DjangoModelFactory):
    """A snapshot on an order: of `copy_of` (default: the customer's preferred shipping address)."""

    class Meta:
        model = OrderAddress

    class Params:
        copy_of = factory.LazyAttribute(lambda o: preferred_address(o.order_group.customer))

    order_group = factory.SubFactory(PurchaseOrderFactory, lines=0)
    name = "Shipping"
    first_name = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.first_name"), factory.Faker("first_name"))
    last_name = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.last_name"), factory.Faker("last_name"))
    organization = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.organization"), "")
    line1 = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.line1"), factory.Faker("street_address"))
    line2 = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.line2"), "")
    city = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.city"), factory.Faker("city"))
    region = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.region"), factory.Faker("state_abbr"))
    postal_code = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.postal_code"), factory.Faker("postcode"))
    country_code = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.country_code"), "US")
    phone = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.phone"), "")
    email = factory.Maybe("copy_of", factory.SelfAttribute("copy_of.email"), factory.SelfAttribute("order_group.customer_email"))


class OrderFormFactory(DjangoModelFactory):
    class Meta:
        model = OrderForm

    order_group = factory.SubFactory(PurchaseOrderFactory, lines=0)
    name = factory.LazyAttribute(lambda o: o.organization.name if o.organization else "Default")
    organization = None
    billing_address = factory.SubFactory(
        OrderAddressFactory, order_group=factory.SelfAttribute("..order_group"), name="Billing",
        copy_of=factory.LazyAttribute(lambda o: preferred_address(o.order_group.customer, "billing")),
    )


class ShipmentFactory(DjangoModelFactory):
    class Meta:
        model = Shipment
        skip_postgeneration_save = True

    class Params:
        group = factory.SelfAttribute("order_form.order_group")
        shipped = factory.Trait(
            status=ShipmentStatus.SHIPPED,
            tracking_number=factory.LazyFunction(lambda: tracking_number(factory.random.randgen)),
            shipped_at=factory.LazyFunction(timezone.now),
        )
        on_hold = factory.Trait(status=ShipmentStatus.ON_HOLD, previous_status=ShipmentStatus.AWAITING_INVENTORY)
        cancelled = factory.Trait(status=ShipmentStatus.CANCELLED)

    order_form = factory.SubFactory(OrderFormFactory)
    address = factory.SubFactory(OrderAddressFactory, order_group=factory.SelfAttribute("..group"))
    shipping_method = factory.SubFactory(
        ShippingMethodFactory, market=factory.SelfAttribute("..group.market"),
        currency=factory.SelfAttribute("..group.currency"),
    )
    shipping_method_name = factory.SelfAttribute("shipping_method.name")
    shipping_cost = factory.SelfAttribute("shipping_method.price")
    warehouse = factory.SubFactory(WarehouseFactory, code="MAIN", name="Main warehouse")
    status = ShipmentStatus.AWAITING_INVENTORY
    of_purchase_order = factory.LazyAttribute(lambda shipment: shipment.group.kind == Kind.PURCHASE_ORDER)
    market = factory.SelfAttribute("group.market")

    @factory.post_generation
    def recalculate(self, create, extracted, **kwargs):
        _recalculate_after(self, create, extracted, self.order_form.order_group)


class LineItemFactory(DjangoModelFactory):
    class Meta:
        model = LineItem
        skip_postgeneration_save = True

    shipment = factory.SubFactory(ShipmentFactory)
    sku = factory.SubFactory(SkuFactory)
    sku_code = factory.SelfAttribute("sku.code")
    display_name = factory.SelfAttribute("sku.name")
    quantity = factory.Faker("random_int", min=1, max=3)
    list_price = factory.LazyAttribute(lambda o: list_price(o.sku, o.shipment.order_form.order_group))
    placed_price = factory.SelfAttribute("list_price")

    @factory.post_generation
    def recalculate(self, create, extracted, **kwargs):
        _recalculate_after(self, create, extracted, self.shipment.order_form.order_group)


class PaymentFactory(DjangoModelFactory):
    """A processed card authorization unless told otherwise."""

    class Meta:
        model = Payment
        skip_postgeneration_save = True

    order_form = factory.SubFactory(OrderFormFactory)
    method = factory.SubFactory(PaymentMethodFactory, market=factory.SelfAttribute("..order_form.order_group.market"))
    method_name = factory.SelfAttribute("method.name")
    amount = Decimal("10.00")
    transaction_type = TransactionType.AUTHORIZATION
    status = PaymentStatus.PROCESSED
    reference = factory.Sequence(lambda n: f"TX{n:08d}")

    @factory.post_generation
    def recalculate(self, create, extracted, **kwargs):
        _recalculate_after(self, create, extracted, self.order_form.order_group)


class DiscountFactory(DjangoModelFactory):
    """A manual 10 % order discount; give `line_item` or `shipment` (with `scope`) to aim it there."""

    class Meta:
        model = Discount
        skip_postgeneration_save = True

    class Params:
        from_coupon = factory.Trait(
            coupon=factory.SubFactory("demo.factories.catalog.CouponFactory"),
            scope=factory.SelfAttribute("coupon.scope"),
            value_type=factory.SelfAttribute("coupon.value_type"),
            value=factory.SelfAttribute("coupon.value"),
            reason="",
        )

    order_group = factory.Maybe(
        "line_item",
        factory.SelfAttribute("line_item.shipment.order_form.order_group"),
        factory.Maybe(
            "shipment",
            factory.SelfAttribute("shipment.order_form.order_group"),
            factory.SubFactory(PurchaseOrderFactory),
        ),
    )
    line_item = None
    shipment = None
    coupon = None
    scope = factory.LazyAttribute(
        lambda o: DiscountScope.LINE if o.line_item else DiscountScope.SHIPPING if o.shipment else DiscountScope.ORDER
    )
    value_type = ValueType.PERCENT
    value = Decimal(10)
    reason = "Goodwill: the parcel was late"

    @factory.post_generation
    def recalculate(self, create, extracted, **kwargs):
        _recalculate_after(self, create, extracted, self.order_group)


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note

    class Params:
        system = factory.Trait(kind=NoteKind.SYSTEM, action="created", title="Order created", detail="")

    order_group = factory.SubFactory(PurchaseOrderFactory)
    kind = NoteKind.CUSTOM
    action = ""
    title = factory.Faker("sentence", nb_words=5)
    detail = factory.Faker("paragraph", nb_sentences=2)
    author = None


def build_structure(group: OrderGroup, *, lines: int, shipments: int = 1) -> None:
    """Forms, addresses, shipments and `lines` line items for a bare group, as its status implies.

    A B2B group (its organization has sections) gets one form per section (at most three), a B2C
    group one form; each form gets `shipments` shipments, each to its own address (the first to
    the customer's preferred one), and the lines are dealt over all the shipments in turn.
    """
    rng = factory.random.randgen
    sections = list(group.organization.sections.order_by("id")[:3]) if group.organization else []
    if group.status == OrderStatus.PARTIALLY_SHIPPED:
        shipments = max(shipments, 2)
    all_shipments = []
    for section in sections or [None]:
        form = OrderFormFactory(order_group=group, organization=section)
        states = shipment_states(group.status, shipments, rng)
        for index, (status, previous) in enumerate(states):
            address = OrderAddressFactory(order_group=group) if index == 0 else OrderAddressFactory(order_group=group, copy_of=None)
            shipped = status == ShipmentStatus.SHIPPED
            all_shipments.append(ShipmentFactory(
                order_form=form, address=address, status=status, previous_status=previous,
                tracking_number=tracking_number(rng) if shipped else "",
                shipped_at=group.created + datetime.timedelta(days=1) if shipped else None,
                recalculate=False,
            ))
    for index in range(lines):
        LineItemFactory(shipment=all_shipments[index % len(all_shipments)], recalculate=False)


def add_payments(group: OrderGroup, count: int) -> None:
    """`count` payments on the first form that together cover the order's total.

    Authorizations for an open order; a Sale for each part of a shipped one; for a cancelled
    order, each authorization voided, as cancelling does.
    """
    totals = recalculate_totals(group)
    form = group.forms.order_by("id").first()
    share = round_money(totals.total / count, group.currency)
    amounts = [share] * (count - 1) + [totals.total - share * (count - 1)]
    shipped = group.status in (OrderStatus.COMPLETED, OrderStatus.PARTIALLY_SHIPPED)
    for index, amount in enumerate(amounts):
        method_code = "card" if index == 0 else "invoice"
        kind = TransactionType.SALE if shipped else TransactionType.AUTHORIZATION
        payment = PaymentFactory(order_form=form, amount=amount, transaction_type=kind, recalculate=False,
                                 method__code=method_code)
        if group.status == OrderStatus.CANCELLED:
            PaymentFactory(order_form=form, amount=amount, transaction_type=TransactionType.VOID, method=payment.method,
                           recalculate=False)
