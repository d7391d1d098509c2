"""Changing what is in an order: addresses, shipping methods and line items.

All of these need the order's contents, and the shipment's, to be editable now
(base.contents_editable: a purchase order only while In Progress, a shipment only before release).
"""
from catalog.models import Price, ShippingMethod, Sku
from customers.models import PostalAddress
from customers.operations import CustomerError, address_add
from orders.models import Discount, LineItem, OrderAddress, OrderForm, OrderGroup, Shipment, ShipmentStatus
from orders.operations import stock
from orders.operations.base import Action, OrderError, changing, contents_editable, get_owned, shipment_name

MAX_QUANTITY = 9999
REQUIRED_ADDRESS_FIELDS = {"line1": "address line 1", "city": "city", "postal_code": "postal code", "country_code": "country"}


def _check_quantity(quantity: int, *, field: str = "quantity") -> int:
    """A line holds 1 to 9999 items (the forms read what was typed; this guards every caller)."""
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise TypeError(f"A quantity is an int, not {type(quantity).__name__}: read it with a form first.")
    if quantity < 1:
        raise OrderError("The quantity must be at least 1; remove the line to take it off the order.", field=field)
    if quantity > MAX_QUANTITY:
        raise OrderError(f"The quantity can be at most {MAX_QUANTITY}.", field=field)
    return quantity


def _editable_shipment(order: OrderGroup, shipment_id, *, field: str = "shipment") -> Shipment:
    return _check_editable(order, get_owned(Shipment, order, shipment_id, field=field, label="shipment"), field)


def _check_editable(order: OrderGroup, shipment: Shipment, field: str = "shipment") -> Shipment:
    if not contents_editable(order, shipment):
        raise OrderError(
            f"{shipment_name(order, shipment)} is {shipment.get_status_display()}: "
            "it can be changed only before it is released.",
            field=field,
        )
    return shipment


def _editable_line(order: OrderGroup, line_item_id) -> LineItem:
    line = get_owned(LineItem, order, line_item_id, field="line_item", label="line item", related=("shipment",))
    _check_editable(order, line.shipment)
    return line


def _clean_address(values: dict, market) -> dict:
    cleaned = {name: str(values.get(name) or "").strip() for name in PostalAddress.ADDRESS_FIELDS}
    cleaned["country_code"] = cleaned["country_code"].upper()
    for name, label in REQUIRED_ADDRESS_FIELDS.items():
        if not cleaned[name]:
            raise OrderError(f"Enter the {label}.", field=name)
    if market.countries and cleaned["country_code"] not in market.countries:
        raise OrderError(
            f"{market.name} ships to {', '.join(market.countries)}; {cleaned['country_code']} is not one of them.",
            field="country_code",
        )
    return cleaned


def shipment_set_address(order: OrderGroup, *, user, version: int, shipment_id, address: dict,
                         save_to_address_book: bool = False) -> OrderGroup:
    """Give the shipment a new address snapshot (the old snapshot is kept for the history)."""
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        shipment = _editable_shipment(change.order, shipment_id)
        values = _clean_address(address, change.order.market)
        old = shipment.address.one_line() if shipment.address_id else "none"
        shipment.address = OrderAddress.objects.create(order_group=change.order, name="Shipping", **values)
        shipment.save(update_fields=["address"])
        if save_to_address_book:
            if not change.order.customer_id:
                raise OrderError("An anonymous order has no address book to save to.", field="save_to_address_book")
            # Through the customer's own operation, so their History records it.
            try:
                address_add(change.order.customer, user=user, version=None, label="From " + change.order.number,
                            **values)
            except CustomerError as error:
                raise OrderError(error.message, field=error.field or "save_to_address_book") from None
        change.note("Address changed", f"{shipment_name(change.order, shipment)}: {old} -> {shipment.address.one_line()}",
                    action="address_changed")
    return order


def _shipping_method_for(order: OrderGroup, shipping_method_id) -> ShippingMethod:
    try:
        return ShippingMethod.objects.get(pk=int(shipping_method_id), market=order.market, currency=order.currency,
                                          active=True)
    except (ShippingMethod.DoesNotExist, TypeError, ValueError):
        raise OrderError(
            f"Choose a shipping method offered in {order.market.name} in {order.currency}.", field="shipping_method"
        ) from None


