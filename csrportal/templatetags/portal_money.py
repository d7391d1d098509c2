"""Money as every portal page shows it: rounded for its currency, always with the currency."""
from django import template

from csrportal.money import format_money

register = template.Library()


@register.filter
def money(amount, currency):
    """1234.5, "USD" -> "1,234.50 USD"; yen without decimals."""
    return format_money(amount, currency)


@register.filter
def balance(amount, currency):
    """What is still open: "12.00 USD" to pay, or "Refund due 12.00 USD" (never a negative amount)."""
    if amount is None:
        return ""
    return f"Refund due {format_money(-amount, currency)}" if amount < 0 else format_money(amount, currency)
