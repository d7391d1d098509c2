"""The Carts tab. Views translate HTTP; the list machinery is csrportal's, shared with every tab."""
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from carts.filters import CartFilter
from carts.models import Cart
from carts.tables import CartTable, customer
from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.money import format_money
from csrportal.views import render_listing
from orders.models import LineItem

# Newest first. Numbers are handed out as carts are created, so this is also the number order;
# it is served by the (kind, -created, -id) index, which the number's own index is not (CartTable).
LIST_DEFAULT_SORT = "-created"


def get_cart_or_404(number: str) -> Cart:
    """Every cart page fetches its cart here."""
    return get_object_or_404(Cart.objects.select_related("market", "customer"), number=number)


def _cart_listing(request):
    return build_listing(request, table=CartTable, filterset_class=CartFilter,
                         queryset=Cart.objects.select_related("market"), default_sort=LIST_DEFAULT_SORT)


@require_GET
@csr_required
def cart_list(request):
    return render_listing(request, "carts/cart_list.html", _cart_listing(request), results_id="cart-results")


@require_GET
@csr_required
def cart_export(request):
    return stream_csv(_cart_listing(request), filename="carts.csv")


@require_GET
@csr_required
def cart_detail(request, number):
    """A stand-in until the cart's own page (issue 5, item 2) replaces it."""
    cart = get_cart_or_404(number)
    lines = LineItem.objects.filter(shipment__order_form__order_group=cart).count()
    return render(request, "carts/cart_detail.html", {
        "cart": cart, "customer": customer(cart), "lines": lines, "total": format_money(cart.total, cart.currency),
    })
