"""Reference data, kept by administrators: markets, products and SKUs, prices, stock, methods, coupons.

Every changelist names its related rows through list_select_related, so a page costs the same
few queries however many rows it shows.
"""
from django.contrib import admin

from catalog.models import Coupon, Market, PaymentMethod, Price, Product, ShippingMethod, Sku, Stock, Warehouse
from csrportal.admin import ModelAdmin


def save_stock(stock: Stock, changed_fields) -> None:
    """Write only the columns an administrator changed.

    `reserved` (and `in_stock` when it was not edited) are moved by the order operations under a
    row lock while the admin page is open; saving the whole row would put back the values the page
    was loaded with.
    """
    if stock._state.adding:
        stock.save()
    else:
        stock.save(update_fields=changed_fields)


@admin.register(Market)
class MarketAdmin(ModelAdmin):
    list_display = ("code", "name", "default_currency", "currencies", "countries", "prices_include_tax", "tax_rate",
                    "active")
    list_filter = ("active", "prices_include_tax")
    search_fields = ("code", "name")
    ordering = ("name",)


class SkuInline(admin.TabularInline):
    model = Sku
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
    fields = ("market", "currency", "amount")
    extra = 0


class StockInline(admin.TabularInline):
    model = Stock
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
        save_stock(obj, form.changed_data)


@admin.register(ShippingMethod)
class ShippingMethodAdmin(ModelAdmin):
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
    list_display = ("code", "description", "scope", "value_type", "value", "currency", "market", "valid_from",
                    "valid_until", "active")
    list_filter = ("active", "scope", "value_type", "market")
    list_select_related = ("market",)
    search_fields = ("code", "description")
    date_hierarchy = "valid_from"
    ordering = ("code",)
