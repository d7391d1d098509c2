"""Django admin for the order structure: purchase orders (carts and subscriptions are in their own
apps and reuse OrderGroupAdmin), order forms, shipments, notes, returns and number sequences.

Administrators see everything but change an order only the way a CSR can: every edit of its
contents and every status change is a call to orders.operations, made with the order version the
page was loaded with. A refusal (OrderError, StaleOrder) becomes an error message and nothing of
that save is written. Fields only operations may change (status, totals, version, number, kind)
are read-only.

Django admin cannot nest inlines, so the order structure is spread over three pages:
- the order page (purchase order, cart or subscription): header, totals, the whole structure as a
  read-only tree that links to the pages below, discounts, addresses, notes and history;
- the order form page: its shipments (links) and payments, where a payment is added;
- the shipment page: its line items (quantity, add, remove), shipping method, address and the
  fulfilment buttons.
"""
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet, construct_instance
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from catalog.models import PaymentMethod, ShippingMethod
from csrportal.admin import LargeTableAdmin
from csrportal.search import email_is, name_like
from customers.models import Address
from orders.models import (
    Discount,
    Kind,
    LineItem,
    Note,
    NoteKind,
    NumberSequence,
    OrderAddress,
    OrderForm,
    OrderGroup,
    Payment,
    PurchaseOrder,
    ReturnForm,
    ReturnLine,
    Shipment,
)
from orders.operations import (
    Action,
    OrderError,
    StaleOrder,
    allowed_actions,
    coupon_apply,
    discount_add,
    discount_remove,
    line_item_add,
    line_item_remove,
    line_item_set_quantity,
    note_add,
    order_cancel,
    order_hold,
    order_release_hold,
    payment_add,
    refusal,
    shipment_move,
    shipment_set_address,
    shipment_set_shipping_method,
)
from orders.operations.status import SHIPMENT_MOVES

# A bulk action runs one operation (one transaction) per object; more than this is a job for a
# management command, not for a web request.
MAX_BULK = 200
VERSION_FIELD = "version-{}"
ORDER_NUMBER = re.compile(r"[A-Za-z]{1,4}\d+")  # PO10042, EO10001, C10007, PP10003

CHANGE_URL_NAME = {
    Kind.PURCHASE_ORDER: "admin:orders_purchaseorder_change",
    Kind.CART: "admin:carts_cart_change",
    Kind.PAYMENT_PLAN: "admin:subscriptions_paymentplan_change",
}


def order_link(order: OrderGroup | None):
    """The order's number, linking to the admin page of its kind."""
    if order is None:
        return "-"
    return format_html('<a href="{}">{}</a>', reverse(CHANGE_URL_NAME[order.kind], args=[order.pk]), order.number)


def order_of(obj) -> OrderGroup:
    """The order a page is about: the group itself, or the group of an order form or a shipment."""
    if isinstance(obj, OrderGroup):
        return obj
    if isinstance(obj, OrderForm):
        return obj.order_group
    return obj.order_form.order_group


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


def refusal_message(order: OrderGroup, error: OrderError) -> str:
    return error.message if order.number in error.message else f"{order.number}: {error.message}"


class OrderVersions:
    """The versions of the orders a page was loaded with, moved on by this request's own operations.

    One save may make several changes to one order (a quantity, a new line, a discount). Each
    operation bumps the version, so the next one is checked against that, not against what the
    page carried. An order the page carried no version for (a bulk action on a changelist) is
    checked against the version read now.
    """

    def __init__(self, user, seen: dict[int, int] | None = None):
        self.user = user
        self.seen = dict(seen or {})

    @classmethod
    def from_post(cls, request):
        """Versions carried as version-<order pk> fields (change page buttons, confirmation pages)."""
        prefix = VERSION_FIELD.format("")
        seen = {}
        for key, value in request.POST.items():
            if key.startswith(prefix) and key[len(prefix):].isdigit():
                # A malformed version must not skip the check: 0 is never current.
                seen[int(key[len(prefix):])] = int(value) if value.isdigit() else 0
        return cls(request.user, seen)

    def run(self, operation, order: OrderGroup, **kwargs):
        result = operation(order, user=self.user, version=self.seen.get(order.pk, order.version), **kwargs)
        self.seen[order.pk] = order.version  # the operation refreshed `order`
        return result


