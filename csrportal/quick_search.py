"""The header's search box: one line of text finds an order, cart, subscription or customer
(docs/domain.md §5).

What the text is read as (recognise):

- a number, with or without its prefix: "PO10042" or "10042" (each kind tries its own prefixes);
- an email address, when it has an @: exact, ignoring case;
- a phone number: 7 to 15 digits, with spaces, dashes, dots, slashes, brackets and a leading +;
  it matches the end of a customer's number ("070 123 45 67" finds +46 70-123 45 67);
- a tracking number: one word of 8 to 40 letters and digits holding a digit;
- a name, when it has no digit and no @: a prefix, `%` a wildcard (csrportal.search).

A text can be several of these at once ("5551234567" is a number and a phone number); every kind
looks for what it understands.

csrportal sits below every domain app, so it knows none of them: each app registers a Finder
from its AppConfig.ready() (orders: purchase orders, carts: carts, subscriptions: subscriptions,
customers: customers), as the customer page's tabs do (customers/page.py). A finder runs a fixed
number of queries on indexes, whatever the data, and returns at most LIMIT matches.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from csrportal.search import number_typed

LIMIT = 5  # matches per kind
MAX_LENGTH = 200

PHONE = re.compile(r"\+?[0-9 ().\-/]+")
TRACKING = re.compile(r"[A-Z0-9]{8,40}")


@dataclass(frozen=True)
class Query:
    """The text as typed (stripped) and what it can be read as; an empty reading is ""."""

    text: str
    email: str = ""  # lower-cased
    phone: str = ""  # the digits, without the leading zeros of a national trunk prefix
    tracking: str = ""  # upper-cased
    name: str = ""

    def numbers(self, prefixes) -> list[str]:
        """The numbers of a kind the text names exactly: "10042" -> ["PO10042", "EO10042"]; [] if none."""
        return number_typed(self.text, prefixes) or []


def recognise(text: str) -> Query:
    text = " ".join(text.split())
    if not text:
        return Query(text="")
    email = text.lower() if "@" in text and " " not in text else ""
    digits = re.sub(r"[^0-9]", "", text)
    # A national number's trunk zero ("070 123 45 67") is not part of the international one.
    phone = digits if text.startswith("+") else digits.lstrip("0")
    if not (PHONE.fullmatch(text) and 7 <= len(phone) <= 15):
        phone = ""
    tracking = text.upper() if TRACKING.fullmatch(text.upper()) and digits else ""
    letters = re.sub(r"[^\w]|[\d_]", "", text)
    # Two letters at least, three after a leading wildcard: fewer would match half the table.
    name = text if not digits and "@" not in text and len(letters) >= (3 if text.startswith("%") else 2) else ""
    return Query(text=text, email=email, phone=phone, tracking=tracking, name=name)


@dataclass(frozen=True)
class Match:
    label: str  # what the CSR recognises it by: "PO10042", "Mercy Taylor"
    detail: str  # a line of context: customer, status, total
    url: str


@dataclass
class Found:
    matches: list[Match] = field(default_factory=list)
    see_all: str = ""  # the kind's tab filtered as the text was read; "" when the tab has no such filter
    exact: Match | None = None  # the one match the text names exactly (number, email, tracking number)


@dataclass(frozen=True)
class Finder:
    key: str  # "orders"
    heading: str  # "Purchase orders": the group's heading
    position: int  # groups top to bottom; on an exact match in two kinds, Enter opens the first
    find: Callable[[Query], Found]


_FINDERS: dict[str, Finder] = {}


def register(finder: Finder) -> None:
    _FINDERS[finder.key] = finder


def finders() -> list[Finder]:
    return sorted(_FINDERS.values(), key=lambda finder: finder.position)


@dataclass(frozen=True)
class Group:
    finder: Finder
    found: Found


@dataclass
class Results:
    query: Query
    groups: list[Group] = field(default_factory=list)

    @property
    def exact(self) -> Match | None:
        """What Enter opens: the exact match of the first kind that has one ("10042" is PO10042
        before it is cart C10042; an email is its customer)."""
        return next((group.found.exact for group in self.groups if group.found.exact), None)


def search(text: str) -> Results:
    query = recognise(text)
    results = Results(query=query)
    if not query.text:
        return results
    for finder in finders():
        found = finder.find(query)
        if found.matches:
            found.matches = found.matches[:LIMIT]
            results.groups.append(Group(finder=finder, found=found))
    return results
