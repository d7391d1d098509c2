"""The order page: tabs to read, edits that go through orders.operations."""
from functools import wraps

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from csrportal.auth import csr_required
from orders import operations as ops
from orders.edits import EDITS, Refused
from orders.forms import CancelForm, NoteForm, SkuSearchForm
from orders.models import Kind, Note, OrderGroup, structure_prefetches
from orders.presenters import order_page, sku_matches

TABS = {"summary": "Summary", "forms": "Form details", "contact": "Contact details", "notes": "Notes",
        "history": "History"}
TEMPLATE = "orders/order_detail.html"
SKU_RESULTS = 10


class CartPlaced(Exception):
    """The cart asked for has been placed (or made a subscription) meanwhile."""

    def __init__(self, number: str, became: OrderGroup):
        super().__init__(number)
        self.number, self.became = number, became


def get_order(number: str, kind: str, *, structure: bool = True) -> OrderGroup:
    """The one way the page's views fetch their order: of the kind the URL serves (a cart's
    number under /orders/ is not found), with its whole structure when the page shows it."""
    queryset = OrderGroup.objects.with_structure() if structure else OrderGroup.objects.select_related("market")
    order = queryset.filter(number=number, kind=kind).first()
    if order is None:
        became = OrderGroup.objects.filter(source_cart_number=number).first() if kind == Kind.CART else None
        if became:
            raise CartPlaced(number, became)
        raise Http404("No such order.")
    return order


# The URL namespace the order page is mounted under for each kind (csrportal/urls.py).
NAMESPACES = {Kind.PURCHASE_ORDER: "po", Kind.CART: "cart", Kind.SUBSCRIPTION: "subscription"}


def order_url(order: OrderGroup) -> str:
    return reverse(f"{NAMESPACES[order.kind]}:order_detail", args=[order.number])


def follows_placed_carts(view):
    """A page of a cart that another CSR has placed meanwhile leads to what it became."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CartPlaced as placed:
            messages.info(request, f"Cart {placed.number} is already {placed.became.get_kind_display().lower()} "
                                   f"{placed.became.number}.")
            url = order_url(placed.became)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)

    return wrapper


def _context(request, order, tab, **extra):
    context = {"page": order_page(order), "order": order, "tab": tab, "tabs": TABS, "tab_label": TABS[tab],
               "tab_url": _tab_url(request, order, tab), **extra}
    if context.get("refused") is not None:
        # Where its refusal goes: beside the control the page draws for it, or atop the tab.
        context["refused"].form.offer(context["page"])
    if tab == "notes":
        context.setdefault("note_form", NoteForm())
        context["notes"] = Note.objects.custom().filter(order_group=order).select_related("author")
    elif tab == "contact":
        context["email_owner"] = ops.email_owner(order)
    elif tab == "history":
        context["notes"] = Note.objects.history().filter(order_group=order).select_related("author")
    return context


@require_GET
@csr_required
@follows_placed_carts
def order_detail(request, number, kind, tab="summary"):
    if tab not in TABS:
        raise Http404("No such tab.")
    order = get_order(number, kind)
    template = TEMPLATE + ("#tab-content" if request.htmx and request.htmx.target == "tab-content" else "")
    extra = {"open_form": request.GET.get("open", "")}
    if tab == "forms" and "sku" in request.GET:
        extra["sku_search"] = sku_search_context(order, SkuSearchForm(request.GET))
    return render(request, template, _context(request, order, tab, **extra))


def _tab_url(request, order, tab):
    namespace = request.resolver_match.namespace
    if tab == "summary":
        return reverse(f"{namespace}:order_detail", args=[order.number])
    return reverse(f"{namespace}:order_tab", args=[order.number, tab])


@require_POST
@csr_required
@follows_placed_carts
def order_edit(request, number, kind, edit, pk=None):
    """Run one edit: its form reads the POST, its operation saves it. HTMX gets the tab again (and
    the header, out of band); a plain form post is redirected, or sees the page with the errors
    beside the fields."""
    if edit not in EDITS:
        raise Http404("No such change.")
    spec = EDITS[edit]
    order = get_order(number, kind, structure=False)
    form = spec.form(request.POST, order=order, edit=edit, pk=pk)
    stale = None
    if form.is_valid():
        try:
            spec.run(order, request.user, form)
        except ops.StaleOrder as error:
            stale = error.message
        except ops.OrderError as error:
            form.refuse(error)
    if not stale and not form.errors:
        messages.success(request, spec.done)
        if not request.htmx:
            return redirect(_tab_url(request, order, spec.tab))
        return _respond(request, number, kind, spec.tab, edited=order)
    if edit == "cancel" and not stale:
        # Cancelling has a page of its own; a refusal (no reason given) is shown there.
        return render(request, "orders/order_cancel.html", {"order": get_order(number, kind), "form": form})
    return _respond(request, number, kind, spec.tab, stale=stale, refused=None if stale else Refused(edit, pk, form))


def _respond(request, number, kind, tab, *, edited: OrderGroup | None = None, **extra):
    """The tab again after an edit; `edited` is the order as the edit just saved it, so only its
    structure needs reading."""
    if edited is not None:
        order = edited
        prefetch_related_objects([order], *structure_prefetches())
    else:
        order = get_order(number, kind)
    context = _context(request, order, tab, **extra)
    if not request.htmx:
        return render(request, TEMPLATE, context)
    html = render_to_string(TEMPLATE + "#tab-content", context, request) + render_to_string(
        TEMPLATE + "#order-header-oob", context, request)
    return HttpResponse(html)


@require_POST
@csr_required
@follows_placed_carts
def order_note_add(request, number, kind):
    order = get_order(number, kind, structure=False)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            ops.note_add(order, user=request.user, title=form.cleaned_data["title"], detail=form.cleaned_data["detail"])
        except ops.OrderError as error:
            form.refuse(error)
    if form.errors:
        return _respond(request, number, kind, "notes", note_form=form)
    messages.success(request, "Note added.")
    if not request.htmx:
        return redirect(_tab_url(request, order, "notes"))
    return _respond(request, number, kind, "notes")


@require_http_methods(["GET"])
@csr_required
@follows_placed_carts
def order_cancel_confirm(request, number, kind):
    """The confirmation step of Cancel: says what will happen and asks for the reason."""
    order = get_order(number, kind)
    return render(request, "orders/order_cancel.html", {"order": order, "refusal": ops.refusal(order, ops.Action.CANCEL),
                                                        "form": CancelForm(order=order, edit="cancel")})


@require_GET
@csr_required
@follows_placed_carts
def sku_search(request, number, kind):
    """SKUs whose code or name contains the typed text (3 characters or more), priced for this order.

    htmx gets the results alone; a browser without JavaScript is sent to the Form details tab,
    which shows the same results under the shipment's Add SKU field."""
    order = get_order(number, kind, structure=False)
    form = SkuSearchForm(request.GET)
    if not request.htmx:
        text, shipment, _ = form.search()
        query = urlencode({"sku": text, "shipment": shipment or ""})
        return redirect(f"{_tab_url(request, order, 'forms')}?{query}#shipment-{shipment or ''}")
    return render(request, "orders/sku_results.html", sku_search_context(order, form))


def sku_search_context(order, form: SkuSearchForm) -> dict:
    text, shipment, refused = form.search()
    return {"order": order, "text": text, "search_refused": refused, "shipment": shipment,
            "results": sku_matches(order, text, limit=SKU_RESULTS)}