# --- Forms and formsets that hand their changes to operations -------------------------------------


class OrderVersionForm(forms.ModelForm):
    """The change form of a page about an order: it carries the version the page was loaded with."""

    order_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["order_version"] = order_of(self.instance).version


class OperationRowForm(forms.ModelForm):
    """An inline row whose changes an operation makes.

    The operation validates its input with the messages CSRs see; the model's own checks would
    only repeat them less kindly, so they are skipped here. Field-level checks (a number is a
    number) still apply.
    """

    def _post_clean(self):
        # Fill the instance from the form as ModelForm does, without the model's own validation.
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)


class OperationFormSet(BaseInlineFormSet):
    """Inline rows saved by operations: subclasses define apply(order, versions).

    `new_objects`, `changed_objects` and `deleted_objects` are filled as Django's formset.save()
    would, for the admin's change message, but nothing is saved by the formset itself.
    """

    new_objects = changed_objects = deleted_objects = ()

    def apply(self, order: OrderGroup, versions: OrderVersions) -> None:
        raise NotImplementedError

    def rows(self):
        """Sort the rows into new, changed and deleted without writing anything."""
        self.save(commit=False)
        return self.new_objects, self.changed_objects, self.deleted_objects

    def added_forms(self):
        return [form for form in self.extra_forms if form.has_changed() and not self._should_delete_form(form)]


class LineItemForm(OperationRowForm):
    class Meta:
        model = LineItem
        fields = ("sku_code", "quantity")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A line names its SKU for good; change the quantity, or remove it and add another.
        if self.instance.pk:
            self.fields["sku_code"].disabled = True


class LineItemFormSet(OperationFormSet):
    def apply(self, order, versions):
        new, changed, deleted = self.rows()
        for line in deleted:
            versions.run(line_item_remove, order, line_item_id=line.pk)
        for line, _fields in changed:
            versions.run(line_item_set_quantity, order, line_item_id=line.pk, quantity=line.quantity)
        for line in new:
            versions.run(line_item_add, order, sku_code=line.sku_code, quantity=line.quantity, shipment_id=self.instance.pk)


class NoteFormSet(OperationFormSet):
    """Custom notes: added through note_add; an administrator may correct or delete one."""

    def apply(self, order, versions):
        new, changed, deleted = self.rows()
        for note in deleted:
            note.delete()
        for note, fields in changed:
            note.save(update_fields=fields)
        self.new_objects = [note_add(order, user=versions.user, title=note.title, detail=note.detail) for note in new]


class DiscountFormSet(OperationFormSet):
    """The discounts on the order: a discount cannot be edited, only removed (and added again)."""

    def apply(self, order, versions):
        for discount in self.rows()[2]:
            versions.run(discount_remove, order, discount_id=discount.pk)


