"""The order page's edits: each is a form (orders.forms) that reads the POST and a function that
hands the typed values to one operation.

An operation refuses with OrderError naming a field; the view shows it beside that field of the
form (orders.forms.EditForm.refuse). A declined card is kept (a Failed payment and a System note)
and shown as a refusal beside the card number.
"""
from collections.abc import Callable
from dataclasses import dataclass

from orders import forms as edit_forms
from orders import operations as ops
from orders.models import PaymentStatus
from orders.operations import OrderError


def edit_address(order, user, form):
    ops.shipment_set_address(order, user=user, version=form.cleaned_data["version"], shipment_id=form.pk,
                             address=form.address() or {}, save_to_address_book=form.cleaned_data.get("save_to_address_book", False))


def edit_shipping_method(order, user, form):
    ops.shipment_set_shipping_method(order, user=user, version=form.cleaned_data["version"], shipment_id=form.pk,
                                     shipping_method_id=form.cleaned_data["shipping_method"])


def edit_add_line(order, user, form):
    ops.line_item_add(order, user=user, version=form.cleaned_data["version"], sku_code=form.cleaned_data["sku"],
                      quantity=form.cleaned_data["quantity"], shipment_id=form.pk)


def edit_quantity(order, user, form):
    ops.line_item_set_quantity(order, user=user, version=form.cleaned_data["version"], line_item_id=form.pk,
                               quantity=form.cleaned_data["quantity"])


def edit_remove_line(order, user, form):
    ops.line_item_remove(order, user=user, version=form.cleaned_data["version"], line_item_id=form.pk)


def edit_move_line(order, user, form):
    data = form.cleaned_data
    to_shipment = data["to_shipment"]
    ops.line_item_move(order, user=user, version=data["version"], line_item_id=data["line_item"],
                       quantity=data["quantity"], to_shipment_id=to_shipment,
                       address=None if to_shipment else form.address(),
                       shipping_method_id=None if to_shipment else data["shipping_method"])


def edit_discount(order, user, form):
    data = form.cleaned_data
    scope, line_item_id = data["on"]
    ops.discount_add(order, user=user, version=data["version"], scope=scope, line_item_id=line_item_id,
                     value_type=data["value_type"], value=data["value"], reason=data["reason"])


def edit_coupon(order, user, form):
    ops.coupon_apply(order, user=user, version=form.cleaned_data["version"], code=form.cleaned_data["code"])


def edit_remove_discount(order, user, form):
    ops.discount_remove(order, user=user, version=form.cleaned_data["version"], discount_id=form.pk)


def edit_payment(order, user, form):
    data = form.cleaned_data
    payment = ops.payment_add(order, user=user, version=data["version"], payment_method_id=data["payment_method"],
                              amount=data["amount"], card_number=data["card_number"])
    if payment.status == PaymentStatus.FAILED:
        # Kept as a Failed payment with its System note; the CSR sees why beside the card number.
        raise OrderError(f"Payment declined: {payment.message or 'the card was not accepted.'}", field="card_number")


def edit_contact(order, user, form):
    data = form.cleaned_data
    ops.order_set_contact(order, user=user, version=data["version"], name=data["name"], email=data["email"],
                          phone=data["phone"])


def edit_create_customer(order, user, form):
    ops.order_create_customer(order, user=user, version=form.cleaned_data["version"])


def edit_link_customer(order, user, form):
    ops.order_link_customer(order, user=user, version=form.cleaned_data["version"],
                            customer_id=form.cleaned_data["customer"])


def edit_update_prices(order, user, form):
    ops.cart_update_prices(order, user=user, version=form.cleaned_data["version"])


def edit_hold(order, user, form):
    ops.order_hold(order, user=user, version=form.cleaned_data["version"])


def edit_release_hold(order, user, form):
    ops.order_release_hold(order, user=user, version=form.cleaned_data["version"])


def edit_cancel(order, user, form):
    ops.order_cancel(order, user=user, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"])


def edit_shipment_move(order, user, form):
    """Any of the shipment moves (orders.forms.SHIPMENT_MOVE_EDITS): Ship sends its tracking
    number, Cancel shipment its reason."""
    ops.shipment_move(order, user=user, version=form.cleaned_data["version"], shipment_id=form.pk, move=form.move,
                      tracking_number=form.cleaned_data.get("tracking_number", ""),
                      reason=form.cleaned_data.get("reason", ""))


def _move_form(edit: str) -> type:
    return {"ship": edit_forms.ShipForm, "cancel-shipment": edit_forms.CancelShipmentForm}.get(
        edit, edit_forms.ShipmentMoveForm)


@dataclass(frozen=True)
class Edit:
    form: type
    run: Callable
    done: str  # the message once saved
    tab: str = "forms"  # the tab that shows its result and its errors


EDITS = {
    "address": Edit(edit_forms.AddressForm, edit_address, "Address saved."),
    "shipping-method": Edit(edit_forms.ShippingMethodForm, edit_shipping_method, "Shipping method changed."),
    "add-line": Edit(edit_forms.AddLineForm, edit_add_line, "Item added."),
    "quantity": Edit(edit_forms.QuantityForm, edit_quantity, "Quantity changed."),
    "remove-line": Edit(edit_forms.ConfirmForm, edit_remove_line, "Item removed."),
    "move-line": Edit(edit_forms.MoveLineForm, edit_move_line, "Items moved."),
    "discount": Edit(edit_forms.DiscountForm, edit_discount, "Discount added."),
    "coupon": Edit(edit_forms.CouponForm, edit_coupon, "Coupon added."),
    "remove-discount": Edit(edit_forms.ConfirmForm, edit_remove_discount, "Discount removed."),
    "payment": Edit(edit_forms.PaymentForm, edit_payment, "Payment added."),
    "contact": Edit(edit_forms.ContactForm, edit_contact, "Contact details saved.", tab="contact"),
    "create-customer": Edit(edit_forms.ConfirmForm, edit_create_customer, "Customer created from this order.",
                            tab="contact"),
    "link-customer": Edit(edit_forms.LinkCustomerForm, edit_link_customer, "Order linked to the customer.",
                          tab="contact"),
    "update-prices": Edit(edit_forms.ConfirmForm, edit_update_prices, "Prices updated to today's."),
    "hold": Edit(edit_forms.ConfirmForm, edit_hold, "Order put on hold.", tab="summary"),
    "release-hold": Edit(edit_forms.ConfirmForm, edit_release_hold, "Hold released.", tab="summary"),
    "cancel": Edit(edit_forms.CancelForm, edit_cancel, "Order cancelled.", tab="summary"),
    # The shipment moves, one edit each (pk: the shipment), reported in the move's words.
    **{edit: Edit(_move_form(edit), edit_shipment_move, ops.SHIPMENT_MOVES[move].done + ".")
       for edit, move in edit_forms.SHIPMENT_MOVE_EDITS.items()},
}


@dataclass(frozen=True)
class Refused:
    """An edit the CSR just sent that was not saved: its form, with what was typed and why."""

    edit: str
    pk: int | None
    form: object

    def matches(self, edit: str, pk) -> bool:
        return self.edit == edit and (self.pk or None) == (pk or None)
