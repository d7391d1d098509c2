"""The Shipments tab's filters (docs/domain.md §5). Every one is served by a partial index on the
open shipments (orders migration 0010), newest first; the market is the order's."""
import django_filters
from django import forms

from catalog import reference
from csrportal.filters import CreatedRangeMixin
from orders.models import OPEN_SHIPMENT_STATUSES, Shipment

# The statuses the tab offers; with none chosen, all of them (Shipped and Cancelled are final, On
# Hold waits for its order).
OPEN_STATUSES = OPEN_SHIPMENT_STATUSES


def market_choices():
    return [(market.code, market.name) for market in reference.markets()]


def shipping_method_choices():
    return [(str(method.pk), f"{method.name} ({method.market.name}, {method.currency})")
            for method in reference.all_shipping_methods()]


class ShipmentFilter(CreatedRangeMixin):
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=[(status.value, status.label) for status in OPEN_STATUSES], distinct=False,
        widget=forms.CheckboxSelectMultiple)
    warehouse = django_filters.ChoiceFilter(label="Warehouse", choices=[], empty_label="Any",
                                            method="filter_warehouse")
    shipping_method = django_filters.ChoiceFilter(label="Shipping method", choices=shipping_method_choices,
                                                  empty_label="Any", method="filter_shipping_method")
    market = django_filters.MultipleChoiceFilter(label="Market", choices=market_choices, method="filter_market",
                                                 distinct=False, widget=forms.CheckboxSelectMultiple)

    field_order = ["status", "warehouse", "shipping_method", "market", "created", "created_from", "created_to"]

    class Meta:
        model = Shipment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read each list of choices once: a callable would be asked again by every use of them.
        for name, choices in (("shipping_method", shipping_method_choices), ("market", market_choices)):
            self.filters[name].extra["choices"] = choices()
        warehouses = reference.warehouses()
        self.filters["warehouse"].extra["choices"] = [(warehouse.code, warehouse.name) for warehouse in warehouses]
        self.warehouse_ids = {warehouse.code: warehouse.pk for warehouse in warehouses}

    def filter_warehouse(self, queryset, name, value):
        # The id as a constant, so the planner can use it in the index.
        return queryset.filter(warehouse_id=self.warehouse_ids[value])

    def filter_shipping_method(self, queryset, name, value):
        return queryset.filter(shipping_method_id=int(value))

    def filter_market(self, queryset, name, value):
        # The ids as constants (markets are few); the market is the order's, copied onto its shipments.
        return queryset.filter(market_id__in=[
            market.pk for market in reference.markets() if market.code in value])