def shipment_set_shipping_method(order: OrderGroup, *, user, version: int, shipment_id, shipping_method_id) -> OrderGroup:
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        shipment = _editable_shipment(change.order, shipment_id)
        method = _shipping_method_for(change.order, shipping_method_id)
        old = shipment.shipping_method_name or "none"
        shipment.shipping_method, shipment.shipping_method_name, shipment.shipping_cost = method, method.name, method.price
        shipment.save(update_fields=["shipping_method", "shipping_method_name", "shipping_cost"])
        change.note("Shipping method changed", f"{shipment_name(change.order, shipment)}: {old} -> {method.name}",
                    action="shipping_method_changed")
    return order


def sku_for_order(order: OrderGroup, sku_code: str) -> tuple[Sku, Price]:
    """The SKU and its price in the order's market and currency, or why it cannot be sold here."""
    code = (sku_code or "").strip()
    sku = Sku.objects.filter(code__iexact=code).select_related("product").first() if code else None
    if sku is None:
        raise OrderError(f"There is no SKU {code!r}." if code else "Enter a SKU code.", field="sku")
    if not (sku.active and sku.product.active):
        raise OrderError(f"{sku.code} is no longer sold.", field="sku")
    price = Price.objects.filter(sku=sku, market=order.market, currency=order.currency).first()
    if price is None:
        raise OrderError(f"{sku.code} is not sold in {order.market.name} in {order.currency}.", field="sku")
    return sku, price


def _first_shipment(order: OrderGroup) -> Shipment:
    shipment = Shipment.objects.filter(order_form__order_group=order).order_by("id").first()
    if shipment is None:
        form = OrderForm.objects.filter(order_group=order).order_by("id").first() or OrderForm.objects.create(order_group=order)
        shipment = Shipment.objects.create(order_form=form, of_purchase_order=order.is_purchase_order,
                                           market_id=order.market_id)
    return shipment


def line_item_add(order: OrderGroup, *, user, version: int, sku_code: str, quantity: int,
                  shipment_id: int | None = None) -> OrderGroup:
    """Add a SKU at the market's current price; a SKU already in the shipment gets more quantity."""
    _check_quantity(quantity)
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        sku, price = sku_for_order(change.order, sku_code)
        shipment = (_editable_shipment(change.order, shipment_id) if shipment_id
                    else _first_shipment(change.order))
        if not contents_editable(change.order, shipment):
            raise OrderError(f"{shipment_name(change.order, shipment)} has been released: add the item to another shipment.",
                             field="shipment")
        line = shipment.line_items.filter(sku=sku, placed_price=price.amount).first()
        if line:
            line.quantity = _check_quantity(line.quantity + quantity)
            line.save(update_fields=["quantity"])
        else:
            line = LineItem.objects.create(shipment=shipment, sku=sku, sku_code=sku.code, display_name=sku.name,
                                           quantity=quantity, placed_price=price.amount, list_price=price.amount)
        if shipment.status == ShipmentStatus.INVENTORY_ASSIGNED:
            added = LineItem(sku=sku, sku_code=sku.code, quantity=quantity)
            stock.reserve([added], shipment.warehouse)
        change.note("Line added", f"{quantity} x {sku.code} {sku.name} at {price.amount} {change.order.currency} "
                    f"to {shipment_name(change.order, shipment)}", action="line_added")
    return order


def _change_reservation(shipment: Shipment, line: LineItem, delta: int) -> None:
    if shipment.status != ShipmentStatus.INVENTORY_ASSIGNED or delta == 0:
        return
    moved = LineItem(sku_id=line.sku_id, sku_code=line.sku_code, quantity=abs(delta))
    (stock.reserve if delta > 0 else stock.release)([moved], shipment.warehouse)


def line_item_set_quantity(order: OrderGroup, *, user, version: int, line_item_id: int, quantity: int) -> OrderGroup:
    _check_quantity(quantity)
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        line = _editable_line(change.order, line_item_id)
        old = line.quantity
        _change_reservation(line.shipment, line, quantity - old)
        line.quantity = quantity
        line.save(update_fields=["quantity"])
        change.note("Quantity changed", f"{line.sku_code} in {shipment_name(change.order, line.shipment)}: {old} -> {quantity}",
                    action="quantity_changed")
    return order


