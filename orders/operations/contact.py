from orders.models import OrderGroup
from orders.operations.base import Action, OrderError, changing


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