class AddDiscountForm(OperationRowForm):
    coupon_code = forms.CharField(required=False, help_text="A coupon, or leave empty and give a manual discount.")

    class Meta:
        model = Discount
        fields = ("coupon_code", "scope", "value_type", "value", "reason", "line_item", "shipment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class AddDiscountFormSet(OperationFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["line_item"].queryset = LineItem.objects.filter(shipment__order_form__order_group=self.instance)
        form.fields["shipment"].queryset = Shipment.objects.filter(order_form__order_group=self.instance)

    def apply(self, order, versions):
        self.new_objects = []
        for form in self.added_forms():
            data = form.cleaned_data
            if data["coupon_code"]:
                versions.run(coupon_apply, order, code=data["coupon_code"])
            else:
                versions.run(discount_add, order, scope=data["scope"], value_type=data["value_type"],
                             value=data["value"], reason=data["reason"],
                             line_item_id=data["line_item"].pk if data["line_item"] else None,
                             shipment_id=data["shipment"].pk if data["shipment"] else None)
            self.new_objects.append(Discount.objects.select_related("coupon").filter(order_group=order).latest("id"))


class AddPaymentForm(OperationRowForm):
    card_number = forms.CharField(required=False, help_text="Card payments only.")

    class Meta:
        model = Payment
        fields = ("method", "amount", "card_number")


class AddPaymentFormSet(OperationFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["method"].queryset = PaymentMethod.objects.filter(market=self.instance.order_group.market_id,
                                                                      active=True)

    def apply(self, order, versions):
        self.new_objects = [
            versions.run(payment_add, order, payment_method_id=form.cleaned_data["method"].pk
                         if form.cleaned_data["method"] else None, amount=form.cleaned_data["amount"],
                         card_number=form.cleaned_data["card_number"], order_form_id=self.instance.pk)
            for form in self.added_forms()
        ]


# --- Inlines -----------------------------------------------------------------------------------------


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AddOnlyInline(admin.TabularInline):
    """Rows for adding through an operation ("Add another"); what exists is shown by another inline."""

    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class AddressInline(ReadOnlyInline):
    model = OrderAddress
    fields = ("name", "address")
    readonly_fields = fields
    verbose_name_plural = "address snapshots (an address change adds one; old ones stay for the history)"
    classes = ["collapse"]

    @admin.display(description="address")
    def address(self, address):
        return address.one_line()


class DiscountInline(ReadOnlyInline):
    model = Discount
    formset = DiscountFormSet
    fields = ("scope", "value_type", "value", "coupon", "reason", "line_item", "shipment", "applied_amount", "created",
              "created_by")
    readonly_fields = fields
    can_delete = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("coupon", "line_item", "shipment", "created_by")


class AddDiscountInline(AddOnlyInline):
    model = Discount
    form = AddDiscountForm
    formset = AddDiscountFormSet
    verbose_name = "discount"
    verbose_name_plural = "add a discount"


class NoteInline(admin.StackedInline):
    model = Note
    formset = NoteFormSet
    fields = ("title", "detail", "author", "created")
    readonly_fields = ("author", "created")
    verbose_name_plural = "notes"
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=NoteKind.CUSTOM).select_related("author")


class HistoryInline(ReadOnlyInline):
    """The System notes: the order's history. They cannot be edited or deleted."""

    model = Note
    fields = ("created", "title", "detail", "author")
    readonly_fields = fields
    verbose_name = "System note"
    verbose_name_plural = "history (System notes)"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=NoteKind.SYSTEM).select_related("author")

    def has_delete_permission(self, request, obj=None):
        return False


class ReturnInline(ReadOnlyInline):
    model = ReturnForm
    fields = ("number", "status", "created", "created_by")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


# --- Pages about one order: the group, an order form, a shipment ------------------------------------


