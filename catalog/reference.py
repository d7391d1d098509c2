"""Reference data every page asks for, read once a minute per process rather than per request.

Markets and their shipping and payment methods change a few times a year, through the admin; a
change shows on the pages within a minute.
"""
import time

from catalog.models import Market, PaymentMethod, ShippingMethod, Warehouse

TTL_SECONDS = 60
_cache: dict = {}


def _read(key, load):
    read_at, value = _cache.get(key, (0.0, None))
    if time.monotonic() - read_at > TTL_SECONDS:
        value = load()
        _cache[key] = (time.monotonic(), value)
    return value


def markets() -> list[Market]:
    """Active and inactive markets, by name."""
    return _read("markets", lambda: list(Market.objects.order_by("name")))


def shipping_methods(market_id: int, currency: str) -> list[ShippingMethod]:
    """The active shipping methods a market offers in a currency, cheapest first."""
    return _read(("shipping", market_id, currency), lambda: list(
        ShippingMethod.objects.filter(market=market_id, currency=currency, active=True).order_by("price", "name")))


def warehouses() -> list[Warehouse]:
    """Every warehouse, by name."""
    return _read("warehouses", lambda: list(Warehouse.objects.order_by("name")))


def all_shipping_methods() -> list[ShippingMethod]:
    """Every shipping method of every market, active or not (what a shipment may have been sent by),
    by market, name and currency."""
    return _read("all_shipping", lambda: list(
        ShippingMethod.objects.select_related("market").order_by("market__name", "name", "currency")))


def payment_methods(market_id: int) -> list[PaymentMethod]:
    return _read(("payment", market_id), lambda: list(PaymentMethod.objects.filter(market=market_id, active=True)))


def forget() -> None:
    """Drop the cached reference data (tests, and after an import)."""
    _cache.clear()
