"""What every operation on an order shares: the status rules, the lock and version check,
recalculation, and the System note.

An operation runs as

    with changing(order, user=user, version=version, action=Action.HOLD) as change:
        ...                      # work on change.order, which is locked
        change.note("Order held")

and either all of it is written (contents, totals, a new version, the System notes) or, when a
rule refuses it, nothing is. An order made in the same transaction gets its contents and first
System note the same way through creating(). Change.note() is the only way a System note is
written: the history is what changing() and creating() record.

Whether an order's contents, or a shipment's, can be changed now is answered by one function,
contents_editable(): the operations refuse by it, the order page draws its edit controls by it and
the admin shows it.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from csrportal.auth import changed_since_opened
from orders.calculator import Totals, calculate
from orders.customer_figures import refresh_customer_figures
from orders.models import (
    Discount,
    LineItem,
    Note,
    NoteKind,
    OrderGroup,
    OrderStatus,
    Payment,
    Shipment,
    ShipmentStatus,
    shipment_numbers,
)
from orders.operations.pricing import reprice


class OrderError(Exception):
    """An operation was refused. The message is written for the CSR; `field` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleOrder(OrderError):
    """Someone changed the order after the caller loaded it; nothing was written."""

    def __init__(self, order: OrderGroup):
        super().__init__(changed_since_opened(order, name=order.number, opened="it", reload="the order"))
        self.changed_by = order.modified_by
        self.changed_at = order.modified


class Action(models.TextChoices):
    HOLD = "hold", "Hold"
    RELEASE_HOLD = "release_hold", "Release hold"
    CANCEL = "cancel", "Cancel"
    EDIT = "edit", "Change the order's contents"
    FULFIL = "fulfil", "Progress a shipment"
    NOTE = "note", "Add a note"
    CONTACT = "contact", "Change the contact details"
    CONVERT = "convert", "Place as an order"
    SCHEDULE = "schedule", "Change the schedule"


S = OrderStatus
# Which purchase-order statuses allow each action (docs/domain.md §3).
PURCHASE_ORDER_RULES = {
    Action.HOLD: {S.IN_PROGRESS},
    Action.RELEASE_HOLD: {S.ON_HOLD},
    Action.CANCEL: {S.IN_PROGRESS, S.ON_HOLD},
    Action.EDIT: {S.IN_PROGRESS},
    Action.FULFIL: {S.IN_PROGRESS, S.PARTIALLY_SHIPPED},
    Action.NOTE: set(S),
    # Who to call and where to write stays correctable after the goods have gone.
    Action.CONTACT: set(S),
    Action.CONVERT: set(),  # a purchase order is placed already
    Action.SCHEDULE: set(),  # only a subscription has a schedule
}
# Carts and subscriptions have no status: their contents can always change.
OTHER_KIND_ACTIONS = {Action.EDIT, Action.NOTE, Action.CONTACT}
CART_ACTIONS = OTHER_KIND_ACTIONS | {Action.CONVERT}
SUBSCRIPTION_ACTIONS = OTHER_KIND_ACTIONS | {Action.SCHEDULE}
# A purchase order's shipment takes changes to its contents only before it is released to the
# warehouse (docs/domain.md §3); held or cancelled, it takes none. Read it through contents_editable().
SHIPMENT_STATUSES_EDITABLE = frozenset({ShipmentStatus.AWAITING_INVENTORY, ShipmentStatus.INVENTORY_ASSIGNED})


def refusal(order: OrderGroup, action: Action) -> str | None:
    """Why the action is not allowed on the order now, or None when it is."""
    if action == Action.SCHEDULE and not order.is_subscription:
        return f"Only subscriptions have a schedule; {order.number} is a {order.get_kind_display().lower()}."
    if order.is_subscription and order.cancel_reason and action in (Action.EDIT, Action.SCHEDULE):
        # A cancelled subscription places nothing more (subscriptions.operations.subscription_cancel): final.
        return f"{order.number} is cancelled: it cannot be changed any more."
    if not order.is_purchase_order:
        if action in (CART_ACTIONS if order.is_cart else SUBSCRIPTION_ACTIONS):
            return None
        return f"Only purchase orders can {action.label.lower()}; {order.number} is a {order.get_kind_display().lower()}."
    if order.status in PURCHASE_ORDER_RULES[action]:
        return None
    if action == Action.EDIT:
        return (
            f"{order.number} is {order.get_status_display()}: its contents can be changed only while it is In Progress."
        )
    return f"{order.number} is {order.get_status_display()}: it cannot be {_past(action)} now."


def _past(action: Action) -> str:
    return {
        Action.HOLD: "put on hold",
        Action.RELEASE_HOLD: "released from hold",
        Action.CANCEL: "cancelled",
        Action.FULFIL: "fulfilled",
    }.get(action, "changed")


