"""A small shop and orders, built through the ORM (the factories are someone else's, and moving)."""
import datetime
from decimal import Decimal

import pytest

from catalog.models import Coupon, Market, PaymentMethod, Price, Product, ShippingMethod, Sku, Stock, Warehouse
from csrportal.models import SavedView, UserPreferences
from customers.models import Address, Customer, CustomerGroup, Organization
from orders.models import (
    Discount,
    LineItem,
    Note,
    NoteKind,
    OrderAddress,
    OrderForm,
    OrderGroup,
    OrderStatus,
    Payment,
    ReturnForm,
    ReturnLine,
    Shipment,
    ShipmentStatus,
    TransactionType,
)
from orders.numbers import next_number
from orders.operations import recalculate
from subscriptions.models import Schedule

PREFIX = {"po": "PO", "cart": "C", "plan": "PP"}


@pytest.fixture
def shop(db):
    market = Market.objects.create(code="US", name="United States", default_currency="USD", currencies=["USD"],
                                   countries=["US"], tax_rate=Decimal("0.08"))
    warehouse = Warehouse.objects.create(code="NYC", name="New York")
    warehouse.markets.add(market)
    product = Product.objects.create(code="TEE", name="T-shirt")
    skus = {}
    for code, price in (("TEE-M", "20.00"), ("TEE-L", "22.00")):
        sku = Sku.objects.create(product=product, code=code, name=f"T-shirt {code[4:]}")
        Price.objects.create(sku=sku, market=market, currency="USD", amount=Decimal(price))
        Stock.objects.create(sku=sku, warehouse=warehouse, in_stock=50)
        skus[code] = sku
    organization = Organization.objects.create(name="Acme", code="ACME")
    customer = Customer.objects.create(first_name="Mercy", last_name="Taylor", email="mercy@example.com",
                                       group=CustomerGroup.objects.create(name="Retail"), organization=organization)
    Address.objects.create(customer=customer, label="Office", line1="2 Work Rd", city="Albany", postal_code="12207",
                           country_code="US", is_preferred_shipping=True)
    return {
        "market": market,
        "warehouse": warehouse,
        "skus": skus,
        "ground": ShippingMethod.objects.create(market=market, code="ground", name="Ground", currency="USD",
                                                price=Decimal("5.00")),
        "express": ShippingMethod.objects.create(market=market, code="express", name="Express", currency="USD",
                                                 price=Decimal("15.00")),
        "phone": PaymentMethod.objects.create(market=market, code="phone", name="Phone", kind="phone"),
        "coupon": Coupon.objects.create(code="SAVE10", description="10 % off", value_type="percent", value=Decimal("10")),
        "customer": customer,
    }


@pytest.fixture
def make_order(shop):
    """make_order(status=..., kind="po"|"cart"|"plan", lines=(("TEE-M", 2),)): one form, one shipment."""

    def make(status=OrderStatus.IN_PROGRESS, kind="po", lines=(("TEE-M", 2),), number=None, name="Default"):
        customer = shop["customer"]
        order = OrderGroup.objects.create(
            kind=kind, number=number or next_number(PREFIX[kind]), name=name, status=status if kind == "po" else "",
            market=shop["market"], currency="USD", customer=customer, customer_name=customer.full_name,
            customer_email=customer.email, organization=customer.organization)
        address = OrderAddress.objects.create(order_group=order, name="Shipping", line1="1 Main St",
                                              city="Springfield", postal_code="12345", country_code="US")
        form = OrderForm.objects.create(order_group=order, organization=customer.organization, billing_address=address)
        shipment_status = {
            OrderStatus.ON_HOLD: ShipmentStatus.ON_HOLD,
            OrderStatus.CANCELLED: ShipmentStatus.CANCELLED,
            OrderStatus.COMPLETED: ShipmentStatus.SHIPPED,
        }.get(status, ShipmentStatus.AWAITING_INVENTORY) if kind == "po" else ShipmentStatus.AWAITING_INVENTORY
        shipment = Shipment.objects.create(
            order_form=form, address=address, shipping_method=shop["ground"], shipping_method_name="Ground",
            shipping_cost=Decimal("5.00"), status=shipment_status, warehouse=shop["warehouse"],
            previous_status=ShipmentStatus.AWAITING_INVENTORY if shipment_status == ShipmentStatus.ON_HOLD else "",
            tracking_number="1Z999" if shipment_status == ShipmentStatus.SHIPPED else "")
        for code, quantity in lines:
            sku = shop["skus"][code]
            price = sku.prices.get().amount
            LineItem.objects.create(shipment=shipment, sku=sku, sku_code=code, display_name=sku.name,
                                    quantity=quantity, placed_price=price, list_price=price)
        Note.objects.create(order_group=order, kind=NoteKind.SYSTEM, action="created", title="Order created")
        if kind == "plan":
            Schedule.objects.create(subscription=order, start_date=datetime.date(2026, 1, 1))
        recalculate(order)
        order.save()
        return order

    return make


@pytest.fixture
def everything(make_order, shop, admin_user):
    """At least one row of every model the admin shows, for the pages that list or show them."""
    order = make_order()
    make_order(kind="cart")
    make_order(kind="plan")
    line = LineItem.objects.filter(shipment__order_form__order_group=order).first()
    Payment.objects.create(order_form=order.forms.get(), method=shop["phone"], method_name="Phone", amount=Decimal("1.00"),
                           transaction_type=TransactionType.SALE, status="processed")
    Discount.objects.create(order_group=order, scope="order", value_type="amount", value=Decimal("1.00"), reason="Sorry")
    Note.objects.create(order_group=order, kind=NoteKind.CUSTOM, title="Called the customer")
    returned = ReturnForm.objects.create(order_group=order, number="RMA10001")
    ReturnLine.objects.create(return_form=returned, line_item=line, quantity=1, reason="Too small")
    UserPreferences.objects.create(user=admin_user, time_zone="Europe/Stockholm")
    SavedView.objects.create(owner=admin_user, table="purchase_orders", name="Held", query="status=on_hold")
    return order
