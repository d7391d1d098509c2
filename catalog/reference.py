"""Reference data every page asks for, read once a minute per process rather than per request.

Markets change a few times a year, through the admin; a new one shows in the filters within a
minute.
"""
import time

from catalog.models import Market

TTL_SECONDS = 60
_markets: tuple[float, list] = (0.0, [])


def markets() -> list[Market]:
    """Active and inactive markets, by name."""
    global _markets
    read_at, cached = _markets
    if time.monotonic() - read_at > TTL_SECONDS:
        cached = list(Market.objects.order_by("name"))
        _markets = (time.monotonic(), cached)
    return cached


def forget() -> None:
    """Drop the cached reference data (tests, and after an import)."""
    global _markets
    _markets = (0.0, [])
