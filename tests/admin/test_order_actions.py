"""Hold, release hold, cancel and the shipment moves: whitelisted admin actions that run the
operations, from the changelist or a button on the row's page, and say per order what happened."""
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission

from orders.models import LineItem, Note, NoteKind, OrderGroup, PurchaseOrder, Shipment, ShipmentStatus
from orders.operations import order_hold, order_release_hold
from tests.admin.helpers import admin_url, messages_of, order_url

pytestmark = pytest.mark.django_db
CHANGELIST = admin_url(PurchaseOrder, "changelist")
SHIPMENTS = admin_url(Shipment, "changelist")


def run_action(client, action, rows, url=CHANGELIST, **extra):
    data = {"action": action, "index": 0, ACTION_CHECKBOX_NAME: [row.pk for row in rows], **extra}
    return client.post(url, data, follow=True)


def confirm(client, action, rows, url=CHANGELIST, **fields):
    """Send back the confirmation page of an action, as its "Yes, I'm sure" button does."""
    data = {"action": action, "post": "yes", ACTION_CHECKBOX_NAME: [row.pk for row in rows], **fields}
    return client.post(url, data, follow=True)


def actions_offered(response) -> list[str]:
    form = response.context["action_form"]
    return [] if form is None else [name for name, _label in form.fields["action"].choices if name]


def status_of(order):
    return OrderGroup.objects.get(pk=order.pk).status


def shipment_of(order):
    return Shipment.objects.get(order_form__order_group=order)


def test_hold_puts_the_selected_orders_on_hold_and_names_them(admin_client, make_order):
    orders = [make_order(), make_order()]

    response = run_action(admin_client, "hold_orders", orders)

    assert [status_of(order) for order in orders] == ["on_hold", "on_hold"]
    numbers = ", ".join(order.number for order in sorted(orders, key=lambda order: -order.pk))
    assert f"Put on hold: 2 purchase orders ({numbers})." in messages_of(response)
    assert Note.objects.filter(order_group__in=orders, kind=NoteKind.SYSTEM, title="Order held").count() == 2


def test_hold_reports_the_orders_it_refuses_with_the_rule_and_holds_the_others(admin_client, make_order):
    cancelled, in_progress = make_order(status="cancelled"), make_order()

    response = run_action(admin_client, "hold_orders", [cancelled, in_progress])

    assert (status_of(cancelled), status_of(in_progress)) == ("cancelled", "on_hold")
    assert f"{cancelled.number} is Cancelled: it cannot be put on hold now." in messages_of(response)
    assert f"Put on hold: 1 purchase order ({in_progress.number})." in messages_of(response)


def test_release_hold_puts_the_order_back_in_progress(admin_client, make_order):
    order = make_order(status="on_hold")

    run_action(admin_client, "release_holds", [order])

    assert status_of(order) == "in_progress"
    assert shipment_of(order).status == "awaiting_inventory"


def test_an_action_uses_the_version_of_the_order_read_in_the_same_request(admin_client, make_order,
                                                                          django_user_model):
    order = make_order()
    other = django_user_model.objects.create_user("other")
    order_hold(order, user=other, version=order.version)  # meanwhile, before the list was sent
    order_release_hold(order, user=other, version=order.version)

    run_action(admin_client, "hold_orders", [order])

    assert status_of(order) == "on_hold"


def test_cancel_first_asks_for_a_reason_in_a_form(admin_client, make_order):
    order = make_order()

    response = run_action(admin_client, "cancel_orders", [order])

    assert status_of(order) == "in_progress"
    form = response.context["form"]
    assert list(form.fields) == ["reason"] and not form.is_bound
    page = response.content.decode()
    assert '<label for="id_reason"' in page and order.number in page


def test_cancel_with_a_reason_cancels_and_notes_it(admin_client, make_order):
    order = make_order()

    response = confirm(admin_client, "cancel_orders", [order], reason="Customer changed their mind")

    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == ("cancelled", "Customer changed their mind")
    assert f"Cancelled: 1 purchase order ({order.number})." in messages_of(response)


