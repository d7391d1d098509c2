"""The order page's edits: each turns a POST into one call of an operation.

Parsing and checking the values is the operations' work (they raise OrderError naming the field),
so the portal, the admin and commands refuse the same bad input with the same message.
"""
from customers.models import Address, PostalAddress
from orders import operations as ops
from orders.operations import OrderError
from orders.operations.pricing import cart_update_prices


def _address(order, data) -> dict:
    """The address typed in, or the one picked from the customer's address book."""
    picked = data.get("address_book")
    if picked:
        address = Address.objects.filter(pk=picked if picked.isdigit() else 0, customer_id=order.customer_id).first()
        if address is None:
            raise OrderError("That address is not in this customer's address book.", field="address_book")
        return address.address_values()
    return {name: data.get(name, "") for name in PostalAddress.ADDRESS_FIELDS}


def _new_shipment_address(order, data) -> dict | None:
    if data.get("address_book") or data.get("line1"):
        return _address(order, data)
    return None


def _discount_target(data) -> dict:
    """"order", "shipping" or "line:<id>", as the discount form's one choice says."""
    on = data.get("on", "order")
    if on.startswith("line:"):
        return {"scope": "line", "line_item_id": on[5:]}
    return {"scope": on}


# edit name -> (what it changes, for messages; the call). Each call gets the order, the user,
# the version the CSR saw, the id in the URL (a shipment, line or discount) and the POST data.
EDITS = {
    "address": ("Address saved.", lambda order, user, version, pk, data: ops.shipment_set_address(
        order, user=user, version=version, shipment_id=pk, address=_address(order, data),
        save_to_address_book=data.get("save_to_address_book") == "on")),
    "shipping-method": ("Shipping method changed.", lambda order, user, version, pk, data: ops.shipment_set_shipping_method(
        order, user=user, version=version, shipment_id=pk, shipping_method_id=data.get("shipping_method"))),
    "add-line": ("Item added.", lambda order, user, version, pk, data: ops.line_item_add(
        order, user=user, version=version, sku_code=data.get("sku", ""), quantity=data.get("quantity", ""),
        shipment_id=data.get("shipment") or None)),
    "quantity": ("Quantity changed.", lambda order, user, version, pk, data: ops.line_item_set_quantity(
        order, user=user, version=version, line_item_id=pk, quantity=data.get("quantity", ""))),
    "remove-line": ("Item removed.", lambda order, user, version, pk, data: ops.line_item_remove(
        order, user=user, version=version, line_item_id=pk)),
    "move-line": ("Items moved.", lambda order, user, version, pk, data: ops.line_item_move(
        order, user=user, version=version, line_item_id=data.get("line_item"), quantity=data.get("quantity", ""),
        to_shipment_id=None if data.get("to_shipment") in ("", "new", None) else data.get("to_shipment"),
        address=_new_shipment_address(order, data), shipping_method_id=data.get("shipping_method") or None)),
    "discount": ("Discount added.", lambda order, user, version, pk, data: ops.discount_add(
        order, user=user, version=version, **_discount_target(data), value_type=data.get("value_type", ""),
        value=data.get("value", ""), reason=data.get("reason", ""))),
    "coupon": ("Coupon added.", lambda order, user, version, pk, data: ops.coupon_apply(
        order, user=user, version=version, code=data.get("code", ""))),
    "remove-discount": ("Discount removed.", lambda order, user, version, pk, data: ops.discount_remove(
        order, user=user, version=version, discount_id=pk)),
    "payment": ("Payment added.", lambda order, user, version, pk, data: ops.payment_add(
        order, user=user, version=version, payment_method_id=data.get("payment_method"),
        amount=data.get("amount", ""), card_number=data.get("card_number", ""))),
    "contact": ("Contact details saved.", lambda order, user, version, pk, data: ops.order_set_contact(
        order, user=user, version=version, name=data.get("name", ""), email=data.get("email", ""),
        phone=data.get("phone", ""))),
    "update-prices": ("Prices updated to today's.", lambda order, user, version, pk, data: cart_update_prices(
        order, user=user, version=version)),
    "hold": ("Order put on hold.", lambda order, user, version, pk, data: ops.order_hold(
        order, user=user, version=version)),
    "release-hold": ("Hold released.", lambda order, user, version, pk, data: ops.order_release_hold(
        order, user=user, version=version)),
    "cancel": ("Order cancelled.", lambda order, user, version, pk, data: ops.order_cancel(
        order, user=user, version=version, reason=data.get("reason", ""))),
}
# Which tab shows each edit's result (and its errors).
TAB_OF = {"contact": "contact", "hold": "summary", "release-hold": "summary", "cancel": "summary"}


def parse_version(data) -> int:
    try:
        return int(data.get("version", ""))
    except ValueError:
        raise OrderError("The page is out of date: reload the order and try again.") from None
