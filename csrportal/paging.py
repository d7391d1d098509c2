"""Keyset paging and capped counts: the cost of a page does not grow with the table.

A page is found by where the previous one ended (the sort value and id of its last row), not by
an OFFSET that makes the database walk past every earlier row; "Last" reads the sort backwards.
The count stops at COUNT_CAP ("1,000+ orders"): an exact count of a million rows on every view
would cost more than the page itself.
"""
import base64
import binascii
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

COUNT_CAP = 1000


class BadCursor(ValueError):
    pass


@dataclass
class Page:
    rows: list
    count: int
    count_is_capped: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    is_first: bool = True
    is_last: bool = True


def encode_cursor(value, pk: int) -> str:
    raw = json.dumps([str(value), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, field) -> tuple:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        return field.to_python(value), int(pk)
    except (binascii.Error, ValueError, TypeError, ValidationError) as error:
        raise BadCursor("That page link is out of date or damaged; showing the first page.") from error


def _beyond(field_name: str, value, pk: int, *, descending: bool) -> Q:
    """Rows after (value, pk) in the sort order, written so the index on (field, id) bounds the scan."""
    if descending:
        return Q(**{f"{field_name}__lte": value}) & (Q(**{f"{field_name}__lt": value}) | Q(pk__lt=pk))
    return Q(**{f"{field_name}__gte": value}) & (Q(**{f"{field_name}__gt": value}) | Q(pk__gt=pk))


def capped_count(queryset) -> tuple[int, bool]:
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    return min(count, COUNT_CAP), count > COUNT_CAP


def keyset_page(queryset, *, sort_field: str, descending: bool, per_page: int, after: str = "", before: str = "",
                last: bool = False) -> Page:
    annotation = queryset.query.annotations.get(sort_field)  # a figure of a joined row (Customers: lifetime value)
    field = annotation.output_field if annotation is not None else queryset.model._meta.get_field(sort_field)
    forward = ("-" if descending else "") + sort_field, ("-" if descending else "") + "pk"
    backward = tuple(key[1:] if key.startswith("-") else "-" + key for key in forward)
    count, capped = capped_count(queryset)

    if last or before:
        window = queryset.order_by(*backward)
        if before:
            value, pk = decode_cursor(before, field)
            window = window.filter(_beyond(sort_field, value, pk, descending=not descending))
        rows = list(window[: per_page + 1])
        is_first = len(rows) <= per_page
        rows = rows[:per_page][::-1]
        is_last = last
    else:
        window = queryset.order_by(*forward)
        if after:
            value, pk = decode_cursor(after, field)
            window = window.filter(_beyond(sort_field, value, pk, descending=descending))
        rows = list(window[: per_page + 1])
        is_last = len(rows) <= per_page
        rows = rows[:per_page]
        is_first = not after
    page = Page(rows=rows, count=count, count_is_capped=capped, is_first=is_first, is_last=is_last)
    if rows:
        if not is_last:
            page.next_cursor = encode_cursor(getattr(rows[-1], sort_field), rows[-1].pk)
        if not is_first:
            page.previous_cursor = encode_cursor(getattr(rows[0], sort_field), rows[0].pk)
    return page
