"""Django admin for the order structure: a viewer plus whitelisted status actions.

Administrators see every order structure here, read-only: purchase orders (carts and
subscriptions register their own pages in their apps), order forms, shipments, line items,
payments, discounts, address snapshots, notes and returns. An order's contents change in the
portal, through the forms and operations CSRs use. What the admin changes is the status, through
orders.operations and their rules: hold, release hold and cancel a purchase order, and move
shipments through fulfilment.

- viewing.py: the read-only page and inline, links between the pages, search by order number;
- actions.py: how a status action runs an operation on each chosen row and reports it;
- orders.py: the order page and purchase orders with hold, release hold and cancel;
- shipments.py: order forms, shipments and the shipment moves;
- records.py: notes, returns, number sequences and a customer's orders.
"""
from orders.admin import records, shipments  # noqa: F401  (registers their pages)
from orders.admin.orders import OrderGroupAdmin, order_fieldsets
from orders.admin.viewing import CHANGE_URL_NAME, order_link

__all__ = ["CHANGE_URL_NAME", "OrderGroupAdmin", "order_fieldsets", "order_link"]
