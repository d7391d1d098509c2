"""Pick lists and bulk release (orders/operations/picking.py) and the pack/unpack moves' pick list."""
import pytest

from catalog.models import Warehouse
from orders.models import Note, PickList, Shipment, ShipmentStatus
from orders.operations import OrderError, PickingError, pick_list_create, shipment_move, shipments_release
from tests.fulfilment.conftest import move_to
from tests.world import first_shipment


def test_a_pick_list_of_released_shipments_puts_each_on_it_packing(released, csr_user):
    shipments = released(3)

    pick_list = pick_list_create([s.pk for s in shipments], user=csr_user)

    assert pick_list.number.startswith("PL") and pick_list.created_by == csr_user
    assert pick_list.warehouse == shipments[0].warehouse
    for shipment in shipments:
        shipment.refresh_from_db()
        assert (shipment.status, shipment.pick_list_id) == (ShipmentStatus.PACKING, pick_list.pk)
        note = Note.objects.history().filter(order_group=shipment.order_form.order_group).first()
        assert note.title == "Shipment added to pick list" and pick_list.number in note.detail
        assert note.author == csr_user


def test_the_order_pages_single_add_to_pick_list_makes_a_pick_list_of_its_own(make_order):
    order = make_order()
    shipment = move_to(order, ShipmentStatus.PACKING)
    assert shipment.pick_list is not None
    assert list(shipment.pick_list.shipments.all()) == [shipment]


def test_back_to_released_takes_it_off_and_shipping_keeps_it(released, csr_user):
    first, second = released(2)
    pick_list = pick_list_create([first.pk, second.pk], user=csr_user)
    order = first.order_form.order_group
    order.refresh_from_db()
    shipment_move(order, user=csr_user, version=order.version, shipment_id=first.pk, move="unpack")
    other = second.order_form.order_group
    other.refresh_from_db()
    shipment_move(other, user=csr_user, version=other.version, shipment_id=second.pk, move="ship",
                  tracking_number="1Z999AA10123456784")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.pick_list) == (ShipmentStatus.RELEASED, None)
    assert (second.status, second.pick_list) == (ShipmentStatus.SHIPPED, pick_list)


def test_one_shipment_not_released_refuses_the_whole_pick_list(released, make_order, csr_user):
    shipments = released(2)
    waiting = first_shipment(make_order())
    numbers_before = PickList.objects.count()

    with pytest.raises(PickingError) as refused:
        pick_list_create([s.pk for s in shipments] + [waiting.pk], user=csr_user)

    assert "only Released shipments" in refused.value.message
    assert refused.value.refusals == [
        f"{waiting.order_form.order_group.number} shipment 1 is Awaiting Inventory and cannot be added to a pick list now."]
    assert PickList.objects.count() == numbers_before
    assert not Shipment.objects.filter(status=ShipmentStatus.PACKING).exists()


def test_shipments_of_two_warehouses_are_refused_naming_them(released, csr_user):
    first, second = released(2)
    east = Warehouse.objects.create(code="EAST", name="East warehouse")
    Shipment.objects.filter(pk=second.pk).update(warehouse=east)

    with pytest.raises(PickingError) as refused:
        pick_list_create([first.pk, second.pk], user=csr_user)

    assert "one warehouse" in refused.value.message
    assert sorted(refused.value.refusals) == sorted([
        f"Main warehouse: {first.order_form.order_group.number} shipment 1",
        f"East warehouse: {second.order_form.order_group.number} shipment 1"])
    assert not PickList.objects.exists()


def test_a_pick_list_of_another_warehouse_is_refused(released, csr_user):
    shipment, = released(1)
    other = PickList.objects.create(number="PL99999", warehouse=Warehouse.objects.create(code="EAST", name="East"))
    order = shipment.order_form.order_group
    with pytest.raises(OrderError, match="is for another warehouse"):
        shipment_move(order, user=csr_user, version=order.version, shipment_id=shipment.pk, move="pack", pick_list=other)
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.RELEASED and shipment.pick_list is None


