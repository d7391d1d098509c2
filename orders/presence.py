"""Who else has an order open, and whether it changed since a page was drawn.

The order page polls every few seconds (orders.presence_views). Each poll stamps the CSR's row in
OrderViewer (one INSERT ... ON CONFLICT, so any number of stateless web processes agree) and reads
the order's version, who changed it last and when, and the CSR's colleagues seen on it lately, in
one query: the order by its unique number, LEFT JOINed to its recent viewers (through the unique
(order, user) index) and their users. Rows of pages closed long ago are ignored by the time
filter and forgotten now and then.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import FilteredRelation, Q

from orders.models import Kind, OrderGroup, OrderViewer

# A page polls every 3 seconds; a CSR not heard from for this long has closed it (or hidden it).
PRESENT_FOR = timedelta(seconds=15)
# Rows older than this are deleted by one poll in FORGET_ONE_IN, on average.
FORGET_AFTER = timedelta(hours=1)
FORGET_ONE_IN = 200


@dataclass
class Presence:
    order_id: int
    version: int
    modified: datetime
    modified_by_id: int | None
    modified_by: str  # a name, "" when the system made the change
    others: list[str] = field(default_factory=list)  # the colleagues who have the page open now

    def changed_since(self, version: int | None, *, user) -> bool:
        """Someone else saved the order after the page was drawn at `version`. The CSR's own
        saves are not news to them (the page re-draws itself after each)."""
        return version is not None and self.version > version and self.modified_by_id != user.pk


def _name(first: str | None, last: str | None, username: str | None) -> str:
    """As the page names people everywhere (the `person` filter): full name, else username."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


def order_presence(*, number: str, kind: str, user, now: datetime) -> Presence | None:
    """The order's version and last change, and who else has it open: one query. None when no
    order of that kind has that number."""
    rows = list(
        OrderGroup.objects.filter(number=number, kind=kind)
        .annotate(recent=FilteredRelation("viewers", condition=Q(viewers__last_seen__gte=now - PRESENT_FOR)))
        .order_by("recent__user__first_name", "recent__user__last_name", "recent__user__username")
        .values_list("id", "version", "modified", "modified_by_id", "modified_by__first_name",
                     "modified_by__last_name", "modified_by__username", "recent__user_id",
                     "recent__user__first_name", "recent__user__last_name", "recent__user__username")
    )
    if not rows:
        return None
    order_id, version, modified, modified_by_id, *modifier = rows[0][:7]
    return Presence(
        order_id=order_id, version=version, modified=modified, modified_by_id=modified_by_id,
        modified_by=_name(*modifier) if modified_by_id else "",
        # The CSR asking is among the recent viewers (from their last poll); they know they are here.
        others=[_name(*row[8:]) for row in rows if row[7] is not None and row[7] != user.pk],
    )


def cart_became(*, number: str) -> OrderGroup | None:
    """What the cart of that number was turned into (a purchase order or a subscription: the same
    row, renumbered), with who did it; None if it never was. Asked only when the cart is gone."""
    return (OrderGroup.objects.filter(source_cart_number=number).exclude(kind=Kind.CART)
            .select_related("modified_by").only("kind", "number", "modified", "modified_by").first())


def order_viewer_seen(*, order_id: int, user, now: datetime) -> None:
    """Stamp the CSR as looking at the order now: one upsert."""
    OrderViewer.objects.bulk_create(
        [OrderViewer(order_group_id=order_id, user=user, last_seen=now)],
        update_conflicts=True, unique_fields=["order_group", "user"], update_fields=["last_seen"],
    )


def forget_old_viewers(*, now: datetime) -> int:
    """Delete the rows of pages closed long ago, so the table holds about the pages open in the
    last hour (the poll calls this once in FORGET_ONE_IN, at random). Returns how many went."""
    deleted, _ = OrderViewer.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()
    return deleted
