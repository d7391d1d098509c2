"""Who the order is for: the name, email and phone kept on it, and the customer record it belongs to.

An anonymous order (no customer) can become a customer's: a new customer made from the order
(order_create_customer) or the customer who already has its email (order_link_customer). Each runs
in one transaction: the order's System note through changing(), the customer's History through
customers.operations, all written or none.
"""
from django.db.models import Value
from django.db.models.functions import Lower

from customers.models import Customer
from customers.operations import CustomerError, address_add, changing_customer, customer_create
from orders.models import Kind, OrderAddress, OrderGroup, Shipment
from orders.operations.base import Action, OrderError, changing

# A customer has one open cart of this name per market (OrderGroup's one_default_cart_per_customer_and_market;
# carts.models.DEFAULT_CART).
DEFAULT_CART = "Default"


def order_set_contact(order: OrderGroup, *, user, version: int, name: str, email: str, phone: str = "") -> OrderGroup:
    """Correct the name, email and phone kept on the order (the customer's own record is not changed).

    The values come checked from orders.forms.ContactForm (a name, an email address or nothing)."""
    name, email, phone = (name or "").strip(), (email or "").strip(), (phone or "").strip()
    if not name:
        raise OrderError("Enter the customer's name.", field="name")
    with changing(order, user=user, version=version, action=Action.CONTACT) as change:
        old = (change.order.customer_name, change.order.customer_email, change.order.customer_phone)
        new = (name, email, phone)
        if old == new:
            raise OrderError("Nothing was changed.", field="name")
        change.order.customer_name, change.order.customer_email, change.order.customer_phone = new
        changed = [f"{label}: {before or '-'} -> {after or '-'}"
                   for label, before, after in zip(("Name", "Email", "Phone"), old, new, strict=True) if before != after]
        change.note("Contact details changed", "; ".join(changed), action="contact_changed")
    return order


def email_owner(order: OrderGroup) -> Customer | None:
    """The customer whose email the anonymous order carries (any letter case), if there is one.
    Read through the customers' unique index on lower(email)."""
    if order.customer_id or not order.customer_email:
        return None
    return (Customer.objects.alias(email_lower=Lower("email"))
            .filter(email_lower=Lower(Value(order.customer_email))).first())


def _anonymous(order: OrderGroup) -> None:
    if order.customer_id:
        raise OrderError(f"{order.number} is {order.customer_name or 'a customer'}'s already.", field="customer")


def split_name(name: str) -> tuple[str, str]:
    """"Ada King Lovelace" -> ("Ada King", "Lovelace"): the last word is the last name."""
    first, _, last = name.strip().rpartition(" ")
    return first.strip(), last


def _addresses_of(order: OrderGroup) -> tuple[list[OrderAddress], OrderAddress | None, OrderAddress | None]:
    """The addresses the order bills and ships to, each once by its values (the first form's billing
    address and the first shipment's address first), and which are the billing and shipping one."""
    billing = [form.billing_address for form in order.forms.select_related("billing_address").order_by("id")
               if form.billing_address_id]
    shipping = [shipment.address for shipment in Shipment.objects.filter(order_form__order_group=order)
                .select_related("address").order_by("order_form_id", "id") if shipment.address_id]
    distinct = {}
    for address in [*billing, *shipping]:
        distinct.setdefault(tuple(address.address_values().values()), address)
    return list(distinct.values()), (billing[0] if billing else None), (shipping[0] if shipping else None)


def order_create_customer(order: OrderGroup, *, user, version: int) -> Customer:
    """Make the anonymous order's buyer a customer: named and reached as the order says (its name,
    email and phone), with the addresses it bills and ships to in the address book (the billing one
    preferred for billing, the first shipment's for shipping), and the order theirs.

    Refused, with nothing written: an order that has a customer, a name without a last name or no
    email on the order (correct the contact details first), an email another customer has (use
    order_link_customer), an address the address book refuses."""
    with changing(order, user=user, version=version, action=Action.CONTACT) as change:
        locked = change.order
        _anonymous(locked)
        first_name, last_name = split_name(locked.customer_name)
        if not (first_name and last_name):
            raise OrderError("The order's name needs a first and a last name to make a customer: "
                             "correct it in the contact details first.", field="name")
        if not locked.customer_email:
            raise OrderError("The order has no email to make a customer with: add it to the contact details first.",
                             field="email")
        addresses, billing, shipping = _addresses_of(locked)
        try:
            customer = customer_create(first_name=first_name, last_name=last_name, email=locked.customer_email,
                                       phone=locked.customer_phone, user=user)
            for address in addresses:
                address_add(customer, user=user, version=customer.version, label=f"From {locked.number}",
                            preferred_billing=billing is not None and address.address_values() == billing.address_values(),
                            preferred_shipping=shipping is not None and address.address_values() == shipping.address_values(),
                            **address.address_values())
            _note_linked(customer, locked, user, "Created from")
        except CustomerError as error:
            raise OrderError(error.message, field=error.field if error.field in ("name", "email") else "customer") from None
        locked.customer = customer
        saved = f"; {len(addresses)} address{'es' if len(addresses) != 1 else ''} saved to the address book" if addresses else ""
        change.note("Customer created from this order", f"{customer.full_name} ({customer.email}){saved}",
                    action="customer_linked")
    return customer


def order_link_customer(order: OrderGroup, *, user, version: int, customer_id: int) -> Customer:
    """Make the anonymous order an existing customer's (the one who has its email, as the page offers).
    The name, email and phone on the order stay as the buyer gave them."""
    with changing(order, user=user, version=version, action=Action.CONTACT) as change:
        locked = change.order
        _anonymous(locked)
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is None:
            raise OrderError("That customer no longer exists.", field="customer")
        if locked.kind == Kind.CART and locked.name == DEFAULT_CART:
            open_cart = OrderGroup.objects.filter(kind=Kind.CART, name=DEFAULT_CART, customer=customer,
                                                  market=locked.market_id).first()
            if open_cart:
                raise OrderError(f"{customer.full_name} has an open cart in {locked.market.name} already "
                                 f"({open_cart.number}): a customer has one per market.", field="customer")
        _note_linked(customer, locked, user, "Linked to")
        locked.customer = customer
        change.note("Order linked to a customer", f"{customer.full_name} ({customer.email})", action="customer_linked")
    return customer


def _note_linked(customer: Customer, order: OrderGroup, user, how: str) -> None:
    """The customer's History says which order they were made from or given."""
    with changing_customer(customer, user=user, version=None) as change:
        change.note(f"{order.get_kind_display()} linked", f"{how} {order.get_kind_display().lower()} {order.number}",
                    action="order_linked")
