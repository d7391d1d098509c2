"""Purchase order screens. Views translate HTTP; the rules live in orders.operations."""
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal import table_settings
from orders.filters import PurchaseOrderFilter
from orders.models import OrderGroup
from orders.tables import PurchaseOrderTable

LIST_DEFAULT_SORT = "-created"


def _purchase_order_listing(request):
    return build_listing(request, table=PurchaseOrderTable, filterset_class=PurchaseOrderFilter,
                         queryset=OrderGroup.objects.purchase_orders().select_related("market"), default_sort=LIST_DEFAULT_SORT)


@require_GET
@csr_required
def purchase_order_list(request):
    template = "orders/purchase_order_list.html"
    if request.htmx and request.htmx.target in ("order-results", "workspace"):
        template += "#" + request.htmx.target
    return render(request, template, {"listing": _purchase_order_listing(request)})


@require_GET
@csr_required
def purchase_order_export(request):
    listing = _purchase_order_listing(request)
    return stream_csv(listing, filename="purchase-orders.csv")


@require_POST
@csr_required
def purchase_order_columns(request):
    table_settings.save_columns(request, PurchaseOrderTable)
    return redirect(reverse("purchase_orders") + "?" + table_settings.return_query(request))


@require_POST
@csr_required
def purchase_order_save_view(request):
    table_settings.save_view(request, PurchaseOrderTable)
    return redirect(reverse("purchase_orders") + "?" + table_settings.return_query(request))


@require_POST
@csr_required
def purchase_order_delete_view(request, view_id):
    table_settings.delete_view(request, PurchaseOrderTable, view_id)
    return redirect(reverse("purchase_orders") + "?" + table_settings.return_query(request))
