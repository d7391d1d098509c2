"""The order form page (its shipments and payments) and the shipment page (its line items), and the
shipment moves: the fulfilment steps an administrator may run, one action per move of the domain's
SHIPMENT_MOVES, each through shipment_move."""
from django.contrib import admin

from orders.admin.actions import CancelShipmentsForm, ShipForm, StatusActionsMixin, operate_action
from orders.admin.viewing import (
    ORDER_NUMBER,
    ReadOnlyInline,
    ViewerAdmin,
    money_field,
    number_search,
    order_link,
    order_of,
)
from orders.models import LineItem, OrderForm, Payment, Shipment, ShipmentStatus
from orders.operations import SHIPMENT_MOVES, Action, Move, allowed_moves, contents_editable, refusal, shipment_move


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


def asks(move: Move) -> type | None:
    """The form a move asks for before it runs: tracking numbers to ship, a reason to cancel;
    None: it runs at once."""
    if move.needs_tracking_number:
        return ShipForm
    if move.target == ShipmentStatus.CANCELLED:
        return CancelShipmentsForm
    return None


QUESTIONS = {ShipForm: "Ship these shipments? Shipping captures the payment for them.",
             CancelShipmentsForm: "Cancel these shipments? Their reserved stock is released and their share "
                                  "of the authorized payment voided."}


def button_label(move: Move) -> str:
    """"Ship…": a move that asks something first says so."""
    return move.label + ("…" if asks(move) else "")


def move_action(move: Move):
    """The changelist action "move_<name>" of one shipment move."""
    def action(modeladmin, request, queryset):
        return modeladmin.move_shipments(request, queryset, move)

    action.__name__ = f"move_{move.name}"
    return operate_action(move.bulk_label + ("…" if asks(move) else ""))(action)


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
        (None, {"fields": (("order", "order_form"), ("status", "previous_status"), "moves_now", "contents_now")}),
        ("Delivery", {"fields": ("address", ("shipping_method_name", "shipping", "shipping_discount_amount"),
                                 ("warehouse", "tracking_number", "shipped_at"))}),
    )
    readonly_fields = ("order", "order_form", "status", "previous_status", "moves_now", "contents_now", "address",
                       "shipping_method_name", "shipping", "shipping_discount_amount", "warehouse", "tracking_number",
                       "shipped_at")
    inlines = [LineItemInline]
    actions = [move_action(move) for move in SHIPMENT_MOVES.values()]

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
        return [{"action": f"move_{move.name}", "label": button_label(move)}
                for move in allowed_moves(order_of(shipment), shipment)]

    @admin.display(description="moves now")
    def moves_now(self, shipment):
        """What the buttons above offer, or why there are none."""
        moves = [move.label for move in allowed_moves(order_of(shipment), shipment)]
        return (", ".join(moves) or refusal(order_of(shipment), Action.FULFIL)
                or f"None: it is {shipment.get_status_display()}.")

    @admin.display(description="contents now")
    def contents_now(self, shipment):
        """Whether a CSR can change its addresses, method and lines in the portal now, or why not."""
        order = order_of(shipment)
        if contents_editable(order, shipment):
            return "can be changed in the portal"
        return refusal(order, Action.EDIT) or f"fixed: it is {shipment.get_status_display()}"

    def move_shipments(self, request, queryset, move: Move):
        rows = self.chosen(request, queryset)
        if not rows:
            return None
        form = None
        form_class = asks(move)
        if form_class:
            form, page = self.form_or_confirmation(
                request, rows, form_class, form_args=(rows,) if form_class is ShipForm else (),
                action=f"move_{move.name}", title=move.label, question=QUESTIONS[form_class])
            if page:
                return page

        def arguments(shipment):
            tracking = form.tracking_number(shipment) if isinstance(form, ShipForm) else ""
            reason = form.cleaned_data["reason"] if isinstance(form, CancelShipmentsForm) else ""
            return {"shipment_id": shipment.pk, "move": move.name, "tracking_number": tracking, "reason": reason}

        return self.run_each(request, rows, shipment_move, done=move.done, arguments=arguments)
