"""Hold, release, cancel, and the movement of shipments through fulfilment."""
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from csrportal.money import ZERO
from orders import gateway, numbers
from orders.models import (
    OrderGroup,
    OrderStatus,
    Payment,
    PaymentStatus,
    PickList,
    Shipment,
    ShipmentStatus,
    TransactionType,
)
from orders.operations import stock
from orders.operations.base import Action, OrderError, changing, get_owned, recalculate, refusal, shipment_name


@dataclass(frozen=True)
class Move:
    """One allowed move of a shipment through fulfilment (docs/domain.md §3), and its words."""

    name: str  # what shipment_move() and the admin's action call it
    sources: frozenset  # the shipment statuses it may start from
    target: str  # the status it ends in
    label: str  # the button that offers it
    bulk_label: str  # the action that runs it on chosen shipments
    note: str  # the title of its System note
    refused_as: str  # "... cannot <refused_as> now"
    done: str  # what is reported once it has run
    needs_tracking_number: bool = False


# The shipment transition table: every move a shipment can make, and nothing else.
SHIPMENT_MOVES = {move.name: move for move in (
    Move("assign_inventory", frozenset({ShipmentStatus.AWAITING_INVENTORY}), ShipmentStatus.INVENTORY_ASSIGNED,
         label="Assign inventory", bulk_label="Assign inventory to the selected shipments",
         note="Inventory assigned", refused_as="have inventory assigned", done="Inventory assigned"),
    Move("release", frozenset({ShipmentStatus.INVENTORY_ASSIGNED}), ShipmentStatus.RELEASED,
         label="Release", bulk_label="Release the selected shipments to the warehouse",
         note="Shipment released", refused_as="be released", done="Released to the warehouse"),
    Move("pack", frozenset({ShipmentStatus.RELEASED}), ShipmentStatus.PACKING,
         label="Add to pick list", bulk_label="Add the selected shipments to a pick list",
         note="Shipment added to pick list", refused_as="be added to a pick list", done="Added to a pick list"),
    Move("unpack", frozenset({ShipmentStatus.PACKING}), ShipmentStatus.RELEASED,
         label="Back to Released", bulk_label="Take the selected shipments off the pick list",
         note="Shipment taken off pick list", refused_as="be taken off the pick list", done="Taken off the pick list"),
    Move("ship", frozenset({ShipmentStatus.PACKING}), ShipmentStatus.SHIPPED,
         label="Ship", bulk_label="Ship the selected shipments",
         note="Shipment shipped", refused_as="be shipped", done="Shipped", needs_tracking_number=True),
    Move("cancel", frozenset(set(ShipmentStatus) - ShipmentStatus.final()), ShipmentStatus.CANCELLED,
         label="Cancel shipment", bulk_label="Cancel the selected shipments",
         note="Shipment cancelled", refused_as="be cancelled", done="Cancelled"),
)}


def allowed_moves(order: OrderGroup, shipment: Shipment) -> list[Move]:
    """The moves the shipment can make now, as shipment_move() decides them: its order takes
    fulfilment (refusal(order, Action.FULFIL)) and its status is one the move starts from."""
    if refusal(order, Action.FULFIL):
        return []
    return [move for move in SHIPMENT_MOVES.values() if shipment.status in move.sources]


HOLDS_STOCK = {ShipmentStatus.INVENTORY_ASSIGNED, ShipmentStatus.RELEASED, ShipmentStatus.PACKING}


def _shipments(order: OrderGroup) -> list[Shipment]:
    return list(Shipment.objects.filter(order_form__order_group=order).select_related("warehouse").order_by("id"))


def _holds_stock(shipment: Shipment) -> bool:
    status = shipment.previous_status if shipment.status == ShipmentStatus.ON_HOLD else shipment.status
    return status in HOLDS_STOCK


def order_hold(order: OrderGroup, *, user, version: int) -> OrderGroup:
    with changing(order, user=user, version=version, action=Action.HOLD) as change:
        held = [shipment for shipment in _shipments(change.order) if shipment.status not in ShipmentStatus.final()]
        for shipment in held:
            shipment.previous_status, shipment.status = shipment.status, ShipmentStatus.ON_HOLD
        Shipment.objects.bulk_update(held, ["status", "previous_status"])
        change.order.status = OrderStatus.ON_HOLD
        change.note("Order held", f"In Progress -> On Hold; {len(held)} shipment(s) held", action="held")
    return order


