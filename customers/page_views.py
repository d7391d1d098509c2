"""The customer page's own tabs: Personal information, Address book, Notes and History, and the
edits they offer, each through customers.operations.

Every tab is one template whose content is the partial "tab-content": an HTMX request (opening a
form in place, saving it, cancelling) gets that partial, with the header and the messages out of
band after a change; a plain request gets the whole page, and a plain POST is redirected once
saved. Every view fetches the customer through customer_for_page() and an address through
address_of(): another customer's address is a 404.
"""
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csrportal.auth import csr_required
from customers import operations as ops
from customers.forms import AddressActionForm, AddressForm, CustomerNoteForm, PersonalInformationForm
from customers.models import Address, Customer, CustomerNote, CustomerNoteKind
from customers.page import customer_for_page, customer_page

PERSONAL = "customers/customer_detail.html"
ADDRESSES = "customers/customer_addresses.html"
NOTES = "customers/customer_notes.html"
HISTORY = "customers/customer_history.html"
# Notes and History show the latest ones; a customer with more is an exception, not a page to scroll.
NOTES_SHOWN = 200


def address_of(customer: Customer, address_id: int) -> Address:
    """An address of this customer's book, or a 404 (whatever another customer's book holds)."""
    return get_object_or_404(Address, pk=address_id, customer=customer)


def _tab(request, customer: Customer, url_name: str, template: str, context: dict, *, changed: bool = False):
    """The tab: its content alone for HTMX (after a change, with the header and the messages out of
    band), else the whole customer page."""
    context = {"tab_url": reverse(url_name, args=[customer.pk]), **context}
    if not request.htmx:
        return customer_page(request, customer, url_name, template, context)
    context = {"customer": customer, **context}
    html = render_to_string(template + "#tab-content", context, request)
    if changed:
        html += render_to_string("customers/customer_page.html#customer-oob", context, request)
    return HttpResponse(html)


def _saved(request, customer: Customer, message: str, url_name: str, respond):
    """After a saved edit: a plain POST is redirected to the tab; HTMX gets the tab (`respond()`),
    with the header and the message out of band."""
    messages.success(request, message)
    if not request.htmx:
        return redirect(url_name, customer.pk)
    return respond()


# --- Personal information --------------------------------------------------------------------

def _personal(request, customer, *, form=None, stale=None, changed=False):
    return _tab(request, customer, "customer_detail", PERSONAL, {"form": form, "stale": stale}, changed=changed)


@require_GET
@csr_required
def customer_detail(request, customer_id):
    """The customer page's first tab: Personal information, read-only until Edit."""
    return _personal(request, customer_for_page(customer_id))


@require_http_methods(["GET", "POST"])
@csr_required
def customer_edit(request, customer_id):
    """Personal information as a form (GET), saved through customer_update (POST)."""
    customer = customer_for_page(customer_id)
    if request.method == "GET":
        return _personal(request, customer, form=PersonalInformationForm(instance=customer))
    if "cancel" in request.POST:
        return redirect("customer_detail", customer.pk) if not request.htmx else _personal(request, customer)
    form = PersonalInformationForm(request.POST, instance=customer)
    stale = None
    if form.is_valid():
        try:
            ops.customer_update(customer, user=request.user, version=form.cleaned_data["version"],
                                **form.personal_information())
        except ops.StaleCustomer as error:
            stale = error.message
        except ops.CustomerError as error:
            form.refuse(error)
    if stale or form.errors:
        return _personal(request, customer, form=form, stale=stale)
    return _saved(request, customer, "Personal information saved.", "customer_detail",
                  lambda: _personal(request, customer_for_page(customer.pk), changed=True))


# --- Address book --------------------------------------------------------------------------------

def _address_book(request, customer, *, changed=False, **context):
    addresses = list(Address.objects.filter(customer=customer).order_by("id"))
    return _tab(request, customer, "customer_addresses", ADDRESSES, {"addresses": addresses, **context},
                changed=changed)


@require_GET
@csr_required
def customer_addresses(request, customer_id):
    return _address_book(request, customer_for_page(customer_id))


def _cancelled(request, customer):
    """Cancel in a form of the address book: the book as it was."""
    return _address_book(request, customer) if request.htmx else redirect("customer_addresses", customer.pk)


def _run(request, customer, form, operation, **arguments):
    """Run an address book operation with the form's version; a refusal goes on the form. Returns
    the stale message, if the customer changed meanwhile."""
    try:
        operation(customer, user=request.user, version=form.cleaned_data["version"], **arguments)
    except ops.StaleCustomer as error:
        return error.message
    except ops.CustomerError as error:
        form.refuse(error)
    return None


