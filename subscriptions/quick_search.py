"""Subscriptions in the header's search box (csrportal/quick_search.py): by number, email or
customer name, as the Subscriptions tab's search filter reads them (subscriptions/filters.py)."""
from csrportal.quick_search import Found, Query
from orders.numbers import SUBSCRIPTION
from orders.quick_search import describe, match, order_groups_found, see_all
from subscriptions.models import Subscription


def find_subscriptions(query: Query) -> Found:
    found, exact, read = order_groups_found(Subscription.objects.all(), query, (SUBSCRIPTION,))
    return Found(
        matches=[match(subscription, describe(subscription)) for subscription in found],
        see_all=see_all("subscriptions", "search", query.text) if read else "",
        exact=match(exact, "") if exact else None,
    )
