from django.shortcuts import render
from django.views.decorators.http import require_GET

from csrportal.auth import csr_required
from customers.models import Customer

RESULTS = 8


@require_GET
@csr_required
def customer_search(request):
    """Customers matching what the CSR typed (2+ characters), to choose one for a new cart or order."""
    text = request.GET.get("customer_search", "").strip()
    customers = list(Customer.objects.matching(text).order_by("last_name", "first_name", "id")[:RESULTS]) if len(text) >= 2 else []
    return render(request, "customers/_choose_customer.html", {"text": text, "customers": customers})
