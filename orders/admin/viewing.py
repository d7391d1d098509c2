"""What every admin page about an order shares: the pages only show (a viewer), link to each other,
and find rows by order number through the unique indexes."""
import re

from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from csrportal.admin import LargeTableAdmin
from csrportal.money import format_money
from orders.models import Kind, LineItem, OrderGroup, Payment, Shipment
from orders.tables import balance

ORDER_NUMBER = re.compile(r"[A-Za-z]{1,4}\d+")  # PO10042, EO10001, C10007, PP10003

CHANGE_URL_NAME = {
    Kind.PURCHASE_ORDER: "admin:orders_purchaseorder_change",
    Kind.CART: "admin:carts_cart_change",
    Kind.SUBSCRIPTION: "admin:subscriptions_subscription_change",
}


def order_link(order: OrderGroup | None):
    """The order's number, linking to the admin page of its kind. In Python because the admin
    takes a column's or field's HTML from a callable; format_html escapes the number."""
    if order is None:
        return "-"
    return format_html('<a href="{}">{}</a>', reverse(CHANGE_URL_NAME[order.kind], args=[order.pk]), order.number)


def order_of(obj) -> OrderGroup:
    """The order a row belongs to (itself for an order). Pages select_related the path to it."""
    if isinstance(obj, OrderGroup):
        return obj
    if isinstance(obj, LineItem):
        return obj.shipment.order_form.order_group
    if isinstance(obj, (Shipment, Payment)):
        return obj.order_form.order_group
    return obj.order_group  # order forms, discounts, notes, returns, address snapshots


def money_field(field: str, description: str | None = None):
    """A read-only field or changelist column showing an amount with the currency of its order."""

    @admin.display(description=description or field.replace("_", " "), ordering=field)
    def show(model_admin, obj):
        return format_money(getattr(obj, field), order_of(obj).currency)

    return show


@admin.display(description="balance due", ordering="balance_due")
def balance_field(model_admin, order: OrderGroup):
    """As in the portal's lists: a negative balance is "Refund due 12.00 USD", never a negative one."""
    return balance(order)


def number_search(queryset, search_term: str, *paths: str):
    """Rows whose order (or return) number is the term, whole and in any case: the unique indexes
    serve it, where Django's default icontains would scan every row."""
    number = search_term.strip().upper()
    if not number:
        return queryset
    matches = Q()
    for path in paths:
        matches |= Q(**{path: number})
    return queryset.filter(matches)


class ViewerAdmin(LargeTableAdmin):
    """A page that shows an order structure and changes nothing of it.

    The contents of an order change in the portal, through the same forms and operations a CSR
    uses; status changes are the admin actions of the subclasses (see actions.py). So nobody adds,
    changes or deletes these rows here: Django shows every field read-only and answers a posted
    change with 403.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows of an order structure shown on the page of the structure they belong to."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return flatten(self.fields)
