"""The customer page's Order history tab: the customer's purchase orders, newest first, paged by
keyset over the (customer, kind, -created, -id) index, so a page costs the same for a customer with
one order or thousands. The tab is registered with the customer page in orders.apps."""
from django.http import QueryDict
from django.urls import reverse
from django.views.decorators.http import require_GET

from csrportal.auth import csr_required
from csrportal.forms import PAGE_SIZES, ListViewForm
from csrportal.paging import BadCursor, keyset_page
from customers.page import customer_for_page, customer_page
from orders.models import OrderGroup
from orders.tables import PurchaseOrderTable

COLUMNS = ["number", "created", "status", "total", "balance_due"]
PER_PAGE = PAGE_SIZES[0]


@require_GET
@csr_required
def customer_orders(request, customer_id):
    customer = customer_for_page(customer_id)
    # Where the page is (First, Previous, Next, Last), read as every list reads it.
    position = ListViewForm(request.GET, table=PurchaseOrderTable, default_sort="-created")
    position.is_valid()
    problems = [error for name in ("page", "after", "before") for error in position.errors.get(name, [])]
    asked = position.cleaned_data
    orders = OrderGroup.objects.purchase_orders().filter(customer=customer)
    try:
        page = keyset_page(orders, sort_field="created", descending=True, per_page=PER_PAGE,
                           after=asked.get("after", ""), before=asked.get("before", ""),
                           last=asked.get("page") == "last")
    except BadCursor as error:
        problems.append(str(error))
        page = keyset_page(orders, sort_field="created", descending=True, per_page=PER_PAGE)
    path = reverse("customer_orders", args=[customer.pk])
    return customer_page(request, customer, "customer_orders", "orders/customer_orders.html", {
        "page": page, "problems": problems, "caption": caption(page, "purchase order"), "headers": PurchaseOrderTable.headers(COLUMNS),
        "rows": PurchaseOrderTable.html_rows(page.rows, COLUMNS),
        "first_url": path,
        "previous_url": _at(path, before=page.previous_cursor) if page.previous_cursor else "",
        "next_url": _at(path, after=page.next_cursor) if page.next_cursor else "",
        "last_url": _at(path, page="last"),
    })


def caption(page, noun: str) -> str:
    """"3 purchase orders", "More than 1,000 purchase orders": the count stops at the cap."""
    if page.count_is_capped:
        return f"More than {page.count:,} {noun}s"
    return f"{page.count:,} {noun}{'' if page.count == 1 else 's'}"


def _at(path: str, **position) -> str:
    query = QueryDict(mutable=True)
    query.update(position)
    return f"{path}?{query.urlencode()}"
