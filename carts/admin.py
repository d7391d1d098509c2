"""Carts and wish lists: the order page of orders/admin, read-only and without a status."""
from django.contrib import admin

from carts.models import Cart
from orders.admin import OrderGroupAdmin, order_fieldsets


@admin.register(Cart)
class CartAdmin(OrderGroupAdmin):
    list_display = ("number", "name", "customer_name", "customer_email", "market", "item_count", "total_amount",
                    "created", "modified")
    list_filter = ("market",)
    fieldsets = order_fieldsets(leave_out=("status", "cancel_reason"))
