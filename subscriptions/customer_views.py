"""The customer page's Subscriptions tab: the customer's subscriptions with their cycle and next
order date, each opening the subscription. Registered with the customer page in subscriptions.apps."""
from django.views.decorators.http import require_GET

from csrportal.auth import csr_required
from customers.page import customer_for_page, customer_page
from subscriptions.models import Subscription
from subscriptions.tables import SubscriptionTable

COLUMNS = ["number", "cycle", "next_order", "placed", "market", "total", "created"]
# Past this many, the Subscriptions tab (filtered by the customer's email) has them all.
SHOWN = 50


@require_GET
@csr_required
def customer_subscriptions(request, customer_id):
    customer = customer_for_page(customer_id)
    subscriptions = list(Subscription.objects.filter(customer=customer).select_related("market", "schedule")
                         .order_by("-created", "-id")[:SHOWN + 1])
    more = len(subscriptions) > SHOWN
    subscriptions = subscriptions[:SHOWN]
    count = (f"The {SHOWN} newest subscriptions" if more
             else f"{len(subscriptions)} subscription{'' if len(subscriptions) == 1 else 's'}, newest first")
    return customer_page(request, customer, "customer_subscriptions", "subscriptions/customer_subscriptions.html", {
        "caption": count, "more": more,
        "headers": SubscriptionTable.headers(COLUMNS), "rows": SubscriptionTable.html_rows(subscriptions, COLUMNS),
    })