def order_release_hold(order: OrderGroup, *, user, version: int) -> OrderGroup:
    with changing(order, user=user, version=version, action=Action.RELEASE_HOLD) as change:
        held = [shipment for shipment in _shipments(change.order) if shipment.status == ShipmentStatus.ON_HOLD]
        for shipment in held:
            shipment.status, shipment.previous_status = shipment.previous_status or ShipmentStatus.AWAITING_INVENTORY, ""
        Shipment.objects.bulk_update(held, ["status", "previous_status"])
        change.order.status = OrderStatus.IN_PROGRESS
        change.note("Hold released", "On Hold -> In Progress", action="released")
    return order


def order_cancel(order: OrderGroup, *, user, version: int, reason: str) -> OrderGroup:
    reason = (reason or "").strip()
    if not reason:
        raise OrderError("Say why the order is cancelled.", field="reason")
    with changing(order, user=user, version=version, action=Action.CANCEL) as change:
        shipments = _shipments(change.order)
        if any(shipment.status == ShipmentStatus.SHIPPED for shipment in shipments):
            raise OrderError(f"{order.number} has shipped goods: it cannot be cancelled; create a return instead.")
        for shipment in shipments:
            if _holds_stock(shipment):
                stock.release(list(shipment.line_items.all()), shipment.warehouse)
            if shipment.status != ShipmentStatus.CANCELLED:
                shipment.status, shipment.previous_status = ShipmentStatus.CANCELLED, ""
        Shipment.objects.bulk_update(shipments, ["status", "previous_status"])
        voided = _void_authorizations(change.order, user)
        old = change.order.get_status_display()
        change.order.status = OrderStatus.CANCELLED
        change.order.cancel_reason = reason
        detail = f"{old} -> Cancelled. Reason: {reason}"
        if voided:
            detail += f". Authorizations voided: {voided} {change.order.currency}"
        change.note("Order cancelled", detail, action="cancelled")
    return order


def uncaptured_by_form(order: OrderGroup) -> dict[int, Decimal]:
    """Per order form: what is authorized and neither captured nor voided yet."""
    left: dict[int, Decimal] = {}
    sign = {TransactionType.AUTHORIZATION: 1, TransactionType.CAPTURE: -1, TransactionType.VOID: -1}
    for payment in Payment.objects.filter(order_form__order_group=order, status=PaymentStatus.PROCESSED,
                                          transaction_type__in=sign):
        left[payment.order_form_id] = left.get(payment.order_form_id, ZERO) + sign[payment.transaction_type] * payment.amount
    return left


def _void_authorizations(order: OrderGroup, user) -> Decimal:
    voids = [
        Payment(order_form_id=form_id, method_name="Void", amount=amount, transaction_type=TransactionType.VOID,
                status=PaymentStatus.PROCESSED, created_by=user)
        for form_id, amount in uncaptured_by_form(order).items() if amount > 0
    ]
    Payment.objects.bulk_create(voids)
    return sum((void.amount for void in voids), ZERO)


def derive_status(order: OrderGroup, shipments) -> str:
    """The order's status as its shipments make it (docs/domain.md §3), else the status stands:

    - some Shipped and some still active: Partially Shipped;
    - all Shipped or Cancelled, at least one Shipped: Completed;
    - all Cancelled (the last open shipment cancelled, nothing shipped): Cancelled, as if the order
      had been cancelled (shipment_move then voids what is left authorized, as order_cancel does).
    """
    statuses = {shipment.status for shipment in shipments}
    if statuses == {ShipmentStatus.CANCELLED} and order.status != OrderStatus.CANCELLED:
        return OrderStatus.CANCELLED
    if ShipmentStatus.SHIPPED not in statuses:
        return order.status
    return OrderStatus.COMPLETED if statuses <= ShipmentStatus.final() else OrderStatus.PARTIALLY_SHIPPED


TRACKING_NUMBER = re.compile(r"[A-Za-z0-9 -]+")
TRACKING_NUMBER_LENGTH = (6, 40)


