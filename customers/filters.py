"""The Customers tab's filters, with the portal's search semantics (docs/domain.md §5): names are
prefixes in which `%` is a wildcard, accents as typed; an email matches whole, in any case."""
import django_filters
from django import forms
from django.db.models import CharField, F, Func, Q, Value

from catalog import reference
from csrportal.filters import CreatedRangeMixin
from csrportal.search import email_is, like_pattern, name_like
from customers.models import Customer, CustomerGroup, Organization


class FullName(Func):
    """first_name || ' ' || last_name: "Mercy Taylor", what a name filter reads, as the order lists'
    customer name reads. Its PostgreSQL pattern and trigram indexes are built on UPPER of this very
    SQL (customers migration 0004), so the planner matches them; Django's Concat would add
    COALESCEs the index would have to copy."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = CharField()


FULL_NAME = FullName(F("first_name"), Value(" "), F("last_name"))


def market_choices():
    return [(market.code, market.name) for market in reference.markets()]


def group_choices():
    return list(CustomerGroup.objects.order_by("name").values_list("pk", "name"))


def currency_choices():
    currencies = {market.default_currency for market in reference.markets()}
    currencies |= {currency for market in reference.markets() for currency in market.currencies}
    return [(currency, currency) for currency in sorted(currencies)]


def text_filter(label: str, method: str, placeholder: str, **attrs) -> django_filters.CharFilter:
    return django_filters.CharFilter(label=label, method=method, widget=forms.TextInput(
        attrs={"placeholder": placeholder, "autocomplete": "off", **attrs}))


class CustomerFilter(CreatedRangeMixin):
    name = text_filter("Name", "filter_name", "tay, %tay")
    # Text, not type="email": the browser would hold back the whole form while an address is half typed.
    email = text_filter("Email", "filter_email", "exact address", inputmode="email")
    phone = text_filter("Phone", "filter_phone", "any part, e.g. 555-01", inputmode="tel")
    group = django_filters.ChoiceFilter(label="Customer group", choices=group_choices, empty_label="Any",
                                        method="filter_group")
    organization = text_filter("Organization", "filter_organization", "acme, %corp")
    market = django_filters.ChoiceFilter(label="Market of last order", choices=market_choices, empty_label="Any",
                                         method="filter_market")
    currency = django_filters.ChoiceFilter(label="Currency", choices=currency_choices, empty_label="Any",
                                           method="filter_currency")

    field_order = ["name", "email", "phone", "group", "organization", "market", "currency", "created",
                   "created_from", "created_to"]

    class Meta:
        model = Customer
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read each list of choices once: a callable would be asked again by every use of them.
        for name, choices in (("group", group_choices), ("market", market_choices), ("currency", currency_choices)):
            self.filters[name].extra["choices"] = choices()

    def one_currency(self) -> bool:
        """Lifetime value sorts only within one currency (csrportal.listing)."""
        return bool(getattr(self.form, "cleaned_data", {}).get("currency"))

    def filter_name(self, queryset, name, value):
        return name_like(queryset.alias(full_name_typed=FULL_NAME), "full_name_typed", value)

    def filter_email(self, queryset, name, value):
        return email_is(queryset, "email", value)

    def filter_phone(self, queryset, name, value):
        # Any part of the number as it is written ("555-01" finds "+1 555-0134"): a trigram index serves it.
        return queryset.filter(phone__upper_like="%" + like_pattern(value))

    def filter_group(self, queryset, name, value):
        return queryset.filter(group_id=value)

    def filter_organization(self, queryset, name, value):
        """Customers of the organizations whose name starts so, or of their sections."""
        pattern = like_pattern(value)
        organizations = Organization.objects.filter(Q(name__upper_like=pattern) | Q(parent__name__upper_like=pattern))
        return queryset.filter(organization__in=organizations.values("pk"))

    def filter_market(self, queryset, name, value):
        # The id as a constant (markets are few), so the planner can use it in the index.
        return queryset.filter(last_order_market_id__in=[market.pk for market in reference.markets()
                                                          if market.code == value])

    def filter_currency(self, queryset, name, value):
        """Customers who have bought in the currency, with that currency's lifetime value to show and
        sort by (one figure per customer and currency, so no row comes twice)."""
        return queryset.filter(figures__currency=value).annotate(
            lifetime_value=F("figures__lifetime_value"), figure_currency=F("figures__currency"))
