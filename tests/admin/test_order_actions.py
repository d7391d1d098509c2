"""Hold, release and cancel (and shipment moves) run the operations, from the changelist or the order page."""
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from orders.models import Note, NoteKind, OrderGroup, PurchaseOrder, Shipment
from orders.operations import order_hold, order_release_hold
from tests.admin.helpers import admin_url, messages_of, order_url

pytestmark = pytest.mark.django_db
CHANGELIST = admin_url(PurchaseOrder, "changelist")


def run_action(client, action, orders, **extra):
    data = {"action": action, "index": 0, ACTION_CHECKBOX_NAME: [order.pk for order in orders], **extra}
    return client.post(CHANGELIST, data, follow=True)


def status_of(order):
    return OrderGroup.objects.get(pk=order.pk).status


def test_hold_puts_the_selected_orders_on_hold(admin_client, make_order):
    orders = [make_order(), make_order()]

    response = run_action(admin_client, "hold_orders", orders)

    assert [status_of(order) for order in orders] == ["on_hold", "on_hold"]
    assert "Put on hold: 2 purchase orders." in messages_of(response)
    assert Note.objects.filter(order_group__in=orders, kind=NoteKind.SYSTEM, title="Order held").count() == 2


def test_hold_reports_the_orders_it_refuses_and_holds_the_others(admin_client, make_order):
    cancelled, in_progress = make_order(status="cancelled"), make_order()

    response = run_action(admin_client, "hold_orders", [cancelled, in_progress])

    assert (status_of(cancelled), status_of(in_progress)) == ("cancelled", "on_hold")
    assert f"{cancelled.number} is Cancelled: it cannot be put on hold now." in messages_of(response)


def test_release_hold_puts_the_order_back_in_progress(admin_client, make_order):
    order = make_order(status="on_hold")

    run_action(admin_client, "release_holds", [order])

    assert status_of(order) == "in_progress"
    assert Shipment.objects.get(order_form__order_group=order).status == "awaiting_inventory"


def test_cancel_first_asks_for_a_reason(admin_client, make_order):
    order = make_order()

    response = run_action(admin_client, "cancel_orders", [order])

    assert status_of(order) == "in_progress"
    assert response.templates[0].name == "admin/orders/confirm_action.html"
    page = response.content.decode()
    assert 'name="reason"' in page and order.number in page
    assert f'name="version-{order.pk}" value="{order.version}"' in page


def test_cancel_with_a_reason_cancels_and_notes_it(admin_client, make_order):
    order = make_order()

    response = admin_client.post(CHANGELIST, {
        "action": "cancel_orders", ACTION_CHECKBOX_NAME: [order.pk], "post": "yes", "reason": "Customer changed their mind",
        f"version-{order.pk}": order.version,
    }, follow=True)

    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == ("cancelled", "Customer changed their mind")
    assert "Cancelled: 1 purchase order." in messages_of(response)


def test_cancel_without_a_reason_is_refused(admin_client, make_order):
    order = make_order()

    response = admin_client.post(CHANGELIST, {
        "action": "cancel_orders", ACTION_CHECKBOX_NAME: [order.pk], "post": "yes", "reason": " ",
    }, follow=True)

    assert status_of(order) == "in_progress"
    assert f"{order.number}: Say why the order is cancelled." in messages_of(response)


def test_a_confirmation_made_before_someone_else_changed_the_order_is_refused(admin_client, make_order,
                                                                              django_user_model):
    order = make_order()
    seen = order.version
    other = django_user_model.objects.create_user("other")
    order_hold(order, user=other, version=order.version)
    order_release_hold(order, user=other, version=order.version)

    response = admin_client.post(CHANGELIST, {
        "action": "cancel_orders", ACTION_CHECKBOX_NAME: [order.pk], "post": "yes", "reason": "Duplicate",
        f"version-{order.pk}": seen,
    }, follow=True)

    assert status_of(order) == "in_progress"
    assert any(f"{order.number} was changed by other" in message for message in messages_of(response))


def test_the_order_page_offers_only_the_allowed_actions(admin_client, make_order):
    in_progress, held, completed = make_order(), make_order(status="on_hold"), make_order(status="completed")

    def buttons(order):
        return [button["action"] for button in admin_client.get(order_url(order)).context["operation_buttons"]]

    assert buttons(in_progress) == ["hold_orders", "cancel_orders"]
    assert buttons(held) == ["release_holds", "cancel_orders"]
    assert buttons(completed) == []


def test_a_button_on_the_order_page_holds_it_and_returns_to_the_page(admin_client, make_order):
    order = make_order()

    response = admin_client.post(CHANGELIST, {
        "action": "hold_orders", "index": 0, ACTION_CHECKBOX_NAME: [order.pk], f"version-{order.pk}": order.version,
        "_from_change_page": "1",
    })

    assert response.status_code == 302 and response["Location"] == order_url(order)
    assert status_of(order) == "on_hold"


def test_a_button_on_a_stale_order_page_is_refused(admin_client, make_order, django_user_model):
    order = make_order()
    seen = order.version
    other = django_user_model.objects.create_user("other")
    order_hold(order, user=other, version=order.version)
    order_release_hold(order, user=other, version=order.version)

    response = admin_client.post(CHANGELIST, {
        "action": "hold_orders", "index": 0, ACTION_CHECKBOX_NAME: [order.pk], f"version-{order.pk}": seen,
        "_from_change_page": "1",
    }, follow=True)

    assert status_of(order) == "in_progress"
    assert any(f"{order.number} was changed by other" in message for message in messages_of(response))


def test_shipments_move_through_fulfilment_from_the_shipment_changelist(admin_client, make_order):
    order = make_order()
    shipment = Shipment.objects.get(order_form__order_group=order)
    url = admin_url(Shipment, "changelist")

    for move in ("move_assign_inventory", "move_release", "move_pack"):
        admin_client.post(url, {"action": move, "index": 0, ACTION_CHECKBOX_NAME: [shipment.pk]})
    asked = admin_client.post(url, {"action": "move_ship", "index": 0, ACTION_CHECKBOX_NAME: [shipment.pk]})
    admin_client.post(url, {"action": "move_ship", "post": "yes", ACTION_CHECKBOX_NAME: [shipment.pk],
                            f"tracking-{shipment.pk}": "1Z42"})

    assert f'name="tracking-{shipment.pk}"' in asked.content.decode()
    shipment.refresh_from_db()
    assert (shipment.status, shipment.tracking_number) == ("shipped", "1Z42")
    assert status_of(order) == "completed"


def test_the_shipment_page_offers_the_moves_allowed_now(admin_client, make_order):
    shipment = Shipment.objects.get(order_form__order_group=make_order())
    held = Shipment.objects.get(order_form__order_group=make_order(status="on_hold"))

    def buttons(shipment):
        return [button["action"] for button in admin_client.get(admin_url(shipment)).context["operation_buttons"]]

    assert buttons(shipment) == ["move_assign_inventory", "move_cancel"]
    assert buttons(held) == []
