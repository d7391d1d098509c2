"""Purchase orders in the header's search box (csrportal/quick_search.py), and how a search reads
for any kind of order group: carts and subscriptions find theirs through order_groups_found().

A number ("PO10042", "10042") is exact when such a number exists, else a prefix (the CSR is still
typing); an email is exact, ignoring case; a name is a customer-name prefix. Each is the same
lookup, on the same index, as the kind's own tab filter, so "See all" lists what the box found.
A purchase order is also found by a shipment's tracking number."""
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.http import urlencode

from csrportal.money import format_money
from csrportal.quick_search import LIMIT, Found, Match, Query
from csrportal.search import email_is, name_like
from orders.detail_views import order_url
from orders.models import OrderGroup, PurchaseOrder, Shipment
from orders.numbers import EXCHANGE_ORDER, PURCHASE_ORDER

# What a match shows; nothing else of the row is read.
FIELDS = ("kind", "number", "name", "status", "customer_name", "customer_email", "total", "currency", "created")


def newest(groups) -> list[OrderGroup]:
    return list(groups.only(*FIELDS).order_by("-created", "-id")[:LIMIT])


def order_groups_found(groups, query: Query, prefixes) -> tuple[list[OrderGroup], OrderGroup | None, str]:
    """The groups the text names, newest first; the one it names exactly (a number that exists);
    and how the text was read: "number", "email", "name", or "" (not a way this kind is found)."""
    numbers = query.numbers(prefixes)
    if numbers:
        found = newest(groups.filter(number__in=numbers))
        if found:
            # "10042" names PO10042 before EO10042: the kind's first prefix first.
            return found, next(group for number in numbers for group in found if group.number == number), "number"
        starts = Q()
        for number in numbers:
            starts |= Q(number__startswith=number)
        return newest(groups.filter(starts)), None, "number"
    if query.email:
        return newest(email_is(groups, "customer_email", query.email)), None, "email"
    if query.name:
        return newest(name_like(groups, "customer_name", query.name)), None, "name"
    return [], None, ""


def see_all(url_name: str, param: str, text: str) -> str:
    return reverse(url_name) + "?" + urlencode({param: text})


def describe(group: OrderGroup, *parts: str) -> str:
    who = group.customer_name or group.customer_email or "Anonymous"
    return " · ".join(part for part in (who, *parts, format_money(group.total, group.currency)) if part)


def match(group: OrderGroup, detail: str) -> Match:
    return Match(label=group.number, detail=detail, url=order_url(group))


# How each reading of the text is filtered on the Purchase orders tab (orders/filters.py).
PURCHASE_ORDER_PARAMS = {"number": "number", "email": "email", "name": "customer"}


def with_tracking_number(tracking: str):
    shipments = Shipment.objects.alias(tracking_upper=Upper("tracking_number")).filter(tracking_upper=tracking)
    return PurchaseOrder.objects.filter(pk__in=shipments.values("order_form__order_group_id"))


def find_purchase_orders(query: Query) -> Found:
    found, exact, read = order_groups_found(PurchaseOrder.objects.all(), query, (PURCHASE_ORDER, EXCHANGE_ORDER))
    if query.tracking:
        shipped = newest(with_tracking_number(query.tracking))
        if len(shipped) == 1 and not exact:
            exact = shipped[0]
        found += [group for group in shipped if group not in found]
    return Found(
        matches=[match(group, describe(group, group.get_status_display())) for group in found],
        see_all=see_all("purchase_orders", PURCHASE_ORDER_PARAMS[read], query.text) if read else "",
        exact=match(exact, "") if exact else None,
    )
