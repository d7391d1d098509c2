"""Every note and every return, the number sequences, and a customer's orders on the customer's page."""
from django.contrib import admin

from customers.admin import CustomerAdmin
from customers.models import Customer
from orders.admin.viewing import ReadOnlyInline, ViewerAdmin, money_field, number_search, order_link
from orders.models import Note, NumberSequence, OrderGroup, ReturnForm, ReturnLine


@admin.register(Note)
class NoteAdmin(ViewerAdmin):
    """Every note of every order. CSRs add custom notes in the portal; System notes are the history."""

    list_display = ("created", "order", "kind", "title", "author")
    list_filter = ("kind",)
    list_select_related = ("order_group", "author")
    search_fields = ("order_group__number",)  # searched by get_search_results
    search_help_text = "An order number."
    ordering = ("-id",)
    fields = ("order", "kind", "action", "title", "detail", "author", "created")
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        return number_search(queryset, search_term, "order_group__number"), False

    @admin.display(description="order", ordering="order_group__number")
    def order(self, note):
        return order_link(note.order_group)


class ReturnLineInline(ReadOnlyInline):
    model = ReturnLine
    fields = ("line_item", "quantity", "reason")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line_item")


@admin.register(ReturnForm)
class ReturnFormAdmin(ViewerAdmin):
    """Returns move through the return operations in the portal."""

    list_display = ("number", "order", "status", "created")
    list_filter = ("status",)
    list_select_related = ("order_group",)
    search_fields = ("number", "order_group__number")  # searched by get_search_results
    search_help_text = "A return number or an order number."
    ordering = ("-id",)
    fields = ("number", "order", "status", "created", "created_by")
    readonly_fields = fields
    inlines = [ReturnLineInline]

    def get_search_results(self, request, queryset, search_term):
        return number_search(queryset, search_term, "number", "order_group__number"), False

    @admin.display(description="order", ordering="order_group__number")
    def order(self, return_form):
        return order_link(return_form.order_group)


@admin.register(NumberSequence)
class NumberSequenceAdmin(ViewerAdmin):
    """Numbers are handed out under a row lock, and a sequence must never go back."""

    list_display = ("prefix", "next_value")
    ordering = ("prefix",)


class OrderHistoryInline(ReadOnlyInline):
    """The customer's purchase orders, carts and subscriptions; each opens on its own admin page."""

    model = OrderGroup
    fields = ("order", "kind", "name", "status", "market", "total_amount", "created")
    verbose_name = "order, cart or subscription"
    verbose_name_plural = "orders, carts and subscriptions"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("market")

    total_amount = money_field("total")

    @admin.display(description="number")
    def order(self, group):
        return order_link(group)


# The customers app knows nothing of orders (orders depend on customers, not the other way), so
# the customer's page gets the list of their orders here.
admin.site.unregister(Customer)


@admin.register(Customer)
class CustomerWithOrdersAdmin(CustomerAdmin):
    inlines = [*CustomerAdmin.inlines, OrderHistoryInline]
