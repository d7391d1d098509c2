"""The Subscriptions tab, and turning a cart into a subscription. Each subscription opens the shared
order page (/subscriptions/<number>/). Views translate HTTP; the rules are in subscriptions.operations."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carts.operations import ConversionRefused
from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import ListScreen, render_listing
from orders.detail_views import follows_placed_carts, get_order
from orders.models import Kind
from orders.operations import OrderError
from subscriptions.filters import SubscriptionFilter
from subscriptions.forms import SubscribeForm
from subscriptions.models import Subscription
from subscriptions.operations import cart_convert_to_subscription
from subscriptions.tables import SubscriptionTable


def _listing(request, params=None):
    return build_listing(request, table=SubscriptionTable, filterset_class=SubscriptionFilter,
                         queryset=Subscription.objects.select_related("market", "schedule"), default_sort="-created",
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
    form = SubscribeForm(request.POST if request.method == "POST" else None, order=cart, edit="subscribe",
                         initial={"version": cart.version, "start_date": timezone.localdate()})
    problems = []
    if form.is_bound and form.is_valid():
        try:
            cart_convert_to_subscription(cart, user=request.user, **form.cleaned_data)
        except ConversionRefused as refused:
            problems = refused.problems
        except OrderError as error:
            form.refuse(error)
        else:
            messages.success(request, f"Subscription {cart.number} created from {cart.source_cart_number}.")
            return redirect(reverse("subscription:order_detail", args=[cart.number]))
    return render(request, "subscriptions/cart_subscribe.html", {"order": cart, "form": form,
                                                                 "problems": problems + form.banner_errors()})
