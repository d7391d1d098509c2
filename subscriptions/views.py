"""The Subscriptions tab, and turning a cart into a subscription. Each subscription opens the shared
order page (/subscriptions/<number>/). Views translate HTTP; the rules are in subscriptions.operations."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import ListScreen, render_listing
from orders.detail_views import follows_placed_carts, get_order
from orders.models import Kind
from orders.operations import OrderError
from subscriptions.filters import SubscriptionFilter
from subscriptions.models import CycleMode, PaymentPlan
from subscriptions.operations import cart_convert_to_subscription
from subscriptions.tables import SubscriptionTable


def _listing(request, params=None):
    return build_listing(request, table=SubscriptionTable, filterset_class=SubscriptionFilter,
                         queryset=PaymentPlan.objects.select_related("market", "schedule"), default_sort="-created",
                         params=params, path=reverse("subscriptions"))


SCREEN = ListScreen(title="Subscriptions", noun="subscription", results_id="subscription-results",
                    url_prefix="subscription", list_url="subscriptions", table=SubscriptionTable, listing=_listing)


@require_GET
@csr_required
def subscription_list(request):
    return render_listing(request, SCREEN, _listing(request))


@require_GET
@csr_required
def subscription_export(request):
    return stream_csv(_listing(request), filename="subscriptions.csv")


# Turning a cart into a subscription ------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@csr_required
@follows_placed_carts
def cart_subscribe(request, number):
    cart = get_order(number, Kind.CART, structure=False)
    failure = None
    if request.method == "POST":
        try:
            cart_convert_to_subscription(
                cart, user=request.user, version=int(request.POST.get("version") or 0),
                cycle_mode=request.POST.get("cycle_mode", ""), cycle_length=request.POST.get("cycle_length", ""),
                start_date=request.POST.get("start_date", ""), end_date=request.POST.get("end_date") or None,
                max_cycles=request.POST.get("max_cycles") or 0)
        except OrderError as error:
            failure = {"edit": "subscribe", "pk": None, "field": error.field, "message": error.message,
                       "data": request.POST, "problems": getattr(error, "problems", [])}
        else:
            messages.success(request, f"Subscription {cart.number} created from {cart.source_cart_number}.")
            return redirect(reverse("plan:order_detail", args=[cart.number]))
    return render(request, "subscriptions/cart_subscribe.html", {
        "order": cart, "failure": failure, "cycle_modes": [mode for mode in CycleMode.choices if mode[0] != CycleMode.NONE],
        "today": timezone.localdate().isoformat(),
    })
