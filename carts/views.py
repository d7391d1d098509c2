"""The Carts tab. Views translate HTTP; the list machinery is csrportal's, shared with every tab."""
from django.views.decorators.http import require_GET

from carts.filters import CartFilter
from carts.models import Cart
from carts.tables import CartTable
from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import render_listing

# Newest first. Numbers are handed out as carts are created, so this is also the number order;
# it is served by the (kind, -created, -id) index, which the number's own index is not (CartTable).
LIST_DEFAULT_SORT = "-created"


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
