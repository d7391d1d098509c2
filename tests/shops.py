"""Small shops that tests sell in, built with the factories. Test modules wrap them in fixtures
on `db` or, for the browser tests' live server, on `transactional_db`."""
from decimal import Decimal

from demo.factories.catalog import (
    CouponFactory,
    MarketFactory,
    PaymentMethodFactory,
    PriceFactory,
    ShippingMethodFactory,
    SkuFactory,
    StockFactory,
    WarehouseFactory,
)
from demo.factories.customers import AddressFactory, CustomerFactory


def tee_market():
    """The US market with standard and express shipping, phone and card payments, the coupon
    SAVE10 and two SKUs in stock (TEE-RED-M at 20.00, TEE-RED-L at 22.00, 10 of each)."""
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


def mug_shop() -> dict:
    """The US market, warehouse MAIN, MUG-BLUE at 12.00 (5 in stock) and MUG-RED at 14.00 (none,
    backorderable), shipping "standard" at 5.00, payments by phone and by card."""
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


def taylor_hayes():
    """A customer with a preferred US shipping and billing address."""
    customer = CustomerFactory(first_name="Taylor", last_name="Hayes", email="taylor@example.com")
    customer.addresses.all().delete()
    AddressFactory(customer=customer, is_preferred_shipping=True, is_preferred_billing=True, country_code="US")
    return customer
