"""What every change of a customer shares: the lock, the version check and the System note.

An operation runs as

    with changing_customer(customer, user=user, version=version) as change:
        ...                      # work on change.customer, which is locked
        change.note("Email changed", "ada@example.com → ada@example.org")

and either all of it is written (the customer, their addresses, a new version, the System notes)
or, when a rule refuses it, nothing is. Change.note() is the only way a System note is written:
the History tab is what changing_customer() records. The same shape as orders.operations.base.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from csrportal.auth import changed_since_opened
from customers.models import Customer, CustomerNote, CustomerNoteKind

ARROW = " → "


class CustomerError(Exception):
    """A refused change; `field` names the input at fault, `existing` the customer it clashes with."""

    def __init__(self, message: str, *, field: str | None = None, existing: Customer | None = None):
        super().__init__(message)
        self.message, self.field, self.existing = message, field, existing


class NothingChanged(CustomerError):
    """The change asked for is what the customer already has; nothing was written."""

    def __init__(self):
        super().__init__("Nothing was changed.")


class StaleCustomer(CustomerError):
    """Someone changed the customer after the caller loaded them; nothing was written."""

    def __init__(self, customer: Customer):
        super().__init__(changed_since_opened(customer, name=customer.full_name, opened="the page",
                                              reload="the page"))
        self.changed_by = customer.modified_by
        self.changed_at = customer.modified


def acting(user):
    """The user to record as author: None for a job or an anonymous caller."""
    return user if getattr(user, "pk", None) else None


@dataclass
class CustomerChange:
    customer: Customer
    user: object
    notes: list = field(default_factory=list)

    def note(self, title: str, detail: str = "", *, action: str = "") -> None:
        """A System note of this change, written with it (and not at all if the change is refused)."""
        self.notes.append(CustomerNote(customer=self.customer, kind=CustomerNoteKind.SYSTEM, action=action,
                                       title=title, detail=detail, author=acting(self.user)))

    def _write_notes(self) -> None:
        CustomerNote.objects.bulk_create(self.notes)


@contextmanager
def changing_customer(customer: Customer, *, user, version: int | None):
    """Lock the customer, check the caller's version, then save the change whole.

    `version` is the one the caller showed or read: a change made from an older one is refused
    (StaleCustomer, naming who changed the customer and when). None is for a caller that showed
    nobody the customer and adds to the record as it finds it under the lock (an order's "Save to
    address book").
    """
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        if version is not None and locked.version != version:
            # Re-read with who changed it, still inside the lock.
            raise StaleCustomer(Customer.objects.select_related("modified_by").get(pk=customer.pk))
        change = CustomerChange(customer=locked, user=user)
        yield change
        locked.version += 1
        locked.modified = timezone.now()
        locked.modified_by = acting(user)
        locked.save()
        change._write_notes()
    # Callers keep working with the object they passed in; bring it up to date (no query: the
    # locked copy holds what was just saved).
    for model_field in Customer._meta.concrete_fields:
        setattr(customer, model_field.attname, getattr(locked, model_field.attname))
    customer.modified_by = locked.modified_by


def check_length(model, name: str, value: str, label: str) -> None:
    """Refuse a value longer than its column (the forms say so first; this is for every other caller)."""
    limit = model._meta.get_field(name).max_length
    if limit and len(value) > limit:
        raise CustomerError(f"{label} can be at most {limit} characters (it has {len(value)}).", field=name)


def shown(value) -> str:
    """A value as History shows it: "-" for nothing."""
    return str(value) if value not in (None, "") else "-"


def differences(labels: dict[str, str], old: dict, new: dict) -> list[str]:
    """"Label: old → new" for each value that changed, in the order of `labels`."""
    return [f"{label}: {shown(old[name])}{ARROW}{shown(new[name])}" for name, label in labels.items()
            if old[name] != new[name]]
