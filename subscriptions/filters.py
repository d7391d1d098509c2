import django_filters
from django import forms
from django.utils import timezone

from carts.filters import CartFilter
from orders.filters import CreatedRangeMixin
from orders.numbers import SUBSCRIPTION
from subscriptions.models import Subscription

STATES = [("active", "Active"), ("paused", "Paused"), ("due", "Due today"), ("failed", "Failed last cycle"),
          ("cancelled", "Cancelled")]


class SubscriptionFilter(CreatedRangeMixin):
    """Customer name (prefix, % wildcard) or exact email, market, state (active, paused, due today, failed last
    cycle, cancelled), created. Each state is served by an index of the schedule (subscriptions.models)."""

    search = CartFilter.base_filters["search"]
    market = CartFilter.base_filters["market"]
    active = django_filters.ChoiceFilter(label="State", choices=STATES,
                                         empty_label="All", method="filter_active",
                                         widget=forms.Select)

    field_order = ["search", "active", "market", "created", "created_from", "created_to"]
    number_prefixes = (SUBSCRIPTION,)
    filter_search = CartFilter.filter_search
    filter_market = CartFilter.filter_market

    class Meta:
        model = Subscription
        fields = []

    def filter_active(self, queryset, name, value):
        if value == "due":
            # Due by today (a plan the job has not reached yet is due too): what the next run will place.
            return queryset.filter(schedule__active=True, schedule__cancelled_at__isnull=True,
                                   schedule__next_order_date__lte=timezone.localdate())
        if value == "failed":
            return queryset.filter(schedule__last_result="failed")
        if value == "cancelled":
            return queryset.filter(schedule__cancelled_at__isnull=False)
        if value == "paused":
            return queryset.filter(schedule__active=False, schedule__cancelled_at__isnull=True)
        return queryset.filter(schedule__active=True)
