"""The status actions of the admin: a whitelist, each a call to an operation of orders.operations.

Hold, release hold and cancel (purchase orders) and the shipment moves are the admin's only
changes to an order. Each runs from the changelist on the chosen rows, or from a button on one
row's page, and runs the operation once per row, with the order's version as read in this request:
the operation's own rules decide, and its refusal is reported beside the others' success.
A cancellation needs a reason and a shipment needs its tracking number to ship: those actions first
show a page with a Django form, like delete_selected's confirmation.
"""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from orders.admin.viewing import order_of
from orders.models import OrderGroup, Shipment
from orders.operations import OrderError

# One operation (one transaction) runs per row: more than this is a job for a management command,
# not for a web request.
MAX_BULK = 200
FROM_CHANGE_PAGE = "_from_change_page"


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=OrderGroup._meta.get_field("cancel_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Say why the orders are cancelled."},
        help_text="Written on each order and in its history.",
    )


class CancelShipmentsForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=300, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Say why the shipments are cancelled."},
        help_text="Written in each order's history.",
    )


class ConfirmForm(forms.Form):
    """Nothing to fill in: the page asks to confirm what it lists."""


class ShipForm(forms.Form):
    """A tracking number for each shipment to ship: a shipment ships with its own."""

    def __init__(self, shipments, data=None):
        super().__init__(data)
        for shipment in shipments:
            self.fields[self.field_name(shipment)] = forms.CharField(
                label=f"Tracking number of shipment {shipment.pk} of {order_of(shipment).number}",
                max_length=Shipment._meta.get_field("tracking_number").max_length,
                error_messages={"required": "A shipment needs a tracking number to ship."},
            )

    @staticmethod
    def field_name(shipment) -> str:
        return f"tracking-{shipment.pk}"

    def tracking_number(self, shipment) -> str:
        return self.cleaned_data[self.field_name(shipment)]


def refusal_message(order: OrderGroup, error: OrderError) -> str:
    return error.message if order.number in error.message else f"{order.number}: {error.message}"


def operate_action(description: str):
    """@admin.action for a status action: it needs the "operate" permission (see has_operate_permission)."""
    return admin.action(description=description, permissions=["operate"])


class StatusActionsMixin:
    """For the ModelAdmin of a viewer page whose rows have status actions (purchase orders, shipments).

    Subclasses list their actions in `actions` (made with operate_action) and say which are
    offered on a row's page now in status_buttons().
    """

    change_form_template = "admin/orders/status_change_form.html"
    # The select_related path from a row to its order, so reading the orders costs no query per row.
    order_path: str | None = None

    def has_operate_permission(self, request):
        """The model's Django "change" permission lets an administrator run its status actions:
        the admin changes no field of an order structure directly, whoever asks."""
        codename = get_permission_codename("change", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def status_buttons(self, request, obj) -> list[dict]:
        """Actions offered on the row's page now: [{"action": name, "label": text}]."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_operate_permission(request):
            context["status_buttons"] = self.status_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def chosen(self, request, queryset) -> list | None:
        """The chosen rows, or None (with the reason said) when there is nothing to run on."""
        if self.order_path:
            queryset = queryset.select_related(self.order_path)
        rows = list(queryset[: MAX_BULK + 1])
        if not rows:
            self.message_user(request, f"None of the chosen {self.opts.verbose_name_plural} exist; nothing was "
                                       "changed.", messages.WARNING)
            return None
        if len(rows) > MAX_BULK:
            self.message_user(request, f"Choose at most {MAX_BULK} at a time; nothing was changed.", messages.ERROR)
            return None
        return rows

    def run_each(self, request, rows, operation, *, done: str, arguments=None):
        """Run the operation on each row, each in its own transaction, and say what happened.

        The rows of one order share one order object: the operation moves its version on, so the
        next row of that order is checked against the version just written.
        """
        orders: dict[int, OrderGroup] = {}
        succeeded = []
        for row in rows:
            order = orders.setdefault(order_of(row).pk, order_of(row))
            try:
                operation(order, user=request.user, version=order.version, **(arguments(row) if arguments else {}))
                succeeded.append(order.number)
            except OrderError as error:
                self.message_user(request, refusal_message(order, error), messages.ERROR)
        if succeeded:
            noun = self.opts.verbose_name if len(succeeded) == 1 else self.opts.verbose_name_plural
            numbers = ", ".join(dict.fromkeys(succeeded))
            self.message_user(request, f"{done}: {len(succeeded)} {noun} ({numbers}).", messages.SUCCESS)
        if request.POST.get(FROM_CHANGE_PAGE) and len(rows) == 1:
            # A button on the row's page: back to that page.
            name = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
            return HttpResponseRedirect(reverse(name, args=[rows[0].pk]))
        return None

    def form_or_confirmation(self, request, rows, form_class, *, action: str, title: str, question: str,
                             form_args=()):
        """(form, None) when the confirmation page was sent back and its form is valid; otherwise
        (None, the confirmation page), with the form's errors when it was sent back."""
        sent = request.POST.get("post") == "yes"
        form = form_class(*form_args, data=request.POST if sent else None)
        if sent and form.is_valid():
            return form, None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "question": question,
            "opts": self.opts,
            "rows": rows,
            "form": form,
            "action": action,
            "from_change_page": bool(request.POST.get(FROM_CHANGE_PAGE)),
            "from_change_page_name": FROM_CHANGE_PAGE,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return None, TemplateResponse(request, "admin/orders/confirm_action.html", context)
