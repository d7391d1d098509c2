"""An order a CSR can edit: In Progress, unreleased shipments, a market with methods and SKUs."""
import pytest

from demo.factories.orders import PurchaseOrderFactory
from orders.models import LineItem, Shipment, ShipmentStatus
from tests.shops import tee_market


@pytest.fixture
def market(db):
    return tee_market()


def make_editable(order):
    Shipment.objects.filter(order_form__order_group=order).update(status=ShipmentStatus.AWAITING_INVENTORY)
    return order


@pytest.fixture
def editable_order(market):
    return make_editable(PurchaseOrderFactory(market=market, lines=2))


def lines_of(order):
    return list(LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id"))


def shipments_of(order):
    return list(Shipment.objects.filter(order_form__order_group=order).order_by("id"))
