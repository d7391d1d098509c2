"""The Shipments tab (the list, its export and bulk actions) and the pick lists. Views translate
HTTP; the list machinery is csrportal's, shared with every tab; every move is
orders.operations' (pick_list_create, shipments_release, shipment_move)."""
from urllib.parse import urlencode

from django.contrib import messages
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.paging import BadCursor, keyset_page
from csrportal.views import ListScreen, render_listing
from fulfilment.filters import OPEN_STATUSES, ShipmentFilter
from fulfilment.forms import CompleteForm, PickListShipmentForm, ShipmentActionForm
from fulfilment.tables import ShipmentTable
from orders.models import LineItem, PickList, Shipment, ShipmentStatus, shipment_numbers
from orders.operations import OrderError, PickingError, pick_list_create, shipment_move, shipments_release

# Newest first: served by the partial (created, id) indexes of open shipments (orders migration 0010).
LIST_DEFAULT_SORT = "-created"
# What the table's cells read (fulfilment/tables.py), and nothing else: the rows come joined to four tables.
LIST_FIELDS = ("status", "warehouse_id", "shipping_method_name", "market_id", "created", "order_form__order_group_id",
               "order_form__order_group__number", "address__first_name", "address__last_name",
               "address__organization", "address__city", "pick_list__number")
PICK_LISTS_PER_PAGE = 25


class CountedInIndexOrder(models.QuerySet):
    """Keeps its ordering when asked to drop it (`order_by()`), as csrportal.paging's capped count
    does: the open shipments are the newest few percent of the table, all at its end, and a count
    capped with LIMIT but without an order lets PostgreSQL read the table from its start, expecting
    to meet them early. Counted newest first, the count walks the partial index and stops at the cap."""

    def order_by(self, *field_names):
        return super().order_by(*field_names) if field_names else self._chain()


def open_shipments():
    """Every purchase order's shipment the warehouse still has work on, newest first."""
    return (CountedInIndexOrder(Shipment).filter(status__in=OPEN_STATUSES, of_purchase_order=True)
            .order_by("-created", "-id"))


def _shipment_listing(request, params=None):
    return build_listing(request, table=ShipmentTable, filterset_class=ShipmentFilter,
                         queryset=open_shipments().select_related("order_form__order_group", "address", "pick_list")
                         .only(*LIST_FIELDS),
                         default_sort=LIST_DEFAULT_SORT, params=params, path=reverse("shipments"))


SCREEN = ListScreen(title="Shipments", noun="shipment", results_id="shipment-results", url_prefix="shipment",
                    list_url="shipments", table=ShipmentTable, listing=_shipment_listing,
                    template="fulfilment/shipment_list.html")


@require_GET
@csr_required
def shipment_list(request):
    return render_listing(request, SCREEN, _shipment_listing(request))


@require_GET
@csr_required
def shipment_export(request):
    return stream_csv(_shipment_listing(request), filename="shipments.csv")


@require_POST
@csr_required
def shipment_actions(request):
    """Add to pick list, Release, Print packing slips, on the ticked shipments; then back to the list
    as it was, with what was done and each refusal."""
    form = ShipmentActionForm(request.POST)
    valid = form.is_valid()
    back = reverse("shipments")
    query = form.cleaned_data.get("query")  # a refused one (too long, a NUL) is left out: the list unfiltered
    if query:
        back += "?" + query.urlencode()
    if not valid:
        for name, errors in form.errors.items():
            if name != "query":
                for error in errors:
                    messages.error(request, error)
        return redirect(back)
    action, ids = form.cleaned_data["action"], form.cleaned_data["shipment"]
    if action == "print":
        return redirect(reverse("print_packing_slips") + "?" + urlencode([("shipment", pk) for pk in ids]))
    try:
        if action == "pick_list":
            pick_list = pick_list_create(ids, user=request.user)
            count = len(ids)
            messages.success(request, f"Pick list {pick_list.number} created with {count} shipment{'s' if count != 1 else ''}.")
        else:
            result = shipments_release(ids, user=request.user)
            if result.done:
                messages.success(request, f"{len(result.done)} shipment{'s' if len(result.done) != 1 else ''} "
                                          f"released to the warehouse.")
            for refusal in result.refused:
                messages.error(request, refusal)
    except PickingError as error:
        messages.error(request, error.message)
        for refusal in error.refusals:
            messages.error(request, refusal)
    except OrderError as error:
        messages.error(request, error.message)
    return redirect(back)


# Pick lists -------------------------------------------------------------------------------------

@require_GET
@csr_required
def pick_list_list(request):
    """Every pick list, newest first, by keyset; each with its shipments counted and whether any
    is still Packing (open) or all have left it (done)."""
    queryset = PickList.objects.select_related("warehouse", "created_by")
    problems = []
    try:
        page = keyset_page(queryset, sort_field="id", descending=True, per_page=PICK_LISTS_PER_PAGE,
                           after=request.GET.get("after", "")[:200].replace("\x00", ""))
    except BadCursor as error:
        problems.append(str(error))
        page = keyset_page(queryset, sort_field="id", descending=True, per_page=PICK_LISTS_PER_PAGE)
    counts = {row["pick_list"]: row for row in Shipment.objects.filter(pick_list__in=[p.pk for p in page.rows])
              .values("pick_list").annotate(total=Count("pk"), packing=Count("pk", filter=Q(status=ShipmentStatus.PACKING)))}
    for pick_list in page.rows:
        row = counts.get(pick_list.pk, {})
        pick_list.shipment_count = row.get("total", 0)
        pick_list.packing_count = row.get("packing", 0)
    return render(request, "fulfilment/pick_lists.html", {"page": page, "problems": problems})


