"""Reference data, kept by administrators: markets, products and SKUs, prices, stock, methods, coupons.

Every changelist names its related rows through list_select_related, so a page costs the same
few queries however many rows it shows. Amounts are read as the portal reads them
(csrportal.forms.AmountField), in the currency of the record they belong to.
"""
from django import forms
from django.contrib import admin
from django.core.validators import RegexValidator

from catalog.models import (
    Coupon,
    Market,
    PaymentMethod,
    Price,
    Product,
    ShippingMethod,
    Sku,
    Stock,
    ValueType,
    Warehouse,
)
from csrportal.admin import GUARDED_FORM_FIELDS, ModelAdmin
from csrportal.forms import AmountField


class CurrencyField(forms.CharField):
    """An ISO 4217 code, such as USD: three letters, upper-cased."""

    default_validators = [RegexValidator(r"^[A-Z]{3}\Z", "Enter the three-letter code of the currency, such as USD.")]

    def __init__(self, **kwargs):
        super().__init__(max_length=3, **kwargs)

    def to_python(self, value):
        return super().to_python(value).upper()


def iso_codes(value, length: int, example: str) -> list[str]:
    """A JSON list of ISO codes of one length (currencies 3, countries 2), upper-cased."""
    if not isinstance(value, list) or not all(isinstance(code, str) and code.isascii() and code.isalpha()
                                              and len(code) == length for code in value):
        raise forms.ValidationError(f"Enter a list of codes such as {example}.")
    return [code.upper() for code in value]


class MarketForm(forms.ModelForm):
    default_currency = CurrencyField()

    class Meta:
        model = Market
        fields = ("code", "name", "default_currency", "currencies", "countries", "prices_include_tax", "tax_rate",
                  "active")

    def clean_currencies(self):
        return iso_codes(self.cleaned_data["currencies"], 3, '["USD", "EUR"]')

    def clean_countries(self):
        return iso_codes(self.cleaned_data["countries"], 2, '["US", "CA"]')


def typed_currency(form) -> str:
    """The currency the form's amounts are in: the one typed on this form (checked by its own field)
    or, before anything is typed, the record's."""
    return (form["currency"].value() or "").strip().upper()


class PricedInCurrencyForm(forms.ModelForm):
    """A record of a market with an amount in one of the market's currencies (a price, a shipping
    method's price)."""

    currency = CurrencyField()
    amount_field = "amount"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.amount_field].currency = typed_currency(self)

    def clean(self):
        cleaned = super().clean()
        market, currency = cleaned.get("market"), cleaned.get("currency")
        if market and currency and not market.sells_in(currency):
            sells_in = ", ".join(dict.fromkeys([market.default_currency, *market.currencies]))
            self.add_error("currency", f"{market.name} sells in {sells_in}, not in {currency}.")
        return cleaned


class PriceForm(PricedInCurrencyForm):
    amount = AmountField(help_text="In the price's currency: 1,500.00 or 1500 (no decimals in JPY).")

    class Meta:
        model = Price
        fields = ("sku", "market", "currency", "amount")


class ShippingMethodForm(PricedInCurrencyForm):
    price = AmountField(help_text="In the method's currency.")
    amount_field = "price"

    class Meta:
        model = ShippingMethod
        fields = ("market", "code", "name", "currency", "price", "active", "tracking_url_template")


class CouponValueField(AmountField):
    """An amount in the coupon's currency, or a percentage.

    A percentage is read like an amount with two decimals (the column's) and refused with its own
    message, so 1e3, NaN and 12.345 are refused for both.
    """

    percent = False

    def to_python(self, value):
        if not self.percent:
            return super().to_python(value)
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError("Enter the percentage in digits, as in 12.5.", code="percent") from None