def clean_tracking_number(text: str) -> str:
    """A carrier's tracking number as typed -> as kept: upper case, without spaces ("1z 999 aa1" ->
    "1Z999AA1"). 6 to 40 letters, digits and hyphens; anything else is refused (OrderError on
    "tracking_number")."""
    text = (text or "").strip()
    if not text:
        raise OrderError("A shipment needs a tracking number to ship.", field="tracking_number")
    if not TRACKING_NUMBER.fullmatch(text):
        raise OrderError("A tracking number has only letters, digits, hyphens and spaces.", field="tracking_number")
    number = text.replace(" ", "").upper()
    shortest, longest = TRACKING_NUMBER_LENGTH
    if not shortest <= len(number) <= longest:
        raise OrderError(f"A tracking number has {shortest} to {longest} letters and digits; "
                         f"this one has {len(number)}.", field="tracking_number")
    return number


def shipment_move(order: OrderGroup, *, user, version: int, shipment_id, move: str, tracking_number: str = "",
                  reason: str = "", pick_list: PickList | None = None) -> OrderGroup:
    """Move one shipment a step through fulfilment: one of SHIPMENT_MOVES (assign inventory,
    release, pack, unpack, ship, cancel).

    Ship needs a tracking number (clean_tracking_number) and captures the shipment's share of its
    form's authorizations through the gateway (_capture_for); a declined capture refuses the move
    and nothing of it is kept. Cancel needs a reason, releases the shipment's stock and voids its
    share of what its form still has authorized (_void_share). The order's status follows
    (derive_status).

    Packing puts the shipment on `pick_list` (one of its warehouse's); without one (the order
    page's single "Add to pick list") on a new pick list of its own. Unpacking takes it off its
    pick list; shipping keeps it there, as the pick list's record."""
    if move not in SHIPMENT_MOVES:
        raise OrderError(f"Unknown shipment action {move!r}.", field="move")
    step = SHIPMENT_MOVES[move]
    if step.needs_tracking_number:
        tracking_number = clean_tracking_number(tracking_number)
    else:
        tracking_number = ""
    reason = (reason or "").strip()
    if move == "cancel" and not reason:
        raise OrderError("Say why the shipment is cancelled.", field="reason")
    with changing(order, user=user, version=version, action=Action.FULFIL) as change:
        shipment = get_owned(Shipment, change.order, shipment_id, field="shipment", label="shipment")
        name = shipment_name(change.order, shipment)
        if shipment.status not in step.sources:
            raise OrderError(
                f"{order.number}: {name} is {shipment.get_status_display()} and cannot {step.refused_as} now.")
        lines = list(shipment.line_items.all())
        if not lines and move != "cancel":
            raise OrderError(f"{order.number}: {name} has no line items.")
        old = shipment.get_status_display()
        if move == "assign_inventory":
            shipment.warehouse = stock.choose_warehouse(shipment, change.order.market)
            stock.reserve(lines, shipment.warehouse)
        elif move == "pack":
            shipment.pick_list = _pick_list_for(change.order, shipment, name, pick_list, user)
        elif move == "unpack":
            shipment.pick_list = None
        elif move == "cancel" and _holds_stock(shipment):
            stock.release(lines, shipment.warehouse)
        elif move == "ship":
            stock.release(lines, shipment.warehouse, shipped=True)
            shipment.tracking_number = tracking_number
            shipment.shipped_at = timezone.now()
        shipment.status = step.target
        shipment.save()
        detail = f"{name}: {old} -> {shipment.get_status_display()}"
        if move == "ship":
            captured = _capture_for(change.order, shipment, user)
            detail += f", tracking number {tracking_number}"
            if captured:
                detail += f". Captured {captured} {change.order.currency}"
        elif move == "pack":
            detail += f", pick list {shipment.pick_list.number}"
        elif move == "cancel":
            detail += f". Reason: {reason}"
            voided = _void_share(change.order, shipment, user)
            if voided:
                detail += f". Voided {voided} {change.order.currency} of the authorization"
        shipments = _shipments(change.order)
        new_status = derive_status(change.order, shipments)
        change.note(step.note, detail, action=f"shipment_{move}")
        if new_status != change.order.status:
            status_detail = f"{change.order.get_status_display()} -> {OrderStatus(new_status).label}"
            if new_status == OrderStatus.CANCELLED:
                # Every shipment is cancelled: the order is, with the last one's reason, and owes nothing.
                change.order.cancel_reason = reason
                rest = _void_authorizations(change.order, user)
                status_detail += ": every shipment is cancelled"
                if rest:
                    status_detail += f". Authorizations voided: {rest} {change.order.currency}"
            change.note("Status changed", status_detail, action="status")
            change.order.status = new_status
    return order


