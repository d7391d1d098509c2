from customers.models import Customer, CustomerNote, CustomerNoteKind
from customers.operations.base import CustomerError, acting, check_length


def customer_note_add(customer: Customer, *, user, title: str, detail: str = "") -> CustomerNote:
    """A CSR's note about the customer (the Notes tab). As on orders, a note is not a change of the
    record: it takes no version, writes no System note and never makes another CSR's open edit stale."""
    title, detail = (title or "").strip(), (detail or "").strip()
    if not title:
        raise CustomerError("Give the note a title.", field="title")
    check_length(CustomerNote, "title", title, "The title")
    return CustomerNote.objects.create(customer=customer, kind=CustomerNoteKind.USER, title=title, detail=detail,
                                       author=acting(user))
