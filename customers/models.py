"""Customers, their address books, customer groups and B2B organizations."""
from django.conf import settings
from django.conf.global_settings import LANGUAGES
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from csrportal.search import like_pattern


class PostalAddress(models.Model):
    """The fields of an address, shared by the address book and the snapshots on orders."""

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    line1 = models.CharField("address line 1", max_length=200)
    line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField("state / region", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20)
    country_code = models.CharField("country", max_length=2, help_text="ISO 3166 alpha-2, e.g. SE.")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    ADDRESS_FIELDS = (
        "first_name", "last_name", "organization", "line1", "line2", "city", "region", "postal_code",
        "country_code", "phone", "email",
    )

    class Meta:
        abstract = True

    def address_values(self) -> dict:
        return {field: getattr(self, field) for field in self.ADDRESS_FIELDS}

    def one_line(self) -> str:
        parts = [f"{self.first_name} {self.last_name}".strip(), self.line1, self.line2,
                 f"{self.postal_code} {self.city}".strip(), self.region, self.country_code]
        return ", ".join(part for part in parts if part)


class CustomerGroup(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organization(models.Model):
    """A B2B buyer; its sections (child organizations) each get their own order form."""

    name = models.CharField(max_length=200)
    code = models.CharField(max_length=40, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="sections")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CustomerQuerySet(models.QuerySet):
    def matching(self, text: str):
        """Customers with every word of the text somewhere in their first name, last name or
        email ("tay hay" finds Taylor Hayes)."""
        found = self
        for word in text.split():
            pattern = "%" + like_pattern(word)
            found = found.filter(Q(first_name__upper_like=pattern) | Q(last_name__upper_like=pattern)
                                 | Q(email__upper_like=pattern))
        return found


class Customer(models.Model):
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    group = models.ForeignKey(CustomerGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    section = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="section_customers",
        help_text="The part of the organization the customer buys for.",
    )
    preferred_language = models.CharField(max_length=7, blank=True, choices=LANGUAGES)
    preferred_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. SEK.")
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(default=timezone.now)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking, as on orders: an edit carries the version it was made from.
    version = models.PositiveIntegerField(default=1)

    # Figures of the customer's purchase orders, written by the orders app whenever one of them
    # changes (orders/customer_figures.py), so that the Customers tab sorts and filters by them
    # through an index instead of aggregating a million orders.
    order_count = models.PositiveIntegerField(default=0)
    last_order_at = models.DateTimeField(null=True, blank=True)
    last_order_market = models.ForeignKey(
        "catalog.Market", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            # Two customers with one email address, whatever its case, would be one person twice.
            models.UniqueConstraint(Lower("email"), name="customer_email_unique_ci"),
        ]
        indexes = [
            models.Index(Upper("last_name"), name="customer_last_name_upper"),
            models.Index(Upper("first_name"), name="customer_first_name_upper"),
            # The Customers tab (customers/tables.py): each sort on (column, id) for keyset paging,
            # each choice filter followed by the default sort. The name and phone searches use
            # PostgreSQL-only pattern and trigram indexes made in migration 0004.
            models.Index(fields=["created", "id"], name="customer_created"),
            models.Index(fields=["last_name", "id"], name="customer_last_name_id"),
            models.Index(fields=["email", "id"], name="customer_email_id"),
            models.Index(fields=["order_count", "id"], name="customer_order_count"),
            models.Index(fields=["group", "created", "id"], name="customer_group_created"),
            models.Index(fields=["organization", "created", "id"], name="customer_organization_created"),
            models.Index(fields=["last_order_market", "created", "id"], name="customer_last_market_created"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(name for name in (self.first_name, self.middle_name, self.last_name) if name)

    @property
    def open_figures(self) -> list:
        """The currencies in which something is still to pay or to refund (from the prefetched figures)."""
        return [figure for figure in self.figures.all() if figure.open_balance]


class CustomerFigure(models.Model):
    """A customer's purchase orders in one currency: what they have spent (lifetime value, cancelled
    orders left out) and what is still open (positive: to pay; negative: refund due). Written by
    orders/customer_figures.py, never by hand."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="figures")
    currency = models.CharField(max_length=3)
    lifetime_value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    open_balance = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["currency"]
        constraints = [models.UniqueConstraint(fields=["customer", "currency"], name="one_figure_per_currency")]
        indexes = [models.Index(fields=["currency", "lifetime_value", "customer"], name="figure_currency_value")]

    def __str__(self):
        return f"{self.customer_id} {self.currency}"


class CustomerNoteKind(models.TextChoices):
    SYSTEM = "system", "System"
    USER = "user", "User"


class CustomerNote(models.Model):
    """A note about the customer: a CSR's (Notes tab) or a System note recording a change of the
    customer record (History tab), written through customers.operations.changing_customer()."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=CustomerNoteKind.choices)
    action = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["customer", "kind", "-created", "-id"], name="customer_note_kind_created")]

    def __str__(self):
        return self.title


class Address(PostalAddress):
    """An entry in a customer's address book."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(max_length=60, blank=True, help_text="Home, Office, ...")
    is_preferred_billing = models.BooleanField(default=False)
    is_preferred_shipping = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_preferred_billing=True), name="one_preferred_billing_address"
            ),
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_preferred_shipping=True), name="one_preferred_shipping_address"
            ),
        ]

    def __str__(self):
        return self.label or self.one_line()
