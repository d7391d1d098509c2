from orders.models import Note, NoteKind, OrderGroup
from orders.operations.base import OrderError


def note_add(order: OrderGroup, *, user, title: str, detail: str = "") -> Note:
    """A CSR's note. Notes can be added whatever the order's status, and do not change its version:
    writing one never makes another CSR's open edit stale."""
    title, detail = (title or "").strip(), (detail or "").strip()
    if not title:
        raise OrderError("Give the note a title.", field="title")
    if len(title) > Note._meta.get_field("title").max_length:
        raise OrderError("Keep the title under 200 characters; put the rest in the text.", field="title")
    return Note.objects.create(order_group=order, kind=NoteKind.CUSTOM, title=title, detail=detail, author=user)
