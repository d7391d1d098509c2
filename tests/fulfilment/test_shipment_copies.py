"""A shipment carries copies of its order's kind (of_purchase_order) and market, which the Shipments
tab's partial indexes filter on: each place that makes a shipment or turns a cart into an order
keeps them right."""
from carts.operations import cart_open, cart_place_order
from orders import operations as ops
from orders.models import Shipment
from tests.carts.test_cart_operations import ready_cart
from tests.world import first_line, first_shipment


def copies(order):
    return {(shipment.of_purchase_order, shipment.market_id)
            for shipment in Shipment.objects.filter(order_form__order_group=order)}


def test_a_new_carts_shipment_is_not_the_warehouses_until_it_is_placed(shop, customer, csr_user):
    cart, _ = cart_open(user=csr_user, market=shop["market"], customer=customer)
    assert copies(cart) == {(False, shop["market"].pk)}
    cart = ready_cart(shop, customer, csr_user, pay=False)
    cart_place_order(cart, user=csr_user, version=cart.version, allow_balance_due=True)
    assert copies(cart) == {(True, shop["market"].pk)}


def test_a_shipment_made_by_an_edit_copies_its_order(make_order, csr_user, world):
    order = make_order(lines=(("TEE-M", 2),))
    line = first_line(order)
    ops.line_item_move(order, user=csr_user, version=order.version, line_item_id=line.pk, quantity=1,
                       address={"line1": "2 Side St", "city": "Springfield", "postal_code": "12345", "country_code": "US"})
    assert copies(order) == {(True, world.market.pk)}
    cart = make_order(kind="cart")
    Shipment.objects.filter(order_form__order_group=cart).delete()
    ops.line_item_add(cart, user=csr_user, version=cart.version, sku_code="TEE-M", quantity=1)
    assert copies(cart) == {(False, world.market.pk)}


def test_the_factories_and_the_test_world_copy_them_too(make_order, world):
    from demo.factories.orders import CartFactory, PurchaseOrderFactory

    assert copies(PurchaseOrderFactory(market=world.market)) == {(True, world.market.pk)}
    assert copies(CartFactory(market=world.market)) == {(False, world.market.pk)}
    assert first_shipment(make_order(kind="plan")).of_purchase_order is False
