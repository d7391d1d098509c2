"""The Purchase orders tab. Views translate HTTP; the list machinery is csrportal's, shared with every tab."""
from django.urls import reverse
from django.views.decorators.http import require_GET

from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import ListScreen, render_listing
from orders.filters import PurchaseOrderFilter
from orders.models import OrderGroup
from orders.tables import PurchaseOrderTable

LIST_DEFAULT_SORT = "-created"


def _purchase_order_listing(request, params=None):
    return build_listing(request, table=PurchaseOrderTable, filterset_class=PurchaseOrderFilter,
                         queryset=OrderGroup.objects.purchase_orders().select_related("market"),
                         default_sort=LIST_DEFAULT_SORT, params=params, path=reverse("purchase_orders"))


SCREEN = ListScreen(title="Purchase orders", noun="purchase order", results_id="order-results",
                    url_prefix="purchase_order", list_url="purchase_orders", table=PurchaseOrderTable,
                    listing=_purchase_order_listing, new_url="phone_order_new", new_label="New phone order")


@require_GET
@csr_required
def purchase_order_list(request):
    return render_listing(request, SCREEN, _purchase_order_listing(request))


@require_GET
@csr_required
def purchase_order_export(request):
    return stream_csv(_purchase_order_listing(request), filename="purchase-orders.csv")
