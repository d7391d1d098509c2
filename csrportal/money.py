"""Money arithmetic: Decimal only, rounded per currency."""
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial

# ISO 4217 minor units for the currencies that do not use two.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0}
ZERO = Decimal("0")


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


@lru_cache(maxsize=64)
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


@lru_cache(maxsize=64)
def rounder(currency: str):
    """round_money for one currency, as a function of a Decimal alone: the calculator's inner
    loops call it once per line and shipment, without round_money's checks and lookups."""
    return partial(Decimal.quantize, exp=quantum(currency), rounding=ROUND_HALF_UP)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's smallest unit (JPY to whole yen, EUR to cents)."""
    if isinstance(amount, float):
        raise TypeError("Money is never a float; pass a Decimal or a string.")
    return rounder(currency)(Decimal(amount))


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return f"{round_money(amount, currency):,} {currency}"


class AmountError(ValueError):
    """Typed text that is not an amount of the currency; the message is written for the CSR."""


# The columns hold 14 digits, 2 of them decimals (catalog.models.MONEY).
MAX_WHOLE_DIGITS = 12
_AMOUNT = re.compile(r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<fraction>[0-9]*))?", re.ASCII)


def parse_amount(text: str, currency: str) -> Decimal:
    """Read an amount as a CSR means it, or refuse it; never round it.

    A comma separates thousands (``1,500`` is fifteen hundred) and only in groups of three, so
    ``1,50`` is refused rather than read as 1.50 or 150. A point separates the decimals, at most
    as many as the currency has (``1.234`` USD and ``10.5`` JPY are refused). Exponents, NaN,
    Infinity, signs and anything else are refused. The result has the currency's decimals.
    """
    cleaned = (text or "").strip()
    if not cleaned:
        raise AmountError("Enter an amount.")
    example = "1,500.00" if minor_units(currency) else "1,500"
    if cleaned.startswith("-"):
        raise AmountError("Enter the amount without a minus sign.")
    match = _AMOUNT.fullmatch(cleaned)
    if not match or not (match["whole"] or match["fraction"]):
        if re.fullmatch(r"[0-9]+(,[0-9]+)+", cleaned):
            raise AmountError(f"Use a comma only between thousands and a point for decimals, as in {example}.")
        raise AmountError(f"Enter the amount in digits, as in {example}.")
    whole = (match["whole"] or "0").replace(",", "")
    fraction = match["fraction"] or ""
    places = minor_units(currency)
    if len(fraction) > places:
        if places == 0:
            raise AmountError(f"{currency} amounts have no decimals.")
        raise AmountError(f"{currency} amounts have at most {places} decimals.")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise AmountError("That amount is too large.")
    return round_money(Decimal(f"{whole}.{fraction or '0'}"), currency)
