"""The order pages: purchase orders here, carts and subscriptions in their apps (OrderGroupAdmin).

Django admin cannot nest inlines, so an order is shown over three pages: the order (header,
totals, the whole structure as a read-only tree linking to the pages below, discounts, addresses,
notes, history, returns), each order form (shipments, payments) and each shipment (line items).
"""
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.template.loader import render_to_string

from csrportal.search import email_is, name_like
from orders.admin.actions import CancelForm, StatusActionsMixin, operate_action
from orders.admin.viewing import ORDER_NUMBER, ReadOnlyInline, ViewerAdmin, balance_field, money_field, order_link
from orders.models import Discount, Note, NoteKind, OrderAddress, OrderGroup, PurchaseOrder, ReturnForm
from orders.operations import (
    Action,
    allowed_actions,
    contents_editable,
    order_cancel,
    order_hold,
    order_release_hold,
    refusal,
)

ORDER_FIELDSETS = (
    (None, {"fields": (("number", "kind", "status", "name"), "version", "allowed_now")}),
    ("Customer", {"fields": (("customer", "customer_name"), ("customer_email", "customer_phone"),
                             ("organization", "organization_name"))}),
    ("Market", {"fields": (("market", "currency"),)}),
    ("Totals", {"fields": (("subtotal_amount", "discount_total_amount", "shipping_total_amount", "tax_total_amount"),
                           ("total_amount", "paid_total_amount", "balance_due_amount"),
                           ("item_count", "shipment_summary"))}),
    ("Forms, shipments and line items", {"fields": ("contents",)}),
    ("Origin and changes", {"fields": (("source_cart_number", "subscription_link", "exchange_for"), "cancel_reason",
                                       ("created", "created_by"), ("modified", "modified_by"))}),
)


def order_fieldsets(*, leave_out=()):
    """ORDER_FIELDSETS without some fields (carts and subscriptions have no status)."""
    def keep(row):
        return tuple(name for name in row if name not in leave_out) if isinstance(row, tuple) else row
    return [(title, {"fields": [keep(row) for row in options["fields"] if row not in leave_out]})
            for title, options in ORDER_FIELDSETS]


class AddressInline(ReadOnlyInline):
    model = OrderAddress
    fields = ("name", "address")
    verbose_name_plural = "address snapshots (an address change adds one; old ones stay for the history)"
    classes = ["collapse"]

    @admin.display(description="address")
    def address(self, address):
        return address.one_line()


class DiscountInline(ReadOnlyInline):
    model = Discount
    fields = ("scope", "value_type", "value", "coupon", "reason", "line_item", "shipment", "applied", "created",
              "created_by")
    applied = money_field("applied_amount", "applied")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_group", "coupon", "line_item", "shipment",
                                                            "created_by")


class NoteInline(ReadOnlyInline):
    """The custom notes CSRs wrote (in the portal)."""

    model = Note
    fields = ("created", "title", "detail", "author")
    verbose_name_plural = "notes"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=NoteKind.CUSTOM).select_related("author")


class HistoryInline(ReadOnlyInline):
    """The System notes: the order's history."""

    model = Note
    fields = ("created", "title", "detail", "author")
    verbose_name = "System note"
    verbose_name_plural = "history (System notes)"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=NoteKind.SYSTEM).select_related("author")


class ReturnInline(ReadOnlyInline):
    model = ReturnForm
    fields = ("number", "status", "created", "created_by")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


class OrderGroupAdmin(ViewerAdmin):
    """What the pages of purchase orders, carts and subscriptions share; each registers a subclass."""

    list_display = ("number", "customer_name", "customer_email", "market", "status", "total_amount",
                    "balance_due_amount", "created", "modified")
    list_display_links = ("number",)
    list_filter = ("status", "market")
    list_select_related = ("market",)
    search_fields = ("number", "customer_name", "customer_email")  # searched by get_search_results
    search_help_text = ("An order number or an email address (whole, any case), or part of the customer's name "
                        "(% is a wildcard).")
    date_hierarchy = "created"
    change_list_template = "admin/orders/order_change_list.html"
    ordering = ("-created", "-id")
    fieldsets = ORDER_FIELDSETS
    inlines = [DiscountInline, AddressInline, NoteInline, HistoryInline]

    def get_search_results(self, request, queryset, search_term):
        """One search an index serves, instead of Django's OR of icontains over every field (a scan of
        every order): a number or an email matches whole, anything else is part of the customer's name."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if "@" in term:
            return email_is(queryset, "customer_email", term), False
        if ORDER_NUMBER.fullmatch(term):
            return queryset.filter(number=term.upper()), False
        return name_like(queryset, "customer_name", "%" + term), False

    def get_readonly_fields(self, request, obj=None):
        # Shown, never edited: also the computed ones (contents, allowed now), which are no model fields.
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    subtotal_amount = money_field("subtotal")
    discount_total_amount = money_field("discount_total", "discounts")
    shipping_total_amount = money_field("shipping_total", "shipping")
    tax_total_amount = money_field("tax_total", "tax")
    total_amount = money_field("total")
    paid_total_amount = money_field("paid_total", "paid")
    balance_due_amount = balance_field

    @admin.display(description="allowed now")
    def allowed_now(self, order):
        allowed = allowed_actions(order)
        edit = "contents can be changed in the portal" if contents_editable(order) else refusal(order, Action.EDIT)
        others = [action.label for action in (Action.HOLD, Action.RELEASE_HOLD, Action.CANCEL) if action in allowed]
        return "; ".join([edit, *others])

    @admin.display(description="subscription")
    def subscription_link(self, order):
        return order_link(order.subscription)

    @admin.display(description="order forms")
    def contents(self, order):
        structured = OrderGroup.objects.with_structure().get(pk=order.pk)
        return render_to_string("admin/orders/order_contents.html", {"order": structured})


# The status actions of a purchase order: (action name, button label, the Action it needs now).
ORDER_BUTTONS = (("hold_orders", "Hold", Action.HOLD),
                 ("release_holds", "Release hold", Action.RELEASE_HOLD),
                 ("cancel_orders", "Cancel…", Action.CANCEL))


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(StatusActionsMixin, OrderGroupAdmin):
    inlines = [*OrderGroupAdmin.inlines, ReturnInline]
    actions = ["hold_orders", "release_holds", "cancel_orders"]

    def status_buttons(self, request, order):
        allowed = allowed_actions(order)
        return [{"action": action, "label": label} for action, label, needed in ORDER_BUTTONS if needed in allowed]

    @operate_action("Put the selected orders on hold")
    def hold_orders(self, request, queryset):
        rows = self.chosen(request, queryset)
        if not rows:
            return None
        return self.run_each(request, rows, order_hold, done="Put on hold")

    @operate_action("Release the selected orders from hold")
    def release_holds(self, request, queryset):
        rows = self.chosen(request, queryset)
        if not rows:
            return None
        return self.run_each(request, rows, order_release_hold, done="Released from hold")

    @operate_action("Cancel the selected orders…")
    def cancel_orders(self, request, queryset):
        rows = self.chosen(request, queryset)
        if not rows:
            return None
        form, page = self.form_or_confirmation(
            request, rows, CancelForm, action="cancel_orders", title="Cancel purchase orders",
            question="Cancel these orders? Open shipments are cancelled, reserved stock is released and "
                     "authorizations are voided.")
        if page:
            return page
        return self.run_each(request, rows, order_cancel, done="Cancelled",
                             arguments=lambda order: {"reason": form.cleaned_data["reason"]})

