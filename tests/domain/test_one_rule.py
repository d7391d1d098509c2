"""One rule, one place: the order page, the admin and the operations answer "may this change now"
with the same functions (contents_editable, allowed_actions, allowed_moves over SHIPMENT_MOVES),
and a change of a schedule writes its System note the way every change does."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.urls import reverse

from orders import operations as ops
from orders.detail_views import NAMESPACES
from orders.models import Note, OrderGroup, OrderStatus, Shipment, ShipmentStatus
from subscriptions.admin import ScheduleForm
from subscriptions.models import Schedule
from subscriptions.operations import subscription_set_schedule, subscriptions_place_due_orders
from tests.admin.helpers import admin_url, form_data, order_url
from tests.world import first_line, first_shipment


def with_first_shipment(order, status):
    """The order with its first shipment put in `status` (as consistent as the table's checks want)."""
    Shipment.objects.filter(pk=first_shipment(order).pk).update(
        status=status, tracking_number="1Z1" if status == ShipmentStatus.SHIPPED else "",
        previous_status=ShipmentStatus.AWAITING_INVENTORY if status == ShipmentStatus.ON_HOLD else "")
    return OrderGroup.objects.get(pk=order.pk)


def forms_tab(client, order) -> str:
    response = client.get(reverse(f"{NAMESPACES[order.kind]}:order_tab", args=[order.number, "forms"]))
    assert response.status_code == 200
    return response.content.decode()


def shipment_part(body: str, shipment) -> str:
    start = body.index(f'id="shipment-{shipment.pk}"')
    return body[start:body.index("</article>", start)]


def refused(order, run) -> bool:
    """Whether the operation refuses `run(order)`, on the order as stored; what it writes is rolled back."""
    with transaction.atomic():
        try:
            run(OrderGroup.objects.get(pk=order.pk))
        except ops.OrderError:
            return True
        transaction.set_rollback(True)
    return False


# A purchase order in each status; an In Progress one with its first shipment in each status; a cart
# and a subscription.
ORDERS = [
    *[("po", status, ShipmentStatus.AWAITING_INVENTORY) for status in OrderStatus],
    *[("po", OrderStatus.IN_PROGRESS, status) for status in ShipmentStatus
      if status != ShipmentStatus.AWAITING_INVENTORY],
    ("cart", "", ShipmentStatus.AWAITING_INVENTORY),
    ("plan", "", ShipmentStatus.AWAITING_INVENTORY),
]


@pytest.mark.parametrize("kind, status, shipment_status", ORDERS)
def test_the_page_draws_edit_controls_where_contents_editable_says_and_the_operations_agree(
        csr_client, shop, make_order, kind, status, shipment_status):
    order = make_order(status or OrderStatus.IN_PROGRESS, kind=kind)  # a plan with its schedule
    if kind == "po" and status == OrderStatus.IN_PROGRESS:
        order = with_first_shipment(order, shipment_status)
    shipment, line = first_shipment(order), first_line(order)

    body = forms_tab(csr_client, order)
    part = shipment_part(body, shipment)

    order_editable, shipment_editable = ops.contents_editable(order), ops.contents_editable(order, shipment)
    assert ("Apply coupon" in body) == order_editable
    assert ("Change address" in part) == shipment_editable
    assert (f"/edit/quantity/{line.pk}/" in part) == shipment_editable
    assert (f"/edit/remove-line/{line.pk}/" in part) == shipment_editable
    assert refused(order, lambda order: ops.line_item_set_quantity(
        order, user=None, version=order.version, line_item_id=line.pk, quantity=line.quantity + 1)) == (
        not shipment_editable)
    assert ("Add payment" in body) == order_editable
    assert refused(order, lambda order: ops.payment_add(
        order, user=None, version=order.version, payment_method_id=shop["phone"].pk, amount=Decimal("1.00"))) == (
        not order_editable)


@pytest.mark.parametrize("status", list(OrderStatus))
def test_the_summary_says_why_the_contents_cannot_change_in_the_operations_words(csr_client, make_order, status):
    order = make_order(status)

    body = csr_client.get(reverse("po:order_detail", args=[order.number])).content.decode()

    reason = ops.refusal(order, ops.Action.EDIT)
    assert (reason is None) == ops.contents_editable(order)
    if reason:
        assert reason in body
    else:
        assert "can be changed only while" not in body


@pytest.mark.parametrize("status", list(OrderStatus))
def test_the_admin_offers_an_order_action_exactly_when_its_operation_accepts_it(admin_client, make_order, status):
    order = make_order(status)
    operations = {
        "hold_orders": lambda order: ops.order_hold(order, user=None, version=order.version),
        "release_holds": lambda order: ops.order_release_hold(order, user=None, version=order.version),
        "cancel_orders": lambda order: ops.order_cancel(order, user=None, version=order.version, reason="Asked"),
    }

    offered = [button["action"] for button in admin_client.get(order_url(order)).context["status_buttons"]]

    assert offered == [name for name, run in operations.items() if not refused(order, run)]


@pytest.mark.parametrize("order_status", [OrderStatus.IN_PROGRESS, OrderStatus.ON_HOLD, OrderStatus.PARTIALLY_SHIPPED])
@pytest.mark.parametrize("shipment_status", list(ShipmentStatus))
def test_the_admin_offers_a_shipment_move_exactly_when_the_operation_accepts_it(
        admin_client, make_order, order_status, shipment_status):
    order = with_first_shipment(make_order(order_status), shipment_status)
    shipment = first_shipment(order)

    def accepted(move) -> bool:
        return not refused(order, lambda order: ops.shipment_move(
            order, user=None, version=order.version, shipment_id=shipment.pk, move=move.name, tracking_number="1Z42AB12",
            reason="Damaged in the warehouse"))

    page = admin_client.get(admin_url(shipment))
    offered = [button["action"] for button in page.context["status_buttons"]]

    assert offered == [f"move_{move.name}" for move in ops.SHIPMENT_MOVES.values() if accepted(move)]
    assert offered == [f"move_{move.name}" for move in ops.allowed_moves(order, shipment)]
    changelist_actions = [name for name, _label in admin_client.get(admin_url(Shipment, "changelist"))
                          .context["action_form"].fields["action"].choices if name]
    assert set(offered) <= set(changelist_actions)


def outcome(order) -> tuple:
    """What a move left: the shipment's status, the order's, and its history."""
    order = OrderGroup.objects.get(pk=order.pk)
    return (first_shipment(order).status, order.status,
            [note.title for note in Note.objects.history().filter(order_group=order)])


@pytest.mark.parametrize("shipment_status", list(ShipmentStatus))
def test_a_move_run_from_the_admin_does_what_the_operation_does(admin_client, make_order, shipment_status):
    for move in ops.SHIPMENT_MOVES.values():
        by_admin = with_first_shipment(make_order(), shipment_status)
        by_operation = with_first_shipment(make_order(), shipment_status)
        shipment = first_shipment(by_admin)

        admin_client.post(admin_url(Shipment, "changelist"), {
            "action": f"move_{move.name}", "index": 0, ACTION_CHECKBOX_NAME: [shipment.pk], "post": "yes",
            f"tracking-{shipment.pk}": "1Z42AB12", "reason": "Damaged in the warehouse"})
        try:
            ops.shipment_move(by_operation, user=None, version=by_operation.version,
                              shipment_id=first_shipment(by_operation).pk, move=move.name, tracking_number="1Z42AB12",
                              reason="Damaged in the warehouse")
            accepted = True
        except ops.OrderError:
            accepted = False

        assert outcome(by_admin) == outcome(by_operation), move.name
        assert (outcome(by_admin)[0] != shipment_status) == accepted, move.name


def test_every_move_of_the_table_is_an_admin_action_with_the_tables_words(admin_client, make_order):
    make_order()
    choices = dict(admin_client.get(admin_url(Shipment, "changelist")).context["action_form"].fields["action"].choices)

    for move in ops.SHIPMENT_MOVES.values():
        assert choices[f"move_{move.name}"].rstrip("…") == move.bulk_label


@pytest.fixture
def subscription(make_order):
    return make_order(kind="plan")  # scheduled from 2026-01-01


def test_a_schedule_change_in_the_admin_writes_a_system_note_and_a_new_version(admin_client, admin_user, subscription):
    schedule = Schedule.objects.get(subscription=subscription)
    url = admin_url(schedule)
    data = form_data(admin_client.get(url))
    data.update(cycle_length=2, active="")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    [note] = Note.objects.history().filter(order_group=subscription)
    assert (note.title, note.action, note.author) == ("Schedule changed", "schedule_changed", admin_user)
    assert note.detail == "cycle length 1 -> 2; active yes -> no"
    stored = OrderGroup.objects.get(pk=subscription.pk)
    assert (stored.version, stored.modified_by) == (subscription.version + 1, admin_user)
    schedule.refresh_from_db()
    assert (schedule.cycle_length, schedule.active) == (2, False)


def test_a_schedule_saved_unchanged_in_the_admin_writes_nothing(admin_client, subscription):
    url = admin_url(Schedule.objects.get(subscription=subscription))

    admin_client.post(url, form_data(admin_client.get(url)))

    assert not Note.objects.history().filter(order_group=subscription).exists()
    assert OrderGroup.objects.get(pk=subscription.pk).version == subscription.version


def test_a_schedule_change_refused_under_the_lock_is_said_and_not_logged(admin_client, subscription, monkeypatch):
    """The form checks what the operation checks; a cycle the job counts meanwhile can still make
    the operation refuse, and the admin then says so instead of "changed successfully"."""
    schedule = Schedule.objects.get(subscription=subscription)
    url = admin_url(schedule)
    data = form_data(admin_client.get(url))
    data["max_cycles"] = 2
    # The job counts cycles between the form's check and the save: the form's check is skipped to
    # stand for that moment.
    Schedule.objects.filter(subscription=subscription).update(completed_cycles=3)
    monkeypatch.setattr(ScheduleForm, "clean_max_cycles", lambda form: form.cleaned_data["max_cycles"])

    response = admin_client.post(url, data, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "3 cycles have run already: the maximum can be no lower."]
    assert Schedule.objects.get(subscription=subscription).max_cycles == 0
    assert not LogEntry.objects.exists()


def test_a_schedule_change_the_rules_refuse_writes_nothing(subscription):
    Schedule.objects.filter(subscription=subscription).update(completed_cycles=3)

    with pytest.raises(ops.OrderError, match="3 cycles have run already"):
        subscription_set_schedule(subscription, user=None, version=subscription.version, max_cycles=2)

    assert Schedule.objects.get(subscription=subscription).max_cycles == 0
    assert not Note.objects.history().filter(order_group=subscription).exists()
    assert OrderGroup.objects.get(pk=subscription.pk).version == subscription.version


@pytest.mark.parametrize("kind", ["po", "cart"])
def test_only_a_subscription_has_a_schedule_to_change(make_order, kind):
    order = make_order(kind=kind)
    assert ops.refusal(order, ops.Action.SCHEDULE).startswith("Only subscriptions have a schedule")
    assert ops.refusal(make_order(kind="plan"), ops.Action.SCHEDULE) is None


def test_the_recurring_job_counts_a_cycle_as_a_change_of_the_subscription_with_its_note(subscription):
    [outcome] = subscriptions_place_due_orders(today=datetime.date(2026, 1, 1))

    order = OrderGroup.objects.get(number=outcome.order)
    stored = OrderGroup.objects.get(pk=subscription.pk)
    assert stored.version == subscription.version + 1
    assert [note.title for note in Note.objects.history().filter(order_group=subscription)] == ["Cycle 1 placed"]
    assert set(Note.objects.history().filter(order_group=order).values_list("title", flat=True)) == {
        "Placed by a subscription", "Order placed"}
    assert (order.subscription_id, order.source_cart_number, order.version) == (subscription.pk, "", 2)
