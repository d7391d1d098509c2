"""Content edits: what they change, and the bad input they refuse without writing anything."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from catalog.models import Stock
from customers.models import Address
from orders import operations as ops
from orders.models import Discount, LineItem, Note, OrderGroup, Payment, Shipment
from tests.world import first_line, first_shipment


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr")


def lines_of(order):
    return list(LineItem.objects.filter(shipment__order_form__order_group=order).order_by("id"))


def test_adding_a_sku_prices_it_from_the_market_and_recalculates(make_order, csr):
    order = make_order(lines=(("TEE-M", 1),))
    ops.line_item_add(order, user=csr, version=order.version, sku_code="tee-l", quantity=2)
    added = lines_of(order)[-1]
    assert (added.sku_code, added.quantity, added.placed_price) == ("TEE-L", 2, Decimal("22.00"))
    assert order.subtotal == Decimal("64.00")
    assert order.total == Decimal("74.52")  # (64 + 5 shipping) x 1.08


def test_adding_a_sku_already_in_the_shipment_adds_to_its_quantity(make_order, csr):
    order = make_order(lines=(("TEE-M", 1),))
    ops.line_item_add(order, user=csr, version=order.version, sku_code="TEE-M", quantity=2)
    assert [line.quantity for line in lines_of(order)] == [3]


@pytest.mark.parametrize("quantity, message", [
    (0, "at least 1"), (-1, "at least 1"), (10**12, "at most 9999"),
])
def test_a_bad_quantity_is_refused_next_to_the_field(make_order, csr, quantity, message):
    order = make_order()
    with pytest.raises(ops.OrderError, match=message) as refused:
        ops.line_item_set_quantity(order, user=csr, version=order.version, line_item_id=first_line(order).pk,
                                   quantity=quantity)
    assert refused.value.field == "quantity"
    assert first_line(order).quantity == 2


@pytest.mark.parametrize("code, message", [
    ("NOPE-1", "There is no SKU 'NOPE-1'"), ("TEE-JP", "not sold in United States"), ("", "Enter a SKU code"),
])
def test_an_unknown_or_foreign_sku_is_refused(make_order, csr, code, message):
    order = make_order()
    with pytest.raises(ops.OrderError, match=message):
        ops.line_item_add(order, user=csr, version=order.version, sku_code=code, quantity=1)
    assert len(lines_of(order)) == 1


def test_ids_from_another_order_are_refused(make_order, csr):
    order, other = make_order(), make_order()
    with pytest.raises(ops.OrderError, match="not on"):
        ops.line_item_remove(order, user=csr, version=order.version, line_item_id=first_line(other).pk)
    with pytest.raises(ops.OrderError, match="not on"):
        ops.shipment_set_shipping_method(order, user=csr, version=order.version, shipment_id=first_shipment(other).pk,
                                         shipping_method_id=1)
    assert first_line(other).quantity == 2


def test_moving_part_of_a_line_to_a_new_shipment_splits_the_order(make_order, shop, csr):
    order = make_order(lines=(("TEE-M", 3),))
    ops.line_item_move(order, user=csr, version=order.version, line_item_id=first_line(order).pk, quantity=2,
                       address={"line1": "9 Oak Ave", "city": "Ogdenville", "postal_code": "99999", "country_code": "us"},
                       shipping_method_id=shop["express"].pk)
    shipments = list(Shipment.objects.filter(order_form__order_group=order).order_by("id"))
    assert [[line.quantity for line in shipment.line_items.all()] for shipment in shipments] == [[1], [2]]
    assert shipments[1].address.city == "Ogdenville"
    assert order.shipping_total == Decimal("20.00")
    assert order.shipment_summary == "2 Awaiting Inventory"


def test_moving_a_whole_line_keeps_its_discount(make_order, csr):
    order = make_order(lines=(("TEE-M", 2),))
    line = first_line(order)
    ops.discount_add(order, user=csr, version=order.version, scope="line", line_item_id=line.pk, value_type="amount",
                     value=Decimal("5"), reason="Damaged box")
    ops.line_item_move(order, user=csr, version=order.version, line_item_id=line.pk, quantity=2,
                       address={"line1": "9 Oak Ave", "city": "Ogdenville", "postal_code": "99999", "country_code": "US"})
    assert Discount.objects.get(order_group=order).line_item_id == line.pk
    assert order.discount_total == Decimal("5.00")


def test_an_address_outside_the_market_is_refused(make_order, csr):
    order = make_order()
    with pytest.raises(ops.OrderError, match="ships to US") as refused:
        ops.shipment_set_address(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                                 address={"line1": "1 Rue", "city": "Paris", "postal_code": "75001", "country_code": "FR"})
    assert refused.value.field == "country_code"
    with pytest.raises(ops.OrderError, match="Enter the city"):
        ops.shipment_set_address(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                                 address={"line1": "1 Main", "postal_code": "1", "country_code": "US"})


def test_an_address_can_be_saved_to_the_address_book_and_stays_a_snapshot(make_order, shop, csr):
    order = make_order()
    ops.shipment_set_address(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                             address={"line1": "5 Pine Rd", "city": "Capital City", "postal_code": "11111",
                                      "country_code": "US"}, save_to_address_book=True)
    saved = Address.objects.get(customer=shop["mercy"])
    saved.city = "Elsewhere"
    saved.save()
    assert first_shipment(order).address.city == "Capital City"


def test_changing_the_shipping_method_changes_the_shipping_price(make_order, shop, csr):
    order = make_order()
    ops.shipment_set_shipping_method(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                                     shipping_method_id=shop["express"].pk)
    assert order.shipping_total == Decimal("15.00")
    assert Note.objects.history().get(order_group=order).detail.endswith("Ground -> Express")


@pytest.mark.parametrize("value, value_type, message", [
    (Decimal("0"), "amount", "more than zero"), (Decimal("-3"), "amount", "more than zero"),
    (Decimal("101"), "percent", "at most 100"), (Decimal("41"), "amount", "more than the line comes to"),
])
def test_bad_discounts_are_refused(make_order, csr, value, value_type, message):
    order = make_order()
    with pytest.raises(ops.OrderError, match=message):
        ops.discount_add(order, user=csr, version=order.version, scope="line", line_item_id=first_line(order).pk,
                         value_type=value_type, value=value, reason="Because")
    assert not Discount.objects.exists()


def test_a_manual_discount_needs_a_reason(make_order, csr):
    order = make_order()
    with pytest.raises(ops.OrderError, match="why") as refused:
        ops.discount_add(order, user=csr, version=order.version, scope="order", value_type="percent", value=Decimal("5"),
                         reason="  ")
    assert refused.value.field == "reason"


def test_coupons_apply_once_and_unknown_codes_are_refused(make_order, csr):
    order = make_order()
    ops.coupon_apply(order, user=csr, version=order.version, code="save10")
    assert order.discount_total == Decimal("4.00")
    with pytest.raises(ops.OrderError, match="already on this order"):
        ops.coupon_apply(order, user=csr, version=order.version, code="SAVE10")
    with pytest.raises(ops.OrderError, match="not a valid coupon"):
        ops.coupon_apply(order, user=csr, version=order.version, code="FREE")
    discount = Discount.objects.get(order_group=order)
    ops.discount_remove(order, user=csr, version=order.version, discount_id=discount.pk)
    assert order.discount_total == Decimal("0.00")
    assert Note.objects.history().filter(order_group=order, action="coupon_removed").exists()


@pytest.mark.parametrize("amount, message", [
    (Decimal("0"), "more than zero"), (Decimal("-5"), "more than zero"), (Decimal("1000"), "balance due is"),
])
def test_bad_payments_are_refused(make_order, shop, csr, amount, message):
    order = make_order()
    with pytest.raises(ops.OrderError, match=message):
        ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["phone"].pk, amount=amount)


def test_a_split_payment_brings_the_balance_to_zero_and_a_declined_card_is_kept_as_failed(make_order, shop, csr):
    order = make_order()  # 2 x 20 + 5 shipping, 8 % tax = 48.60
    ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["phone"].pk, amount=Decimal("20"))
    declined = ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["card"].pk,
                               amount=Decimal("28.60"), card_number="4000 0000 0000 0002")
    assert declined.status == "failed"
    assert order.balance_due == Decimal("28.60")
    ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["card"].pk, amount=Decimal("28.60"),
                    card_number="4242 4242 4242 4242")
    assert order.balance_due == Decimal("0.00")


def test_a_declined_card_writes_a_payment_declined_note_and_is_never_counted_as_paid(make_order, shop, csr):
    order = make_order()
    declined = ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["card"].pk,
                               amount=Decimal("10.00"), card_number="4000000000000002")
    assert (declined.status, declined.message) == ("failed", "The card was declined by the issuer.")
    assert (order.paid_total, order.balance_due) == (Decimal("0.00"), Decimal("48.60"))
    note = Note.objects.history().get(order_group=order, action="payment_added")
    assert note.title == "Payment declined" and "declined by the issuer" in note.detail


def test_a_card_payment_needs_a_card_number(make_order, shop, csr):
    order = make_order()
    with pytest.raises(ops.OrderError, match="needs the card number") as refused:
        ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["card"].pk, amount=Decimal("10.00"))
    assert refused.value.field == "card_number"
    assert not Payment.objects.filter(order_form__order_group=order).exists()
    assert OrderGroup.objects.get(pk=order.pk).version == order.version


@pytest.mark.parametrize("operation", ["quantity", "discount", "payment"])
def test_operations_take_typed_values_not_what_was_typed(make_order, shop, csr, operation):
    """Reading "1,500" or "abc" is the forms' work (orders.forms); an operation given text refuses
    to guess (the old operations read "1,500" as 1.50)."""
    order = make_order()
    calls = {
        "quantity": lambda: ops.line_item_set_quantity(order, user=csr, version=order.version,
                                                       line_item_id=first_line(order).pk, quantity="3"),
        "discount": lambda: ops.discount_add(order, user=csr, version=order.version, scope="order",
                                             value_type="amount", value="1,500", reason="Because"),
        "payment": lambda: ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["phone"].pk,
                                           amount="1,50"),
    }
    with pytest.raises(TypeError):
        calls[operation]()
    assert OrderGroup.objects.get(pk=order.pk).version == order.version
    assert not Payment.objects.filter(order_form__order_group=order).exists()


def test_notes_can_be_added_in_any_status_without_changing_the_version(make_order, csr):
    order = make_order("completed")
    note = ops.note_add(order, user=csr, title="Called back", detail="<b>happy</b>")
    assert note.author == csr
    assert OrderGroup.objects.get(pk=order.pk).version == order.version
    with pytest.raises(ops.OrderError, match="title"):
        ops.note_add(order, user=csr, title=" ")


def test_system_notes_cannot_be_edited_or_deleted(make_order, csr):
    order = make_order()
    ops.order_hold(order, user=csr, version=order.version)
    note = Note.objects.history().get(order_group=order)
    note.title = "Nothing happened"
    with pytest.raises(Exception, match="cannot be edited"):
        note.save()
    with pytest.raises(Exception, match="cannot be deleted"):
        note.delete()


def test_fulfilment_reserves_ships_and_captures(make_order, shop, csr):
    order = make_order(lines=(("TEE-M", 2),))
    ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["card"].pk, amount=order.balance_due,
                    card_number="4242424242424242")
    shipment = first_shipment(order)
    stock = Stock.objects.get(sku=shop["skus"]["TEE-M"])
    ops.shipment_move(order, user=csr, version=order.version, shipment_id=shipment.pk, move="assign_inventory")
    stock.refresh_from_db()
    assert (stock.in_stock, stock.reserved) == (10, 2)
    for move in ("release", "pack"):
        ops.shipment_move(order, user=csr, version=order.version, shipment_id=shipment.pk, move=move)
    with pytest.raises(ops.OrderError, match="tracking number"):
        ops.shipment_move(order, user=csr, version=order.version, shipment_id=shipment.pk, move="ship")
    ops.shipment_move(order, user=csr, version=order.version, shipment_id=shipment.pk, move="ship", tracking_number="1Z1AAA01")
    stock.refresh_from_db()
    assert (stock.in_stock, stock.reserved) == (8, 0)
    assert order.status == "completed"
    capture = Payment.objects.get(order_form__order_group=order, transaction_type="capture")
    assert capture.amount == Decimal("48.60")
    assert order.balance_due == Decimal("0.00")


def test_reserving_more_than_is_in_stock_is_refused_unless_backorderable(make_order, csr):
    order = make_order(lines=(("TEE-M", 11), ("TEE-XL", 50)))
    with pytest.raises(ops.OrderError, match="Only 10 of TEE-M available"):
        ops.shipment_move(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                          move="assign_inventory")
    ops.line_item_set_quantity(order, user=csr, version=order.version, line_item_id=first_line(order).pk, quantity=10)
    ops.shipment_move(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                      move="assign_inventory")
    assert Stock.objects.get(sku__code="TEE-XL").reserved == 50


def test_cancelling_releases_stock_and_voids_authorizations(make_order, shop, csr):
    order = make_order()
    ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["card"].pk, amount=Decimal("10"),
                    card_number="4242424242424242")
    ops.shipment_move(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                      move="assign_inventory")
    with pytest.raises(ops.OrderError, match="why"):
        ops.order_cancel(order, user=csr, version=order.version, reason="")
    ops.order_cancel(order, user=csr, version=order.version, reason="Changed their mind")
    assert order.status == "cancelled"
    assert Stock.objects.get(sku__code="TEE-M").reserved == 0
    assert order.paid_total == Decimal("0.00")
    assert first_shipment(order).status == "cancelled"


def test_hold_and_release_put_shipments_back_where_they_were(make_order, csr):
    order = make_order()
    ops.shipment_move(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                      move="assign_inventory")
    ops.order_hold(order, user=csr, version=order.version)
    assert (first_shipment(order).status, first_shipment(order).previous_status) == ("on_hold", "inventory_assigned")
    ops.order_release_hold(order, user=csr, version=order.version)
    assert first_shipment(order).status == "inventory_assigned"
    assert order.status == "in_progress"


def test_a_cancelled_order_owes_nothing_and_money_still_held_is_a_refund_due(make_order, shop, csr):
    order = make_order()  # 48.60
    ops.order_cancel(order, user=csr, version=order.version, reason="Changed their mind")
    assert (order.total, order.paid_total, order.balance_due) == (Decimal("48.60"), Decimal("0.00"), Decimal("0.00"))
    taken = make_order()
    ops.payment_add(taken, user=csr, version=taken.version, payment_method_id=shop["phone"].pk, amount=Decimal("20"))
    ops.order_cancel(taken, user=csr, version=taken.version, reason="Changed their mind")
    assert (taken.paid_total, taken.balance_due) == (Decimal("20.00"), Decimal("-20.00"))
    assert (taken.balance_label, taken.balance_amount) == ("Refund due", Decimal("20.00"))


@pytest.mark.parametrize("operation", ["discount", "payment"])
def test_an_amount_with_more_decimals_than_the_currency_is_refused_not_rounded(make_order, shop, csr, operation):
    order = make_order()
    with pytest.raises(ops.OrderError, match="USD amounts have at most 2 decimals") as refused:
        if operation == "discount":
            ops.discount_add(order, user=csr, version=order.version, scope="order", value_type="amount",
                             value=Decimal("1.005"), reason="Because")
        else:
            ops.payment_add(order, user=csr, version=order.version, payment_method_id=shop["phone"].pk,
                            amount=Decimal("1.005"))
    assert refused.value.field == {"discount": "value", "payment": "amount"}[operation]
    assert OrderGroup.objects.get(pk=order.pk).version == order.version
