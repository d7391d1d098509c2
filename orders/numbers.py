"""Order, exchange and return numbers: unique, gap-tolerant, safe under concurrency."""
from django.db import transaction

from orders.models import NumberSequence

PURCHASE_ORDER = "PO"
EXCHANGE_ORDER = "EO"
RETURN = "RMA"
CART = "C"
SUBSCRIPTION = "PP"
PICK_LIST = "PL"


def allocate_numbers(prefix: str, count: int = 1) -> list[str]:
    """Reserve `count` consecutive numbers such as PO10042.

    The sequence row is locked for the rest of the caller's transaction (or just this one), so
    two processes never hand out the same number; a rolled-back transaction gives its numbers
    back with it.
    """
    with transaction.atomic():
        NumberSequence.objects.get_or_create(prefix=prefix)
        sequence = NumberSequence.objects.select_for_update().get(prefix=prefix)
        first = sequence.next_value
        sequence.next_value = first + count
        sequence.save(update_fields=["next_value"])
    return [f"{prefix}{value}" for value in range(first, first + count)]


def next_number(prefix: str) -> str:
    return allocate_numbers(prefix, 1)[0]