def line_item_remove(order: OrderGroup, *, user, version: int, line_item_id) -> OrderGroup:
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        line = _editable_line(change.order, line_item_id)
        _change_reservation(line.shipment, line, -line.quantity)
        where = shipment_name(change.order, line.shipment)
        line.delete()
        change.note("Line removed", f"{line.quantity} x {line.sku_code} {line.display_name} from {where}",
                    action="line_removed")
    return order


def line_item_move(order: OrderGroup, *, user, version: int, line_item_id: int, quantity: int,
                   to_shipment_id: int | None = None, address: dict | None = None,
                   shipping_method_id: int | None = None) -> OrderGroup:
    """Move a line, or part of its quantity, to another shipment or to a new one (a split shipment).

    A shipment left without items is removed (its address snapshot stays on the order for the
    history), so no empty shipment goes on charging shipping.
    """
    _check_quantity(quantity)
    with changing(order, user=user, version=version, action=Action.EDIT) as change:
        line = _editable_line(change.order, line_item_id)
        source = line.shipment
        from_name = shipment_name(change.order, source)
        if quantity > line.quantity:
            raise OrderError(f"The line has {line.quantity}; at most that many can move.", field="quantity")
        if to_shipment_id:
            target = _editable_shipment(change.order, to_shipment_id, field="to_shipment")
            if target.pk == line.shipment_id:
                raise OrderError("Choose a different shipment to move the items to.", field="to_shipment")
        else:
            target = Shipment(order_form_id=line.shipment.order_form_id, of_purchase_order=change.order.is_purchase_order,
                              market_id=change.order.market_id)
            if address:
                target.address = OrderAddress.objects.create(
                    order_group=change.order, name="Shipping", **_clean_address(address, change.order.market))
            if shipping_method_id:
                method = _shipping_method_for(change.order, shipping_method_id)
                target.shipping_method, target.shipping_method_name, target.shipping_cost = method, method.name, method.price
            target.save()
        _change_reservation(line.shipment, line, -quantity)
        _change_reservation(target, line, quantity)
        whole = quantity == line.quantity
        existing = target.line_items.filter(sku_id=line.sku_id, placed_price=line.placed_price).first()
        if existing:
            existing.quantity += quantity
            existing.save(update_fields=["quantity"])
            if whole:
                # The line's own discounts follow its items.
                Discount.objects.filter(line_item=line).update(line_item=existing)
        elif whole:
            LineItem.objects.filter(pk=line.pk).update(shipment=target)
        else:
            LineItem.objects.create(shipment=target, sku_id=line.sku_id, sku_code=line.sku_code,
                                    display_name=line.display_name, quantity=quantity,
                                    placed_price=line.placed_price, list_price=line.list_price)
        if whole and existing:
            line.delete()
        elif not whole:
            line.quantity -= quantity
            line.save(update_fields=["quantity"])
        to_name = shipment_name(change.order, target) + ("" if to_shipment_id else " (new)")
        change.note("Line moved", f"{quantity} x {line.sku_code}: {from_name} -> {to_name}", action="line_moved")
        if whole and not source.line_items.exists():
            _remove_emptied(change, source, from_name)
    return order


def _remove_emptied(change, shipment: Shipment, name: str) -> None:
    """Take away a shipment the last items moved out of, saying what it was and what it no longer charges."""
    where = shipment.address.one_line() if shipment.address_id else "no address"
    method = shipment.shipping_method_name or "no shipping method"
    dropped = [str(discount) for discount in Discount.objects.filter(shipment=shipment)]
    shipment.delete()  # its shipping discounts go with it; the address snapshot stays on the order
    detail = (f"{name} ({where}; {method}, {shipment.shipping_cost} {change.order.currency}) had no items left "
              "and was removed: its shipping is no longer charged.")
    if dropped:
        detail += " Removed with it: " + ", ".join(dropped) + "."
    change.note("Shipment removed", detail, action="shipment_removed")


def cart_update_prices(order: OrderGroup, *, user, version: int) -> OrderGroup:
    """Bring a cart to today's prices now (every change to a cart does it too)."""
    if not order.is_cart:
        raise OrderError(f"{order.number} keeps the prices it was placed at.")
    with changing(order, user=user, version=version, action=Action.EDIT):
        pass
    return order
