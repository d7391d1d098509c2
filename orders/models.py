"""The order-group structure shared by carts, purchase orders and subscriptions.

OrderGroup -> OrderForm -> Shipment -> LineItem, with payments on the form, discounts and notes on
the group, and addresses kept as snapshots on the group. Reads are QuerySet methods here; every
change goes through orders.operations, which enforces the status rules, keeps the cached totals
right and writes the System note. Whether an order or a shipment can be changed now is
orders.operations.contents_editable().
"""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from catalog.models import (
    MONEY,
    Coupon,
    DiscountScope,
    Market,
    PaymentMethod,
    ShippingMethod,
    Sku,
    ValueType,
    Warehouse,
)
from customers.models import Customer, Organization, PostalAddress

ZERO = Decimal("0")


class Kind(models.TextChoices):
    CART = "cart", "Cart"
    PURCHASE_ORDER = "po", "Purchase order"
    SUBSCRIPTION = "plan", "Subscription"


class OrderStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In Progress"
    ON_HOLD = "on_hold", "On Hold"
    PARTIALLY_SHIPPED = "partially_shipped", "Partially Shipped"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    AWAITING_EXCHANGE = "awaiting_exchange", "Awaiting Exchange"


class ShipmentStatus(models.TextChoices):
    AWAITING_INVENTORY = "awaiting_inventory", "Awaiting Inventory"
    INVENTORY_ASSIGNED = "inventory_assigned", "Inventory Assigned"
    RELEASED = "released", "Released"
    PACKING = "packing", "Packing"
    SHIPPED = "shipped", "Shipped"
    CANCELLED = "cancelled", "Cancelled"
    ON_HOLD = "on_hold", "On Hold"

    @classmethod
    def final(cls):
        return {cls.SHIPPED, cls.CANCELLED}

    @classmethod
    def released(cls):
        """Gone to the warehouse: the prices of its lines and its shipping are fixed."""
        return {cls.RELEASED, cls.PACKING, cls.SHIPPED}


# Not final and not held: the shipments the warehouse still has work on (the Shipments tab's).
OPEN_SHIPMENT_STATUSES = [ShipmentStatus.AWAITING_INVENTORY, ShipmentStatus.INVENTORY_ASSIGNED, ShipmentStatus.RELEASED,
                          ShipmentStatus.PACKING]


class ReturnStatus(models.TextChoices):
    AWAITING_STOCK_RETURN = "awaiting_stock_return", "Awaiting Stock Return"
    AWAITING_COMPLETION = "awaiting_completion", "Awaiting Completion"
    COMPLETE = "complete", "Complete"
    CANCELED = "canceled", "Canceled"


class TransactionType(models.TextChoices):
    AUTHORIZATION = "authorization", "Authorization"
    CAPTURE = "capture", "Capture"
    SALE = "sale", "Sale"
    CREDIT = "credit", "Credit"
    VOID = "void", "Void"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSED = "processed", "Processed"
    FAILED = "failed", "Failed"


class NoteKind(models.TextChoices):
    CUSTOM = "custom", "Custom"
    SYSTEM = "system", "System"


class NumberSequence(models.Model):
    """The next number of each kind of document (PO, EO, RMA, ...), handed out under a row lock."""

    prefix = models.CharField(max_length=8, primary_key=True)
    next_value = models.BigIntegerField(default=10001)

    def __str__(self):
        return f"{self.prefix}{self.next_value}"


class OrderGroupQuerySet(models.QuerySet):
    def carts(self):
        return self.filter(kind=Kind.CART)

    def purchase_orders(self):
        return self.filter(kind=Kind.PURCHASE_ORDER)

    def subscriptions(self):
        return self.filter(kind=Kind.SUBSCRIPTION)

    def with_structure(self):
        """Everything a detail page shows, in a fixed number of queries however large the order."""
        return self.select_related("customer", "market", "organization", "modified_by").prefetch_related(
            *structure_prefetches()
        )


