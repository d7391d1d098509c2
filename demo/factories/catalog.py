"""factory-boy factories for reference data, shared by the tests and `seed_demo`.

Every factory draws its randomness from factory-boy's generator, so
`factory.random.reseed_random(n)` makes a run repeatable. Rows that are looked up by a natural
key (market code, shipping method per market and currency, ...) use get-or-create, so asking
twice for "the Swedish market" gives the same row.

    MarketFactory(sweden=True)            # SE, SEK (+ EUR), 25 %, prices include tax
    PriceFactory(sku=sku, market=market)  # in the market's default currency
"""
from decimal import Decimal

import factory
import factory.random
from factory.django import DjangoModelFactory

from catalog.models import (
    Coupon,
    DiscountScope,
    Market,
    PaymentMethod,
    PaymentMethodKind,
    Price,
    Product,
    ShippingMethod,
    Sku,
    Stock,
    ValueType,
    Warehouse,
)
from csrportal.money import round_money

# The demo's markets: one that adds tax (US), two whose prices include it (SE, DE), one without
# minor units (JP). Used as traits below and by the seed (demo.reference).
DEMO_MARKETS = {
    "US": {"name": "United States", "default_currency": "USD", "currencies": ["USD"], "countries": ["US"],
           "prices_include_tax": False, "tax_rate": Decimal("0.0800")},
    "SE": {"name": "Sweden", "default_currency": "SEK", "currencies": ["SEK", "EUR"], "countries": ["SE"],
           "prices_include_tax": True, "tax_rate": Decimal("0.2500")},
    "DE": {"name": "Germany", "default_currency": "EUR", "currencies": ["EUR"], "countries": ["DE", "AT"],
           "prices_include_tax": True, "tax_rate": Decimal("0.1900")},
    "JP": {"name": "Japan", "default_currency": "JPY", "currencies": ["JPY"], "countries": ["JP"],
           "prices_include_tax": False, "tax_rate": Decimal("0.1000")},
}

# What one US dollar of list price is in each currency, and the price points shops use there.
EXCHANGE = {"USD": Decimal("1"), "EUR": Decimal("0.92"), "SEK": Decimal("10.5"), "JPY": Decimal("150")}

# Shipping methods per currency: (code, name, price).
SHIPPING_PRICES = {
    "USD": [("standard", "Standard", Decimal("5.95")), ("express", "Express", Decimal("14.95")),
            ("pickup", "Store pickup", Decimal("0.00"))],
    "EUR": [("standard", "Standard", Decimal("4.90")), ("express", "Express", Decimal("9.90"))],
    "SEK": [("standard", "Standard", Decimal("49.00")), ("express", "Express", Decimal("99.00")),
            ("pickup", "Service point pickup", Decimal("0.00"))],
    "JPY": [("standard", "Standard", Decimal("500")), ("express", "Express", Decimal("1200"))],
}

# The carriers' tracking pages, per shipping method code (catalog.ShippingMethod.tracking_url_template):
# standard parcels go by DHL, express by UPS; a pickup has no carrier, its numbers show as text.
TRACKING_URL_TEMPLATES = {
    "standard": "https://www.dhl.com/en/express/tracking.html?AWB={tracking_number}",
    "express": "https://www.ups.com/track?tracknum={tracking_number}",
}

PAYMENT_METHODS = [
    ("phone", "Phone / manual", PaymentMethodKind.PHONE),
    ("card", "Credit card", PaymentMethodKind.CARD),
    ("invoice", "Invoice", PaymentMethodKind.INVOICE),
]


def price_in(usd: Decimal, currency: str) -> Decimal:
    """A believable shelf price in `currency` for something that costs `usd` dollars.

    Whole tens of yen, whole kronor ending in 9, cents ending in 5 or 9 elsewhere.
    """
    amount = usd * EXCHANGE[currency]
    if currency == "JPY":
        return round_money(max(Decimal(10), (amount / 10).to_integral_value() * 10), currency)
    if currency == "SEK":
        return round_money(max(Decimal(9), (amount / 10).to_integral_value() * 10 - 1), currency)
    whole = amount.to_integral_value()
    return round_money(max(Decimal("0.95"), whole - Decimal("0.05")), currency)


def random_price(currency: str) -> Decimal:
    return price_in(Decimal(factory.random.randgen.randint(8, 180)), currency)


