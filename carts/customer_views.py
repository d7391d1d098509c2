"""The customer page's Carts tab: the customer's open carts and wish lists, newest modified first,
and "New cart" for a market (the new-cart flow, carts.views.cart_new, with the customer chosen).
The tab is registered with the customer page in carts.apps."""
from django.views.decorators.http import require_GET

from carts.forms import CustomerNewCartForm
from carts.models import Cart
from carts.tables import CartTable
from csrportal.auth import csr_required
from customers.page import customer_for_page, customer_page

COLUMNS = ["number", "name", "market", "items", "total", "modified"]
# A customer has one open cart per market and a few wish lists or phone orders; past this many the
# Carts tab (filtered by the customer's email) has them all.
SHOWN = 50


@require_GET
@csr_required
def customer_carts(request, customer_id):
    customer = customer_for_page(customer_id)
    carts = list(Cart.objects.filter(customer=customer).select_related("market").order_by("-modified", "-id")[:SHOWN + 1])
    more = len(carts) > SHOWN
    carts = carts[:SHOWN]
    count = (f"The {SHOWN} most recently modified carts and wish lists" if more
             else "1 cart or wish list" if len(carts) == 1 else f"{len(carts)} carts and wish lists")
    return customer_page(request, customer, "customer_carts", "carts/customer_carts.html", {
        "caption": count + ", newest modified first", "more": more,
        "headers": CartTable.headers(COLUMNS), "rows": CartTable.html_rows(carts, COLUMNS),
        "new_cart_form": CustomerNewCartForm(customer=customer),
    })