def structure_prefetches() -> list:
    """Forms, shipments, lines, payments and discounts: one query each, for any number of them."""
    return [
        models.Prefetch(
            "forms",
            queryset=OrderForm.objects.select_related("billing_address").prefetch_related(
                models.Prefetch(
                    "shipments",
                    queryset=Shipment.objects.select_related("address", "shipping_method", "warehouse")
                    .prefetch_related(models.Prefetch("line_items", queryset=LineItem.objects.order_by("id")))
                    .order_by("id"),
                ),
                models.Prefetch("payments", queryset=Payment.objects.select_related("method").order_by("id")),
            ).order_by("id"),
        ),
        models.Prefetch("discounts", queryset=Discount.objects.select_related("coupon").order_by("id")),
    ]


class OrderGroup(models.Model):
    kind = models.CharField(max_length=4, choices=Kind.choices)
    number = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100, default="Default")
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, blank=True, help_text="Purchase orders only."
    )
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="order_groups")
    # Kept on the group for anonymous orders, and denormalized for registered ones so that the
    # order table lists and searches them without a join.
    customer_name = models.CharField(max_length=200, blank=True)
    customer_email = models.EmailField(blank=True)
    customer_phone = models.CharField(max_length=40, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="order_groups"
    )
    organization_name = models.CharField(max_length=200, blank=True)
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="order_groups")
    currency = models.CharField(max_length=3)

    # Where a purchase order came from.
    source_cart_number = models.CharField(max_length=20, blank=True)
    subscription = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="generated_orders",
        limit_choices_to={"kind": Kind.SUBSCRIPTION},
    )
    exchange_for = models.ForeignKey(
        "ReturnForm", null=True, blank=True, on_delete=models.SET_NULL, related_name="exchange_orders",
        help_text="The return this exchange order replaces goods for.",
    )
    cancel_reason = models.CharField(max_length=500, blank=True)

    # Cached totals, written by the calculator on every change.
    subtotal = models.DecimalField(**MONEY, default=ZERO)
    discount_total = models.DecimalField(**MONEY, default=ZERO)
    shipping_total = models.DecimalField(**MONEY, default=ZERO)
    tax_total = models.DecimalField(**MONEY, default=ZERO)
    total = models.DecimalField(**MONEY, default=ZERO)
    paid_total = models.DecimalField(**MONEY, default=ZERO)
    balance_due = models.DecimalField(**MONEY, default=ZERO)
    item_count = models.IntegerField(default=0)
    shipment_summary = models.CharField(max_length=200, blank=True)

    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking: an edit carries the version it was made from; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    objects = OrderGroupQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=Kind.PURCHASE_ORDER) & ~Q(status="")) | (~Q(kind=Kind.PURCHASE_ORDER) & Q(status="")),
                name="status_only_and_always_on_purchase_orders",
            ),
            models.UniqueConstraint(
                fields=["customer", "market"],
                condition=Q(kind=Kind.CART, name="Default", customer__isnull=False),
                name="one_default_cart_per_customer_and_market",
            ),
            models.CheckConstraint(condition=Q(item_count__gte=0), name="order_item_count_not_negative"),
            models.CheckConstraint(
                condition=Q(subtotal__gte=0, shipping_total__gte=0, tax_total__gte=0, total__gte=0, discount_total__gte=0),
                name="order_totals_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "-created", "-id"], name="group_kind_created"),
            models.Index(fields=["kind", "status", "-created", "-id"], name="group_kind_status_created"),
            models.Index(fields=["kind", "market", "-created", "-id"], name="group_kind_market_created"),
            # Status and market together, the CSR's most common pair of filters.
            models.Index(fields=["kind", "status", "market", "-created", "-id"], name="group_kind_status_market"),
            models.Index(fields=["kind", "-modified", "-id"], name="group_kind_modified"),
            models.Index(Lower("customer_email"), name="group_customer_email_lower"),
            models.Index(fields=["customer", "kind"], name="group_customer_kind"),
            # The customer page's Order history: a customer's purchase orders, newest first, by keyset.
            models.Index(fields=["customer", "kind", "-created", "-id"], name="group_customer_kind_created"),
            # The sortable columns of the order tables; ties break on id for keyset paging.
            models.Index(fields=["kind", "customer_name", "id"], name="group_kind_customer_name"),
            models.Index(fields=["kind", "customer_email", "id"], name="group_kind_customer_email"),
            # Amounts sort only within one market (one currency), so the market leads.
            models.Index(fields=["kind", "market", "total", "id"], name="group_kind_market_total"),
            models.Index(fields=["kind", "market", "balance_due", "id"], name="group_kind_market_balance"),
            # Name and customer-name searches use PostgreSQL-only pattern and trigram indexes
            # made in migration 0002.
        ]

    def __str__(self):
        return self.number

    @property
    def is_cart(self) -> bool:
        return self.kind == Kind.CART

    @property
    def is_purchase_order(self) -> bool:
        return self.kind == Kind.PURCHASE_ORDER

    @property
    def is_subscription(self) -> bool:
        return self.kind == Kind.SUBSCRIPTION

    @property
    def refund_due(self) -> bool:
        """The order holds more than it owes (overpaid, or cancelled with money still held)."""
        return self.balance_due < 0

    @property
    def balance_label(self) -> str:
        """"Refund due" for a negative balance, else "Balance due": never a negative balance due."""
        return "Refund due" if self.refund_due else "Balance due"

    @property
    def balance_amount(self) -> Decimal:
        """The amount beside `balance_label`, never negative."""
        return -self.balance_due if self.refund_due else self.balance_due


