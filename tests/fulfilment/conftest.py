"""Shipments the warehouse has work on, moved there by the operations themselves."""
import pytest

from orders.models import ShipmentStatus
from orders.operations import shipment_move
from tests.world import first_shipment


def move_to(order, status: str, user=None):
    """Move the order's first shipment forward through the operations until it is `status`."""
    path = {ShipmentStatus.INVENTORY_ASSIGNED: ["assign_inventory"],
            ShipmentStatus.RELEASED: ["assign_inventory", "release"],
            ShipmentStatus.PACKING: ["assign_inventory", "release", "pack"]}[status]
    shipment = first_shipment(order)
    for move in path:
        shipment_move(order, user=user, version=order.version, shipment_id=shipment.pk, move=move)
    shipment.refresh_from_db()
    return shipment


@pytest.fixture
def released(make_order):
    """released(n): n purchase orders, each with one Released shipment; returns the shipments."""

    def make(count: int = 1, **kwargs):
        return [move_to(make_order(**kwargs), ShipmentStatus.RELEASED) for _ in range(count)]

    return make
