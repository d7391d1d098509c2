"""Manual discounts (a CSR's, with a reason) and coupon codes, on a line, the order or shipping."""
from decimal import Decimal

from django.utils import timezone

from catalog.models import Coupon, DiscountScope, ValueType
from csrportal.money import round_money
from orders.models import Discount, LineItem, OrderGroup, Shipment
from orders.operations.base import Action, OrderError, changing, get_owned, shipment_name
from orders.operations.payments import check_decimals


def _base_of(order: OrderGroup, scope: str, line: LineItem | None, shipment: Shipment | None) -> Decimal:
    if scope == DiscountScope.LINE:
        return round_money(line.placed_price * line.quantity, order.currency) - line.line_discount
    if scope == DiscountScope.SHIPPING:
        return (shipment.shipping_cost - shipment.shipping_discount) if shipment else order.shipping_total
    return order.subtotal


def _on(order: OrderGroup, discount: Discount) -> str:
    """" on TEE-M" or " on Shipment 2": what a discount is on, as the page names it (no ids)."""
    if discount.line_item_id:
        return f" on {discount.line_item.sku_code}"
    if discount.shipment_id:
        return f" on {shipment_name(order, discount.shipment)}"
    return ""


def discount_add(order: OrderGroup, *, user, version: int, scope: str, value_type: str, value: Decimal, reason: str,
                 line_item_id: int | None = None, shipment_id: int | None = None) -> OrderGroup:
    """A manual discount: an amount in the order's currency or a percentage, never more than what it is on.

    `value` is a Decimal already read from what the CSR typed (orders.forms.DiscountForm)."""
    if scope not in DiscountScope.values:
        raise OrderError("Choose what the discount is on: a line, the order or shipping.", field="scope")
    if value_type not in ValueType.values:
        raise OrderError("Choose an amount or a percentage.", field="value_type")
    if not isinstance(value, Decimal):
        raise TypeError(f"A discount's value is a Decimal, not {type(value).__name__}: read it with a form first.")
    if value <= 0:
        raise OrderError("A discount must be more than zero.", field="value")
    if value_type == ValueType.PERCENT and value > 100:
        raise OrderError("A percentage discount can be at most 100 %.", field="value")
    reason = (reason or "").strip()
    if not reason:
        raise OrderError("Say why the discount is given.", field="reason")
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        line = shipment = None
        if scope == DiscountScope.LINE:
            if not line_item_id:
                raise OrderError("Choose the line the discount is on.", field="line_item")
            line = get_owned(LineItem, change.order, line_item_id, field="line_item", label="line item")
        elif scope == DiscountScope.SHIPPING and shipment_id:
            shipment = get_owned(Shipment, change.order, shipment_id, field="shipment", label="shipment")
        if value_type == ValueType.AMOUNT:
            check_decimals(value, change.order.currency, field="value")
            value = round_money(value, change.order.currency)  # exact after the check: 1 -> 1.00
            base = _base_of(change.order, scope, line, shipment)
            if value > base:
                raise OrderError(f"The discount ({value}) is more than the {scope} comes to ({base}).", field="value")
        discount = Discount.objects.create(order_group=change.order, scope=scope, value_type=value_type, value=value,
                                           reason=reason, line_item=line, shipment=shipment, created_by=user)
        change.note("Manual discount", f"{discount}{_on(change.order, discount)}: {reason}", action="manual_discount")
    return order


def coupon_apply(order: OrderGroup, *, user, version: int, code: str) -> OrderGroup:
    code = (code or "").strip()
    if not code:
        raise OrderError("Enter a coupon code.", field="code")
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        coupon = (Coupon.objects.usable(market=change.order.market, currency=change.order.currency, now=timezone.now())
                  .filter(code__iexact=code).first())
        if coupon is None:
            raise OrderError(f"{code} is not a valid coupon for {change.order.market.name} now.", field="code")
        if Discount.objects.filter(order_group=change.order, coupon=coupon).exists():
            raise OrderError(f"{coupon.code} is already on this order.", field="code")
        if coupon.scope == DiscountScope.LINE:
            raise OrderError(f"{coupon.code} applies to single items; add it to a line instead.", field="code")
        Discount.objects.create(order_group=change.order, scope=coupon.scope, value_type=coupon.value_type,
                                value=coupon.value, coupon=coupon, reason=coupon.description, created_by=user)
        change.note("Coupon added", f"{coupon.code}: {coupon.description}", action="coupon_added")
    return order


def discount_remove(order: OrderGroup, *, user, version: int, discount_id) -> OrderGroup:
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        discount = get_owned(Discount, change.order, discount_id, field="discount", label="discount")
        on = _on(change.order, discount)
        discount.delete()
        if discount.coupon_id:
            change.note("Coupon removed", discount.coupon.code, action="coupon_removed")
        else:
            change.note("Discount removed", f"{discount}{on}: {discount.reason}",
                        action="discount_removed")
    return order