class OrderAddress(PostalAddress):
    """A snapshot: changing the customer's address book never rewrites an order."""

    order_group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="addresses")
    name = models.CharField(max_length=60, blank=True, help_text="Shipping, Billing, ...")

    class Meta:
        verbose_name = "order address"
        verbose_name_plural = "order addresses"

    def __str__(self):
        return self.one_line()


class OrderForm(models.Model):
    """A B2C order has one; a B2B order one per section of the buying organization."""

    order_group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="forms")
    name = models.CharField(max_length=100, default="Default")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    billing_address = models.ForeignKey(
        OrderAddress, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.order_group.number} / {self.name}"


class PickList(models.Model):
    """Shipments one warehouse picks and packs together, numbered PL10001: their shipments are
    Packing while they are on it, and leave it when they ship or are taken off (back to Released)."""

    number = models.CharField(max_length=20, unique=True)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.number


# The condition of the Shipments tab's partial indexes. Written as equalities, not IN: PostgreSQL prints an IN
# over this varchar column back (pg_get_indexdef) as another, equal expression, and the seed, which drops and
# rebuilds indexes from their printed definitions, must get the very same ones back.
OPEN_SHIPMENT = Q(of_purchase_order=True) & Q(*(Q(status=status.value) for status in OPEN_SHIPMENT_STATUSES), _connector=Q.OR)


