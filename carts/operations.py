"""Carts: opening one for a customer, and turning one into a purchase order (subscriptions.operations
turns one into a subscription, with the same checks).

A phone order is a cart the CSR fills in while on the phone ("Phone order"), then places: the
same checks and the same conversion as any cart, so the two can never drift apart.
"""
from django.db import transaction
from django.utils import timezone

from carts.models import DEFAULT_CART
from catalog.models import Price
from csrportal.money import ZERO
from orders import numbers
from orders.models import (
    Kind,
    LineItem,
    OrderAddress,
    OrderForm,
    OrderGroup,
    OrderStatus,
    Shipment,
    ShipmentStatus,
    shipment_numbers,
)
from orders.operations import stock
from orders.operations.base import Action, OrderError, changing, creating, recalculate
from orders.operations.pricing import reprice

PHONE_ORDER = "Phone order"


def cart_open(*, user, market, customer=None, name: str = DEFAULT_CART, contact: dict | None = None) -> tuple[OrderGroup, bool]:
    """The customer's open cart of that name in the market, or a new one: (cart, created).

    A new cart gets one form and one shipment to the customer's preferred shipping address.
    """
    with transaction.atomic():
        if customer is not None and name == DEFAULT_CART:
            existing = (OrderGroup.objects.select_for_update()
                        .filter(kind=Kind.CART, customer=customer, market=market, name=DEFAULT_CART).first())
            if existing:
                return existing, False
        contact = contact or {}
        # The buying organization, not the section the customer works in (the forms are per section).
        section = customer.organization if customer else None
        buyer = section.parent if section is not None and section.parent_id else section
        cart = OrderGroup.objects.create(
            kind=Kind.CART, number=numbers.next_number(numbers.CART), name=name, market=market,
            currency=market.default_currency, customer=customer,
            customer_name=customer.full_name if customer else contact.get("name", ""),
            customer_email=customer.email if customer else contact.get("email", ""),
            customer_phone=customer.phone if customer else contact.get("phone", ""),
            organization=buyer, organization_name=buyer.name if buyer else "",
            created_by=user, modified_by=user,
        )
        # Even empty, the cart's cached totals are the calculator's (its shipment summary among them).
        with creating(cart, user=user) as change:
            form = OrderForm.objects.create(order_group=cart)
            preferred = customer.addresses.filter(is_preferred_shipping=True).first() if customer else None
            address = (OrderAddress.objects.create(order_group=cart, name="Shipping", **preferred.address_values())
                       if preferred else None)
            Shipment.objects.create(order_form=form, address=address, of_purchase_order=False, market=market)
            change.note(f"{name} created", f"In {market.name} for {cart.customer_name or 'an anonymous customer'}",
                        action="created")
    return cart, True


def conversion_problems(cart: OrderGroup, *, allow_balance_due: bool, for_subscription: bool = False) -> list[str]:
    """Everything that stops the cart from becoming an order, in words a CSR can act on."""
    shipments = list(Shipment.objects.filter(order_form__order_group=cart).select_related("address").order_by("id"))
    lines = list(LineItem.objects.filter(shipment__in=shipments).select_related("sku", "sku__product"))
    problems = []
    if not lines:
        return ["Add at least one item."]
    used = [shipment for shipment in shipments if any(line.shipment_id == shipment.pk for line in lines)]
    numbers = shipment_numbers(shipments)  # as the cart's page numbers them
    for shipment in used:
        label = f"Shipment {numbers[shipment.pk]}" if len(shipments) > 1 else "The shipment"
        if shipment.address_id is None:
            problems.append(f"{label} needs an address.")
        if shipment.shipping_method_id is None:
            problems.append(f"{label} needs a shipping method.")
    priced = set(Price.objects.filter(sku__in=[line.sku_id for line in lines], market=cart.market_id,
                                      currency=cart.currency).values_list("sku_id", flat=True))
    for line in lines:
        if line.sku is None or not (line.sku.active and line.sku.product.active):
            problems.append(f"{line.sku_code} is no longer sold: remove it.")
        elif line.sku_id not in priced:
            problems.append(f"{line.sku_code} is not sold in {cart.market.name} in {cart.currency}: remove it.")
    if not for_subscription:
        problems += stock.shortfalls(cart, lines)
        if cart.balance_due > ZERO and not allow_balance_due:
            problems.append(f"Payments do not cover the total: {cart.balance_due} {cart.currency} is still due. "
                            "Take a payment, or confirm that the customer pays the balance later.")
    return problems


class ConversionRefused(OrderError):
    """The cart cannot become an order yet; `problems` lists what to fix, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems), field="convert")
        self.problems = problems


def _refuse_if_problems(problems):
    if problems:
        raise ConversionRefused(problems)


def cart_place_order(cart: OrderGroup, *, user, version: int, allow_balance_due: bool = False) -> OrderGroup:
    """Turn the cart into an In Progress purchase order: number, stock reserved, lines, addresses,
    discounts and payments carried over (the same rows), where it came from recorded; no cart is left.

    The cart row is locked and its version checked, so two CSRs converting it at once make one order.
    """
    with changing(cart, user=user, version=version, action=Action.CONVERT) as change:
        order = change.order
        # Placing the order fixes the prices: today's, with the balance they make.
        reprice(order)
        recalculate(order)
        _refuse_if_problems(conversion_problems(order, allow_balance_due=allow_balance_due))
        Shipment.objects.filter(order_form__order_group=order, line_items__isnull=True).delete()
        for shipment in Shipment.objects.filter(order_form__order_group=order).select_related("warehouse"):
            shipment.warehouse = stock.choose_warehouse(shipment, order.market)
            stock.reserve(list(shipment.line_items.all()), shipment.warehouse)
            shipment.status = ShipmentStatus.INVENTORY_ASSIGNED
            shipment.of_purchase_order = True  # the Shipments tab lists it from now on
            shipment.save(update_fields=["warehouse", "status", "of_purchase_order"])
        cart_number = order.number
        order.kind, order.status = Kind.PURCHASE_ORDER, OrderStatus.IN_PROGRESS
        order.number = numbers.next_number(numbers.PURCHASE_ORDER)
        # Where it came from: the cart, or the subscription whose cycle filled this cart.
        order.source_cart_number = "" if order.subscription_id else cart_number
        if order.name == DEFAULT_CART:
            order.name = "Purchase order"
        order.created = timezone.now()
        change.note("Order placed", f"From {cart.get_kind_display().lower()} {cart_number}; stock reserved",
                    action="created")
    return cart
