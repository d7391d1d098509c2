"""Run the one calculator over stored orders: to recalculate them, or to check their cached totals."""
from collections.abc import Iterable, Iterator

from orders.calculator import Totals, calculate
from orders.models import OrderGroup, OrderStatus

# The cached fields the calculator writes below the group.
LINE_FIELDS = ("line_discount", "order_discount_share")
SHIPMENT_FIELDS = ("shipping_discount",)
DISCOUNT_FIELDS = ("applied_amount",)


def _structure(group: OrderGroup):
    """(shipments as (shipment, lines) pairs, discounts, payments) of a group loaded with_structure()."""
    forms = list(group.forms.all())
    shipments = [(shipment, list(shipment.line_items.all())) for form in forms for shipment in form.shipments.all()]
    payments = [payment for form in forms for payment in form.payments.all()]
    return shipments, list(group.discounts.all()), payments


def _calculate(group: OrderGroup, shipments, discounts, payments) -> Totals:
    return calculate(currency=group.currency, market=group.market, shipments=shipments, discounts=discounts,
                     payments=payments, cancelled=group.status == OrderStatus.CANCELLED)


def recalculate(group: OrderGroup) -> Totals:
    """Recalculate a stored order group and save every cached amount; `group` gets the new totals too."""
    loaded = OrderGroup.objects.with_structure().get(pk=group.pk)
    shipments, discounts, payments = _structure(loaded)
    totals = _calculate(loaded, shipments, discounts, payments)
    for shipment, lines in shipments:
        shipment.save(update_fields=SHIPMENT_FIELDS)
        for line in lines:
            line.save(update_fields=LINE_FIELDS)
    for discount in discounts:
        discount.save(update_fields=DISCOUNT_FIELDS)
    totals.write_to(loaded)
    loaded.save(update_fields=Totals.CACHED_FIELDS)
    totals.write_to(group)
    return totals


def mismatches(groups: Iterable[OrderGroup] | None = None, *, batch_size: int = 500) -> Iterator[str]:
    """Describe every cached amount that differs from what the calculator gives now.

    `groups` is a queryset (default: every order group); it is read with_structure() in batches,
    so checking N orders costs a handful of queries per batch, not per order.
    """
    queryset = OrderGroup.objects.all() if groups is None else groups
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = OrderGroup.objects.with_structure().filter(pk__in=ids[start:start + batch_size]).order_by("pk")
        for group in batch:
            yield from _group_mismatches(group)


def _group_mismatches(group: OrderGroup) -> Iterator[str]:
    shipments, discounts, payments = _structure(group)
    stored = {
        id(obj): {name: getattr(obj, name) for name in names}
        for objects, names in (
            ([line for _, lines in shipments for line in lines], LINE_FIELDS),
            ([shipment for shipment, _ in shipments], SHIPMENT_FIELDS),
            (discounts, DISCOUNT_FIELDS),
        )
        for obj in objects
    }
    cached = {name: getattr(group, name) for name in Totals.CACHED_FIELDS}
    totals = _calculate(group, shipments, discounts, payments)
    for name in Totals.CACHED_FIELDS:
        if cached[name] != getattr(totals, name):
            yield f"{group.number}: {name} is {cached[name]!r}, the calculator gives {getattr(totals, name)!r}"
    for objects in ([line for _, lines in shipments for line in lines], [s for s, _ in shipments], discounts):
        for obj in objects:
            for name, value in stored[id(obj)].items():
                if value != getattr(obj, name):
                    yield (f"{group.number}: {type(obj).__name__} {obj.pk} {name} is {value!r}, "
                           f"the calculator gives {getattr(obj, name)!r}")