def test_a_shipment_changed_meanwhile_undoes_the_whole_pick_list(released, csr_user, monkeypatch):
    first, second = released(2)
    from orders.operations import picking

    real = picking.shipment_move

    def someone_packed_the_second_first(order, **kwargs):
        if kwargs["shipment_id"] == second.pk:
            Shipment.objects.filter(pk=second.pk).update(status=ShipmentStatus.CANCELLED)
        return real(order, **kwargs)

    monkeypatch.setattr(picking, "shipment_move", someone_packed_the_second_first)
    with pytest.raises(PickingError) as refused:
        pick_list_create([first.pk, second.pk], user=csr_user)
    assert "changed meanwhile" in refused.value.message
    assert "Cancelled and cannot be added to a pick list" in refused.value.refusals[0]
    first.refresh_from_db()
    assert first.status == ShipmentStatus.RELEASED and first.pick_list is None
    assert not PickList.objects.exists()


@pytest.mark.parametrize("ids, message", [
    ([], "Choose at least one shipment."),
    (["x"], "is not a shipment"),
    ([0], "is not a shipment"),
    ([987654321], "No such shipment: 987654321"),
])
def test_malformed_or_unknown_ids_are_refused(db, csr_user, ids, message):
    with pytest.raises(PickingError, match=message):
        pick_list_create(ids, user=csr_user)


def test_a_carts_shipment_is_no_shipment_of_the_warehouse(make_order, csr_user):
    cart = make_order(kind="cart")
    with pytest.raises(PickingError, match="No such shipment"):
        pick_list_create([first_shipment(cart).pk], user=csr_user)


def test_release_moves_each_and_reports_each_refusal(make_order, csr_user):
    assigned = [move_to(make_order(), ShipmentStatus.INVENTORY_ASSIGNED) for _ in range(2)]
    waiting = first_shipment(make_order())

    result = shipments_release([assigned[0].pk, waiting.pk, assigned[1].pk], user=csr_user)

    assert len(result.done) == 2
    assert result.refused == [
        f"{waiting.order_form.order_group.number}: Shipment 1 is Awaiting Inventory and cannot be released now."]
    assert {s.status for s in Shipment.objects.filter(pk__in=[a.pk for a in assigned])} == {ShipmentStatus.RELEASED}


def test_two_shipments_of_one_order_go_on_one_pick_list(make_order, csr_user):
    from orders.models import OrderStatus
    order = make_order(status=OrderStatus.PARTIALLY_SHIPPED)  # Shipped + Released
    released_one = Shipment.objects.get(order_form__order_group=order, status=ShipmentStatus.RELEASED)
    second = Shipment.objects.create(order_form=released_one.order_form, warehouse=released_one.warehouse,
                                     status=ShipmentStatus.RELEASED)
    second.line_items.create(sku_code="TEE-M", display_name="T-shirt", quantity=1, placed_price=0, list_price=0)

    pick_list = pick_list_create([released_one.pk, second.pk], user=csr_user)

    assert set(pick_list.shipments.values_list("status", flat=True)) == {ShipmentStatus.PACKING}
    order.refresh_from_db()
    assert order.version >= 3


@pytest.mark.django_db(transaction=True)
def test_two_csrs_picking_the_same_shipments_at_once_make_one_pick_list(make_order):
    import threading

    from django.contrib.auth.models import User
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks across connections; SQLite serializes every writer")
    users = [User.objects.create(username=f"csr{index}") for index in range(2)]
    shipments = [move_to(make_order(lines=(("TEE-XL", 1),)), ShipmentStatus.RELEASED) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes = []

    def pick(user, ids):
        try:
            start.wait()
            outcomes.append(pick_list_create(ids, user=user).number)
        except OrderError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    ids = [s.pk for s in shipments]
    threads = [threading.Thread(target=pick, args=(user, order)) for user, order in zip(users, (ids, ids[::-1]), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    made = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert len(made) == 1 and len(outcomes) == 2
    assert PickList.objects.count() == 1
    assert set(Shipment.objects.filter(pk__in=ids).values_list("pick_list__number", flat=True)) == set(made)
