"""Pick lists, and moving many shipments at once (the Shipments tab's bulk actions).

Each shipment still moves through shipment_move(), inside its order's changing(): the lock, the
version check (each order as it is now: the CSR chose shipments, not versions), the status rule
and the System note are the same as on the order page.

- pick_list_create(): every chosen shipment Released and in one warehouse, or nothing is written
  (one outer transaction): a pick list is one walk through one warehouse.
- shipments_release(): each shipment on its own; one refusal never undoes the others.
"""
from dataclasses import dataclass, field

from django.db import transaction

from orders import numbers
from orders.models import Kind, OrderGroup, PickList, Shipment, shipment_numbers
from orders.operations.base import OrderError
from orders.operations.status import SHIPMENT_MOVES, shipment_move

# More than a page of the Shipments tab can hold; a guard against a forged request of thousands.
MAX_SHIPMENTS = 500


class PickingError(OrderError):
    """Refused as a whole: `refusals` says, shipment by shipment, why."""

    def __init__(self, message: str, refusals: list[str] | None = None):
        super().__init__(message, field="shipment")
        self.refusals = refusals or []


@dataclass
class BulkResult:
    """What a bulk move did: one line per shipment, done or refused with its reason."""

    done: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Chosen:
    shipment: Shipment
    order: OrderGroup
    name: str  # "PO10042 shipment 2"


def clean_ids(shipment_ids) -> list[int]:
    """The ids as whole numbers, once each, in the order given; a malformed one is refused."""
    ids: list[int] = []
    for raw in shipment_ids:
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            raise PickingError(f"{str(raw)[:30]!r} is not a shipment.") from None
        if value <= 0 or value > 2**62:
            raise PickingError(f"{value} is not a shipment.")
        if value not in ids:
            ids.append(value)
    if not ids:
        raise PickingError("Choose at least one shipment.")
    if len(ids) > MAX_SHIPMENTS:
        raise PickingError(f"Choose at most {MAX_SHIPMENTS} shipments at once; {len(ids)} were chosen.")
    return ids


def chosen_shipments(shipment_ids) -> list[Chosen]:
    """The purchase orders' shipments with these ids, each with its order and its name as the order
    page gives it; an id that is not one of them is refused by number (nothing is written)."""
    ids = clean_ids(shipment_ids)
    shipments = {shipment.pk: shipment for shipment in Shipment.objects.filter(
        pk__in=ids, order_form__order_group__kind=Kind.PURCHASE_ORDER).select_related("warehouse", "order_form__order_group")}
    missing = [str(pk) for pk in ids if pk not in shipments]
    if missing:
        raise PickingError(f"No such shipment: {', '.join(missing)}. The list may be out of date; reload it.")
    orders = {shipment.order_form.order_group_id: shipment.order_form.order_group for shipment in shipments.values()}
    siblings = Shipment.objects.filter(order_form__order_group__in=list(orders)).values_list("pk", "order_form_id",
                                                                                              "order_form__order_group_id")
    by_order: dict[int, list] = {}
    for pk, form_id, order_id in siblings:
        by_order.setdefault(order_id, []).append(Shipment(pk=pk, order_form_id=form_id))
    numbered = {pk: number for group in by_order.values() for pk, number in shipment_numbers(group).items()}
    chosen = []
    for pk in ids:
        shipment = shipments[pk]
        order = orders[shipment.order_form.order_group_id]  # one object per order: its version follows each move
        chosen.append(Chosen(shipment, order, f"{order.number} shipment {numbered[pk]}"))
    return chosen


def pick_list_create(shipment_ids, *, user) -> PickList:
    """A new pick list (PL10001) of the chosen shipments, each moved Released -> Packing onto it.

    All of them must be Released and in one warehouse; otherwise nothing is written and the
    PickingError lists each shipment that stands in the way."""
    chosen = chosen_shipments(shipment_ids)
    step = SHIPMENT_MOVES["pack"]
    refusals = [f"{item.name} is {item.shipment.get_status_display()} and cannot {step.refused_as} now."
                for item in chosen if item.shipment.status not in step.sources]
    if refusals:
        raise PickingError("No pick list was created: only Released shipments can be added to one.", refusals)
    warehouses: dict[int | None, list[Chosen]] = {}
    for item in chosen:
        warehouses.setdefault(item.shipment.warehouse_id, []).append(item)
    if None in warehouses:
        raise PickingError("No pick list was created: these shipments have no warehouse.",
                           [f"{item.name} has no warehouse." for item in warehouses[None]])
    if len(warehouses) > 1:
        raise PickingError(
            "No pick list was created: a pick list is for one warehouse, and these shipments are in "
            f"{len(warehouses)}. Choose the shipments of one warehouse.",
            [f"{items[0].shipment.warehouse.name}: {', '.join(item.name for item in items)}"
             for items in warehouses.values()])
    warehouse = chosen[0].shipment.warehouse
    refusals = []
    with transaction.atomic():
        pick_list = PickList.objects.create(number=numbers.next_number(numbers.PICK_LIST), warehouse=warehouse,
                                            created_by=user if getattr(user, "pk", None) else None)
        # Orders locked in id order, so that two CSRs picking overlapping orders cannot deadlock.
        for item in sorted(chosen, key=lambda item: (item.order.pk, item.shipment.pk)):
            try:
                shipment_move(item.order, user=user, version=item.order.version, shipment_id=item.shipment.pk,
                              move="pack", pick_list=pick_list)
            except OrderError as error:
                refusals.append(error.message)
        if refusals:  # someone moved a shipment meanwhile: the whole pick list is undone
            raise PickingError("No pick list was created: the shipments changed meanwhile.", refusals)
    return pick_list


def shipments_release(shipment_ids, *, user) -> BulkResult:
    """Release each chosen shipment to its warehouse (Inventory Assigned -> Released), each in its
    own order's transaction: a refusal is reported and the others go ahead."""
    result = BulkResult()
    for item in chosen_shipments(shipment_ids):
        try:
            shipment_move(item.order, user=user, version=item.order.version, shipment_id=item.shipment.pk,
                          move="release")
        except OrderError as error:
            result.refused.append(error.message)
        else:
            result.done.append(f"{item.name}: released.")
    return result
