"""The Carts tab's filters, with the portal's search semantics (docs/domain.md §5)."""
import django_filters
from django import forms

from carts.models import WISHLIST, Cart
from catalog import reference
from csrportal.search import email_is, name_like, number_is, number_typed
from orders.filters import CreatedRangeMixin, market_choices
from orders.numbers import CART


class CartFilter(CreatedRangeMixin):
    search = django_filters.CharFilter(
        label="Customer name or email, or number", method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": "tay, %tay, an email or a number", "autocomplete": "off"}),
    )
    kind = django_filters.ChoiceFilter(label="Kind", choices=[("carts", "Carts"), ("wishlists", "Wish lists")],
                                       empty_label="All", method="filter_kind")
    customer = django_filters.ChoiceFilter(label="Customer", empty_label="All", method="filter_customer",
                                           choices=[("registered", "Registered"), ("anonymous", "Anonymous")])
    market = django_filters.ChoiceFilter(label="Market", choices=market_choices, empty_label="Any",
                                         method="filter_market")

    field_order = ["search", "kind", "customer", "market", "created", "created_from", "created_to"]
    number_prefixes = (CART,)

    class Meta:
        model = Cart
        fields = []

    def filter_search(self, queryset, name, value):
        """A number (with or without its prefix) finds that number, an address (it has an @)
        matches exactly; anything else is a customer-name prefix."""
        if number_typed(value, self.number_prefixes):
            return number_is(queryset, value, self.number_prefixes)
        if "@" in value:
            return email_is(queryset, "customer_email", value)
        return name_like(queryset, "customer_name", value)

    def filter_kind(self, queryset, name, value):
        if value == "wishlists":
            return queryset.filter(name=WISHLIST)
        return queryset.exclude(name=WISHLIST)

    def filter_customer(self, queryset, name, value):
        return queryset.filter(customer__isnull=value == "anonymous")

    def filter_market(self, queryset, name, value):
        # A subquery rather than a join, so the cart indexes lead (as for purchase orders).
        return queryset.filter(market_id__in=[market.pk for market in reference.markets() if market.code == value])
