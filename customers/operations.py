"""Creating customers (a CSR on the phone with someone who has never bought before)."""
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from customers.models import Customer, CustomerGroup


class CustomerError(Exception):
    """A refused change; `field` names the input at fault, `existing` the customer it clashes with."""

    def __init__(self, message: str, *, field: str | None = None, existing: Customer | None = None):
        super().__init__(message)
        self.message, self.field, self.existing = message, field, existing


def customer_create(*, first_name: str, last_name: str, email: str, phone: str = "",
                    group: CustomerGroup | None = None) -> Customer:
    """A new customer; refused when another customer has the email (in any letter case). The values
    come checked from customers.forms.NewCustomerForm; a name and an address are checked again here."""
    first_name, last_name, email, phone = (value.strip() for value in (first_name, last_name, email, phone))
    if not first_name:
        raise CustomerError("Enter the first name.", field="first_name")
    if not last_name:
        raise CustomerError("Enter the last name.", field="last_name")
    try:
        validate_email(email)
    except ValidationError:
        raise CustomerError(f"{email or 'That'} is not an email address.", field="email") from None
    existing = Customer.objects.filter(email__iexact=email).first()
    if existing:
        raise CustomerError(f"{existing.full_name} already has the email {existing.email}.", field="email",
                            existing=existing)
    try:
        with transaction.atomic():
            return Customer.objects.create(first_name=first_name, last_name=last_name, email=email, phone=phone,
                                           group=group)
    except IntegrityError:
        # Another CSR created the same email a moment ago: the unique index caught it.
        existing = Customer.objects.filter(email__iexact=email).first()
        raise CustomerError(f"A customer with the email {email} was just created.", field="email",
                            existing=existing) from None
