"""Every change to an order goes through these functions, whoever the caller: portal, admin, command.

Each takes the order, the acting user and the version the caller saw, enforces the status rules of
docs/domain.md §3 in one transaction, recalculates the totals and writes its System note; a
refusal raises OrderError (StaleOrder when someone else changed the order first) and writes nothing.
What the rules allow now, for the page and the admin to offer: allowed_actions() and refusal() for
the order, contents_editable() for its contents and a shipment's, allowed_moves() for a shipment's
moves (SHIPMENT_MOVES, the transition table).
"""
from orders.operations.base import (
    Action,
    OrderError,
    StaleOrder,
    allowed_actions,
    contents_editable,
    recalculate,
    refusal,
    stale_amounts,
)
from orders.operations.contact import email_owner, order_create_customer, order_link_customer, order_set_contact
from orders.operations.contents import (
    cart_update_prices,
    line_item_add,
    line_item_move,
    line_item_remove,
    line_item_set_quantity,
    shipment_set_address,
    shipment_set_shipping_method,
)
from orders.operations.discounts import coupon_apply, discount_add, discount_remove
from orders.operations.notes import note_add
from orders.operations.payments import payment_add
from orders.operations.picking import BulkResult, PickingError, pick_list_create, shipments_release
from orders.operations.status import (
    SHIPMENT_MOVES,
    TRACKING_NUMBER_LENGTH,
    Move,
    allowed_moves,
    clean_tracking_number,
    order_cancel,
    order_hold,
    order_release_hold,
    shipment_move,
)

__all__ = [
    "Action", "OrderError", "StaleOrder", "allowed_actions", "contents_editable", "recalculate", "refusal",
    "stale_amounts", "SHIPMENT_MOVES", "Move", "allowed_moves", "clean_tracking_number", "TRACKING_NUMBER_LENGTH",
    "cart_update_prices", "line_item_add", "line_item_move", "line_item_remove", "line_item_set_quantity",
    "shipment_set_address", "shipment_set_shipping_method",
    "coupon_apply", "discount_add", "discount_remove", "note_add", "payment_add",
    "order_cancel", "order_hold", "order_release_hold", "order_set_contact", "shipment_move",
    "email_owner", "order_create_customer", "order_link_customer",
    "BulkResult", "PickingError", "pick_list_create", "shipments_release",
]