class CouponForm(forms.ModelForm):
    value = CouponValueField(help_text="An amount in the coupon's currency, or a percentage: more than 0, at most 100.")
    currency = CurrencyField(required=False, help_text="For amount coupons: the currency of the amount. A percentage "
                                                       "coupon with a currency applies only to orders in it.")

    class Meta:
        model = Coupon
        fields = ("code", "description", "scope", "value_type", "value", "currency", "market", "valid_from",
                  "valid_until", "active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.fields["value"]
        value.percent = self["value_type"].value() == ValueType.PERCENT
        # Two decimals for a percentage (the column's); the message is the percentage's own.
        value.currency = "USD" if value.percent else typed_currency(self)

    def clean(self):
        cleaned = super().clean()
        value, currency = cleaned.get("value"), cleaned.get("currency")
        if cleaned.get("value_type") == ValueType.PERCENT:
            if value is not None and not 0 < value <= 100:
                self.add_error("value", "A percentage is more than 0 and at most 100.")
        elif cleaned.get("value_type") == ValueType.AMOUNT:
            if not currency:
                self.add_error("currency", "An amount coupon needs the currency of its amount.")
            if value is not None and value <= 0:
                self.add_error("value", "A coupon takes off more than nothing.")
        return cleaned


def save_stock(stock: Stock, changed_fields: list[str] | None) -> None:
    """A new row whole (changed_fields None); an existing one, only the columns an administrator changed.

    `reserved` (and `in_stock` when it was not edited) are moved by the order operations under a
    row lock while the admin page is open; saving the whole row would put back the values the page
    was loaded with.
    """
    if changed_fields is None:
        stock.save()
    else:
        stock.save(update_fields=changed_fields)


@admin.register(Market)
class MarketAdmin(ModelAdmin):
    form = MarketForm
    list_display = ("code", "name", "default_currency", "currencies", "countries", "prices_include_tax", "tax_rate",
                    "active")
    list_filter = ("active", "prices_include_tax")
    search_fields = ("code", "name")
    ordering = ("name",)


class SkuInline(admin.TabularInline):
    model = Sku
    formfield_overrides = GUARDED_FORM_FIELDS
    fields = ("code", "name", "size", "colour", "active", "allow_backorder")
    show_change_link = True
    extra = 0


@admin.register(Product)
class ProductAdmin(ModelAdmin):
    list_display = ("code", "name", "active")
    list_filter = ("active",)
    search_fields = ("code", "name")
    ordering = ("code",)
    inlines = [SkuInline]


class PriceInline(admin.TabularInline):
    model = Price
    formfield_overrides = GUARDED_FORM_FIELDS
    form = PriceForm
    fields = ("market", "currency", "amount")
    extra = 0


class StockInline(admin.TabularInline):
    model = Stock
    formfield_overrides = GUARDED_FORM_FIELDS
    fields = ("warehouse", "in_stock", "reserved", "available")
    readonly_fields = ("reserved", "available")
    extra = 0


@admin.register(Sku)
class SkuAdmin(ModelAdmin):
    list_display = ("code", "name", "product", "size", "colour", "active", "allow_backorder")
    list_filter = ("active", "allow_backorder", "product__active")
    list_select_related = ("product",)
    search_fields = ("code", "name", "product__code", "product__name")
    autocomplete_fields = ("product",)
    ordering = ("code",)
    inlines = [PriceInline, StockInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Stock:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for stock in formset.deleted_objects:
            stock.delete()
        for stock in formset.new_objects:
            save_stock(stock, None)
        for stock, changed_fields in formset.changed_objects:
            save_stock(stock, changed_fields)


@admin.register(Price)
class PriceAdmin(ModelAdmin):
    form = PriceForm
    list_display = ("sku", "market", "currency", "amount")
    list_filter = ("market", "currency")
    list_select_related = ("sku", "market")
    search_fields = ("sku__code", "sku__name")
    autocomplete_fields = ("sku",)
    ordering = ("sku__code", "market__code", "currency")


@admin.register(Warehouse)
class WarehouseAdmin(ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    filter_horizontal = ("markets",)
    ordering = ("code",)


@admin.register(Stock)
class StockAdmin(ModelAdmin):
    list_display = ("sku", "warehouse", "in_stock", "reserved", "available")
    list_filter = ("warehouse",)
    list_select_related = ("sku", "warehouse")
    search_fields = ("sku__code", "sku__name")
    autocomplete_fields = ("sku",)
    readonly_fields = ("reserved", "available")
    ordering = ("sku__code", "warehouse__code")

    def save_model(self, request, obj, form, change):
        save_stock(obj, form.changed_data if change else None)


@admin.register(ShippingMethod)
class ShippingMethodAdmin(ModelAdmin):
    form = ShippingMethodForm
    list_display = ("name", "code", "market", "currency", "price", "active")
    list_filter = ("market", "currency", "active")
    list_select_related = ("market",)
    search_fields = ("code", "name")
    ordering = ("market__name", "price")


@admin.register(PaymentMethod)
class PaymentMethodAdmin(ModelAdmin):
    list_display = ("name", "code", "market", "kind", "active")
    list_filter = ("market", "kind", "active")
    list_select_related = ("market",)
    search_fields = ("code", "name")
    ordering = ("market__name", "name")


@admin.register(Coupon)
class CouponAdmin(ModelAdmin):
    form = CouponForm
    list_display = ("code", "description", "scope", "value_type", "value", "currency", "market", "valid_from",
                    "valid_until", "active")
    list_filter = ("active", "scope", "value_type", "market")
    list_select_related = ("market",)
    search_fields = ("code", "description")
    date_hierarchy = "valid_from"
    ordering = ("code",)