class MarketFactory(DjangoModelFactory):
    class Meta:
        model = Market
        django_get_or_create = ("code",)

    class Params:
        united_states = factory.Trait(code="US", **DEMO_MARKETS["US"])
        sweden = factory.Trait(code="SE", **DEMO_MARKETS["SE"])
        germany = factory.Trait(code="DE", **DEMO_MARKETS["DE"])
        japan = factory.Trait(code="JP", **DEMO_MARKETS["JP"])

    code = factory.Sequence(lambda n: f"M{n}")
    name = factory.LazyAttribute(lambda o: f"Market {o.code}")
    default_currency = "USD"
    currencies = factory.LazyAttribute(lambda o: [o.default_currency])
    countries = ["US"]
    prices_include_tax = False
    tax_rate = Decimal("0.0800")


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:05d}")
    name = factory.Faker("catch_phrase")
    description = factory.Faker("sentence", nb_words=12)


class SkuFactory(DjangoModelFactory):
    class Meta:
        model = Sku
        django_get_or_create = ("code",)

    product = factory.SubFactory(ProductFactory)
    size = factory.Iterator(["S", "M", "L", "XL"])
    colour = factory.Iterator(["Black", "Navy", "Olive", "Sand", "White"])
    code = factory.Sequence(lambda n: f"SKU{n:06d}")
    name = factory.LazyAttribute(lambda o: ", ".join(part for part in (o.product.name, o.colour, o.size) if part))


class PriceFactory(DjangoModelFactory):
    class Meta:
        model = Price
        django_get_or_create = ("sku", "market", "currency")

    sku = factory.SubFactory(SkuFactory)
    market = factory.SubFactory(MarketFactory)
    currency = factory.SelfAttribute("market.default_currency")
    amount = factory.LazyAttribute(lambda o: random_price(o.currency))


class WarehouseFactory(DjangoModelFactory):
    class Meta:
        model = Warehouse
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"WH{n}")
    name = factory.LazyAttribute(lambda o: f"Warehouse {o.code}")

    @factory.post_generation
    def markets(self, create, extracted, **kwargs):
        if create and extracted:
            self.markets.add(*extracted)


class StockFactory(DjangoModelFactory):
    class Meta:
        model = Stock
        django_get_or_create = ("sku", "warehouse")

    sku = factory.SubFactory(SkuFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    in_stock = factory.Faker("random_int", min=0, max=400)
    reserved = factory.LazyAttribute(lambda o: min(o.in_stock, factory.random.randgen.randint(0, 20)))


class ShippingMethodFactory(DjangoModelFactory):
    """The market's standard shipping unless told otherwise; the price follows the currency."""

    class Meta:
        model = ShippingMethod
        django_get_or_create = ("market", "code", "currency")

    market = factory.SubFactory(MarketFactory)
    currency = factory.SelfAttribute("market.default_currency")
    code = "standard"
    name = factory.LazyAttribute(
        lambda o: next((name for code, name, _ in SHIPPING_PRICES.get(o.currency, []) if code == o.code), o.code.title())
    )
    price = factory.LazyAttribute(
        lambda o: next(
            (price for code, _, price in SHIPPING_PRICES.get(o.currency, []) if code == o.code),
            price_in(Decimal(6), o.currency) if o.currency in EXCHANGE else Decimal("5.00"),
        )
    )
    tracking_url_template = factory.LazyAttribute(lambda o: TRACKING_URL_TEMPLATES.get(o.code, ""))


class PaymentMethodFactory(DjangoModelFactory):
    class Meta:
        model = PaymentMethod
        django_get_or_create = ("market", "code")

    market = factory.SubFactory(MarketFactory)
    code = "card"
    kind = factory.LazyAttribute(lambda o: next((kind for code, _, kind in PAYMENT_METHODS if code == o.code),
                                                PaymentMethodKind.PHONE))
    name = factory.LazyAttribute(lambda o: next((name for code, name, _ in PAYMENT_METHODS if code == o.code),
                                                o.code.title()))


class CouponFactory(DjangoModelFactory):
    """10 % off the order, any market, by default."""

    class Meta:
        model = Coupon
        django_get_or_create = ("code",)

    class Params:
        free_shipping = factory.Trait(
            scope=DiscountScope.SHIPPING, value_type=ValueType.PERCENT, value=Decimal(100),
            description="Free shipping",
        )

    code = factory.Sequence(lambda n: f"SAVE{n}")
    description = factory.LazyAttribute(lambda o: f"{o.value:g} % off" if o.value_type == ValueType.PERCENT else "Money off")
    scope = DiscountScope.ORDER
    value_type = ValueType.PERCENT
    value = Decimal(10)
    currency = ""
    market = None
