"""The Customers tab (the list, its export) and a new customer from it. Views translate HTTP; the
list machinery is csrportal's, shared with every tab; creating a customer is
customers.operations.customer_create, with the new-cart page's form."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import ListScreen, render_listing
from customers.filters import CustomerFilter
from customers.forms import NewCustomerForm
from customers.models import Customer
from customers.operations import CustomerError, customer_create
from customers.tables import CustomerTable

# Newest first: served by the (created, id) index.
LIST_DEFAULT_SORT = "-created"


def _customer_listing(request, params=None):
    return build_listing(request, table=CustomerTable, filterset_class=CustomerFilter,
                         queryset=Customer.objects.select_related("group", "organization", "last_order_market"),
                         default_sort=LIST_DEFAULT_SORT, params=params, path=reverse("customers"))


SCREEN = ListScreen(title="Customers", noun="customer", results_id="customer-results", url_prefix="customer",
                    list_url="customers", table=CustomerTable, listing=_customer_listing, new_url="customer_new",
                    new_label="New customer")


@require_GET
@csr_required
def customer_list(request):
    return render_listing(request, SCREEN, _customer_listing(request))


@require_GET
@csr_required
def customer_export(request):
    return stream_csv(_customer_listing(request), filename="customers.csv")


@require_http_methods(["GET", "POST"])
@csr_required
def customer_new(request):
    """A customer who has never bought, typed in while on the phone; then their page."""
    form = NewCustomerForm(request.POST if request.method == "POST" else None, label_suffix="")
    existing = None
    if form.is_bound and form.is_valid():
        try:
            customer = customer_create(**form.new_customer())
        except CustomerError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            existing = error.existing
        else:
            messages.success(request, f"Customer {customer.full_name} created.")
            return redirect(reverse("customer_detail", args=[customer.pk]))
    return render(request, "customers/new_customer.html", {"form": form, "existing": existing})