class OperationsAdmin(LargeTableAdmin):
    """An admin page whose saves run order operations, never a plain save() of the order's rows."""

    form = OrderVersionForm
    change_form_template = "admin/orders/operations_change_form.html"

    def has_add_permission(self, request):
        # Orders, forms and shipments are made by the portal, checkout and the recurring job.
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # Django runs the whole save in one transaction: a refusal rolls back every change
            # this save made before it.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OrderError as error:
            message = error.message if isinstance(error, StaleOrder) else f"{error.message} Nothing was saved."
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            order = order_of(obj)
            context.update(
                operation_buttons=self.operation_buttons(request, obj),
                version_name=VERSION_FIELD.format(order.pk),
                version=order.version,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def operation_buttons(self, request, obj) -> list[dict]:
        """Actions of this admin offered on the change page: [{"action": name, "label": text}]."""
        return []

    def save_model(self, request, obj, form, change):
        pass  # everything is saved by operations, in save_related

    def save_related(self, request, form, formsets, change):
        order = order_of(form.instance)
        versions = OrderVersions(request.user, {order.pk: form.cleaned_data["order_version"]})
        self.apply_form(form, order, versions)
        for formset in formsets:
            if isinstance(formset, OperationFormSet):
                formset.apply(order, versions)
            else:
                self.save_formset(request, form, formset, change)

    def apply_form(self, form, order, versions) -> None:
        """Hand the changes of the page's own form to operations."""

    def run_on_each(self, request, objects, operation, *, done: str, arguments=None):
        """A bulk action: one operation per object, each in its own transaction.

        Refusals are reported one by one and do not stop the others. From a change page's button
        the admin returns to that page.
        """
        objects = list(objects[: MAX_BULK + 1])
        if len(objects) > MAX_BULK:
            self.message_user(request, f"Choose at most {MAX_BULK} at a time; nothing was changed.", messages.ERROR)
            return None
        versions = OrderVersions.from_post(request)
        succeeded = 0
        for obj in objects:
            order = order_of(obj)
            try:
                versions.run(operation, order, **(arguments(obj) if arguments else {}))
                succeeded += 1
            except OrderError as error:
                self.message_user(request, refusal_message(order, error), messages.ERROR)
        if succeeded:
            noun = self.opts.verbose_name if succeeded == 1 else self.opts.verbose_name_plural
            self.message_user(request, f"{done}: {succeeded} {noun}.", messages.SUCCESS)
        if request.POST.get("_from_change_page") and len(objects) == 1:
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                                                args=[objects[0].pk]))
        return None

    def confirm(self, request, queryset, *, action: str, title: str, question: str, reason: bool = False,
                tracking: bool = False):
        """An intermediate page like delete_selected's: what will change, then the same action again."""
        objects = list(queryset[: MAX_BULK + 1])
        if len(objects) > MAX_BULK:
            self.message_user(request, f"Choose at most {MAX_BULK} at a time; nothing was changed.", messages.ERROR)
            return None
        versions = OrderVersions.from_post(request)
        orders = {order_of(obj).pk: order_of(obj) for obj in objects}
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "question": question,
            "opts": self.opts,
            "objects": objects,
            "action": action,
            "versions": {VERSION_FIELD.format(pk): versions.seen.get(pk, order.version) for pk, order in orders.items()},
            "ask_reason": reason,
            "ask_tracking": tracking,
            "from_change_page": request.POST.get("_from_change_page", ""),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/orders/confirm_action.html", context)


ORDER_FIELDSETS = (
    (None, {"fields": (("number", "kind", "status", "name"), ("version", "order_version"), "allowed_now")}),
    ("Customer", {"fields": (("customer", "customer_name"), ("customer_email", "customer_phone"),
                             ("organization", "organization_name"))}),
    ("Market", {"fields": (("market", "currency"),)}),
    ("Totals", {"fields": (("subtotal", "discount_total", "shipping_total", "tax_total"),
                           ("total", "paid_total", "balance_due"), ("item_count", "shipment_summary"))}),
    ("Forms, shipments and line items", {"fields": ("contents",)}),
    ("Origin and changes", {"fields": (("source_cart_number", "plan", "exchange_for"), "cancel_reason",
                                       ("created", "created_by"), ("modified", "modified_by"))}),
)


def order_fieldsets(*, leave_out=()):
    """ORDER_FIELDSETS without some fields (carts and subscriptions have no status)."""
    def keep(row):
        return tuple(name for name in row if name not in leave_out) if isinstance(row, tuple) else row
    return [(title, {"fields": [keep(row) for row in options["fields"] if row not in leave_out]})
            for title, options in ORDER_FIELDSETS]