def _pick_list_for(order: OrderGroup, shipment: Shipment, name: str, pick_list: PickList | None, user) -> PickList:
    """The pick list a shipment is packed on: the one given, if it is for the shipment's
    warehouse, else a new one of its own."""
    if shipment.warehouse_id is None:
        raise OrderError(f"{order.number}: {name} has no warehouse, so it cannot be added to a pick list.")
    if pick_list is None:
        return PickList.objects.create(number=numbers.next_number(numbers.PICK_LIST), warehouse=shipment.warehouse,
                                       created_by=user if getattr(user, "pk", None) else None)
    if pick_list.warehouse_id != shipment.warehouse_id:
        raise OrderError(f"{order.number}: {name} is at {shipment.warehouse.name}, and pick list {pick_list.number} "
                         "is for another warehouse.", field="pick_list")
    return pick_list


def _open_authorizations(order_form_id: int) -> list[tuple[Payment, Decimal]]:
    """The form's processed authorizations with what each still holds, oldest first: what was
    captured or voided (Capture and Void payments record no authorization) is taken from the oldest."""
    payments = list(Payment.objects.filter(order_form_id=order_form_id, status=PaymentStatus.PROCESSED,
                                           transaction_type__in=(TransactionType.AUTHORIZATION, TransactionType.CAPTURE,
                                                                 TransactionType.VOID)).order_by("id"))
    used = sum((payment.amount for payment in payments if payment.transaction_type != TransactionType.AUTHORIZATION), ZERO)
    held = []
    for payment in payments:
        if payment.transaction_type != TransactionType.AUTHORIZATION:
            continue
        taken = min(used, payment.amount)
        used -= taken
        if payment.amount - taken > 0:
            held.append((payment, payment.amount - taken))
    return held


def _capture_for(order: OrderGroup, shipment: Shipment, user) -> Decimal:
    """Shipping takes the money for the shipment (its total, at most what its form still holds
    authorized) from its form's authorizations, oldest first, each capture through the gateway.
    A declined capture is an OrderError ("Capture failed: ..."): the caller's transaction rolls
    back and nothing ships. Sales (phone payments) are taken already: nothing to capture.
    Returns the amount captured."""
    totals = recalculate(order)
    due = min(totals.shipments[shipment.pk].total, uncaptured_by_form(order).get(shipment.order_form_id, ZERO))
    captured = ZERO
    for authorization, held in _open_authorizations(shipment.order_form_id):
        if due <= 0:
            break
        amount = min(due, held)
        reference = ""
        if authorization.reference:  # a card's: the gateway holds it (an invoice's is ours alone)
            result = gateway.capture(amount, authorization.reference)
            if not result.approved:
                raise OrderError(f"Capture failed: {result.message}", field="capture")
            reference = result.reference
        Payment.objects.create(order_form_id=shipment.order_form_id, method_id=authorization.method_id,
                               method_name=authorization.method_name or "Capture", amount=amount,
                               transaction_type=TransactionType.CAPTURE, status=PaymentStatus.PROCESSED,
                               reference=reference, created_by=user)
        due -= amount
        captured += amount
    return captured


def _void_share(order: OrderGroup, shipment: Shipment, user) -> Decimal:
    """A cancelled shipment gives back its share of the authorization: its total, at most what its
    form still has authorized and uncaptured, as a Void payment. Returns the amount voided."""
    totals = recalculate(order)
    amount = min(totals.shipments[shipment.pk].total, uncaptured_by_form(order).get(shipment.order_form_id, ZERO))
    if amount <= 0:
        return ZERO
    Payment.objects.create(order_form_id=shipment.order_form_id, method_name="Void", amount=amount,
                           transaction_type=TransactionType.VOID, status=PaymentStatus.PROCESSED, created_by=user)
    return amount
