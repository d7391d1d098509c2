"""The customer's address book: add, change, delete, and which address is preferred for billing and
for shipping (one each; the same address may be both).

Orders keep snapshots of their addresses (orders.models.OrderAddress), so nothing here ever
changes an order. Every change locks the customer, checks the version the caller saw, bumps it and
writes a System note (customers.operations.base.changing_customer).
"""
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import capfirst

from customers.models import Address, Customer
from customers.operations.base import (
    ARROW,
    CustomerError,
    NothingChanged,
    changing_customer,
    check_length,
    differences,
)

# Billing or shipping: the flag that marks the preferred address of that kind.
PREFERRED = {"billing": "is_preferred_billing", "shipping": "is_preferred_shipping"}
FIELDS = ("label", *Address.ADDRESS_FIELDS)
REQUIRED = {"line1": "Enter the first address line.", "city": "Enter the city.",
            "postal_code": "Enter the postal code.", "country_code": "Enter the country as a two-letter code, e.g. SE."}
LABELS = {name: capfirst(Address._meta.get_field(name).verbose_name) for name in FIELDS}


def address_checked(values: dict) -> dict:
    """The address as it would be saved (trimmed; the country in capitals), or a CustomerError
    naming the field at fault: a required field empty, a value longer than its column, a country
    that is not two letters, a malformed email. The rules of address_add, address_update and the
    admin's address book."""
    values = {name: (values.get(name) or "").strip() for name in FIELDS}
    values["country_code"] = values["country_code"].upper()
    for name, message in REQUIRED.items():
        if not values[name]:
            raise CustomerError(message, field=name)
    for name in FIELDS:
        check_length(Address, name, values[name], LABELS[name])
    if not (len(values["country_code"]) == 2 and values["country_code"].isalpha()):
        raise CustomerError("Enter the country as a two-letter code, e.g. SE.", field="country_code")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            raise CustomerError(f"{values['email']} is not an email address.", field="email") from None
    return values


def _owned(customer: Customer, address_id: int) -> Address:
    address = Address.objects.filter(customer=customer, pk=address_id).first()
    if address is None:
        raise CustomerError(f"That address is not in {customer.full_name}'s address book (any more).")
    return address


def _named(address: Address) -> str:
    return f"{address.label}: {address.one_line()}" if address.label else address.one_line()


def _set_preferred(customer: Customer, address: Address, kind: str) -> None:
    """Make the address the preferred one of its kind: the previous one first loses the mark (one
    per customer: a unique constraint)."""
    flag = PREFERRED[kind]
    Address.objects.filter(customer=customer, **{flag: True}).exclude(pk=address.pk).update(**{flag: False})
    if not getattr(address, flag):
        setattr(address, flag, True)
        Address.objects.filter(pk=address.pk).update(**{flag: True})


def address_add(customer: Customer, *, user, version: int | None, line1: str, city: str, postal_code: str,
                country_code: str, label: str = "", first_name: str = "", last_name: str = "",
                organization: str = "", line2: str = "", region: str = "", phone: str = "", email: str = "",
                preferred_billing: bool = False, preferred_shipping: bool = False) -> Address:
    """A new entry in the customer's address book, made the preferred billing and / or shipping
    address when asked. `version` None adds to the book as it is (an order's "Save to address
    book": whoever saves it did not open the customer)."""
    values = address_checked({"label": label, "first_name": first_name, "last_name": last_name,
                       "organization": organization, "line1": line1, "line2": line2, "city": city,
                       "region": region, "postal_code": postal_code, "country_code": country_code, "phone": phone,
                       "email": email})
    with changing_customer(customer, user=user, version=version) as change:
        address = Address.objects.create(customer=change.customer, **values)
        preferred = [kind for kind, wanted in (("billing", preferred_billing), ("shipping", preferred_shipping))
                     if wanted]
        for kind in preferred:
            _set_preferred(change.customer, address, kind)
        detail = _named(address) + "".join(f"; preferred {kind} address" for kind in preferred)
        change.note("Address added", detail, action="address_added")
    return address


def address_update(customer: Customer, *, user, version: int | None, address_id: int, line1: str, city: str,
                   postal_code: str, country_code: str, label: str = "", first_name: str = "", last_name: str = "",
                   organization: str = "", line2: str = "", region: str = "", phone: str = "",
                   email: str = "") -> Address:
    """Change an entry of the address book (its preferred marks stay as they are). Old orders keep
    the address they were sent to."""
    values = address_checked({"label": label, "first_name": first_name, "last_name": last_name,
                       "organization": organization, "line1": line1, "line2": line2, "city": city,
                       "region": region, "postal_code": postal_code, "country_code": country_code, "phone": phone,
                       "email": email})
    with changing_customer(customer, user=user, version=version) as change:
        address = _owned(change.customer, address_id)
        old = {name: getattr(address, name) for name in FIELDS}
        changed = differences(LABELS, old, values)
        if not changed:
            raise NothingChanged()
        for name, value in values.items():
            setattr(address, name, value)
        address.save(update_fields=list(FIELDS))
        change.note("Address changed", f"{address.label or 'Address'}: " + "; ".join(changed),
                    action="address_changed")
    return address


def address_delete(customer: Customer, *, user, version: int | None, address_id: int) -> None:
    """Take an entry out of the address book. Orders sent to it keep their own copy of it."""
    with changing_customer(customer, user=user, version=version) as change:
        address = _owned(change.customer, address_id)
        was = [kind for kind, flag in PREFERRED.items() if getattr(address, flag)]
        address.delete()
        detail = _named(address) + "".join(f"; it was the preferred {kind} address" for kind in was)
        change.note("Address deleted", detail, action="address_deleted")


def address_clear_preferred(customer: Customer, *, user, version: int | None, kind: str) -> None:
    """Leave the customer without a preferred billing or shipping address (`kind`), as a new
    customer is (the admin's "preferred" box unticked)."""
    if kind not in PREFERRED:
        raise CustomerError("An address is preferred for billing or for shipping.", field="kind")
    with changing_customer(customer, user=user, version=version) as change:
        before = Address.objects.filter(customer=change.customer, **{PREFERRED[kind]: True}).first()
        if before is None:
            raise NothingChanged()
        Address.objects.filter(pk=before.pk).update(**{PREFERRED[kind]: False})
        change.note(f"Preferred {kind} address changed", f"{before}{ARROW}-", action=f"preferred_{kind}")


def address_make_preferred(customer: Customer, *, user, version: int | None, address_id: int, kind: str) -> Address:
    """Make the address the customer's preferred billing or shipping address (`kind`); the one
    preferred before loses the mark."""
    if kind not in PREFERRED:
        raise CustomerError("An address is preferred for billing or for shipping.", field="kind")
    with changing_customer(customer, user=user, version=version) as change:
        address = _owned(change.customer, address_id)
        if getattr(address, PREFERRED[kind]):
            raise CustomerError(f"{address} is the preferred {kind} address already.")
        before = Address.objects.filter(customer=change.customer, **{PREFERRED[kind]: True}).first()
        _set_preferred(change.customer, address, kind)
        change.note(f"Preferred {kind} address changed",
                    f"{before if before else '-'}{ARROW}{address}", action=f"preferred_{kind}")
    return address
