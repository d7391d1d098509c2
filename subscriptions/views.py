"""The Subscriptions tab. Each subscription opens the shared order page (/subscriptions/<number>/)."""
from django.urls import reverse
from django.views.decorators.http import require_GET

from csrportal.auth import csr_required
from csrportal.export import stream_csv
from csrportal.listing import build_listing
from csrportal.views import ListScreen, render_listing
from subscriptions.filters import SubscriptionFilter
from subscriptions.models import Subscription
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
