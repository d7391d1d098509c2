"""The Order Management tabs, shown in the header of every portal page."""
from django import template
from django.urls import reverse

register = template.Library()

# URL name -> label, in the order the tabs appear.
TABS = {
    "purchase_orders": "Purchase orders",
    "carts": "Carts",
    "subscriptions": "Subscriptions",
    "shipments": "Shipments",
    "customers": "Customers",
}


@register.inclusion_tag("portal/nav.html", takes_context=True)
def portal_nav(context):
    """The tabs, the one holding the current page marked for assistive technology and CSS.

    A tab is current on its list page (aria-current="page") and on every page under its URL,
    such as an order's detail page (aria-current="true").
    """
    path = context["request"].path
    tabs = []
    for name, label in TABS.items():
        url = reverse(name)
        current = "page" if path == url else "true" if path.startswith(url) else ""
        tabs.append({"url": url, "label": label, "current": current})
    return {"tabs": tabs}

