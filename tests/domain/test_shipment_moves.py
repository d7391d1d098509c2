"""The shipment moves (docs/domain.md §3) as the operation runs them: each move, its refusals, the
tracking number's rule, the capture on shipping (a declined one ships nothing), the void on
cancelling, and the order's status following its shipments."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from catalog.models import Stock
from orders import gateway
from orders import operations as ops
from orders.models import Note, OrderGroup, OrderStatus, Payment, ShipmentStatus, TransactionType
from tests.world import first_shipment, lines_of, shipments_of

CARD = "4242424242424242"
CAPTURE_DECLINED = "4000000000000341"


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr", first_name="Casey", last_name="Rivera")


def move(order, shipment, name, user=None, **kwargs):
    return ops.shipment_move(order, user=user, version=order.version, shipment_id=shipment.pk, move=name, **kwargs)


def to_packing(order, shipment, user=None):
    for name in ("assign_inventory", "release", "pack"):
        move(order, shipment, name, user)


def pay(order, shop, user, card=CARD, amount=None):
    method = shop["card"] if card else shop["phone"]
    return ops.payment_add(order, user=user, version=order.version, payment_method_id=method.pk,
                           amount=amount or order.balance_due, card_number=card or "")


def two_shipments(make_order, csr):
    """TEE-M x2 in shipment 1, TEE-L x1 split off into shipment 2."""
    order = make_order(lines=(("TEE-M", 2), ("TEE-L", 1)))
    tee_l = lines_of(order)[1]
    ops.line_item_move(order, user=csr, version=order.version, line_item_id=tee_l.pk, quantity=1,
                       address={"line1": "2 Elm St", "city": "Shelbyville", "postal_code": "54321", "country_code": "US"})
    return order


def stored(order) -> tuple:
    """What a refused move must leave as it was."""
    fresh = OrderGroup.objects.get(pk=order.pk)
    return (fresh.version, fresh.status, [(s.status, s.tracking_number, s.shipped_at) for s in shipments_of(order)],
            sorted(Stock.objects.values_list("sku__code", "in_stock", "reserved")),
            Payment.objects.filter(order_form__order_group=order).count(),
            Note.objects.filter(order_group=order).count())


def test_a_shipment_walks_every_move_with_a_system_note_each(make_order, csr):
    order = make_order()
    shipment = first_shipment(order)
    for name, status in [("assign_inventory", "inventory_assigned"), ("release", "released"), ("pack", "packing"),
                         ("unpack", "released"), ("pack", "packing")]:
        move(order, shipment, name, csr)
        assert first_shipment(order).status == status
    assert ops.SHIPMENT_MOVES["unpack"].label == "Back to Released"
    move(order, shipment, "ship", csr, tracking_number="1z 999 aa1")
    shipped = first_shipment(order)
    assert (shipped.status, shipped.tracking_number) == ("shipped", "1Z999AA1")
    assert order.status == OrderStatus.COMPLETED
    titles = [note.title for note in Note.objects.history().filter(order_group=order).order_by("id")]
    assert titles == ["Inventory assigned", "Shipment released", "Shipment added to pick list",
                      "Shipment taken off pick list", "Shipment added to pick list", "Shipment shipped", "Status changed"]


@pytest.mark.parametrize("name, status", [("ship", "awaiting_inventory"), ("release", "awaiting_inventory"),
                                          ("pack", "inventory_assigned"), ("unpack", "released"),
                                          ("assign_inventory", "packing")])
def test_a_move_from_the_wrong_status_is_refused_and_writes_nothing(make_order, csr, name, status):
    order = make_order()
    first_shipment(order).__class__.objects.filter(pk=first_shipment(order).pk).update(status=status)
    before = stored(order)
    with pytest.raises(ops.OrderError, match="cannot .* now"):
        move(order, first_shipment(order), name, csr, tracking_number="1Z999AA1")
    assert stored(order) == before


def test_no_move_while_the_order_is_on_hold(make_order, csr):
    order = make_order(status=OrderStatus.ON_HOLD)
    assert ops.allowed_moves(order, first_shipment(order)) == []
    with pytest.raises(ops.OrderError, match="On Hold: it cannot be fulfilled now"):
        move(order, first_shipment(order), "cancel", csr, reason="x")


def test_a_shortfall_names_the_sku_and_how_many(make_order, csr):
    order = make_order(lines=(("MUG-BLUE", 6),))
    with pytest.raises(ops.OrderError) as refused:
        move(order, first_shipment(order), "assign_inventory", csr)
    assert "Only 5 of MUG-BLUE available at Main warehouse, 6 wanted" in refused.value.message
    assert first_shipment(order).status == "awaiting_inventory"


@pytest.mark.parametrize("typed, problem", [
    ("", "needs a tracking number"),
    ("   ", "needs a tracking number"),
    ("1Z99", "6 to 40"),
    ("1Z 9 9", "6 to 40"),
    ("1" * 41, "6 to 40"),
    ("1Z999<b>", "only letters, digits, hyphens and spaces"),
    ("1Z999_AA1", "only letters, digits, hyphens and spaces"),
    ("1Z999ÄÄ1", "only letters, digits, hyphens and spaces"),
])
def test_a_bad_tracking_number_is_refused(typed, problem):
    with pytest.raises(ops.OrderError, match=problem) as refused:
        ops.clean_tracking_number(typed)
    assert refused.value.field == "tracking_number"


@pytest.mark.parametrize("typed, kept", [("1z999aa10123456784", "1Z999AA10123456784"), (" jd01 4600 ", "JD014600"),
                                         ("rr-123-456-se", "RR-123-456-SE"), ("1" * 40, "1" * 40)])
def test_a_tracking_number_is_kept_upper_case_without_spaces(typed, kept):
    assert ops.clean_tracking_number(typed) == kept


def test_shipping_captures_the_shipments_share_through_the_gateway(make_order, shop, csr):
    order = two_shipments(make_order, csr)
    pay(order, shop, csr)
    authorized = order.paid_total
    one, two = shipments_of(order)
    to_packing(order, one, csr)
    move(order, one, "ship", csr, tracking_number="1Z999AA1")
    capture = Payment.objects.get(order_form__order_group=order, transaction_type=TransactionType.CAPTURE)
    assert capture.amount == Decimal("48.60")  # TEE-M 2 x 20.00 + shipping 5.00, 8 % tax
    assert capture.reference.startswith("capture_") and capture.method_name == "Card"
    assert order.status == OrderStatus.PARTIALLY_SHIPPED
    to_packing(order, two, csr)
    move(order, two, "ship", csr, tracking_number="1Z999AA2")
    captures = Payment.objects.filter(order_form__order_group=order, transaction_type=TransactionType.CAPTURE)
    assert sum(payment.amount for payment in captures) == authorized
    assert order.status == OrderStatus.COMPLETED
    assert order.paid_total == authorized and order.balance_due == 0
    assert "Captured" in Note.objects.filter(order_group=order, title="Shipment shipped").first().detail


def test_a_declined_capture_ships_nothing(make_order, shop, csr):
    order = make_order()
    pay(order, shop, csr, card=CAPTURE_DECLINED)
    shipment = first_shipment(order)
    to_packing(order, shipment, csr)
    before = stored(order)
    with pytest.raises(ops.OrderError, match="Capture failed: the issuer declined"):
        move(order, shipment, "ship", csr, tracking_number="1Z999AA1")
    assert stored(order) == before  # still Packing, no tracking number, stock reserved, no capture, no note
    assert first_shipment(order).status == ShipmentStatus.PACKING


def test_a_phone_sale_needs_no_capture(make_order, shop, csr):
    order = make_order()
    pay(order, shop, csr, card="")
    shipment = first_shipment(order)
    to_packing(order, shipment, csr)
    move(order, shipment, "ship", csr, tracking_number="1Z999AA1")
    assert not Payment.objects.filter(order_form__order_group=order, transaction_type=TransactionType.CAPTURE).exists()
    assert order.status == OrderStatus.COMPLETED and order.balance_due == 0


def test_the_gateway_captures_but_not_from_a_capture_declining_card():
    good = gateway.authorize(Decimal("10"), CARD)
    bad = gateway.authorize(Decimal("10"), CAPTURE_DECLINED)
    assert good.approved and bad.approved
    assert gateway.capture(Decimal("10"), good.reference).approved
    declined = gateway.capture(Decimal("10"), bad.reference)
    assert not declined.approved and "declined" in declined.message
    assert not gateway.capture(Decimal("10"), "").approved


def test_cancelling_a_shipment_needs_a_reason(make_order, csr):
    order = make_order()
    before = stored(order)
    with pytest.raises(ops.OrderError, match="Say why") as refused:
        move(order, first_shipment(order), "cancel", csr, reason="  ")
    assert refused.value.field == "reason"
    assert stored(order) == before


def test_cancelling_a_shipment_releases_its_stock_and_voids_its_share(make_order, shop, csr):
    order = two_shipments(make_order, csr)
    pay(order, shop, csr)
    authorized = order.paid_total
    one, two = shipments_of(order)
    move(order, two, "assign_inventory", csr)
    assert Stock.objects.get(sku__code="TEE-L").reserved == 1
    move(order, two, "cancel", csr, reason="Customer no longer wants the L")
    assert Stock.objects.get(sku__code="TEE-L").reserved == 0
    void = Payment.objects.get(order_form__order_group=order, transaction_type=TransactionType.VOID)
    # TEE-L 22.00 (its new shipment has no shipping method yet), 8 % tax: 23.76
    assert void.amount == Decimal("23.76")
    assert order.paid_total == authorized - Decimal("23.76")
    # No longer sold: the cancelled shipment leaves the order's total, so nothing is due for it.
    assert order.total == authorized - Decimal("23.76") and order.balance_due == 0
    note = Note.objects.get(order_group=order, title="Shipment cancelled")
    assert "Reason: Customer no longer wants the L" in note.detail and "Voided 23.76 USD" in note.detail
    assert order.status == OrderStatus.IN_PROGRESS
    to_packing(order, one, csr)
    move(order, one, "ship", csr, tracking_number="1Z999AA1")
    assert order.status == OrderStatus.COMPLETED  # one shipped, the other cancelled
    assert Payment.objects.get(order_form__order_group=order, transaction_type=TransactionType.CAPTURE).amount == (
        authorized - Decimal("23.76"))
    order.refresh_from_db()
    assert (order.total, order.paid_total, order.balance_due) == (authorized - Decimal("23.76"),) * 2 + (0,)


def test_cancelling_every_shipment_cancels_the_order_and_voids_the_rest(make_order, shop, csr):
    order = two_shipments(make_order, csr)
    pay(order, shop, csr)
    one, two = shipments_of(order)
    move(order, one, "cancel", csr, reason="Out of stock")
    assert order.status == OrderStatus.IN_PROGRESS
    move(order, two, "cancel", csr, reason="Out of stock too")
    assert (order.status, order.cancel_reason) == (OrderStatus.CANCELLED, "Out of stock too")
    assert order.paid_total == 0 and order.balance_due == 0
    assert "every shipment is cancelled" in Note.objects.get(order_group=order, title="Status changed").detail


def test_a_shipment_of_another_order_is_refused(make_order, csr):
    order, other = make_order(), make_order()
    with pytest.raises(ops.OrderError, match=f"That shipment is not on {order.number}"):
        move(order, first_shipment(other), "assign_inventory", csr)
    assert first_shipment(other).status == "awaiting_inventory"