def _pick_list(number: str) -> PickList:
    try:
        return PickList.objects.select_related("warehouse", "created_by").get(number=number[:20].upper())
    except PickList.DoesNotExist:
        raise Http404(f"There is no pick list {number[:20]}.") from None


def _pick_list_page(request, pick_list: PickList, *, errors=None, status=200):
    """The pick list: its shipments with their orders, statuses and lines, in a fixed number of queries."""
    shipments = list(
        Shipment.objects.filter(pick_list=pick_list).select_related("order_form__order_group", "address")
        .prefetch_related(Prefetch("line_items", queryset=LineItem.objects.order_by("id"))).order_by("id"))
    order_ids = {shipment.order_form.order_group_id for shipment in shipments}
    siblings: dict[int, list] = {}
    for pk, form_id, order_id in Shipment.objects.filter(order_form__order_group_id__in=order_ids).values_list(
            "pk", "order_form_id", "order_form__order_group_id"):
        siblings.setdefault(order_id, []).append(Shipment(pk=pk, order_form_id=form_id))
    numbers = {pk: number for group in siblings.values() for pk, number in shipment_numbers(group).items()}
    for shipment in shipments:
        shipment.order = shipment.order_form.order_group
        shipment.number_on_order = numbers.get(shipment.pk, 1)
        shipment.errors = (errors or {}).get(shipment.pk)
    context = {
        "pick_list": pick_list, "shipments": shipments,
        "packing": sum(shipment.status == ShipmentStatus.PACKING for shipment in shipments),
    }
    return render(request, "fulfilment/pick_list.html", context, status=status)


@require_GET
@csr_required
def pick_list_detail(request, pick_list):
    return _pick_list_page(request, _pick_list(pick_list))


def _on_pick_list(request, pick_list: PickList, form):
    """The shipment the form names, if it is on this pick list; else None, with a message."""
    if not form.is_valid() and ("shipment" in form.errors or "version" in form.errors):
        for name in ("shipment", "version"):
            for error in form.errors.get(name, []):
                messages.error(request, error)
        return None
    shipment = (Shipment.objects.filter(pk=form.cleaned_data["shipment"], pick_list=pick_list)
                .select_related("order_form__order_group").first())
    if shipment is None:
        messages.error(request, f"That shipment is not on pick list {pick_list.number}; nothing was changed.")
    return shipment


@require_POST
@csr_required
def pick_list_complete(request, pick_list):
    """Complete one Packing shipment of the pick list: it ships with its tracking number (and the
    order's payment is captured, by shipment_move). A refusal is shown beside its field."""
    pick_list = _pick_list(pick_list)
    form = CompleteForm(request.POST)
    shipment = _on_pick_list(request, pick_list, form)
    if shipment is None:
        return redirect("pick_list_detail", pick_list=pick_list.number)
    if not form.is_valid():
        return _pick_list_page(request, pick_list, errors={shipment.pk: {
            "tracking_number": form.errors.get("tracking_number", []), "value": request.POST.get("tracking_number", "")}},
            status=400)
    order = shipment.order_form.order_group
    try:
        shipment_move(order, user=request.user, version=form.cleaned_data["version"], shipment_id=shipment.pk,
                      move="ship", tracking_number=form.cleaned_data["tracking_number"])
    except OrderError as error:
        return _pick_list_page(request, pick_list, errors={shipment.pk: {
            "tracking_number": [error.message], "value": form.cleaned_data["tracking_number"]}}, status=409)
    messages.success(request, f"{order.number} shipment {_number_on_order(shipment)} shipped with tracking number "
                              f"{form.cleaned_data['tracking_number']}.")
    return redirect("pick_list_detail", pick_list=pick_list.number)


@require_POST
@csr_required
def pick_list_remove(request, pick_list):
    """Take one Packing shipment off the pick list: back to Released."""
    pick_list = _pick_list(pick_list)
    form = PickListShipmentForm(request.POST)
    shipment = _on_pick_list(request, pick_list, form)
    if shipment is not None:
        order = shipment.order_form.order_group
        try:
            shipment_move(order, user=request.user, version=form.cleaned_data["version"], shipment_id=shipment.pk,
                          move="unpack")
        except OrderError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{order.number} shipment {_number_on_order(shipment)} was taken off pick list "
                                      f"{pick_list.number}; it is Released again.")
    return redirect("pick_list_detail", pick_list=pick_list.number)


def _number_on_order(shipment: Shipment) -> int:
    siblings = Shipment.objects.filter(order_form__order_group_id=shipment.order_form.order_group_id).only("pk", "order_form_id")
    return shipment_numbers(siblings)[shipment.pk]
