"""Two CSRs editing one order from the same version: exactly one wins, the other is told who."""
import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from orders import operations as ops
from orders.models import LineItem, Note, OrderGroup
from tests.world import first_line


def test_a_stale_version_is_refused_with_who_changed_the_order(make_order):
    anna = User.objects.create(username="anna", first_name="Anna", last_name="Berg")
    bo = User.objects.create(username="bo")
    order = make_order()
    seen_by_bo = order.version
    ops.line_item_set_quantity(order, user=anna, version=order.version, line_item_id=first_line(order).pk, quantity=5)

    with pytest.raises(ops.StaleOrder) as stale:
        ops.line_item_set_quantity(order, user=bo, version=seen_by_bo, line_item_id=first_line(order).pk, quantity=1)

    assert "Anna Berg" in stale.value.message
    assert stale.value.changed_by == anna
    assert first_line(order).quantity == 5


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_from_one_version_let_exactly_one_through(make_order):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks across connections; SQLite serializes every writer")
    users = [User.objects.create(username=f"csr{index}") for index in range(2)]
    order = make_order()
    line_id, version = first_line(order).pk, order.version
    start = threading.Barrier(2)
    outcomes = []

    def edit(user, quantity):
        try:
            start.wait()
            ops.line_item_set_quantity(OrderGroup.objects.get(pk=order.pk), user=user, version=version,
                                       line_item_id=line_id, quantity=quantity)
            outcomes.append("saved")
        except ops.StaleOrder:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(user, quantity)) for user, quantity in zip(users, (3, 7), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["saved", "stale"]
    order.refresh_from_db()
    assert order.version == version + 1
    assert LineItem.objects.get(pk=line_id).quantity in (3, 7)
    assert Note.objects.history().filter(order_group=order, action="quantity_changed").count() == 1