class Shipment(models.Model):
    order_form = models.ForeignKey(OrderForm, on_delete=models.CASCADE, related_name="shipments")
    address = models.ForeignKey(OrderAddress, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    shipping_method = models.ForeignKey(
        ShippingMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shipping_method_name = models.CharField(max_length=100, blank=True)
    warehouse = models.ForeignKey(Warehouse, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.AWAITING_INVENTORY)
    previous_status = models.CharField(
        max_length=20, choices=ShipmentStatus.choices, blank=True, help_text="Where a held shipment goes back to."
    )
    tracking_number = models.CharField(max_length=60, blank=True)
    shipping_cost = models.DecimalField(**MONEY, default=ZERO)
    shipping_discount = models.DecimalField(**MONEY, default=ZERO)
    shipped_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    # The pick list it is being picked on; kept once shipped (the pick list's record), cleared when taken off.
    pick_list = models.ForeignKey(PickList, null=True, blank=True, on_delete=models.SET_NULL, related_name="shipments")
    # Whether its order is a purchase order (not a cart or a subscription): copied from the order's kind where a
    # shipment is made and where a cart is placed, so that the Shipments tab's partial indexes hold only the
    # warehouse's shipments, not the carts' ever Awaiting Inventory (ten carts to an order at volume).
    of_purchase_order = models.BooleanField(default=True)
    # Its order's market (which never changes), copied the same way, for the Shipments tab's market filter.
    market = models.ForeignKey(Market, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(shipping_cost__gte=0), name="shipping_cost_not_negative"),
            models.CheckConstraint(condition=Q(shipping_discount__gte=0), name="shipping_discount_not_negative"),
            models.CheckConstraint(
                condition=~Q(status=ShipmentStatus.SHIPPED) | ~Q(tracking_number=""),
                name="shipped_shipment_has_tracking_number",
            ),
        ]
        # The header's search box finds a shipment by its tracking number, whatever its letter case.
        indexes = [
            models.Index(Upper("tracking_number"), name="shipment_tracking_upper"),
            # The Shipments tab (fulfilment): the open shipments, newest first, by keyset, per filter. Partial,
            # so they hold only the shipments the warehouse still has work on, a small share of all.
            *(models.Index(fields=[*lead, "-created", "-id"], name=name, condition=OPEN_SHIPMENT)
              for name, lead in (("shipment_open_created", []), ("shipment_open_status", ["status"]),
                                 ("shipment_open_warehouse", ["warehouse"]),
                                 ("shipment_open_warehouse_status", ["warehouse", "status"]),
                                 ("shipment_open_method", ["shipping_method"]), ("shipment_open_market", ["market"]))),
        ]

    def __str__(self):
        return f"Shipment {self.pk} ({self.get_status_display()})"


def shipment_numbers(shipments) -> dict[int, int]:
    """Shipment id -> its number on the order page, so "Shipment 2" means the same everywhere (Form
    details, the move form, History, refusals): counted over the whole order, form by form and,
    within a form, in the order the shipments were made (the order OrderGroup.with_structure() loads)."""
    ordered = sorted(shipments, key=lambda shipment: (shipment.order_form_id, shipment.pk))
    return {shipment.pk: number for number, shipment in enumerate(ordered, start=1)}


class LineItem(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="line_items")
    sku = models.ForeignKey(Sku, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sku_code = models.CharField("SKU", max_length=40)
    display_name = models.CharField(max_length=200)
    quantity = models.IntegerField()
    placed_price = models.DecimalField(**MONEY, help_text="Unit price charged.")
    list_price = models.DecimalField(**MONEY)
    # Written by the calculator from the group's discounts.
    line_discount = models.DecimalField(**MONEY, default=ZERO)
    order_discount_share = models.DecimalField(**MONEY, default=ZERO)
    returned_quantity = models.IntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="line_quantity_positive"),
            models.CheckConstraint(condition=Q(placed_price__gte=0, list_price__gte=0), name="line_prices_not_negative"),
            models.CheckConstraint(
                condition=Q(line_discount__gte=0, order_discount_share__gte=0), name="line_discounts_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(returned_quantity__gte=0, returned_quantity__lte=F("quantity")),
                name="line_returned_within_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.sku_code}"

    @property
    def extended_price(self):
        return self.placed_price * self.quantity

    @property
    def discount(self):
        return self.line_discount + self.order_discount_share

    @property
    def total(self):
        """As the calculator counts it, from the discounts it last wrote on the line."""
        return self.extended_price - self.discount


class Payment(models.Model):
    order_form = models.ForeignKey(OrderForm, on_delete=models.CASCADE, related_name="payments")
    method = models.ForeignKey(PaymentMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    method_name = models.CharField(max_length=100)
    amount = models.DecimalField(**MONEY)
    transaction_type = models.CharField(max_length=15, choices=TransactionType.choices)
    status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    reference = models.CharField(max_length=100, blank=True, help_text="The gateway's transaction id.")
    message = models.CharField(max_length=200, blank=True, help_text="Why the gateway declined, if it did.")
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative")]

    def __str__(self):
        return f"{self.get_transaction_type_display()} {self.amount} ({self.get_status_display()})"


class Discount(models.Model):
    """A manual (CSR, with a reason) or coupon discount on a line, the order, or shipping."""

    order_group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="discounts")
    scope = models.CharField(max_length=10, choices=DiscountScope.choices)
    line_item = models.ForeignKey(LineItem, null=True, blank=True, on_delete=models.CASCADE, related_name="discounts")
    shipment = models.ForeignKey(Shipment, null=True, blank=True, on_delete=models.CASCADE, related_name="discounts")
    coupon = models.ForeignKey(Coupon, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    value_type = models.CharField(max_length=10, choices=ValueType.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.CharField(max_length=300, blank=True)
    applied_amount = models.DecimalField(**MONEY, default=ZERO, help_text="What it took off, by the last calculation.")
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="discount_value_positive"),
            models.CheckConstraint(condition=~Q(value_type="percent") | Q(value__lte=100), name="discount_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(coupon__isnull=False) | ~Q(reason=""), name="manual_discount_has_reason"
            ),
            models.CheckConstraint(
                condition=(Q(scope=DiscountScope.LINE) & Q(line_item__isnull=False))
                | (~Q(scope=DiscountScope.LINE) & Q(line_item__isnull=True)),
                name="line_discount_names_its_line",
            ),
        ]

    def __str__(self):
        value = f"{self.value} %" if self.value_type == ValueType.PERCENT else f"{self.value}"
        source = f"coupon {self.coupon.code}" if self.coupon_id else "manual"
        return f"{value} off {self.get_scope_display().lower()} ({source})"


class ReturnForm(models.Model):
    order_group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="returns")
    number = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=25, choices=ReturnStatus.choices, default=ReturnStatus.AWAITING_STOCK_RETURN)
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.number


