"""Reference data and logins for the demo, made with the factories and kept if already there.

Everything is found by its natural key (market code, SKU code, ...), so a second run creates
only what is missing: the catalog is the same one, and nothing is duplicated.
"""
import dataclasses
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import Coupon, Market, PaymentMethod, Price, Product, ShippingMethod, Sku, Stock, ValueType
from demo.factories.catalog import (
    DEMO_MARKETS,
    PAYMENT_METHODS,
    SHIPPING_PRICES,
    CouponFactory,
    MarketFactory,
    PaymentMethodFactory,
    PriceFactory,
    ProductFactory,
    ShippingMethodFactory,
    SkuFactory,
    StockFactory,
    WarehouseFactory,
    price_in,
)

CSR_LOGIN = ("csr", "csr-demo-123")
ADMIN_LOGIN = ("admin", "admin-demo-123")

MARKET_TRAITS = {"US": "united_states", "SE": "sweden", "DE": "germany", "JP": "japan"}
# Share of the orders each market takes.
MARKET_WEIGHTS = {"US": 45, "DE": 25, "SE": 18, "JP": 12}
WAREHOUSES = [("US-EAST", "US East (New Jersey)", ["US"]), ("EU-CENTRAL", "EU Central (Leipzig)", ["SE", "DE"]),
              ("JP-KANTO", "Japan (Chiba)", ["JP"])]

# (code, name, dollar price, kind): kind chooses the variants.
PRODUCT_TYPES = [
    ("TEE", "Tee", 24, "apparel"), ("HOOD", "Hoodie", 64, "apparel"), ("SWTR", "Merino Sweater", 89, "apparel"),
    ("JKT", "Rain Jacket", 149, "apparel"), ("CHNO", "Chinos", 69, "apparel"), ("DNM", "Jeans", 79, "apparel"),
    ("SHRT", "Oxford Shirt", 59, "apparel"), ("POLO", "Polo", 45, "apparel"), ("SHTS", "Shorts", 39, "apparel"),
    ("PRKA", "Parka", 229, "apparel"),
    ("RUN", "Trail Runner", 129, "shoes"), ("BOOT", "Leather Boot", 189, "shoes"), ("SNKR", "Canvas Sneaker", 69, "shoes"),
    ("SLDE", "Slide", 29, "shoes"),
    ("BNIE", "Beanie", 22, "accessory"), ("TOTE", "Canvas Tote", 28, "accessory"), ("BPK", "Backpack 20L", 99, "accessory"),
    ("CAP", "Cap", 26, "accessory"),
    ("MUG", "Ceramic Mug", 16, "home"), ("BTL", "Water Bottle", 32, "home"),
]
PRODUCT_LINES = [("ESS", "Essential", Decimal("1.00")), ("HER", "Heritage", Decimal("1.25")),
                 ("URB", "Urban", Decimal("1.10")), ("CST", "Coastal", Decimal("1.15"))]
COLOURS = [("BLK", "Black"), ("NVY", "Navy"), ("OLV", "Olive"), ("SND", "Sand"), ("WHT", "White"), ("RST", "Rust"),
           ("GRY", "Heather Grey"), ("FST", "Forest")]
VARIANTS = {"apparel": (2, ["S", "M", "L", "XL"]), "shoes": (2, ["40", "42", "44"]), "accessory": (3, [""]),
            "home": (2, [""])}

COUPONS = [
    {"code": "WELCOME10", "description": "10 % off a first order", "value": Decimal(10)},
    {"code": "VIP20", "description": "20 % off for VIP customers", "value": Decimal(20)},
    {"code": "SPRING15", "description": "Spring sale: 15 % off", "value": Decimal(15)},
    {"code": "FREESHIP", "description": "Free shipping", "free_shipping": True},
    {"code": "TAKE5", "description": "5 dollars off", "value_type": ValueType.AMOUNT, "value": Decimal(5),
     "currency": "USD", "market": "US"},
    {"code": "TAKE500", "description": "500 yen off", "value_type": ValueType.AMOUNT, "value": Decimal(500),
     "currency": "JPY", "market": "JP"},
]


@dataclasses.dataclass
class MarketData:
    """A market as the generator needs it: prices, shipping and payment methods per currency."""

    market: Market
    weight: int
    warehouse_id: int
    prices: dict  # currency -> [(sku id, code, name, amount)]
    shipping: dict  # currency -> [(id, name, price, code)]
    payment_methods: dict  # code -> (id, name)
    coupons: list  # (id, scope, value_type, value) usable in this market, by currency
    currency_weights: list

    @property
    def countries(self):
        return self.market.countries


def ensure_users() -> tuple:
    """The demo CSR (in the CSR group) and the demo administrator, made only when missing.

    A user of that name who is already there is left exactly as they are: their password (and
    so every session they have open), their names and their groups. Returns (csr, admin, the
    usernames made now)."""
    User = get_user_model()
    made = []
    csr = User.objects.filter(username=CSR_LOGIN[0]).first()
    if csr is None:
        csr = User.objects.create_user(CSR_LOGIN[0], email="csr@example.com", password=CSR_LOGIN[1],
                                       first_name="Casey", last_name="Rivera")
        csr.groups.add(Group.objects.get_or_create(name=settings.CSR_GROUP_NAME)[0])
        made.append(csr.username)
    admin = User.objects.filter(username=ADMIN_LOGIN[0]).first()
    if admin is None:
        admin = User.objects.create_superuser(ADMIN_LOGIN[0], email="admin@example.com", password=ADMIN_LOGIN[1])
        made.append(admin.username)
    return csr, admin, made


