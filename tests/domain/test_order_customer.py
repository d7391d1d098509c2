"""An anonymous order becomes a customer's: a new customer made from it (order_create_customer) or
the customer who has its email (order_link_customer); and an order's "Save to address book" goes
through the customer's own operation. One transaction each: all written, or nothing."""
import pytest
from django.contrib.auth.models import User

from customers.models import Address, Customer, CustomerNote
from orders import operations as ops
from orders.models import Note, OrderAddress, OrderGroup
from tests.world import first_shipment


@pytest.fixture
def csr(db):
    return User.objects.create(username="csr", first_name="Casey", last_name="Rivera")


def anonymous(order, *, name="Ada King Lovelace", email="ada@example.org", phone="555-0199"):
    """The order as a visitor without an account placed it: no customer, the contact on the order."""
    OrderGroup.objects.filter(pk=order.pk).update(customer=None, customer_name=name, customer_email=email,
                                                  customer_phone=phone, organization=None)
    order.refresh_from_db()
    return order


def ship_elsewhere(order) -> OrderAddress:
    """The order's shipment goes to another address than the one it bills (1 Main St)."""
    address = OrderAddress.objects.create(order_group=order, name="Shipping", first_name="Ada", last_name="Lovelace",
                                          line1="12 St James's Sq", city="London", postal_code="SW1Y 4JH",
                                          country_code="US")
    shipment = first_shipment(order)
    shipment.address = address
    shipment.save()
    return address


def history_of(customer) -> list[str]:
    return list(CustomerNote.objects.filter(customer=customer).order_by("id").values_list("title", flat=True))


def test_a_customer_made_from_an_order_has_its_contact_its_addresses_and_the_order(make_order, csr):
    order = anonymous(make_order())
    ship_elsewhere(order)
    version = order.version

    customer = ops.order_create_customer(order, user=csr, version=version)

    assert (customer.first_name, customer.last_name, customer.email, customer.phone) == (
        "Ada King", "Lovelace", "ada@example.org", "555-0199")
    billing = Address.objects.get(customer=customer, is_preferred_billing=True)
    shipping = Address.objects.get(customer=customer, is_preferred_shipping=True)
    assert (billing.line1, shipping.line1) == ("1 Main St", "12 St James's Sq")
    assert billing.label == f"From {order.number}"
    stored = OrderGroup.objects.get(pk=order.pk)
    assert stored.customer == customer and stored.version == version + 1
    assert stored.customer_name == "Ada King Lovelace"  # the contact kept on the order stays as given
    note = Note.objects.history().get(order_group=order)
    assert note.title == "Customer created from this order" and note.author == csr
    assert note.detail == "Ada King Lovelace (ada@example.org); 2 addresses saved to the address book"
    assert history_of(customer) == ["Customer created", "Address added", "Address added", "Purchase order linked"]


def test_one_address_billed_and_shipped_to_is_saved_once_preferred_for_both(make_order, csr):
    order = anonymous(make_order())

    customer = ops.order_create_customer(order, user=csr, version=order.version)

    address = Address.objects.get(customer=customer)
    assert address.is_preferred_billing and address.is_preferred_shipping


def test_an_anonymous_cart_without_addresses_makes_a_customer_with_an_empty_address_book(make_order, csr):
    cart = anonymous(make_order(kind="cart"))
    OrderAddress.objects.filter(order_group=cart).delete()

    customer = ops.order_create_customer(cart, user=csr, version=cart.version)

    assert not Address.objects.filter(customer=customer).exists()
    assert OrderGroup.objects.get(pk=cart.pk).customer == customer
    assert history_of(customer) == ["Customer created", "Cart linked"]


def nothing_written(order, version):
    stored = OrderGroup.objects.get(pk=order.pk)
    assert stored.customer_id is None and stored.version == version
    assert not Note.objects.history().filter(order_group=order).exists()
    assert not Customer.objects.filter(email__iexact="ada@example.org").exists()


