"""The purchase-order filters, with the portal's search semantics (docs/domain.md §5)."""
import django_filters
from django import forms

from catalog import reference
from csrportal.filters import CreatedRangeMixin
from csrportal.search import email_is, name_like, number_is
from orders.models import OrderGroup, OrderStatus
from orders.numbers import EXCHANGE_ORDER, PURCHASE_ORDER


def market_choices():
    return [(market.code, market.name) for market in reference.markets()]


class PurchaseOrderFilter(CreatedRangeMixin):
    number = django_filters.CharFilter(label="No.", method="filter_number",
                                       widget=forms.TextInput(attrs={"placeholder": "PO10042", "autocomplete": "off"}))
    name = django_filters.CharFilter(label="Name", method="filter_name")
    market = django_filters.MultipleChoiceFilter(label="Market", choices=market_choices, method="filter_market", distinct=False,
                                                 widget=forms.CheckboxSelectMultiple)
    customer = django_filters.CharFilter(label="Customer name", method="filter_customer",
                                         widget=forms.TextInput(attrs={"placeholder": "tay, %tay", "autocomplete": "off"}))
    # Text, not type="email": the browser would refuse to send a form holding "@example", and
    # with it every other filter the CSR changes; a fragment simply finds nothing.
    email = django_filters.CharFilter(label="Customer email", method="filter_email",
                                      widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "off",
                                                                    "placeholder": "exact address"}))
    status = django_filters.MultipleChoiceFilter(label="Status", choices=OrderStatus.choices, distinct=False,
                                                 widget=forms.CheckboxSelectMultiple)

    field_order = ["number", "customer", "email", "name", "status", "market", "created", "created_from", "created_to"]

    class Meta:
        model = OrderGroup
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the markets once: a callable would be asked again by every use of the choices.
        self.filters["market"].extra["choices"] = market_choices()

    def filter_number(self, queryset, name, value):
        """Exact when the number exists, otherwise every number that starts with what was typed;
        digits alone are a purchase or exchange order's number without its prefix."""
        return number_is(queryset, value, (PURCHASE_ORDER, EXCHANGE_ORDER))

    def filter_name(self, queryset, name, value):
        return name_like(queryset, "name", value)

    def filter_customer(self, queryset, name, value):
        return name_like(queryset, "customer_name", value)

    def filter_email(self, queryset, name, value):
        return email_is(queryset, "customer_email", value)

    def filter_market(self, queryset, name, value):
        # The ids as constants (markets are few), so the planner can use them in the order indexes.
        return queryset.filter(market_id__in=[market.pk for market in reference.markets() if market.code in value])