@pytest.mark.parametrize("reason", [" ", "x" * 501, "Oops\x00"])
def test_cancel_without_a_usable_reason_shows_the_error_beside_the_field(admin_client, make_order, reason):
    order = make_order()

    response = confirm(admin_client, "cancel_orders", [order], reason=reason)

    assert response.status_code == 200 and status_of(order) == "in_progress"
    assert response.context["form"].errors["reason"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_cancel_refuses_an_order_with_shipped_goods_with_the_rule(admin_client, make_order):
    order = make_order()
    Shipment.objects.filter(order_form__order_group=order).update(status="shipped", tracking_number="1Z1")

    response = confirm(admin_client, "cancel_orders", [order], reason="Duplicate")

    assert status_of(order) == "in_progress"
    assert any(f"{order.number} has shipped goods" in message for message in messages_of(response))


def test_the_order_page_offers_only_the_allowed_actions(admin_client, make_order):
    in_progress, held, completed = make_order(), make_order(status="on_hold"), make_order(status="completed")

    def buttons(order):
        return [button["action"] for button in admin_client.get(order_url(order)).context["status_buttons"]]

    assert buttons(in_progress) == ["hold_orders", "cancel_orders"]
    assert buttons(held) == ["release_holds", "cancel_orders"]
    assert buttons(completed) == []


def test_a_button_on_the_order_page_holds_it_and_returns_to_the_page(admin_client, make_order):
    order = make_order()

    response = admin_client.post(CHANGELIST, {
        "action": "hold_orders", "index": 0, ACTION_CHECKBOX_NAME: [order.pk], "_from_change_page": "1",
    })

    assert response.status_code == 302 and response["Location"] == order_url(order)
    assert status_of(order) == "on_hold"


def test_cancel_from_the_order_page_returns_to_the_page(admin_client, make_order):
    order = make_order()
    asked = admin_client.post(CHANGELIST, {
        "action": "cancel_orders", "index": 0, ACTION_CHECKBOX_NAME: [order.pk], "_from_change_page": "1",
    })

    response = admin_client.post(CHANGELIST, {
        "action": "cancel_orders", "post": "yes", ACTION_CHECKBOX_NAME: [order.pk], "_from_change_page": "1",
        "reason": "Duplicate",
    })

    assert 'name="_from_change_page"' in asked.content.decode()
    assert response.status_code == 302 and response["Location"] == order_url(order)
    assert status_of(order) == "cancelled"


def test_a_staff_member_who_may_only_view_orders_gets_no_status_actions(client, make_order, django_user_model):
    order = make_order()
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_purchaseorder"))
    client.force_login(viewer)

    page = client.get(order_url(order))
    response = run_action(client, "hold_orders", [order])

    assert not page.context.get("status_buttons")
    assert "hold_orders" not in actions_offered(response)
    assert status_of(order) == "in_progress"


def test_shipments_move_through_fulfilment_from_the_shipment_changelist(admin_client, make_order):
    order = make_order()
    shipment = shipment_of(order)

    for move in ("move_assign_inventory", "move_release", "move_pack"):
        run_action(admin_client, move, [shipment], url=SHIPMENTS)
    asked = run_action(admin_client, "move_ship", [shipment], url=SHIPMENTS)
    response = confirm(admin_client, "move_ship", [shipment], url=SHIPMENTS, **{f"tracking-{shipment.pk}": "1z 42 ab"})

    assert f"Tracking number of shipment {shipment.pk} of {order.number}" in asked.content.decode()
    shipment.refresh_from_db()
    assert (shipment.status, shipment.tracking_number) == ("shipped", "1Z42AB")
    assert status_of(order) == "completed"
    assert f"Shipped: 1 shipment ({order.number})." in messages_of(response)


def test_ship_without_a_tracking_number_shows_the_error_beside_the_field(admin_client, make_order):
    order = make_order()
    shipment = shipment_of(order)
    Shipment.objects.filter(pk=shipment.pk).update(status=ShipmentStatus.PACKING)

    response = confirm(admin_client, "move_ship", [shipment], url=SHIPMENTS, **{f"tracking-{shipment.pk}": " "})

    assert shipment_of(order).status == "packing"
    assert response.context["form"].errors[f"tracking-{shipment.pk}"] == ["A shipment needs a tracking number to ship."]


def test_two_shipments_of_one_order_move_together(admin_client, make_order):
    order = make_order()
    first = shipment_of(order)
    line = first.line_items.get()
    second = Shipment.objects.create(order_form=first.order_form, address=first.address, warehouse=first.warehouse)
    LineItem.objects.create(shipment=second, sku=line.sku, sku_code=line.sku_code, display_name=line.display_name,
                            quantity=1, placed_price=line.placed_price, list_price=line.list_price)

    response = run_action(admin_client, "move_assign_inventory", [first, second], url=SHIPMENTS)

    assert set(Shipment.objects.filter(order_form__order_group=order).values_list("status", flat=True)) == {
        "inventory_assigned"}
    assert f"Inventory assigned: 2 shipments ({order.number})." in messages_of(response)


def test_a_move_the_shipment_is_not_ready_for_is_refused_with_the_rule(admin_client, make_order):
    order = make_order()
    shipment = shipment_of(order)

    response = run_action(admin_client, "move_pack", [shipment], url=SHIPMENTS)

    assert shipment_of(order).status == "awaiting_inventory"
    assert any("cannot be added to a pick list now" in message for message in messages_of(response))


def test_cancelling_a_shipment_asks_first_for_a_reason(admin_client, make_order):
    order = make_order()
    shipment = shipment_of(order)

    asked = run_action(admin_client, "move_cancel", [shipment], url=SHIPMENTS)
    without = confirm(admin_client, "move_cancel", [shipment], url=SHIPMENTS)
    assert "Say why the shipments are cancelled." in without.content.decode()
    assert shipment_of(order).status == "awaiting_inventory"
    confirm(admin_client, "move_cancel", [shipment], url=SHIPMENTS, reason="Lost in the warehouse")

    assert asked.context["question"].startswith("Cancel these shipments?")
    assert shipment_of(order).status == "cancelled"
    assert "Reason: Lost in the warehouse" in Note.objects.get(order_group=order, title="Shipment cancelled").detail


def test_the_shipment_page_offers_the_moves_allowed_now(admin_client, make_order):
    shipment = shipment_of(make_order())
    held = shipment_of(make_order(status="on_hold"))

    def buttons(shipment):
        return [button["action"] for button in admin_client.get(admin_url(shipment)).context["status_buttons"]]

    assert buttons(shipment) == ["move_assign_inventory", "move_cancel"]
    assert buttons(held) == []


def test_an_action_on_rows_that_no_longer_exist_says_so(admin_client, make_order):
    order = make_order()
    pk = order.pk
    OrderGroup.objects.filter(pk=pk).delete()

    response = admin_client.post(CHANGELIST, {"action": "hold_orders", "index": 0, ACTION_CHECKBOX_NAME: [pk]},
                                 follow=True)

    assert "None of the chosen purchase orders exist; nothing was changed." in messages_of(response)


def test_the_shipment_page_says_which_moves_it_offers_or_why_none(admin_client, make_order):
    shipment = shipment_of(make_order())
    held_order = make_order(status="on_hold")

    assert "Assign inventory, Cancel shipment" in admin_client.get(admin_url(shipment)).content.decode()
    assert (f"{held_order.number} is On Hold: it cannot be fulfilled now."
            in admin_client.get(admin_url(shipment_of(held_order))).content.decode())
