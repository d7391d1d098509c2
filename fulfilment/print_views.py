"""The printed documents (fulfilment/printing/): print-ready HTML, or with ?format=pdf a PDF download."""
import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from csrportal.auth import csr_required
from fulfilment.printing import documents
from fulfilment.printing.forms import MOST_PDF_DOCUMENTS, ORDER_NUMBER, InvoicesForm, PackingSlipsForm, PrintForm
from fulfilment.printing.pdf import PdfUnavailable, write_pdf

logger = logging.getLogger(__name__)


def problem(request, title: str, messages: list[str], *, status: int):
    """Why nothing can be printed: a plain page of the print window, never a server error."""
    return render(request, "fulfilment/print/problem.html", {"title": title, "messages": messages}, status=status)


def bad_parameters(request, form):
    messages = [str(error) for errors in form.errors.values() for error in errors]
    return problem(request, "Nothing to print", messages, status=400)


def parameters(request):
    """Several documents come by GET (?order=PO1&order=PO2) or, for a selection too long for a URL
    (a bulk action's up to 1,000), by a POST of the same fields: printing changes nothing."""
    return request.POST if request.method == "POST" else request.GET


def _link(request, **changes) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value:
            query[name] = value
    return f"{request.path}?{query.urlencode()}" if query else request.path


def respond(request, form, template: str, context: dict, *, paper: str, filename: str, count: int = 1):
    """The documents as HTML for the browser to print, or as a PDF download (?format=pdf)."""
    context = {
        **context, "paper": paper, "paper_stylesheet": f"print/page-{paper}.css",
        "pdf_url": _link(request, format="pdf"), "pdf_allowed": count <= MOST_PDF_DOCUMENTS,
        "most_pdf_documents": MOST_PDF_DOCUMENTS, "a4_url": _link(request, paper=documents.A4, format=""),
        "letter_url": _link(request, paper=documents.LETTER, format=""),
        # A POSTed selection: the toolbar posts it again (with the format or the paper changed).
        "post_fields": [(name, value) for name, values in request.POST.lists() for value in values
                        if name not in ("format", "paper", "csrfmiddlewaretoken")] if request.method == "POST" else None,
    }
    if form.cleaned_data.get("format") != "pdf":
        return render(request, template, context)
    html = render_to_string(template, context, request=request)
    try:
        pdf = write_pdf(html)
    except PdfUnavailable as error:
        logger.error("PDF unavailable: %s", error)
        return problem(request, "PDF unavailable", [
            "PDFs cannot be made on this server: its PDF library (WeasyPrint) cannot load the system libraries "
            "it needs (Pango). Ask an administrator to install them (see the README).",
            "Until then, print the page from your browser; its print dialog can save it as a PDF.",
        ], status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _several(kind: str, first: str, count: int) -> str:
    return f"{kind}-{first}.pdf" if count == 1 else f"{kind}s-{first}-and-{count - 1}-more.pdf"


def _invoices(request, form, numbers: list[str]):
    invoices, missing = documents.invoices(numbers, paper=form.cleaned_data["paper"])
    if missing:
        return problem(request, "Not found", [f"No purchase order {', '.join(missing)}."], status=404)
    title = f"Invoice {numbers[0]}" if len(numbers) == 1 else f"{len(numbers)} invoices"
    return respond(request, form, "fulfilment/print/invoices.html",
                   {"title": title, "invoices": invoices, "seller": documents.seller()},
                   paper=invoices[0].paper, filename=_several("invoice", numbers[0], len(numbers)), count=len(invoices))


@require_GET
@csr_required
def print_invoice(request, number: str):
    """GET /shipments/print/invoice/PO10042/ : one purchase order's invoice."""
    form = PrintForm(request.GET)
    if not form.is_valid():
        return bad_parameters(request, form)
    if not ORDER_NUMBER.fullmatch(number):
        return problem(request, "Not found", ["No such purchase order."], status=404)
    return _invoices(request, form, [number.upper()])


@require_http_methods(["GET", "POST"])
@csr_required
def print_invoices(request):
    """GET /shipments/print/invoices/?order=PO1&order=PO2 : several invoices, one per page."""
    form = InvoicesForm(parameters(request))
    if not form.is_valid():
        return bad_parameters(request, form)
    return _invoices(request, form, form.cleaned_data["order"])


@require_http_methods(["GET", "POST"])
@csr_required
def print_packing_slips(request):
    """GET /shipments/print/packing-slips/?shipment=12&shipment=13 : a packing slip per shipment."""
    form = PackingSlipsForm(parameters(request))
    if not form.is_valid():
        return bad_parameters(request, form)
    slips, missing = documents.packing_slips(form.cleaned_data["shipment"])
    if missing:
        return problem(request, "Not found", [f"No purchase order's shipment has the id {', '.join(map(str, missing))}."],
                       status=404)
    first = slips[0]
    if len(slips) == 1:
        title, filename = (f"Packing slip {first.order.number}, shipment {first.number} of {first.of}",
                           f"packing-slip-{first.order.number}-{first.number}.pdf")
    else:
        title, filename = f"{len(slips)} packing slips", _several("packing-slip", first.order.number, len(slips))
    paper = documents.paper_for(first.order.market, form.cleaned_data["paper"])
    return respond(request, form, "fulfilment/print/packing_slips.html", {"title": title, "slips": slips},
                   paper=paper, filename=filename, count=len(slips))


@require_GET
@csr_required
def print_pick_list(request, pick_list: str):
    """GET /shipments/pick-lists/PL10001/print/ : what to pick, per bin and SKU, with its shipments."""
    form = PrintForm(request.GET)
    if not form.is_valid():
        return bad_parameters(request, form)
    document = documents.pick_list(pick_list.upper(), paper=form.cleaned_data["paper"]) \
        if ORDER_NUMBER.fullmatch(pick_list) else None
    if document is None:
        return problem(request, "Not found", ["No such pick list."], status=404)
    number = document.pick_list.number
    return respond(request, form, "fulfilment/print/pick_list.html", {"title": f"Pick list {number}", "document": document},
                   paper=document.paper, filename=f"pick-list-{number}.pdf")
