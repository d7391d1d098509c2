"""Customers in the header's search box (csrportal/quick_search.py): by exact email, by phone
number, or by name (the start of "First Last", `%` a wildcard, as the Customers tab's filter).

A phone number is compared by its digits, from the end: "555 123 4567" and "(555) 123-4567" find
+1 555-123-4567, and "070-123 45 67" finds +46 70-123 45 67. The stored number's digits, reversed,
start with the typed digits reversed: a prefix, which an index on that expression serves
(migration 0005, PostgreSQL)."""
from django.db.models import F, Value
from django.db.models.functions import Replace, Reverse
from django.urls import reverse
from django.utils.http import urlencode

from csrportal.quick_search import LIMIT, Found, Match, Query
from csrportal.search import email_is, name_like
from customers.filters import FULL_NAME
from customers.models import Customer

# What people type between a phone number's digits; the index of migration 0005 removes the same.
PHONE_SEPARATORS = (" ", "-", "(", ")", ".", "/", "+")


def phone_digits_reversed(field: str = "phone"):
    """REVERSE(REPLACE(REPLACE(phone, ' ', ''), '-', '') ...): the expression of the phone index."""
    digits = F(field)
    for separator in PHONE_SEPARATORS:
        digits = Replace(digits, Value(separator), Value(""))
    return Reverse(digits)


def with_phone(customers, digits: str):
    """Customers whose phone number ends with these digits."""
    return customers.alias(phone_reversed=phone_digits_reversed()).filter(phone_reversed__startswith=digits[::-1])


def with_name(customers, name: str):
    """As the Customers tab's name filter: a prefix of "First Last", `%` a wildcard."""
    return name_like(customers.alias(full_name_typed=FULL_NAME), "full_name_typed", name)


def first(customers) -> list[Customer]:
    """The first few by name. By "First Last", not by last name: an index on the last name would
    tempt the planner to walk it and filter, which for "%tay" reads 100,000 customers to find
    the Taylors at T; no index has this order, so the matches are found by their own index and
    sorted."""
    return list(customers.only("first_name", "middle_name", "last_name", "email", "phone")
                .order_by(FULL_NAME, "id")[:LIMIT])


def match(customer: Customer) -> Match:
    return Match(label=customer.full_name, detail=" · ".join(part for part in (customer.email, customer.phone) if part),
                 url=reverse("customer_detail", args=[customer.pk]))


def see_all(param: str, text: str) -> str:
    # The Customers tab's filters: name, email, phone.
    return reverse("customers") + "?" + urlencode({param: text})


def phone_as_written(query: Query, found: list[Customer]) -> str:
    """What "See all" asks the Customers tab for. Its phone filter finds any part of the number as
    it is written (customers/filters.py), so "555 123 4567" would find nothing in "+1 555-123-4567":
    unless the text is written so in the first match, it asks for the first match's number."""
    if not found or query.text in found[0].phone:
        return query.text
    return found[0].phone


def find_customers(query: Query) -> Found:
    if query.email:
        found = first(email_is(Customer.objects.all(), "email", query.email))
        # An email is one customer's (unique, whatever its case): Enter opens her page.
        return Found(matches=[match(customer) for customer in found], see_all=see_all("email", query.text),
                     exact=match(found[0]) if len(found) == 1 else None)
    if query.phone:
        found = first(with_phone(Customer.objects.all(), query.phone))
        return Found(matches=[match(customer) for customer in found], see_all=see_all("phone", phone_as_written(query, found)))
    if query.name:
        found = first(with_name(Customer.objects.all(), query.name))
        return Found(matches=[match(customer) for customer in found], see_all=see_all("name", query.text))
    return Found()
