"""The one test world: the shop every test sells in, built with the demo factories.

    build()          # a World: the US market and all it sells, Japan, the customer Taylor Hayes
    make_order(world, status=..., kind="po"|"cart"|"plan", lines=(("TEE-M", 2),))

The US market (8 % tax added on top) sells from the warehouse MAIN:

    TEE-M 20.00, TEE-L 22.00 (10 each), TEE-XL 24.00 (10, backorderable)
    TEE-RED-M 20.00, TEE-RED-L 22.00 (10 each)
    MUG-BLUE 12.00 (5), MUG-RED 14.00 (none, backorderable)

with shipping "standard" 5.00, "ground" 5.00 and "express" 15.00, payments by phone and card, and
the coupon SAVE10 (10 % off). Japan (JPY, 10 %) sells only TEE-JP, at 3000.

Mercy Taylor (mercy@example.com, group Retail, organization Acme, no address yet) holds the orders
make_order() makes. Taylor Hayes (taylor@example.com, one US address preferred for shipping and
billing), the caller of the cart and phone-order tests, is made on request (world.taylor_hayes(),
the `customer` fixture): the admin's name searches count on Mercy being the only Taylor otherwise.

tests/conftest.py wraps the world in fixtures on `db`; the live-server tests call build() inside
their transactional test. A World reads like the dict it replaced: world["market"], world["skus"].
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from catalog.models import Coupon, Market, PaymentMethod, ShippingMethod, Sku, Warehouse
from customers.models import Customer, Organization
from demo.factories.catalog import (
    CouponFactory,
    MarketFactory,
    PaymentMethodFactory,
    PriceFactory,
    ProductFactory,
    ShippingMethodFactory,
    SkuFactory,
    StockFactory,
    WarehouseFactory,
)
from demo.factories.customers import AddressFactory, CustomerFactory, CustomerGroupFactory, OrganizationFactory
from orders.models import (
    LineItem,
    Note,
    NoteKind,
    OrderAddress,
    OrderForm,
    OrderGroup,
    OrderStatus,
    Shipment,
    ShipmentStatus,
)
from orders.numbers import next_number
from orders.operations import recalculate
from subscriptions.models import Schedule

# code: (product, name, price, in stock, backorderable)
US_SKUS = {
    "TEE-M": ("TEE", "T-shirt M", "20.00", 10, False),
    "TEE-L": ("TEE", "T-shirt L", "22.00", 10, False),
    "TEE-XL": ("TEE", "T-shirt XL", "24.00", 10, True),
    "TEE-RED-M": ("TEE-RED", "Red tee M", "20.00", 10, False),
    "TEE-RED-L": ("TEE-RED", "Red tee L", "22.00", 10, False),
    "MUG-BLUE": ("MUG", "Mug blue", "12.00", 5, False),
    "MUG-RED": ("MUG", "Mug red", "14.00", 0, True),
}


@dataclass
class World:
    market: Market
    japan: Market
    warehouse: Warehouse
    skus: dict[str, Sku]
    standard: ShippingMethod
    ground: ShippingMethod
    express: ShippingMethod
    phone: PaymentMethod
    card: PaymentMethod
    coupon: Coupon
    mercy: Customer
    organization: Organization

    def __getitem__(self, name):
        return getattr(self, name)

    def taylor_hayes(self) -> Customer:
        """The customer Taylor Hayes, made the first time she is asked for."""
        found = Customer.objects.filter(email="taylor@example.com").first()
        if found:
            return found
        customer = CustomerFactory(first_name="Taylor", last_name="Hayes", email="taylor@example.com", addresses=0)
        AddressFactory(customer=customer, is_preferred_shipping=True, is_preferred_billing=True, country_code="US")
        return customer


def build() -> World:
    market = MarketFactory(united_states=True)
    japan = MarketFactory(japan=True)
    warehouse = WarehouseFactory(code="MAIN", name="Main warehouse", markets=[market])
    skus = {}
    for code, (product, name, price, in_stock, backorder) in US_SKUS.items():
        sku = SkuFactory(product=ProductFactory(code=product, name=name.rsplit(" ", 1)[0]), code=code, name=name,
                         allow_backorder=backorder)
        PriceFactory(sku=sku, market=market, amount=Decimal(price))
        StockFactory(sku=sku, warehouse=warehouse, in_stock=in_stock, reserved=0)
        skus[code] = sku
    japan_only = SkuFactory(product=skus["TEE-M"].product, code="TEE-JP", name="T-shirt Japan edition")
    PriceFactory(sku=japan_only, market=japan, amount=Decimal("3000"))
    organization = OrganizationFactory(name="Acme", code="ACME")
    mercy = CustomerFactory(first_name="Mercy", last_name="Taylor", email="mercy@example.com",
                            group=CustomerGroupFactory(name="Retail"), organization=organization, addresses=0)
    return World(
        market=market, japan=japan, warehouse=warehouse, skus=skus,
        standard=ShippingMethodFactory(market=market, code="standard", price=Decimal("5.00")),
        ground=ShippingMethodFactory(market=market, code="ground", name="Ground", price=Decimal("5.00")),
        express=ShippingMethodFactory(market=market, code="express", name="Express", price=Decimal("15.00")),
        phone=PaymentMethodFactory(market=market, code="phone", name="Phone", kind="phone"),
        card=PaymentMethodFactory(market=market, code="card", name="Card", kind="card"),
        coupon=CouponFactory(code="SAVE10", description="10 % off"),
        mercy=mercy,
        organization=organization,
    )


# The shipments an order in each status has, as the domain keeps them in step.
SHIPMENT_STATUS_FOR = {
    OrderStatus.IN_PROGRESS: [ShipmentStatus.AWAITING_INVENTORY],
    OrderStatus.ON_HOLD: [ShipmentStatus.ON_HOLD],
    OrderStatus.PARTIALLY_SHIPPED: [ShipmentStatus.SHIPPED, ShipmentStatus.RELEASED],
    OrderStatus.COMPLETED: [ShipmentStatus.SHIPPED],
    OrderStatus.CANCELLED: [ShipmentStatus.CANCELLED],
    OrderStatus.AWAITING_EXCHANGE: [ShipmentStatus.AWAITING_INVENTORY],
}
PREFIX = {"po": "PO", "cart": "C", "plan": "PP"}


def make_order(world: World, status=OrderStatus.IN_PROGRESS, kind="po", lines=(("TEE-M", 2),), number=None,
               name="Default", created_note=False):
    """One form, the shipments `status` implies (the first holds `lines`, a second the first line),
    for Mercy Taylor to 1 Main St, shipped by ground; `created_note` adds the System note
    "Order created"; a "plan" gets a schedule from 2026-01-01. Totals are the calculator's."""
    customer = world.mercy
    order = OrderGroup.objects.create(
        kind=kind, number=number or next_number(PREFIX[kind]), name=name, status=status if kind == "po" else "",
        market=world.market, currency="USD", customer=customer, customer_name=customer.full_name,
        customer_email=customer.email, organization=customer.organization)
    address = OrderAddress.objects.create(order_group=order, name="Shipping", line1="1 Main St", city="Springfield",
                                          postal_code="12345", country_code="US")
    form = OrderForm.objects.create(order_group=order, organization=customer.organization, billing_address=address)
    statuses = SHIPMENT_STATUS_FOR[status] if kind == "po" else [ShipmentStatus.AWAITING_INVENTORY]
    for index, shipment_status in enumerate(statuses):
        shipment = Shipment.objects.create(
            order_form=form, address=address, shipping_method=world.ground, shipping_method_name="Ground",
            shipping_cost=Decimal("5.00"), status=shipment_status, warehouse=world.warehouse,
            previous_status=ShipmentStatus.AWAITING_INVENTORY if shipment_status == ShipmentStatus.ON_HOLD else "",
            tracking_number="1Z999" if shipment_status == ShipmentStatus.SHIPPED else "", of_purchase_order=kind == "po",
            market=world.market)
        for code, quantity in lines if index == 0 else lines[:1]:
            sku = world.skus[code]
            price = sku.prices.get().amount
            LineItem.objects.create(shipment=shipment, sku=sku, sku_code=code, display_name=sku.name,
                                    quantity=quantity, placed_price=price, list_price=price)
    if created_note:
        Note.objects.create(order_group=order, kind=NoteKind.SYSTEM, action="created", title="Order created")
    if kind == "plan":
        Schedule.objects.create(subscription=order, start_date=datetime.date(2026, 1, 1), next_order_date=datetime.date(2026, 1, 1))
    recalculate(order)
    order.save()
    return order


def first_line(order):
    return LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id").first()


def first_shipment(order):
    return Shipment.objects.filter(order_form__order_group=order).order_by("id").first()


def lines_of(order):
    return list(LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id"))


def shipments_of(order):
    return list(Shipment.objects.filter(order_form__order_group=order).order_by("id"))


def make_editable(order):
    Shipment.objects.filter(order_form__order_group=order).update(status=ShipmentStatus.AWAITING_INVENTORY)
    return order
