"""The order page's tab registry: the tabs every order group has (Summary, Form details, Contact details, Notes,
History) and the ones an app above orders adds for a kind of its own (subscriptions: Settings and Orders, from
subscriptions.apps), as customers.page does for the customer page. Orders cannot import those apps; they
register here from their AppConfig.ready(), and their edits in orders.edits.EDITS (register_edit).
"""
from collections.abc import Callable
from dataclasses import dataclass

from orders.models import Kind, OrderGroup

ALL_KINDS = frozenset(Kind.values)


@dataclass(frozen=True)
class OrderTab:
    key: str  # in the URL: /subscriptions/PP10001/settings/
    label: str  # as the CSR sees it: "Settings"
    position: int  # left to right
    template: str  # included in #tab-content
    kinds: frozenset = ALL_KINDS  # the kinds of order group that have it
    # More for the tab's template: context(request, order, context) -> dict (called only when it is shown).
    context: Callable | None = None


# Every tab, keyed by its URL key (the page of one order shows those of its kind: tabs_for()).
TABS: dict[str, OrderTab] = {}


def register_tab(tab: OrderTab) -> None:
    TABS[tab.key] = tab


def tabs_for(order: OrderGroup) -> dict[str, str]:
    """The order's tabs, key -> label, left to right."""
    return {tab.key: tab.label for tab in sorted(TABS.values(), key=lambda tab: tab.position) if order.kind in tab.kinds}


# The order page's own tabs. The positions leave room: a subscription's Settings and Orders come after Contact details.
register_tab(OrderTab("summary", "Summary", 10, "orders/tabs/summary.html"))
register_tab(OrderTab("forms", "Form details", 20, "orders/tabs/forms.html"))
register_tab(OrderTab("contact", "Contact details", 30, "orders/tabs/contact.html"))
register_tab(OrderTab("notes", "Notes", 80, "orders/tabs/notes.html"))
register_tab(OrderTab("history", "History", 90, "orders/tabs/history.html"))


# The Summary's Actions box of a kind whose actions an app above orders owns (a subscription's: subscriptions.apps).
ACTIONS_TEMPLATES: dict[str, str] = {}


def register_actions(kind: str, template: str) -> None:
    ACTIONS_TEMPLATES[kind] = template