class OrderGroupAdmin(OperationsAdmin):
    """What purchase orders, carts and subscriptions share; each registers a subclass."""

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
    inlines = [DiscountInline, AddDiscountInline, AddressInline, NoteInline, HistoryInline]

    def has_delete_permission(self, request, obj=None):
        # Its System notes are its history and are never deleted; a purchase order is cancelled,
        # a subscription deactivated. (Clearing out abandoned carts is a job for a command.)
        return False

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
        # Only operations change an order; the one input of this form is the version it was loaded at.
        return [name for name in flatten_fieldsets(self.get_fieldsets(request, obj)) if name != "order_version"]

    @admin.display(description="total", ordering="total")
    def total_amount(self, order):
        return f"{order.total} {order.currency}"

    @admin.display(description="balance due", ordering="balance_due")
    def balance_due_amount(self, order):
        return f"{order.balance_due} {order.currency}"

    @admin.display(description="allowed now")
    def allowed_now(self, order):
        allowed = allowed_actions(order)
        edit = "contents can be changed" if Action.EDIT in allowed else refusal(order, Action.EDIT)
        others = [action.label for action in (Action.HOLD, Action.RELEASE_HOLD, Action.CANCEL) if action in allowed]
        return "; ".join([edit, *others])

    @admin.display(description="subscription")
    def plan(self, order):
        return order_link(order.payment_plan)

    @admin.display(description="order forms")
    def contents(self, order):
        structured = OrderGroup.objects.with_structure().get(pk=order.pk)
        return render_to_string("admin/orders/order_contents.html", {"order": structured})


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(OrderGroupAdmin):
    inlines = [*OrderGroupAdmin.inlines, ReturnInline]
    actions = ["hold_orders", "release_holds", "cancel_orders"]

    def operation_buttons(self, request, order):
        allowed = allowed_actions(order)
        return [
            {"action": action, "label": label}
            for action, label, needed in (("hold_orders", "Hold", Action.HOLD),
                                          ("release_holds", "Release hold", Action.RELEASE_HOLD),
                                          ("cancel_orders", "Cancel…", Action.CANCEL))
            if needed in allowed
        ]

    @admin.action(description="Put the selected orders on hold", permissions=["change"])
    def hold_orders(self, request, queryset):
        return self.run_on_each(request, queryset, order_hold, done="Put on hold")

    @admin.action(description="Release the selected orders from hold", permissions=["change"])
    def release_holds(self, request, queryset):
        return self.run_on_each(request, queryset, order_release_hold, done="Released from hold")

    @admin.action(description="Cancel the selected orders…", permissions=["change"])
    def cancel_orders(self, request, queryset):
        if request.POST.get("post"):
            reason = request.POST.get("reason", "")
            return self.run_on_each(request, queryset, order_cancel, done="Cancelled",
                                    arguments=lambda order: {"reason": reason})
        return self.confirm(request, queryset, action="cancel_orders", title="Cancel purchase orders",
                            question="Cancel these orders? Open shipments are cancelled, reserved stock is released "
                                     "and authorizations are voided.", reason=True)


class ShipmentInline(ReadOnlyInline):
    model = Shipment
    fields = ("status", "address", "shipping_method_name", "warehouse", "tracking_number", "shipping_cost",
              "shipped_at")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("address", "warehouse")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("created", "transaction_type", "method_name", "amount", "status", "reference", "message", "created_by")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


class AddPaymentInline(AddOnlyInline):
    model = Payment
    form = AddPaymentForm
    formset = AddPaymentFormSet
    verbose_name = "payment"
    verbose_name_plural = "add a payment (at most the balance due)"


@admin.register(OrderForm)
class OrderFormAdmin(OperationsAdmin):
    list_display = ("id", "order", "name", "organization", "billing_address")
    list_select_related = ("order_group", "organization", "billing_address")
    search_fields = ("order_group__number",)  # searched by get_search_results
    search_help_text = "An order number."
    ordering = ("-id",)
    fields = ("order", "name", "organization", "billing_address", "order_version")
    readonly_fields = ("order", "name", "organization", "billing_address")
    inlines = [ShipmentInline, PaymentInline, AddPaymentInline]

    def get_search_results(self, request, queryset, search_term):
        return number_search(queryset, search_term, "order_group__number"), False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="order", ordering="order_group__number")
    def order(self, form):
        return order_link(form.order_group)