@pytest.mark.parametrize("contact, field, message", [
    ({"email": "MERCY@example.com"}, "email", "Mercy Taylor already has the email mercy@example.com."),
    ({"email": ""}, "email", "The order has no email"),
    ({"name": "Ada"}, "name", "needs a first and a last name"),
])
def test_it_is_refused_without_writing_anything(make_order, csr, contact, field, message):
    order = anonymous(make_order(), **contact)

    with pytest.raises(ops.OrderError, match=message) as refused:
        ops.order_create_customer(order, user=csr, version=order.version)

    assert refused.value.field == field
    nothing_written(order, order.version)


def test_an_address_the_address_book_refuses_leaves_no_customer_behind(make_order, csr):
    order = anonymous(make_order())
    OrderAddress.objects.filter(order_group=order).update(country_code="1")

    with pytest.raises(ops.OrderError, match="two-letter code"):
        ops.order_create_customer(order, user=csr, version=order.version)

    nothing_written(order, order.version)
    assert not CustomerNote.objects.exists()


def test_an_order_that_has_a_customer_is_refused(make_order, csr):
    order = make_order()
    with pytest.raises(ops.OrderError, match="Mercy Taylor's already"):
        ops.order_create_customer(order, user=csr, version=order.version)
    with pytest.raises(ops.OrderError, match="Mercy Taylor's already"):
        ops.order_link_customer(order, user=csr, version=order.version, customer_id=order.customer_id)


def test_a_stale_version_is_refused(make_order, csr):
    order = anonymous(make_order())
    with pytest.raises(ops.StaleOrder):
        ops.order_create_customer(order, user=csr, version=order.version - 1)
    nothing_written(order, order.version)


def test_the_customer_who_has_the_email_is_found_in_any_letter_case(make_order, world):
    order = anonymous(make_order(), email="Mercy@Example.com")
    assert ops.email_owner(order) == world.mercy
    assert ops.email_owner(anonymous(make_order())) is None
    assert ops.email_owner(make_order()) is None  # not anonymous


def test_an_order_can_be_linked_to_the_customer_who_has_its_email(make_order, world, csr):
    order = anonymous(make_order(), name="M. Taylor", email="mercy@example.com")

    ops.order_link_customer(order, user=csr, version=order.version, customer_id=world.mercy.pk)

    stored = OrderGroup.objects.get(pk=order.pk)
    assert stored.customer == world.mercy and stored.customer_name == "M. Taylor"
    assert Note.objects.history().get(order_group=order).detail == "Mercy Taylor (mercy@example.com)"
    assert history_of(world.mercy) == ["Purchase order linked"]
    assert CustomerNote.objects.get(customer=world.mercy).detail == f"Linked to purchase order {order.number}"


def test_linking_refuses_a_customer_that_is_gone_or_a_second_open_cart(make_order, world, csr):
    order = anonymous(make_order())
    with pytest.raises(ops.OrderError, match="no longer exists"):
        ops.order_link_customer(order, user=csr, version=order.version, customer_id=999999)
    make_order(kind="cart")  # Mercy's open cart in the United States
    cart = anonymous(make_order(kind="cart", name="Phone order"))
    OrderGroup.objects.filter(pk=cart.pk).update(name="Default")
    cart.refresh_from_db()
    with pytest.raises(ops.OrderError, match="has an open cart in United States already"):
        ops.order_link_customer(cart, user=csr, version=cart.version, customer_id=world.mercy.pk)


def test_save_to_address_book_goes_into_the_customers_history(make_order, world, csr):
    order = make_order()

    ops.shipment_set_address(order, user=csr, version=order.version, shipment_id=first_shipment(order).pk,
                             address={"line1": "5 Pine Rd", "city": "Capital City", "postal_code": "11111",
                                      "country_code": "US"}, save_to_address_book=True)

    assert Address.objects.get(customer=world.mercy).label == f"From {order.number}"
    note = CustomerNote.objects.get(customer=world.mercy)
    assert (note.title, note.author) == ("Address added", csr)
    assert "5 Pine Rd" in note.detail


def test_the_new_customers_figures_count_the_order_made_theirs(make_order, csr):
    order = anonymous(make_order())

    customer = ops.order_create_customer(order, user=csr, version=order.version)

    customer.refresh_from_db()
    assert customer.order_count == 1 and customer.last_order_market_id == order.market_id
    assert customer.figures.get().currency == "USD"
