"""A small shop and orders in any status, built through the ORM for the domain tests."""
from decimal import Decimal

import pytest

from catalog.models import Coupon, Market, PaymentMethod, Price, Product, ShippingMethod, Sku, Stock, Warehouse
from customers.models import Customer
from orders.models import LineItem, OrderAddress, OrderForm, OrderGroup, OrderStatus, Shipment, ShipmentStatus
from orders.numbers import next_number
from orders.operations import recalculate

SHIPMENT_STATUS_FOR = {
    OrderStatus.IN_PROGRESS: [ShipmentStatus.AWAITING_INVENTORY],
    OrderStatus.ON_HOLD: [ShipmentStatus.ON_HOLD],
    OrderStatus.PARTIALLY_SHIPPED: [ShipmentStatus.SHIPPED, ShipmentStatus.RELEASED],
    OrderStatus.COMPLETED: [ShipmentStatus.SHIPPED],
    OrderStatus.CANCELLED: [ShipmentStatus.CANCELLED],
    OrderStatus.AWAITING_EXCHANGE: [ShipmentStatus.AWAITING_INVENTORY],
}


@pytest.fixture
def shop(db):
    market = Market.objects.create(code="US", name="United States", default_currency="USD", currencies=["USD"],
                                   countries=["US"], tax_rate=Decimal("0.08"))
    warehouse = Warehouse.objects.create(code="NYC", name="New York")
    warehouse.markets.add(market)
    product = Product.objects.create(code="TEE", name="T-shirt")
    skus = {}
    for code, price, backorder in (("TEE-M", "20.00", False), ("TEE-L", "22.00", False), ("TEE-XL", "24.00", True)):
        sku = Sku.objects.create(product=product, code=code, name=f"T-shirt {code[4:]}", allow_backorder=backorder)
        Price.objects.create(sku=sku, market=market, currency="USD", amount=Decimal(price))
        Stock.objects.create(sku=sku, warehouse=warehouse, in_stock=10)
        skus[code] = sku
    other_market = Market.objects.create(code="JP", name="Japan", default_currency="JPY", currencies=["JPY"],
                                         countries=["JP"], tax_rate=Decimal("0.10"))
    japan_only = Sku.objects.create(product=product, code="TEE-JP", name="T-shirt Japan edition")
    Price.objects.create(sku=japan_only, market=other_market, currency="JPY", amount=Decimal("3000"))
    return {
        "market": market,
        "warehouse": warehouse,
        "skus": skus,
        "ground": ShippingMethod.objects.create(market=market, code="ground", name="Ground", currency="USD", price=Decimal("5.00")),
        "express": ShippingMethod.objects.create(market=market, code="express", name="Express", currency="USD", price=Decimal("15.00")),
        "phone": PaymentMethod.objects.create(market=market, code="phone", name="Phone", kind="phone"),
        "card": PaymentMethod.objects.create(market=market, code="card", name="Card", kind="card"),
        "coupon": Coupon.objects.create(code="SAVE10", description="10 % off", value_type="percent", value=Decimal("10")),
        "customer": Customer.objects.create(first_name="Mercy", last_name="Taylor", email="mercy@example.com"),
    }


@pytest.fixture
def make_order(shop):
    def make(status=OrderStatus.IN_PROGRESS, lines=(("TEE-M", 2),), kind="po"):
        market, customer = shop["market"], shop["customer"]
        order = OrderGroup.objects.create(
            kind=kind, number=next_number({"po": "PO", "cart": "C", "plan": "PP"}[kind]),
            status=status if kind == "po" else "", market=market, currency="USD", customer=customer,
            customer_name=customer.full_name, customer_email=customer.email)
        form = OrderForm.objects.create(order_group=order)
        address = OrderAddress.objects.create(order_group=order, line1="1 Main St", city="Springfield",
                                              postal_code="12345", country_code="US")
        statuses = SHIPMENT_STATUS_FOR[status] if kind == "po" else [ShipmentStatus.AWAITING_INVENTORY]
        for index, shipment_status in enumerate(statuses):
            shipment = Shipment.objects.create(
                order_form=form, address=address, shipping_method=shop["ground"], shipping_method_name="Ground",
                shipping_cost=Decimal("5.00"), status=shipment_status,
                previous_status=ShipmentStatus.AWAITING_INVENTORY if shipment_status == ShipmentStatus.ON_HOLD else "",
                tracking_number="1Z999" if shipment_status == ShipmentStatus.SHIPPED else "",
                warehouse=shop["warehouse"])
            for code, quantity in lines if index == 0 else lines[:1]:
                sku = shop["skus"][code]
                LineItem.objects.create(shipment=shipment, sku=sku, sku_code=code, display_name=sku.name,
                                        quantity=quantity, placed_price=sku.prices.get().amount,
                                        list_price=sku.prices.get().amount)
        recalculate(order)
        order.save()
        return order

    return make


def first_line(order):
    return LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id").first()


def first_shipment(order):
    return Shipment.objects.filter(order_form__order_group=order).order_by("id").first()
