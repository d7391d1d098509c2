"""Amounts are read as the CSR means them, or refused; never silently changed."""
from decimal import Decimal

import pytest

from csrportal.money import AmountError, parse_amount


@pytest.mark.parametrize("text, currency, expected", [
    ("1,500", "USD", Decimal("1500.00")),
    ("1500", "USD", Decimal("1500.00")),
    (" 12.5 ", "USD", Decimal("12.50")),
    ("1,234,567.89", "EUR", Decimal("1234567.89")),
    (".5", "USD", Decimal("0.50")),
    ("10.", "USD", Decimal("10.00")),
    ("1,500", "JPY", Decimal("1500")),
    ("0", "USD", Decimal("0.00")),
])
def test_it_reads_amounts_as_meant(text, currency, expected):
    assert parse_amount(text, currency) == expected
    assert str(parse_amount(text, currency)) == str(expected)


@pytest.mark.parametrize("text, currency, message", [
    ("1,50", "USD", "comma only between thousands"),
    ("1,5000", "USD", "comma only between thousands"),
    ("1e3", "USD", "in digits"),
    ("NaN", "USD", "in digits"),
    ("Infinity", "USD", "in digits"),
    ("1.234", "USD", "at most 2 decimals"),
    ("10.5", "JPY", "JPY amounts have no decimals"),
    ("-5", "USD", "minus"),
    ("", "USD", "Enter an amount"),
    ("1e30", "USD", "in digits"),
    ("1" + "0" * 12, "USD", "too large"),
    ("²", "USD", "in digits"),
    ("\u0663", "USD", "in digits"),
    ("12\x00", "USD", "in digits"),
    (".", "USD", "in digits"),
    ("1.500,00", "EUR", "in digits"),
])
def test_it_refuses_what_it_would_have_to_guess(text, currency, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text, currency)


def test_the_form_field_puts_the_refusal_beside_the_field():
    from django import forms

    from csrportal.forms import AmountField

    class PaymentForm(forms.Form):
        amount = AmountField(currency="USD")

    form = PaymentForm({"amount": "1,50"})
    assert not form.is_valid()
    assert "comma only between thousands" in form.errors["amount"][0]
    assert PaymentForm({"amount": "1,500"}).is_valid()
    good = PaymentForm({"amount": "1,500"})
    good.is_valid()
    assert good.cleaned_data["amount"] == Decimal("1500.00")