class ReturnLine(models.Model):
    return_form = models.ForeignKey(ReturnForm, on_delete=models.CASCADE, related_name="lines")
    line_item = models.ForeignKey(LineItem, on_delete=models.PROTECT, related_name="return_lines")
    quantity = models.IntegerField()
    reason = models.CharField(max_length=200)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="return_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} x {self.line_item.sku_code}"


class NoteQuerySet(models.QuerySet):
    def custom(self):
        return self.filter(kind=NoteKind.CUSTOM)

    def history(self):
        return self.filter(kind=NoteKind.SYSTEM)


class SystemNoteIsPermanent(Exception):
    pass


class Note(models.Model):
    """Custom notes are written by CSRs; System notes record every activity and are the history."""

    order_group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices, default=NoteKind.CUSTOM)
    action = models.CharField(max_length=40, blank=True, help_text="For System notes: what was done.")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["order_group", "kind", "-created"], name="note_group_kind_created")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The history is evidence: once written, a System note never changes.
        if self.pk and self.kind == NoteKind.SYSTEM:
            raise SystemNoteIsPermanent("System notes cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.kind == NoteKind.SYSTEM:
            raise SystemNoteIsPermanent("System notes cannot be deleted.")
        return super().delete(*args, **kwargs)


class OrderViewer(models.Model):
    """Who has an order's page open: the page's poll stamps its CSR's row every few seconds, so
    any web process can tell who else is looking (orders.presence)."""

    order_group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="viewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order_group", "user"], name="one_viewer_per_order_and_user")]
        # Forgetting old rows reads them by age.
        indexes = [models.Index(fields=["last_seen"], name="viewer_last_seen")]

    def __str__(self):
        return f"{self.user} on {self.order_group}"


class PurchaseOrderManager(models.Manager.from_queryset(OrderGroupQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Kind.PURCHASE_ORDER)


class PurchaseOrder(OrderGroup):
    objects = PurchaseOrderManager()

    class Meta:
        proxy = True
        ordering = ["-created", "-id"]