def allowed_actions(order: OrderGroup) -> set[Action]:
    """What the UI may offer for this order now."""
    return {action for action in Action if refusal(order, action) is None}


def contents_editable(order: OrderGroup, shipment: Shipment | None = None) -> bool:
    """Is the order's contents editable now, or, given one of its shipments, that shipment's?

    The one answer to the question (docs/domain.md §3): a purchase order's contents change only
    while it is In Progress (Action.EDIT in PURCHASE_ORDER_RULES; refusal() says why not), a cart's
    and a subscription's always; and a purchase order's shipment only before it is released
    (SHIPMENT_STATUSES_EDITABLE). The operations refuse by it, the order page draws its edit
    controls by it, and the admin shows it.
    """
    if refusal(order, Action.EDIT) is not None:
        return False
    return shipment is None or not order.is_purchase_order or shipment.status in SHIPMENT_STATUSES_EDITABLE


@dataclass
class Change:
    order: OrderGroup
    user: object
    notes: list = field(default_factory=list)

    def note(self, title: str, detail: str = "", *, action: str = "") -> None:
        """A System note of this change, written with it (and not at all if the change is refused)."""
        self.notes.append(
            Note(order_group=self.order, kind=NoteKind.SYSTEM, action=action, title=title, detail=detail,
                 author=self.user if getattr(self.user, "pk", None) else None)
        )

    def _write_notes(self) -> None:
        Note.objects.bulk_create(self.notes)


@contextmanager
def changing(order: OrderGroup, *, user, version: int | None, action: Action):
    """Lock the order, check the caller's version and the status rule, then save the change whole.

    `version` is the one the caller showed or read: a change made from an older one is refused
    (StaleOrder). None is for a job that shows nobody anything and works on the order as it finds
    it under the lock (the recurring subscription job).
    """
    with transaction.atomic():
        locked = OrderGroup.objects.select_for_update().select_related("market").get(pk=order.pk)
        if version is not None and locked.version != version:
            # Re-read with who changed it, still inside the lock.
            locked_with_user = OrderGroup.objects.select_related("modified_by").get(pk=order.pk)
            raise StaleOrder(locked_with_user)
        reason = refusal(locked, action)
        if reason:
            raise OrderError(reason)
        # Whose figures (orders.customer_figures) this change may move: the customer before it too,
        # should it give the order to someone else.
        customer_before = locked.customer_id if locked.is_purchase_order else None
        change = Change(order=locked, user=user)
        yield change
        if locked.is_cart:
            moved = reprice(locked)
            if moved:
                change.note("Prices updated", "Now at today's price: " + ", ".join(moved), action="repriced")
        recalculate(locked, keep_released_prices=action == Action.EDIT)
        locked.version += 1
        locked.modified = timezone.now()
        locked.modified_by = user if getattr(user, "pk", None) else None
        locked.save()
        change._write_notes()
        if locked.is_purchase_order or customer_before:
            refresh_customer_figures([customer_before, locked.customer_id if locked.is_purchase_order else None])
    # Callers keep working with the object they passed in; bring it up to date (no query: the
    # locked copy holds what was just saved).
    for model_field in OrderGroup._meta.concrete_fields:
        setattr(order, model_field.attname, getattr(locked, model_field.attname))


@contextmanager
def creating(order: OrderGroup, *, user):
    """For an order saved in this same transaction: give it its contents, then its totals from the
    calculator and its first System note, as changing() does for a change.

    Nobody else can see the order before the transaction commits, so there is nothing to lock and
    no version to check; it stays at its first version.
    """
    with transaction.atomic():
        change = Change(order=order, user=user)
        yield change
        recalculate(order)
        order.save()
        change._write_notes()
        if order.is_purchase_order:
            refresh_customer_figures([order.customer_id])


def recalculate(order: OrderGroup, *, keep_released_prices: bool = False):
    """Run the calculator over the order as stored and write every cached amount back.

    With `keep_released_prices`, a change that would move the price of a line or the shipping of
    a shipment already released, packed or shipped is refused (docs/domain.md §3: a shipment's
    contents change only before release). That covers the ways a change reaches such a line: a
    discount or coupon on it or on the whole order (spread over every line), a shipping discount,
    and a quantity elsewhere that shifts an order discount's shares.
    """
    totals, rows = _calculated(order)
    if keep_released_prices:
        (shipments, before_shipments), (lines, before_lines) = rows[Shipment], rows[LineItem]
        _refuse_released_price_changes(order, shipments, lines, before_lines, before_shipments)
    totals.write_to(order)
    for model, (objects, before) in rows.items():
        _save_changed(objects, before, CACHED_ROW_FIELDS[model])
    return totals


