"""History and refusals name shipments as the page does ("Shipment 2") and lines by SKU, never by
database id; a shipment whose last items move away is removed, so it charges no shipping."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from orders import operations as ops
from orders.models import LineItem, Note, OrderAddress, Shipment, shipment_numbers
from tests.world import first_line


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr")


def history(order) -> list[str]:
    return [f"{note.title}: {note.detail}" for note in Note.objects.history().filter(order_group=order).order_by("id")]


def shipments_of(order):
    return list(Shipment.objects.filter(order_form__order_group=order).order_by("id"))


@pytest.fixture
def split_order(make_order, shop, csr):
    """TEE-M x 2 in Shipment 1 and TEE-L x 1 in Shipment 2, each by Ground (5.00); made after
    another order, so that no shipment's id is its number."""
    make_order()
    order = make_order(lines=(("TEE-M", 2), ("TEE-L", 1)))
    tee_l = LineItem.objects.get(shipment__order_form__order_group=order, sku_code="TEE-L")
    ops.line_item_move(order, user=csr, version=order.version, line_item_id=tee_l.pk, quantity=1,
                       address={"line1": "2 Side St", "city": "Springfield", "postal_code": "12345", "country_code": "US"},
                       shipping_method_id=shop["ground"].pk)
    return order


def test_the_number_of_a_shipment_is_its_place_in_the_order():
    a, b, c = Shipment(pk=7, order_form_id=2), Shipment(pk=3, order_form_id=1), Shipment(pk=9, order_form_id=1)
    assert shipment_numbers([a, b, c]) == {3: 1, 9: 2, 7: 3}


def test_history_names_shipments_by_their_number_and_lines_by_sku(split_order, shop, csr):
    order = split_order
    one, two = shipments_of(order)
    assert two.pk != 2  # so "Shipment 2" below cannot be its id
    ops.shipment_set_shipping_method(order, user=csr, version=order.version, shipment_id=two.pk,
                                     shipping_method_id=shop["express"].pk)
    for move in ("assign_inventory", "release"):
        ops.shipment_move(order, user=csr, version=order.version, shipment_id=two.pk, move=move)
    ops.discount_add(order, user=csr, version=order.version, scope="line", value_type="amount", value=Decimal("1"),
                     reason="Scuffed", line_item_id=first_line(order).pk)
    ops.line_item_add(order, user=csr, version=order.version, sku_code="TEE-XL", quantity=1, shipment_id=one.pk)
    ops.line_item_set_quantity(order, user=csr, version=order.version, line_item_id=first_line(order).pk, quantity=3)
    ops.line_item_remove(order, user=csr, version=order.version, line_item_id=first_line(order).pk)
    notes = history(order)
    assert notes == [
        "Line moved: 1 x TEE-L: Shipment 1 -> Shipment 2 (new)",
        "Shipping method changed: Shipment 2: Ground -> Express",
        "Inventory assigned: Shipment 2: Awaiting Inventory -> Inventory Assigned",
        "Shipment released: Shipment 2: Inventory Assigned -> Released",
        "Manual discount: 1.00 off line item (manual) on TEE-M: Scuffed",
        "Line added: 1 x TEE-XL T-shirt XL at 24.00 USD to Shipment 1",
        "Quantity changed: TEE-M in Shipment 1: 2 -> 3",
        "Line removed: 3 x TEE-M T-shirt M from Shipment 1",
    ]
    assert not any(f"hipment {two.pk}" in note for note in notes)


def test_refusals_name_the_shipment_as_the_page_does(split_order, csr):
    order = split_order
    _, two = shipments_of(order)
    for move in ("assign_inventory", "release"):
        ops.shipment_move(order, user=csr, version=order.version, shipment_id=two.pk, move=move)
    line = LineItem.objects.get(shipment=two)
    with pytest.raises(ops.OrderError) as refused:
        ops.line_item_set_quantity(order, user=csr, version=order.version, line_item_id=line.pk, quantity=3)
    assert refused.value.message == "Shipment 2 is Released: it can be changed only before it is released."
    with pytest.raises(ops.OrderError) as refused:
        ops.shipment_move(order, user=csr, version=order.version, shipment_id=two.pk, move="release")
    assert refused.value.message == f"{order.number}: Shipment 2 is Released and cannot be released now."


def test_moving_a_shipments_last_line_away_removes_it_and_its_shipping(split_order, csr):
    order = split_order
    _, two = shipments_of(order)
    assert order.shipping_total == Decimal("10.00")
    addresses = OrderAddress.objects.filter(order_group=order).count()
    ops.line_item_move(order, user=csr, version=order.version, line_item_id=first_line(order).pk, quantity=1,
                       to_shipment_id=two.pk)
    assert len(shipments_of(order)) == 2  # part of the line moved: Shipment 1 still has items
    ops.line_item_move(order, user=csr, version=order.version, line_item_id=first_line(order).pk, quantity=1,
                       to_shipment_id=two.pk)
    assert shipments_of(order) == [two]
    assert sorted(LineItem.objects.filter(shipment=two).values_list("sku_code", "quantity")) == [("TEE-L", 1), ("TEE-M", 2)]
    assert order.shipping_total == Decimal("5.00")  # one shipment, one shipping charge
    assert order.total == Decimal("72.36")  # (2 x 20 + 22 + 5) x 1.08
    assert OrderAddress.objects.filter(order_group=order).count() == addresses  # the snapshot stays for history
    assert history(order)[-2:] == [
        "Line moved: 1 x TEE-M: Shipment 1 -> Shipment 2",
        "Shipment removed: Shipment 1 (1 Main St, 12345 Springfield, US; Ground, 5.00 USD) had no items left "
        "and was removed: its shipping is no longer charged.",
    ]

