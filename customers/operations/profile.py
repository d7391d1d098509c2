"""Creating a customer (a CSR on the phone with someone who has never bought before) and changing
their personal information."""
import re

from django.conf.global_settings import LANGUAGES
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from customers.models import Customer, CustomerGroup, CustomerNote, CustomerNoteKind, Organization
from customers.operations.base import (
    CustomerError,
    NothingChanged,
    acting,
    changing_customer,
    check_length,
    differences,
)

LANGUAGE_NAMES = dict(LANGUAGES)
CURRENCY_CODE = re.compile(r"[A-Z]{3}")

# The personal information as the Personal information tab and History name it.
LABELS = {
    "first_name": "First name", "middle_name": "Middle name", "last_name": "Last name", "email": "Email",
    "phone": "Phone", "group": "Customer group", "organization": "Organization", "section": "Section",
    "preferred_language": "Preferred language", "preferred_currency": "Preferred currency",
}
TEXTS = ("first_name", "middle_name", "last_name", "email", "phone", "preferred_language", "preferred_currency")


def customer_checked(*, customer: Customer | None = None, first_name: str, last_name: str, email: str,
                     middle_name: str = "", phone: str = "", group: CustomerGroup | None = None,
                     organization: Organization | None = None, section: Organization | None = None,
                     preferred_language: str = "", preferred_currency: str = "") -> dict:
    """The personal information as it would be saved (trimmed; the currency in capitals), or a
    CustomerError naming the field at fault: an empty first or last name, a value longer than its
    column, a malformed email or one another customer has (any letter case; `existing` is that
    customer), a section that is not a section of the organization, a language Django does not
    know, a currency that is not three letters. `customer` is the one being changed, if any: their
    own email is not another's. The rules of customer_create and customer_update, and the admin's."""
    values = {"first_name": first_name, "middle_name": middle_name, "last_name": last_name, "email": email,
              "phone": phone, "preferred_language": preferred_language, "preferred_currency": preferred_currency}
    values = {name: (value or "").strip() for name, value in values.items()}
    values["preferred_currency"] = values["preferred_currency"].upper()
    if not values["first_name"]:
        raise CustomerError("Enter the first name.", field="first_name")
    if not values["last_name"]:
        raise CustomerError("Enter the last name.", field="last_name")
    for name in TEXTS:
        check_length(Customer, name, values[name], LABELS[name])
    try:
        validate_email(values["email"])
    except ValidationError:
        raise CustomerError(f"{values['email'] or 'That'} is not an email address.", field="email") from None
    if section is not None and (organization is None or section.parent_id != organization.pk):
        raise CustomerError(f"{section} is not a section of {organization or 'any organization chosen'}.",
                            field="section")
    if values["preferred_language"] and values["preferred_language"] not in LANGUAGE_NAMES:
        raise CustomerError("Choose a language from the list.", field="preferred_language")
    if values["preferred_currency"] and not CURRENCY_CODE.fullmatch(values["preferred_currency"]):
        raise CustomerError("Enter the currency as its three-letter ISO code, e.g. SEK.", field="preferred_currency")
    existing = _others_with(values["email"], customer).first()
    if existing:
        raise CustomerError(f"{existing.full_name} already has the email {existing.email}.", field="email",
                            existing=existing)
    return {**values, "group": group, "organization": organization, "section": section}


def _others_with(email: str, customer: Customer | None):
    others = Customer.objects.filter(email__iexact=email)
    return others.exclude(pk=customer.pk) if customer is not None else others


def _email_just_taken(email: str, customer: Customer | None) -> CustomerError:
    """Another CSR saved the same email a moment ago: the unique index caught it."""
    return CustomerError(f"A customer with the email {email} was just saved by someone else.", field="email",
                         existing=_others_with(email, customer).first())


def customer_create(*, first_name: str, last_name: str, email: str, phone: str = "",
                    group: CustomerGroup | None = None, middle_name: str = "",
                    organization: Organization | None = None, section: Organization | None = None,
                    preferred_language: str = "", preferred_currency: str = "", user=None) -> Customer:
    """A new customer, with a "Customer created" System note; refused (customer_checked) when
    another customer has the email, in any letter case. The values come checked from
    customers.forms.NewCustomerForm or the admin; they are checked again here."""
    values = customer_checked(first_name=first_name, middle_name=middle_name, last_name=last_name, email=email,
                              phone=phone, group=group, organization=organization, section=section,
                              preferred_language=preferred_language, preferred_currency=preferred_currency)
    try:
        with transaction.atomic():
            customer = Customer.objects.create(modified_by=acting(user), **values)
            CustomerNote.objects.create(customer=customer, kind=CustomerNoteKind.SYSTEM, action="created",
                                        title="Customer created", detail=f"{customer.full_name}, {customer.email}",
                                        author=acting(user))
            return customer
    except IntegrityError:
        raise _email_just_taken(values["email"], None) from None


def customer_update(customer: Customer, *, user, version: int | None, first_name: str, middle_name: str,
                    last_name: str, email: str, phone: str, group: CustomerGroup | None,
                    organization: Organization | None, section: Organization | None, preferred_language: str,
                    preferred_currency: str) -> Customer:
    """Change the customer's personal information (the Personal information tab, the admin).

    Refused, with nothing written: what customer_checked refuses, a version older than the
    customer's (StaleCustomer, naming who changed them and when), or no change at all
    (NothingChanged). One System note lists every value changed, old → new.
    """
    values = customer_checked(customer=customer, first_name=first_name, middle_name=middle_name,
                              last_name=last_name, email=email, phone=phone, group=group, organization=organization,
                              section=section, preferred_language=preferred_language,
                              preferred_currency=preferred_currency)
    try:
        with changing_customer(customer, user=user, version=version) as change:
            locked = change.customer
            old = {name: _readable(name, getattr(locked, name)) for name in LABELS}
            new = {name: _readable(name, values[name]) for name in LABELS}
            changed = differences(LABELS, old, new)
            if not changed:
                raise NothingChanged()
            for name, value in values.items():
                setattr(locked, name, value)
            change.note("Personal information changed", "; ".join(changed), action="personal_information")
    except IntegrityError:
        raise _email_just_taken(values["email"], customer) from None
    return customer


def _readable(name: str, value):
    """A value as History shows it: a language by its name (groups and organizations show their name)."""
    return LANGUAGE_NAMES.get(value, value) if name == "preferred_language" else value
