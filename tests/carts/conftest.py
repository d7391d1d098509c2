"""A market to sell in (methods, SKUs with stock), and a customer with a preferred address."""
from decimal import Decimal

import pytest

from catalog.factories import (
    MarketFactory, PaymentMethodFactory, PriceFactory, ShippingMethodFactory, SkuFactory, StockFactory, WarehouseFactory,
)
from customers.factories import AddressFactory, CustomerFactory


@pytest.fixture
def shop(db):
    market = MarketFactory(united_states=True)
    warehouse = WarehouseFactory(code="MAIN", markets=[market])
    skus = {}
    for code, price, in_stock, backorder in (("MUG-BLUE", "12.00", 5, False), ("MUG-RED", "14.00", 0, True)):
        sku = SkuFactory(code=code, name=f"Mug {code[4:].lower()}")
        sku.allow_backorder = backorder
        sku.save()
        PriceFactory(sku=sku, market=market, amount=Decimal(price))
        StockFactory(sku=sku, warehouse=warehouse, in_stock=in_stock, reserved=0)
        skus[code] = sku
    return {
        "market": market, "warehouse": warehouse, "skus": skus,
        "standard": ShippingMethodFactory(market=market, code="standard", price=Decimal("5.00")),
        "phone": PaymentMethodFactory(market=market, code="phone", name="Phone", kind="phone"),
        "card": PaymentMethodFactory(market=market, code="card", name="Card", kind="card"),
    }


@pytest.fixture
def customer(db):
    customer = CustomerFactory(first_name="Taylor", last_name="Hayes", email="taylor@example.com")
    customer.addresses.all().delete()
    AddressFactory(customer=customer, is_preferred_shipping=True, is_preferred_billing=True, country_code="US")
    return customer
