import django_filters
from django import forms

from carts.filters import CartFilter
from orders.filters import CreatedRangeMixin
from orders.numbers import SUBSCRIPTION
from subscriptions.models import Subscription


class SubscriptionFilter(CreatedRangeMixin):
    """Customer name (prefix, % wildcard) or exact email, market, active or paused, created."""

    search = CartFilter.base_filters["search"]
    market = CartFilter.base_filters["market"]
    active = django_filters.ChoiceFilter(label="State", choices=[("active", "Active"), ("paused", "Paused")],
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
        return queryset.filter(schedule__active=value == "active")