def stale_amounts(order: OrderGroup) -> list[str]:
    """Every cached amount of the stored order that differs from what the calculator gives now
    (what recalculate would write), described; [] when all agree. Writes nothing."""
    totals, rows = _calculated(order)
    problems = [
        f"{order.number}: {name} is {getattr(order, name)!r}, the calculator gives {getattr(totals, name)!r}"
        for name in Totals.CACHED_FIELDS if getattr(order, name) != getattr(totals, name)
    ]
    for model, (objects, before) in rows.items():
        for obj, old in zip(objects, before, strict=True):
            for name, value in zip(CACHED_ROW_FIELDS[model], old, strict=True):
                if value != getattr(obj, name):
                    problems.append(f"{order.number}: {model.__name__} {obj.pk} {name} is {value!r}, "
                                    f"the calculator gives {getattr(obj, name)!r}")
    return problems


# What the calculator writes below the order group, per model.
CACHED_ROW_FIELDS = {
    Shipment: ("shipping_discount",), LineItem: ("line_discount", "order_discount_share"), Discount: ("applied_amount",),
}


def _calculated(order: OrderGroup):
    """Run the calculator over the order as stored, saving nothing.

    Returns (totals, {model: (objects, their cached amounts as stored)}); the objects hold the
    amounts the calculator gives now.
    """
    shipments = list(Shipment.objects.filter(order_form__order_group=order).order_by("id"))
    lines = list(LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id"))
    discounts = list(Discount.objects.filter(order_group=order).order_by("id"))
    payments = list(Payment.objects.filter(order_form__order_group=order))
    rows = {model: (objects, _cached(objects, CACHED_ROW_FIELDS[model]))
            for model, objects in ((Shipment, shipments), (LineItem, lines), (Discount, discounts))}
    lines_by_shipment = {shipment.pk: [] for shipment in shipments}
    for line in lines:
        lines_by_shipment[line.shipment_id].append(line)
    totals = calculate(
        currency=order.currency,
        market=order.market,
        shipments=[(shipment, lines_by_shipment[shipment.pk]) for shipment in shipments],
        discounts=discounts,
        payments=payments,
        cancelled=order.status == OrderStatus.CANCELLED,
    )
    return totals, rows


def _refuse_released_price_changes(order, shipments, lines, before_lines, before_shipments) -> None:
    released = {shipment.pk: shipment for shipment in shipments if shipment.status in ShipmentStatus.released()}
    if not released:
        return
    moved = [(released[line.shipment_id], f"the price of {line.sku_code} in it") for line, old in zip(lines, before_lines, strict=True)
             if line.shipment_id in released and (line.line_discount, line.order_discount_share) != old]
    moved += [(shipment, "its shipping") for shipment, old in zip(shipments, before_shipments, strict=True)
              if shipment.pk in released and (shipment.shipping_discount,) != old]
    if moved:
        shipment, what = moved[0]
        name = f"Shipment {shipment_numbers(shipments)[shipment.pk]}"
        raise OrderError(
            f"{name} is {shipment.get_status_display()}: this would change {what}, and a shipment's "
            "contents change only before it is released."
        )


def _cached(objects, fields) -> list[tuple]:
    return [tuple(getattr(obj, name) for name in fields) for obj in objects]


def _save_changed(objects, before, fields) -> None:
    """Write back only the rows whose cached amounts the calculation changed."""
    changed = [obj for obj, old in zip(objects, before, strict=True) if tuple(getattr(obj, name) for name in fields) != old]
    if changed:
        type(changed[0]).objects.bulk_update(changed, fields)


def shipment_name(order: OrderGroup, shipment: Shipment) -> str:
    """"Shipment 2": the shipment as the order page names it (orders.models.shipment_numbers), for
    History and refusals; never its database id."""
    siblings = Shipment.objects.filter(order_form__order_group=order).only("pk", "order_form_id")
    return f"Shipment {shipment_numbers(siblings)[shipment.pk]}"


def get_owned(model, order: OrderGroup, pk, *, field: str, label: str, related: tuple = ()):
    """Fetch a shipment, line item, discount or form only if it belongs to this order."""
    path = {
        "Shipment": "order_form__order_group",
        "LineItem": "shipment__order_form__order_group",
        "Discount": "order_group",
        "OrderForm": "order_group",
        "Payment": "order_form__order_group",
    }[model.__name__]
    try:
        return model.objects.select_related(*related).get(pk=int(pk), **{path: order})
    except (model.DoesNotExist, TypeError, ValueError):
        raise OrderError(f"That {label} is not on {order.number}.", field=field) from None
