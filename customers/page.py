"""The customer page (/customers/<id>/): a header with the customer's key figures and a row of
tabs, each with its own URL.

The customers app draws the page and its own tabs (Personal information, Address book, Notes,
History). The tabs about what the customer bought live in the apps that own those records:
Order history in orders, Carts in carts, Subscriptions in subscriptions. Those apps sit above
customers, so customers cannot import them; each registers its tab here from its AppConfig.ready()
and renders it with customer_page(), which gives every tab the same header and tab row.
"""
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from customers.models import Customer


@dataclass(frozen=True)
class CustomerTab:
    label: str  # as the CSR sees it: "Order history"
    url_name: str  # takes the customer's id
    position: int  # left to right


_TABS: dict[str, CustomerTab] = {}


def register_tab(tab: CustomerTab) -> None:
    _TABS[tab.url_name] = tab


def tabs() -> list[CustomerTab]:
    return sorted(_TABS.values(), key=lambda tab: tab.position)


def customer_for_page(customer_id: int) -> Customer:
    """The customer with what the header shows (group, organization, figures), or a 404."""
    customers = Customer.objects.select_related("group", "organization", "section").prefetch_related("figures")
    return get_object_or_404(customers, pk=customer_id)


def customer_page(request, customer: Customer, url_name: str, template: str, context: dict | None = None,
                  *, status: int = 200):
    """Render one tab of the customer page: `template` extends customers/customer_page.html."""
    tab_links = [
        {"label": tab.label, "url": reverse(tab.url_name, args=[customer.pk]), "current": tab.url_name == url_name}
        for tab in tabs()
    ]
    current = _TABS[url_name]
    return render(request, template,
                  {"customer": customer, "tabs": tab_links, "current_tab": current, **(context or {})}, status=status)


# The customers app's own tabs (customers/page_views.py). The positions leave room between them:
# Order history, Carts and Subscriptions (registered by their apps) come after the Address book.
register_tab(CustomerTab("Personal information", "customer_detail", 10))
register_tab(CustomerTab("Address book", "customer_addresses", 20))
register_tab(CustomerTab("Notes", "customer_notes", 80))
register_tab(CustomerTab("History", "customer_history", 90))
