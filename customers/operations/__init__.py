"""Every change of a customer goes through these functions, whoever the caller: the portal, the
admin, another app (an order's "Save to address book" calls address_add).

Each takes typed values, the acting user and the version of the customer the caller saw; it works
in one transaction, locks the customer, bumps the version and writes a System note (the History
tab) saying what changed, old → new. A refusal raises CustomerError naming the field at fault
(StaleCustomer when someone else changed the customer first, naming who and when) and writes
nothing. A CSR's note (customer_note_add) is not a change of the record: it takes no version.
"""
from customers.operations.addresses import (
    PREFERRED,
    address_add,
    address_checked,
    address_clear_preferred,
    address_delete,
    address_make_preferred,
    address_update,
)
from customers.operations.base import CustomerError, NothingChanged, StaleCustomer, changing_customer
from customers.operations.notes import customer_note_add
from customers.operations.profile import customer_checked, customer_create, customer_update

__all__ = [
    "PREFERRED", "CustomerError", "NothingChanged", "StaleCustomer", "address_add", "address_checked",
    "address_clear_preferred",
    "address_delete", "address_make_preferred", "address_update", "changing_customer", "customer_checked",
    "customer_create", "customer_note_add", "customer_update",
]
