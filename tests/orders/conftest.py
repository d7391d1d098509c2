"""An order a CSR can edit: In Progress, unreleased shipments, a market with methods and SKUs."""
from decimal import Decimal

import pytest

from catalog.factories import (
    CouponFactory, MarketFactory, PaymentMethodFactory, PriceFactory, ShippingMethodFactory, SkuFactory,
    StockFactory, WarehouseFactory,
)
from orders.factories import PurchaseOrderFactory
from orders.models import LineItem, Shipment, ShipmentStatus


@pytest.fixture
def market(db):
    market = MarketFactory(united_states=True)
    ShippingMethodFactory(market=market, code="standard")
    ShippingMethodFactory(market=market, code="express", name="Express", price=Decimal("15.00"))
    PaymentMethodFactory(market=market, code="phone", name="Phone", kind="phone")
    PaymentMethodFactory(market=market, code="card", name="Card", kind="card")
    CouponFactory(code="SAVE10")
    warehouse = WarehouseFactory(code="MAIN", markets=[market])
    for code, price in (("TEE-RED-M", "20.00"), ("TEE-RED-L", "22.00")):
        sku = SkuFactory(code=code, name=f"Red tee {code[-1]}")
        PriceFactory(sku=sku, market=market, amount=Decimal(price))
        StockFactory(sku=sku, warehouse=warehouse, in_stock=10, reserved=0)
    return market


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