class ShipmentForm(OrderVersionForm):
    ship_to = forms.ChoiceField(
        required=False, label="ship to a new address",
        help_text="From the customer's address book or the order's other addresses. The old address stays on "
                  "the order for the history.",
    )

    class Meta:
        model = Shipment
        fields = ("shipping_method",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            return
        order = order_of(self.instance)
        self.fields["shipping_method"].queryset = ShippingMethod.objects.filter(
            Q(market=order.market_id, currency=order.currency, active=True) | Q(pk=self.instance.shipping_method_id))
        book = Address.objects.filter(customer=order.customer_id) if order.customer_id else []
        snapshots = OrderAddress.objects.filter(order_group=order).exclude(pk=self.instance.address_id)
        self.fields["ship_to"].choices = [
            ("", "(keep the current address)"),
            *[(f"book-{address.pk}", f"Address book: {address.one_line()}") for address in book],
            *[(f"order-{address.pk}", f"On this order: {address.one_line()}") for address in snapshots],
        ]

    def chosen_address(self) -> dict | None:
        choice = self.cleaned_data.get("ship_to")
        if not choice:
            return None
        source, pk = choice.split("-")
        model = Address if source == "book" else OrderAddress
        return model.objects.get(pk=pk).address_values()


class LineItemInline(admin.TabularInline):
    model = LineItem
    form = LineItemForm
    formset = LineItemFormSet
    fields = ("sku_code", "display_name", "quantity", "placed_price", "list_price", "line_discount",
              "order_discount_share", "returned_quantity")
    readonly_fields = ("display_name", "placed_price", "list_price", "line_discount", "order_discount_share",
                       "returned_quantity")
    extra = 1


MOVE_LABELS = {
    "assign_inventory": "Assign inventory",
    "release": "Release",
    "pack": "Add to pick list",
    "unpack": "Take off pick list",
    "ship": "Ship…",
    "cancel": "Cancel shipment…",
}


def move_label(move: str) -> str:
    return MOVE_LABELS.get(move) or move.replace("_", " ").capitalize()


def shipment_move_action(move: str):
    """An admin action per shipment move of the domain (SHIPMENT_MOVES): move_release, move_ship, ..."""

    def action(modeladmin, request, queryset):
        return modeladmin.move_shipments(request, queryset, move)

    action.__name__ = f"move_{move}"
    return admin.action(description=f"{move_label(move)} (selected shipments)", permissions=["change"])(action)


@admin.register(Shipment)
class ShipmentAdmin(OperationsAdmin):
    form = ShipmentForm
    list_display = ("id", "order", "status", "shipping_method_name", "address", "warehouse", "tracking_number",
                    "shipping_cost", "shipped_at")
    list_filter = ("status", "warehouse")
    list_select_related = ("order_form__order_group__market", "address", "warehouse")
    search_fields = ("order_form__order_group__number", "tracking_number")  # searched by get_search_results
    search_help_text = "An order number or a tracking number, whole."
    ordering = ("-id",)
    fieldsets = (
        (None, {"fields": (("order", "order_form"), ("status", "previous_status"), "editable_now", "order_version")}),
        ("Delivery", {"fields": ("address", "ship_to", "shipping_method", ("shipping_cost", "shipping_discount"),
                                 ("warehouse", "tracking_number", "shipped_at"))}),
    )
    readonly_fields = ("order", "order_form", "status", "previous_status", "editable_now", "address",
                       "shipping_cost", "shipping_discount", "warehouse", "tracking_number", "shipped_at")
    inlines = [LineItemInline]
    actions = [shipment_move_action(move) for move in SHIPMENT_MOVES]

    def get_search_results(self, request, queryset, search_term):
        if ORDER_NUMBER.fullmatch(search_term.strip()):
            return number_search(queryset, search_term, "order_form__order_group__number"), False
        # Tracking numbers have no index: a rare look-up, worth one scan.
        return (queryset.filter(tracking_number=search_term.strip()) if search_term.strip() else queryset), False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "shipping_method":
            # A plain select: no add / change / delete buttons for reference data on an order's page.
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def apply_form(self, form, order, versions):
        if "shipping_method" in form.changed_data:
            method = form.cleaned_data["shipping_method"]
            versions.run(shipment_set_shipping_method, order, shipment_id=form.instance.pk,
                         shipping_method_id=method.pk if method else None)
        address = form.chosen_address()
        if address:
            versions.run(shipment_set_address, order, shipment_id=form.instance.pk, address=address)

    def operation_buttons(self, request, shipment):
        if refusal(order_of(shipment), Action.FULFIL):
            return []
        return [{"action": f"move_{move}", "label": move_label(move)}
                for move, (sources, *_rest) in SHIPMENT_MOVES.items() if shipment.status in sources]

    def move_shipments(self, request, queryset, move):
        label = move_label(move).rstrip("…")
        if move in ("ship", "cancel") and not request.POST.get("post"):
            question = ("Ship these shipments? Shipping captures the payment for them." if move == "ship"
                        else "Cancel these shipments? Their reserved stock is released.")
            return self.confirm(request, queryset, action=f"move_{move}", title=label, question=question,
                                tracking=move == "ship")
        return self.run_on_each(
            request, queryset, shipment_move, done=SHIPMENT_MOVES[move][2],
            arguments=lambda shipment: {"shipment_id": shipment.pk, "move": move,
                                        "tracking_number": request.POST.get(f"tracking-{shipment.pk}", "")},
        )

    @admin.display(description="order", ordering="order_form__order_group__number")
    def order(self, shipment):
        return order_link(shipment.order_form.order_group)

    @admin.display(description="can its contents change now?")
    def editable_now(self, shipment):
        order = order_of(shipment)
        reason = refusal(order, Action.EDIT)
        if reason:
            return f"No. {reason}"
        if order.is_purchase_order and not shipment.contents_editable:
            return f"No. It is {shipment.get_status_display()}: it can be changed only before it is released."
        return "Yes"


# --- Notes, returns, number sequences -----------------------------------------------------------------


@admin.action(description="Delete the selected custom notes", permissions=["delete"])
def delete_selected(modeladmin, request, queryset):
    """Django's delete_selected, refusing System notes (a queryset delete would not ask Note.delete)."""
    system_notes = queryset.filter(kind=NoteKind.SYSTEM).count()
    if system_notes:
        modeladmin.message_user(
            request, f"System notes are the order's history and cannot be deleted; {system_notes} of the selected "
                     "notes are System notes. Nothing was deleted.", messages.ERROR)
        return None
    return admin_actions.delete_selected(modeladmin, request, queryset)


@admin.register(Note)
class NoteAdmin(LargeTableAdmin):
    """Every note of every order. Custom notes are added on the order's page (through note_add)."""

    list_display = ("created", "order", "kind", "title", "author")
    list_filter = ("kind",)
    list_select_related = ("order_group", "author")
    search_fields = ("order_group__number",)  # searched by get_search_results
    search_help_text = "An order number."
    ordering = ("-id",)
    fields = ("order", "kind", "action", "title", "detail", "author", "created")
    readonly_fields = ("order", "kind", "action", "author", "created")
    actions = [delete_selected]

    def get_search_results(self, request, queryset, search_term):
        return number_search(queryset, search_term, "order_group__number"), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.kind == NoteKind.SYSTEM:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.kind == NoteKind.SYSTEM:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="order", ordering="order_group__number")
    def order(self, note):
        return order_link(note.order_group)


class ReturnLineInline(ReadOnlyInline):
    model = ReturnLine
    fields = ("line_item", "quantity", "reason")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line_item")


@admin.register(ReturnForm)
class ReturnFormAdmin(LargeTableAdmin):
    """Returns are shown, not changed: they move through the return operations in the portal."""

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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="order", ordering="order_group__number")
    def order(self, return_form):
        return order_link(return_form.order_group)


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    """Shown only: numbers are handed out under a row lock, and a sequence must never go back."""

    list_display = ("prefix", "next_value")
    ordering = ("prefix",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
