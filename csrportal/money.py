"""Money arithmetic: Decimal only, rounded per currency."""
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# ISO 4217 minor units for the currencies that do not use two.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0}
ZERO = Decimal("0")


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


@lru_cache(maxsize=64)
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's smallest unit (JPY to whole yen, EUR to cents)."""
    if isinstance(amount, float):
        raise TypeError("Money is never a float; pass a Decimal or a string.")
    return Decimal(amount).quantize(quantum(currency), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return f"{round_money(amount, currency):,} {currency}"
