"""Form pieces every app's forms share."""
from django import forms

from csrportal.money import AmountError, parse_amount


class AmountField(forms.Field):
    """An amount of money in one currency, read as the CSR means it (csrportal.money.parse_amount).

    The currency is the order's, so the form sets it when it is made: ``AmountField(currency=...)``
    or ``form.fields["amount"].currency = order.currency``.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, currency: str = "USD", **kwargs):
        super().__init__(**kwargs)
        self.currency = currency

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_amount(text, self.currency)
        except AmountError as error:
            raise forms.ValidationError(str(error), code="amount") from None