def ensure_reference_data(rng: random.Random) -> dict[str, MarketData]:
    markets = {code: MarketFactory(**{trait: True}) for code, trait in MARKET_TRAITS.items()}
    warehouses = {}
    for code, name, market_codes in WAREHOUSES:
        warehouse = WarehouseFactory(code=code, name=name)
        warehouse.markets.add(*(markets[c] for c in market_codes))
        for market_code in market_codes:
            warehouses[market_code] = warehouse
    ensure_catalog(rng, markets, list(dict.fromkeys(warehouses.values())))
    for market in markets.values():
        for currency in dict.fromkeys([market.default_currency, *market.currencies]):
            for code, _, _ in SHIPPING_PRICES.get(currency, []):
                ShippingMethodFactory(market=market, currency=currency, code=code)
        for code, _, _ in PAYMENT_METHODS:
            PaymentMethodFactory(market=market, code=code)
    for coupon in COUPONS:
        values = dict(coupon)
        if "market" in values:
            values["market"] = markets[values["market"]]
        CouponFactory(**values)
    return load_market_data(markets, warehouses)


def ensure_catalog(rng, markets, warehouses):
    """About 480 SKUs of 80 products, priced in every market and currency, stocked in every warehouse."""
    have_products = set(Product.objects.values_list("code", flat=True))
    have_skus = set(Sku.objects.values_list("code", flat=True))
    products, skus, usd = [], [], {}
    for type_code, type_name, dollars, kind in PRODUCT_TYPES:
        colours, sizes = VARIANTS[kind]
        for line_code, line_name, factor in PRODUCT_LINES:
            code = f"{type_code}-{line_code}"
            name = f"{line_name} {type_name}"
            product = ProductFactory.build(code=code, name=name, description=f"The {line_name.lower()} {type_name.lower()}.")
            products.append(product)
            for colour_code, colour in rng.sample(COLOURS, colours):
                for size in sizes:
                    sku_code = "-".join(part for part in (code, colour_code, size) if part)
                    usd[sku_code] = (Decimal(dollars) * factor).to_integral_value()
                    skus.append(SkuFactory.build(
                        product=product, code=sku_code, size=size, colour=colour,
                        name=", ".join(part for part in (name, colour, size) if part),
                        active=rng.random() > 0.02, allow_backorder=rng.random() < 0.1,
                    ))
    Product.objects.bulk_create([p for p in products if p.code not in have_products])
    by_code = dict(Product.objects.filter(code__in=[p.code for p in products]).values_list("code", "id"))
    for product in products:
        product.id = by_code[product.code]
    Sku.objects.bulk_create([s for s in skus if s.code not in have_skus])
    saved = Sku.objects.in_bulk(list(usd), field_name="code")
    prices = [
        PriceFactory.build(sku=saved[code], market=market, currency=currency, amount=price_in(dollars, currency))
        for code, dollars in usd.items()
        for market in markets.values()
        for currency in dict.fromkeys([market.default_currency, *market.currencies])
    ]
    Price.objects.bulk_create(prices, ignore_conflicts=True, batch_size=1000)
    stock = []
    for index, code in enumerate(usd):
        # Where it sits (aisle-shelf-level), so that a pick list walks the warehouse in order.
        bin_location = f"{chr(ord('A') + index // 40 % 26)}-{index % 40 // 4 + 1:02d}-{index % 4 + 1}"
        for warehouse in warehouses:
            in_stock = rng.randint(0, 400)
            stock.append(StockFactory.build(sku=saved[code], warehouse=warehouse, in_stock=in_stock,
                                            reserved=min(in_stock, rng.randint(0, 25)), bin_location=bin_location))
    Stock.objects.bulk_create(stock, ignore_conflicts=True, batch_size=1000)


def load_market_data(markets, warehouses) -> dict[str, MarketData]:
    """What the generator draws from, read back from the database (whatever made it)."""
    data = {}
    for code, market in markets.items():
        prices = {}
        for sku_id, sku_code, name, currency, amount in (
            Price.objects.filter(market=market, sku__active=True, sku__product__active=True)
            .order_by("sku__code", "currency").values_list("sku_id", "sku__code", "sku__name", "currency", "amount")
        ):
            prices.setdefault(currency, []).append((sku_id, sku_code, name, amount))
        shipping = {}
        for method in ShippingMethod.objects.filter(market=market, active=True).order_by("price", "code"):
            shipping.setdefault(method.currency, []).append((method.id, method.name, method.price, method.code))
        methods = {m.code: (m.id, m.name) for m in PaymentMethod.objects.filter(market=market, active=True)}
        coupons = [
            (c.id, c.scope, c.value_type, c.value, c.currency, c.code, c.description)
            for c in Coupon.objects.filter(active=True, code__in=[c["code"] for c in COUPONS]).order_by("code")
            if c.market_id in (None, market.id)
        ]
        currencies = [c for c in dict.fromkeys([market.default_currency, *market.currencies]) if c in prices and c in shipping]
        weights = [9 if c == market.default_currency else 1 for c in currencies]
        data[code] = MarketData(market, MARKET_WEIGHTS[code], warehouses[code].id, prices, shipping, methods, coupons,
                                list(zip(currencies, weights, strict=True)))
    return data


def market_countries() -> dict[str, str]:
    """Country code -> demo market code."""
    return {country: code for code, values in DEMO_MARKETS.items() for country in values["countries"]}

