"""The order form page (its shipments and payments) and the shipment page (its line items), and the
shipment moves: the fulfilment steps an administrator may run, through shipment_move."""
from typing import NamedTuple

from django.contrib import admin

from orders.admin.actions import ConfirmForm, ShipForm, StatusActionsMixin, operate_action
from orders.admin.viewing import (
    ORDER_NUMBER,
    ReadOnlyInline,
    ViewerAdmin,
    money_field,
    number_search,
    order_link,
    order_of,
)
from orders.models import LineItem, OrderForm, Payment, Shipment
from orders.operations import Action, refusal, shipment_move
from orders.operations.status import SHIPMENT_MOVES


class ShipmentInline(ReadOnlyInline):
    model = Shipment
    fields = ("status", "address", "shipping_method_name", "warehouse", "tracking_number", "shipping",
              "shipped_at")
    show_change_link = True
    shipping = money_field("shipping_cost", "shipping")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_form__order_group", "address", "warehouse")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("created", "transaction_type", "method_name", "payment_amount", "status", "reference", "message",
              "created_by")
    payment_amount = money_field("amount")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_form__order_group", "created_by")


@admin.register(OrderForm)
class OrderFormAdmin(ViewerAdmin):
    list_display = ("id", "order", "name", "organization", "billing_address")
    list_select_related = ("order_group", "organization", "billing_address")
    search_fields = ("order_group__number",)  # searched by get_search_results
    search_help_text = "An order number."
    ordering = ("-id",)
    fields = ("order", "name", "organization", "billing_address")
    readonly_fields = fields
    inlines = [ShipmentInline, PaymentInline]

    def get_search_results(self, request, queryset, search_term):
        return number_search(queryset, search_term, "order_group__number"), False

    @admin.display(description="order", ordering="order_group__number")
    def order(self, form):
        return order_link(form.order_group)


class LineItemInline(ReadOnlyInline):
    model = LineItem
    fields = ("sku_code", "display_name", "quantity", "placed_amount", "list_amount", "line_discount_amount",
              "order_discount_amount", "returned_quantity")
    placed_amount = money_field("placed_price", "placed price")
    list_amount = money_field("list_price", "list price")
    line_discount_amount = money_field("line_discount")
    order_discount_amount = money_field("order_discount_share", "share of order discounts")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("shipment__order_form__order_group")


class Move(NamedTuple):
    """A shipment move the admin offers: the operation's name for it, its button, what it reports
    when done, and the form it asks first (None: it runs at once)."""

    name: str
    label: str
    done: str
    asks: type | None = None


MOVES = {move.name: move for move in (
    Move("assign_inventory", "Assign inventory", "Inventory assigned"),
    Move("release", "Release", "Released to the warehouse"),
    Move("pack", "Add to pick list", "Added to a pick list"),
    Move("unpack", "Take off pick list", "Taken off the pick list"),
    Move("ship", "Ship…", "Shipped", ShipForm),
    Move("cancel", "Cancel shipment…", "Cancelled", ConfirmForm),
)}


def starts_from(move: str) -> set:
    """The shipment statuses the move may start from: the domain's table, not a copy of it."""
    sources, *_rest = SHIPMENT_MOVES[move]
    return sources


@admin.register(Shipment)
class ShipmentAdmin(StatusActionsMixin, ViewerAdmin):
    list_display = ("id", "order", "status", "shipping_method_name", "address", "warehouse", "tracking_number",
                    "shipping", "shipped_at")
    list_filter = ("status", "warehouse")
    list_select_related = ("order_form__order_group__market", "address", "warehouse")
    order_path = "order_form__order_group"
    search_fields = ("order_form__order_group__number", "tracking_number")  # searched by get_search_results
    search_help_text = "An order number or a tracking number, whole."
    ordering = ("-id",)
    fieldsets = (
        (None, {"fields": (("order", "order_form"), ("status", "previous_status"), "moves_now")}),
        ("Delivery", {"fields": ("address", ("shipping_method_name", "shipping", "shipping_discount_amount"),
                                 ("warehouse", "tracking_number", "shipped_at"))}),
    )
    readonly_fields = ("order", "order_form", "status", "previous_status", "moves_now", "address",
                       "shipping_method_name", "shipping", "shipping_discount_amount", "warehouse", "tracking_number",
                       "shipped_at")
    inlines = [LineItemInline]
    actions = ["move_assign_inventory", "move_release", "move_pack", "move_unpack", "move_ship", "move_cancel"]

    def get_search_results(self, request, queryset, search_term):
        if ORDER_NUMBER.fullmatch(search_term.strip()):
            return number_search(queryset, search_term, "order_form__order_group__number"), False
        # Tracking numbers have no index: a rare look-up, worth one scan.
        return (queryset.filter(tracking_number=search_term.strip()) if search_term.strip() else queryset), False

    shipping = money_field("shipping_cost", "shipping")
    shipping_discount_amount = money_field("shipping_discount")

    @admin.display(description="order", ordering="order_form__order_group__number")
    def order(self, shipment):
        return order_link(shipment.order_form.order_group)

    def status_buttons(self, request, shipment):
        if refusal(order_of(shipment), Action.FULFIL):
            return []
        return [{"action": f"move_{move.name}", "label": move.label}
                for move in MOVES.values() if shipment.status in starts_from(move.name)]

    @admin.display(description="moves now")
    def moves_now(self, shipment):
        """What the buttons above offer, or why there are none."""
        reason = refusal(order_of(shipment), Action.FULFIL)
        moves = [move.label.rstrip("…") for move in MOVES.values() if shipment.status in starts_from(move.name)]
        return reason or ", ".join(moves) or f"None: it is {shipment.get_status_display()}."

    def move_shipments(self, request, queryset, name: str):
        move = MOVES[name]
        rows = self.chosen(request, queryset)
        if not rows:
            return None
        form = None
        if move.asks:
            form, page = self.form_or_confirmation(
                request, rows, move.asks, form_args=(rows,) if move.asks is ShipForm else (),
                action=f"move_{name}", title=move.label.rstrip("…"),
                question=("Ship these shipments? Shipping captures the payment for them." if name == "ship"
                          else "Cancel these shipments? Their reserved stock is released."))
            if page:
                return page

        def arguments(shipment):
            tracking = form.tracking_number(shipment) if isinstance(form, ShipForm) else ""
            return {"shipment_id": shipment.pk, "move": name, "tracking_number": tracking}

        return self.run_each(request, rows, shipment_move, done=move.done, arguments=arguments)

    @operate_action("Assign inventory to the selected shipments")
    def move_assign_inventory(self, request, queryset):
        return self.move_shipments(request, queryset, "assign_inventory")

    @operate_action("Release the selected shipments to the warehouse")
    def move_release(self, request, queryset):
        return self.move_shipments(request, queryset, "release")

    @operate_action("Add the selected shipments to a pick list")
    def move_pack(self, request, queryset):
        return self.move_shipments(request, queryset, "pack")

    @operate_action("Take the selected shipments off the pick list")
    def move_unpack(self, request, queryset):
        return self.move_shipments(request, queryset, "unpack")

    @operate_action("Ship the selected shipments…")
    def move_ship(self, request, queryset):
        return self.move_shipments(request, queryset, "ship")

    @operate_action("Cancel the selected shipments…")
    def move_cancel(self, request, queryset):
        return self.move_shipments(request, queryset, "cancel")