@require_http_methods(["GET", "POST"])
@csr_required
def address_new(request, customer_id):
    """Add address: the form in place of the button (GET), added through address_add (POST)."""
    customer = customer_for_page(customer_id)
    if request.method == "GET":
        return _address_book(request, customer, adding=AddressForm(customer=customer))
    if "cancel" in request.POST:
        return _cancelled(request, customer)
    form = AddressForm(request.POST, customer=customer)
    stale = _run(request, customer, form, ops.address_add, **form.address()) if form.is_valid() else None
    if stale or form.errors:
        return _address_book(request, customer, adding=form, stale=stale)
    return _saved(request, customer, "Address added.", "customer_addresses",
                  lambda: _address_book(request, customer, changed=True))


@require_http_methods(["GET", "POST"])
@csr_required
def address_edit(request, customer_id, address_id):
    """Edit: the address's form in place of it (GET), saved through address_update (POST)."""
    customer = customer_for_page(customer_id)
    address = address_of(customer, address_id)
    if request.method == "GET":
        return _address_book(request, customer, editing=address.pk,
                             form=AddressForm(instance=address, customer=customer))
    if "cancel" in request.POST:
        return _cancelled(request, customer)
    form = AddressForm(request.POST, instance=address, customer=customer)
    stale = (_run(request, customer, form, ops.address_update, address_id=address.pk, **form.address())
             if form.is_valid() else None)
    if stale or form.errors:
        return _address_book(request, customer, editing=address.pk, form=form, stale=stale)
    return _saved(request, customer, "Address saved.", "customer_addresses",
                  lambda: _address_book(request, customer, changed=True))


@require_http_methods(["GET", "POST"])
@csr_required
def address_delete(request, customer_id, address_id):
    """Delete: asks first (GET: the question in place of the address), deletes through
    address_delete (POST). Orders sent to the address keep their own copy."""
    customer = customer_for_page(customer_id)
    address = address_of(customer, address_id)
    if request.method == "GET":
        return _address_book(request, customer, deleting=address.pk,
                             form=AddressActionForm(initial={"version": customer.version}))
    if "cancel" in request.POST:
        return _cancelled(request, customer)
    form = AddressActionForm(request.POST)
    stale = _run(request, customer, form, ops.address_delete, address_id=address.pk) if form.is_valid() else None
    if stale or form.errors:
        return _address_book(request, customer, deleting=address.pk, form=form, stale=stale)
    return _saved(request, customer, "Address deleted.", "customer_addresses",
                  lambda: _address_book(request, customer, changed=True))


@require_POST
@csr_required
def address_make_preferred(request, customer_id, address_id, preferred):
    """Make preferred billing / Make preferred shipping (`preferred`: billing or shipping)."""
    if preferred not in ops.PREFERRED:
        raise Http404("An address is preferred for billing or for shipping.")
    customer = customer_for_page(customer_id)
    address = address_of(customer, address_id)
    form = AddressActionForm(request.POST)
    stale = (_run(request, customer, form, ops.address_make_preferred, address_id=address.pk, kind=preferred)
             if form.is_valid() else None)
    if stale or form.errors:
        return _address_book(request, customer, stale=stale, refused=form)
    return _saved(request, customer, f"{address} is now the preferred {preferred} address.", "customer_addresses",
                  lambda: _address_book(request, customer, changed=True))


# --- Notes and History ---------------------------------------------------------------------------

def _latest(notes) -> tuple[list, bool]:
    """The latest NOTES_SHOWN notes, and whether there are more."""
    rows = list(notes.select_related("author")[:NOTES_SHOWN + 1])
    return rows[:NOTES_SHOWN], len(rows) > NOTES_SHOWN


def _notes(request, customer, *, form=None, changed=False):
    notes, more = _latest(CustomerNote.objects.filter(customer=customer).exclude(kind=CustomerNoteKind.SYSTEM))
    return _tab(request, customer, "customer_notes", NOTES,
                {"note_form": form or CustomerNoteForm(), "notes": notes, "more": more}, changed=changed)


@require_http_methods(["GET", "POST"])
@csr_required
def customer_notes(request, customer_id):
    """Notes: the CSRs' notes about the customer, newest first, and a form to add one (POST)."""
    customer = customer_for_page(customer_id)
    if request.method == "GET":
        return _notes(request, customer)
    form = CustomerNoteForm(request.POST)
    if form.is_valid():
        try:
            ops.customer_note_add(customer, user=request.user, title=form.cleaned_data["title"],
                                  detail=form.cleaned_data["detail"])
        except ops.CustomerError as error:
            form.refuse(error)
    if form.errors:
        return _notes(request, customer, form=form)
    return _saved(request, customer, "Note added.", "customer_notes", lambda: _notes(request, customer, changed=True))


@require_GET
@csr_required
def customer_history(request, customer_id):
    """History: every change of the customer record (the System notes), newest first, who and when."""
    customer = customer_for_page(customer_id)
    notes, more = _latest(CustomerNote.objects.filter(customer=customer, kind=CustomerNoteKind.SYSTEM))
    return _tab(request, customer, "customer_history", HISTORY, {"notes": notes, "more": more})
