"""Reference data: markets, products and SKUs, prices, stock, shipping and payment methods, coupons."""
from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

MONEY = {"max_digits": 14, "decimal_places": 2}


class Market(models.Model):
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=100)
    default_currency = models.CharField(max_length=3)
    currencies = models.JSONField(default=list, help_text="ISO codes of the currencies the market sells in.")
    countries = models.JSONField(default=list, help_text="ISO 3166 alpha-2 codes of the countries it ships to.")
    prices_include_tax = models.BooleanField(default=False)
    tax_rate = models.DecimalField(
        max_digits=6, decimal_places=4, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))],
        help_text="0.2500 for 25 %.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(tax_rate__gte=0), name="market_tax_rate_not_negative")]

    def __str__(self):
        return self.name

    def sells_in(self, currency: str) -> bool:
        return currency == self.default_currency or currency in self.currencies


class Product(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


class SkuQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, product__active=True)

    def matching(self, text: str):
        """SKUs whose code or name contains the text (the typeahead asks from 3 characters)."""
        return self.filter(Q(code__icontains=text) | Q(name__icontains=text))


class Sku(models.Model):
    """A sellable variant of a product: what a line item names by its code."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="skus")
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    size = models.CharField(max_length=20, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    properties = models.JSONField(default=dict, blank=True, help_text="Further variant properties.")
    active = models.BooleanField(default=True)
    allow_backorder = models.BooleanField(default=False)

    objects = SkuQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "SKU"
        indexes = [
            models.Index(Upper("code"), name="sku_code_upper"),
            models.Index(Upper("name"), name="sku_name_upper"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Price(models.Model):
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="prices")
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sku", "market", "currency"], name="one_price_per_sku_market_currency"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="price_not_negative"),
        ]

    def __str__(self):
        return f"{self.sku.code} {self.amount} {self.currency} in {self.market.code}"


class Warehouse(models.Model):
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=100)
    markets = models.ManyToManyField(Market, related_name="warehouses", blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


class Stock(models.Model):
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="stock")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stock")
    in_stock = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    bin_location = models.CharField(max_length=20, blank=True, help_text="Where the SKU sits in the warehouse, e.g. A-03-2; "
                                    "a pick list is printed in this order.")

    class Meta:
        verbose_name_plural = "stock"
        constraints = [
            models.UniqueConstraint(fields=["sku", "warehouse"], name="one_stock_row_per_sku_and_warehouse"),
            models.CheckConstraint(condition=Q(in_stock__gte=0), name="stock_in_stock_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_not_negative"),
        ]

    def __str__(self):
        return f"{self.sku.code} at {self.warehouse.code}: {self.available} available"

    @property
    def available(self) -> int:
        return self.in_stock - self.reserved


class ShippingMethod(models.Model):
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="shipping_methods")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    currency = models.CharField(max_length=3)
    price = models.DecimalField(**MONEY)
    active = models.BooleanField(default=True)
    tracking_url_template = models.CharField(
        max_length=300, blank=True,
        help_text="The carrier's tracking page, with {tracking_number} where the number goes, e.g. "
                  "https://www.dhl.com/track?id={tracking_number}. Empty: tracking numbers show as text only.")

    class Meta:
        ordering = ["market", "price"]
        constraints = [
            models.UniqueConstraint(fields=["market", "code", "currency"], name="shipping_method_code_unique_per_market"),
            models.CheckConstraint(condition=Q(price__gte=0), name="shipping_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.name} ({self.price} {self.currency})"

    def clean(self):
        super().clean()
        problem = tracking_url_template_problem(self.tracking_url_template)
        if problem:
            raise ValidationError({"tracking_url_template": problem})

    def tracking_url(self, tracking_number: str) -> str:
        """The carrier's page for this tracking number (URL-quoted into the template); "" without a
        template or a number."""
        if not self.tracking_url_template or not tracking_number:
            return ""
        return self.tracking_url_template.replace(TRACKING_PLACEHOLDER, quote(tracking_number, safe=""))


TRACKING_PLACEHOLDER = "{tracking_number}"


def tracking_url_template_problem(template: str) -> str:
    """What is wrong with a shipping method's tracking URL template, or "" (empty is allowed)."""
    if not template:
        return ""
    if not template.startswith(("https://", "http://")):
        return "The tracking URL must start with https:// or http://."
    if TRACKING_PLACEHOLDER not in template:
        return f"Put {TRACKING_PLACEHOLDER} where the tracking number goes, e.g. https://www.dhl.com/track?id={TRACKING_PLACEHOLDER}."
    try:
        URLValidator(schemes=["http", "https"])(template.replace(TRACKING_PLACEHOLDER, "1Z999AA10123456784"))
    except ValidationError:
        return "That is not a web address, even with a tracking number in it."
    return ""


class PaymentMethodKind(models.TextChoices):
    PHONE = "phone", "Phone / manual"
    CARD = "card", "Credit card (test gateway)"
    INVOICE = "invoice", "Invoice"


class PaymentMethod(models.Model):
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="payment_methods")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=PaymentMethodKind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["market", "name"]
        constraints = [models.UniqueConstraint(fields=["market", "code"], name="payment_method_code_unique_per_market")]

    def __str__(self):
        return self.name


class DiscountScope(models.TextChoices):
    LINE = "line", "Line item"
    ORDER = "order", "Order"
    SHIPPING = "shipping", "Shipping"


class ValueType(models.TextChoices):
    AMOUNT = "amount", "Amount"
    PERCENT = "percent", "Percent"


class CouponQuerySet(models.QuerySet):
    def usable(self, *, market, currency, now):
        return self.filter(
            Q(active=True),
            Q(market__isnull=True) | Q(market=market),
            Q(currency="") | Q(currency=currency),
            Q(valid_from__isnull=True) | Q(valid_from__lte=now),
            Q(valid_until__isnull=True) | Q(valid_until__gt=now),
        )


class Coupon(models.Model):
    code = models.CharField(max_length=40, unique=True)
    description = models.CharField(max_length=200)
    scope = models.CharField(max_length=10, choices=DiscountScope.choices, default=DiscountScope.ORDER)
    value_type = models.CharField(max_length=10, choices=ValueType.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True, help_text="For amount coupons: the currency of the amount.")
    market = models.ForeignKey(Market, null=True, blank=True, on_delete=models.CASCADE, related_name="coupons")
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)

    objects = CouponQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="coupon_value_positive"),
            models.CheckConstraint(
                condition=~Q(value_type="percent") | Q(value__lte=100), name="coupon_percent_at_most_100"
            ),
        ]

    def __str__(self):
        return self.code
