"""Shipment statuses that agree with an order's status (docs/domain.md §3).

Shared by the factories and the demo generator, so that both follow the same rules:

- In Progress: nothing shipped, nothing cancelled;
- On Hold: every shipment On Hold, remembering the status it goes back to;
- Partially Shipped: some Shipped, the rest still active (so at least two shipments);
- Completed: all Shipped, or Cancelled with at least one Shipped;
- Cancelled: every shipment Cancelled (nothing had shipped);
- Awaiting Exchange: a new exchange order, waiting for its inventory.
"""
import random

from orders.models import OrderStatus, ShipmentStatus

ACTIVE = [ShipmentStatus.AWAITING_INVENTORY, ShipmentStatus.INVENTORY_ASSIGNED, ShipmentStatus.RELEASED,
          ShipmentStatus.PACKING]
HOLDABLE = [ShipmentStatus.AWAITING_INVENTORY, ShipmentStatus.INVENTORY_ASSIGNED, ShipmentStatus.RELEASED]


def shipment_states(order_status: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(status, previous_status) for each of an order's `count` shipments."""
    if order_status == OrderStatus.PARTIALLY_SHIPPED and count < 2:
        raise ValueError("A partially shipped order has at least two shipments.")
    if order_status == OrderStatus.IN_PROGRESS:
        return [(rng.choice(ACTIVE), "") for _ in range(count)]
    if order_status == OrderStatus.ON_HOLD:
        return [(ShipmentStatus.ON_HOLD, rng.choice(HOLDABLE)) for _ in range(count)]
    if order_status == OrderStatus.PARTIALLY_SHIPPED:
        shipped = rng.randint(1, count - 1)
        rest = [ShipmentStatus.INVENTORY_ASSIGNED, ShipmentStatus.RELEASED, ShipmentStatus.PACKING]
        return [(ShipmentStatus.SHIPPED, "")] * shipped + [(rng.choice(rest), "") for _ in range(count - shipped)]
    if order_status == OrderStatus.COMPLETED:
        states = [(ShipmentStatus.SHIPPED, "")] * count
        if count > 1 and rng.random() < 0.1:
            states[-1] = (ShipmentStatus.CANCELLED, "")
        return states
    if order_status == OrderStatus.CANCELLED:
        return [(ShipmentStatus.CANCELLED, "")] * count
    if order_status in (OrderStatus.AWAITING_EXCHANGE, ""):
        # Awaiting Exchange, and carts and subscriptions (no status): nothing has happened yet.
        return [(ShipmentStatus.AWAITING_INVENTORY, "")] * count
    raise ValueError(f"Unknown order status {order_status!r}")


def tracking_number(rng: random.Random) -> str:
    """A carrier-style tracking number such as 1Z4F0A9C3B2E."""
    return f"1Z{rng.getrandbits(40):010X}"
