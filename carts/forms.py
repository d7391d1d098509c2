"""Opening a cart or a phone order and placing a cart, as Django forms: one form per edit."""
from django import forms

from catalog.models import Market
from customers.forms import CustomerSearchForm, NewCustomerForm
from customers.models import Customer
from orders.forms import EditForm

CHOOSE_MARKET = "Choose the market the customer buys in."
CHOOSE_CUSTOMER = "Choose a customer, or fill in a new customer below."
CUSTOMER_GONE = "That customer no longer exists; search again."


class MarketChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, market):
        return f"{market.name} ({market.default_currency})"


def market_field(**kwargs) -> MarketChoiceField:
    return MarketChoiceField(queryset=Market.objects.filter(active=True).order_by("name"), label="Market",
                             empty_label="Choose…", **kwargs)


def customer_field(**kwargs) -> forms.ModelChoiceField:
    """The customer chosen among the search's results (radio buttons the search draws, not the field)."""
    return forms.ModelChoiceField(queryset=Customer.objects.all(), required=False, widget=forms.HiddenInput,
                                  error_messages={"invalid_choice": CUSTOMER_GONE}, **kwargs)


class NewCartForm(NewCustomerForm):
    """Open a cart (or a phone order) in a market for a customer: one found by the search, or a new
    one typed below it. The new customer's fields are required only when no customer is chosen
    and some of them are typed; with neither, the customer is asked for."""

    market = market_field(error_messages={"required": CHOOSE_MARKET, "invalid_choice": CHOOSE_MARKET})
    customer = customer_field()

    field_order = ["market", "customer"]

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "new-0-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        if not self.new_customer_typed():
            for name in self.NEW_CUSTOMER_FIELDS:
                self.fields[name].required = False

    def new_customer_typed(self) -> bool:
        return self.is_bound and not self.data.get("customer") and any(
            self.data.get(name) for name in ("first_name", "last_name", "email"))

    def clean(self):
        cleaned = super().clean()
        if "customer" not in self.errors and not cleaned.get("customer") and not self.new_customer_typed():
            self.add_error("customer", CHOOSE_CUSTOMER)
        return cleaned


class NewCartQuery(CustomerSearchForm):
    """The new-cart page's query string: a customer and market chosen already (from "Use Ada
    Byron"), the search typed without JavaScript. What cannot be used is left out."""

    customer = customer_field()
    market = market_field(required=False)

    def chosen(self) -> dict:
        """The customer and market to start the form with."""
        self.is_valid()
        return {name: self.cleaned_data[name] for name in ("customer", "market") if self.cleaned_data.get(name)}


class PlaceOrderForm(EditForm):
    """Place a cart as a purchase order; the CSR may confirm that the balance is paid later."""

    allow_balance_due = forms.BooleanField(required=False)


class CustomerNewCartForm(forms.Form):
    """"New cart" on the customer page's Carts tab: the market, for the customer whose page it is.
    Drawn here, sent to the new-cart flow (carts.views.cart_new), whose NewCartForm reads it."""

    market = market_field()
    customer = customer_field()

    def __init__(self, *, customer: Customer, **kwargs):
        kwargs.setdefault("auto_id", "customer-cart-%s")
        kwargs.setdefault("label_suffix", "")
        # The market the customer last ordered in, when there is one.
        super().__init__(initial={"customer": customer.pk, "market": customer.last_order_market_id}, **kwargs)
