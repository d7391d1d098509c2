"""Carts in the header's search box (csrportal/quick_search.py): by number, email or customer name,
as the Carts tab's search filter reads them (carts/filters.py)."""
from carts.models import DEFAULT_CART, Cart
from csrportal.quick_search import Found, Query
from orders.numbers import CART
from orders.quick_search import describe, match, order_groups_found, see_all


def find_carts(query: Query) -> Found:
    found, exact, read = order_groups_found(Cart.objects.all(), query, (CART,))
    return Found(
        matches=[match(cart, describe(cart, "" if cart.name == DEFAULT_CART else cart.name)) for cart in found],
        see_all=see_all("carts", "search", query.text) if read else "",
        exact=match(exact, "") if exact else None,
    )
