"""Customers, their address books, customer groups and B2B organizations."""
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper

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
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    group = models.ForeignKey(CustomerGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

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
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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
