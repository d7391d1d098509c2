from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from csrportal.auth import csr_required
from customers.forms import CustomerSearchForm
from customers.models import Customer

RESULTS = 8


def customers_matching(text: str) -> list[Customer]:
    text = text.strip()
    if len(text) < 2:
        return []
    return list(Customer.objects.matching(text).order_by("last_name", "first_name", "id")[:RESULTS])


@require_GET
@csr_required
def customer_search(request):
    """Customers matching what the CSR typed (2+ characters), to choose one for a new cart or order.

    htmx gets the choices alone; opened directly, it leads to the new-cart page showing them."""
    text = CustomerSearchForm(request.GET).text()
    if not request.htmx:
        return redirect(reverse("cart_new") + "?" + urlencode({"customer_search": text}))
    return render(request, "customers/_choose_customer.html", {"text": text, "customers": customers_matching(text)})
