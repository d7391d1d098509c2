"""The order page's edits as Django forms: one form per edit, reading what the CSR typed.

A form turns the POST into typed values (an int quantity, a Decimal amount in the order's
currency, an address the model's own fields check) or says what is wrong beside the field; the
operation it feeds keeps the domain rules. Every form carries the `version` the CSR saw.

Ids are "<edit>-<pk or 0>-<field>" (the error beside a field is "<that id>_error", as Django's
BoundField names it in `aria-describedby`), so two forms of one kind on a page never share one.
Choices shown in a select (shipping and payment methods, lines, shipments) come from the page
already read (`offer(page)`), so drawing a form costs no query; the operation checks the id sent.
"""
import re

from django import forms
from django.core.validators import RegexValidator

from catalog.models import Coupon, DiscountScope, Sku, ValueType
from csrportal.forms import AmountField
from csrportal.money import AmountError, format_money, parse_amount
from customers.models import Address
from orders.models import Discount, Note, OrderAddress, OrderGroup
from orders.operations import TRACKING_NUMBER_LENGTH, OrderError, clean_tracking_number

STALE_PAGE = "The page is out of date: reload the order and try again."
MAX_QUANTITY = 9999


def model_max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class EditForm(forms.Form):
    """What every edit of the order page shares: the order, the id in the URL, the version seen."""

    # A version past the column's range was never drawn on a page.
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput,
                                 error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE,
                                                 "min_value": STALE_PAGE, "max_value": STALE_PAGE})
    # The server says what is missing, all at once and beside each field; the browser does not
    # stop the request at the first empty one.
    use_required_attribute = False

    def __init__(self, data=None, *, order: OrderGroup, edit: str, pk: int | None = None, **kwargs):
        kwargs.setdefault("auto_id", f"{edit}-{pk or 0}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.order, self.edit, self.pk = order, edit, pk

    def offer(self, page) -> None:
        """Fill the selects from what the page has read (no query)."""

    def refuse(self, error: OrderError) -> None:
        """Show an operation's refusal beside the field it names, or above the form when the form
        shows no such field."""
        field = error.field if error.field in self.fields and not self.fields[error.field].widget.is_hidden else None
        self.add_error(field, error.message)

    def banner_errors(self) -> list[str]:
        """Errors not shown beside a visible field: shown at the top of the tab."""
        hidden = [message for name, field in self.fields.items() if field.widget.is_hidden
                  for message in self.errors.get(name, [])]
        return list(self.non_field_errors()) + hidden


class ConfirmForm(EditForm):
    """An edit with nothing to type (hold, release hold, remove a line or a discount, update
    prices): only the version."""


def quantity_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1, max_value=MAX_QUANTITY, widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": "Enter the quantity.",
            "invalid": "Enter the quantity as a whole number.",
            "min_value": "The quantity must be at least 1; remove the line to take it off the order.",
            "max_value": f"The quantity can be at most {MAX_QUANTITY}.",
        }, **kwargs)


def id_select(*, required: bool = True, message: str = "Choose one.") -> forms.IntegerField:
    """A select whose options the page fills; the value is an id the operation checks."""
    return forms.IntegerField(required=required, min_value=1, widget=forms.Select,
                              error_messages={"required": message, "invalid": message, "min_value": message})


# --- Addresses -------------------------------------------------------------------------------------

class AddressBookChoice(forms.ModelChoiceField):
    def label_from_instance(self, entry):
        return f"{entry.label or 'Address'}: {entry.one_line()}"


class AddressForm(EditForm, forms.ModelForm):
    """Change a shipment's address (pk: the shipment): picked from the customer's address book or
    typed. The typed fields, their labels, lengths and required flags come from the model."""

    address_book = AddressBookChoice(queryset=Address.objects.none(), required=False, label="From the address book",
                                     empty_label="Type a new address below",
                                     error_messages={"invalid_choice": "That address is not in this customer's address book."})
    save_to_address_book = forms.BooleanField(required=False, label="Also save it in the customer's address book")

    class Meta:
        model = OrderAddress
        fields = OrderAddress.ADDRESS_FIELDS

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        if self.order.customer_id:
            self.fields["address_book"].queryset = Address.objects.filter(customer_id=self.order.customer_id)
        else:
            del self.fields["address_book"], self.fields["save_to_address_book"]
        countries = self.order.market.countries
        if countries:
            self.fields["country_code"].widget = forms.Select(choices=[(code, code) for code in countries])
            self.fields["country_code"].help_text = ""
        if self.address_optional():
            for name in OrderAddress.ADDRESS_FIELDS:
                self.fields[name].required = False
        for name in OrderAddress.ADDRESS_FIELDS:
            if self.fields[name].required:
                self.fields[name].error_messages["required"] = f"Enter the {self.fields[name].label.lower()}."

    def address_optional(self) -> bool:
        return self.is_bound and bool(self.data.get("address_book"))

    def clean_country_code(self):
        return self.cleaned_data["country_code"].upper()

    def _post_clean(self):
        # No instance to build: the operation makes the address snapshot from address().
        pass

    def address(self) -> dict | None:
        """The address picked or typed, as field values; None when nothing was given."""
        entry = self.cleaned_data.get("address_book")
        if entry:
            return entry.address_values()
        values = {name: self.cleaned_data.get(name) or "" for name in OrderAddress.ADDRESS_FIELDS}
        return values if any(value for name, value in values.items() if name != "country_code") else None

    @property
    def address_fields(self):
        return [self[name] for name in OrderAddress.ADDRESS_FIELDS]


# --- Shipments and lines ---------------------------------------------------------------------------

def _method_choices(methods, currency: str):
    return [(method.pk, f"{method.name} — {format_money(method.price, currency)}") for method in methods]


class ShippingMethodForm(EditForm):
    """Change a shipment's shipping method (pk: the shipment)."""

    shipping_method = id_select(message="Choose a shipping method.")

    def offer(self, page):
        self.fields["shipping_method"].widget.choices = [("", "Choose…")] + _method_choices(
            page.shipping_methods, self.order.currency)


class AddLineForm(EditForm):
    """Add a SKU to a shipment (pk: the shipment)."""

    sku = forms.CharField(label="Add SKU", max_length=model_max_length(Sku, "code"),
                          error_messages={"required": "Enter a SKU code."})
    quantity = quantity_field(label="Quantity")


class QuantityForm(EditForm):
    """Change a line's quantity (pk: the line)."""

    quantity = quantity_field(label="Quantity")


class MoveLineForm(AddressForm):
    """Move a line, or part of it, to another shipment or a new one (pk: the shipment it is in).
    A new shipment's address is optional; once part of it is typed it is checked whole."""

    line_item = id_select(message="Choose the item to move.")
    quantity = quantity_field(label="How many")
    to_shipment = forms.CharField(label="To", widget=forms.Select, required=False)
    shipping_method = id_select(required=False, message="Choose a shipping method.")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["line_item"].label = "Item"
        self.fields["shipping_method"].label = "Shipping method"
        self.fields.pop("save_to_address_book", None)
        if "address_book" in self.fields:
            self.fields["address_book"].label = "Address from the address book"
            self.fields["address_book"].empty_label = "Type one below, or leave for later"

    def address_optional(self) -> bool:
        typed = any(self.data.get(name) for name in OrderAddress.ADDRESS_FIELDS if name != "country_code")
        return not (self.is_bound and typed) or bool(self.data.get("address_book"))

    def clean_to_shipment(self):
        value = self.cleaned_data["to_shipment"]
        if value in ("", "new"):
            return None
        if not re.fullmatch(r"[0-9]{1,18}", value):
            raise forms.ValidationError("Choose a shipment, or a new one.")
        return int(value)

    def offer(self, page):
        mine = next((view for view in page.shipments if view.shipment.pk == self.pk), None)
        self.fields["line_item"].widget.choices = [
            (line.pk, f"{line.sku_code} — {line.display_name} ({line.quantity})") for line in (mine.lines if mine else [])]
        self.fields["to_shipment"].widget.choices = [("new", "A new shipment")] + [
            (view.shipment.pk, f"Shipment {view.number}" + (f": {view.shipment.address.one_line()}" if view.shipment.address else ""))
            for view in page.shipments
            if view.shipment.pk != self.pk and view.editable]
        self.fields["shipping_method"].widget.choices = [("", "Choose later")] + _method_choices(
            page.shipping_methods, self.order.currency)


# --- Discounts -------------------------------------------------------------------------------------

class DiscountForm(EditForm):
    """A manual discount on a line, the order or shipping: an amount or a percentage, with a reason."""

    on = forms.CharField(label="On", widget=forms.Select, required=False)
    value_type = forms.ChoiceField(label="Kind", choices=ValueType.choices, widget=forms.RadioSelect,
                                   error_messages={"required": "Choose an amount or a percentage.",
                                                   "invalid_choice": "Choose an amount or a percentage."})
    value = forms.CharField(label="Amount or percent", max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "autocomplete": "off"}),
                            error_messages={"required": "Enter the discount's amount or percentage."})
    reason = forms.CharField(label="Reason", max_length=model_max_length(Discount, "reason"),
                             error_messages={"required": "Say why the discount is given."})

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["value_type"].choices = [(ValueType.AMOUNT, self.order.currency), (ValueType.PERCENT, "%")]
        if not self.is_bound:
            self.initial.setdefault("value_type", ValueType.AMOUNT)

    def clean_on(self):
        """"order", "shipping" or "line:<id>" -> (scope, line id)."""
        value = self.cleaned_data["on"] or DiscountScope.ORDER
        if value in (DiscountScope.ORDER, DiscountScope.SHIPPING):
            return value, None
        match = re.fullmatch(r"line:([0-9]{1,18})", value)
        if not match:
            raise forms.ValidationError("Choose what the discount is on: a line, the order or shipping.")
        return DiscountScope.LINE, int(match[1])

    def clean(self):
        cleaned = super().clean()
        text, kind = cleaned.get("value"), cleaned.get("value_type")
        if text and kind:
            try:
                if kind == ValueType.AMOUNT:
                    cleaned["value"] = parse_amount(text, self.order.currency)
                else:
                    cleaned["value"] = _percentage(text)
            except AmountError as error:
                self.add_error("value", str(error))
            else:
                if cleaned["value"] <= 0:
                    self.add_error("value", "A discount must be more than zero.")
        return cleaned

    def offer(self, page):
        self.fields["on"].widget.choices = [(DiscountScope.ORDER, "The whole order"), (DiscountScope.SHIPPING, "Shipping")] + [
            (f"line:{line.pk}", f"{line.sku_code} — {line.display_name}") for line in page.lines]

    def refuse(self, error: OrderError) -> None:
        if error.field in ("scope", "line_item"):  # what the discount is on: the form's one choice
            self.add_error("on", error.message)
        else:
            super().refuse(error)


def _percentage(text: str):
    try:
        percent = parse_amount(text, "USD")  # two decimals, no exponent, no sign
    except AmountError:
        raise AmountError("Enter the percentage as a number with at most 2 decimals, as in 12.5.") from None
    if percent > 100:
        raise AmountError("A percentage discount can be at most 100 %.")
    return percent


class CouponForm(EditForm):
    code = forms.CharField(label="Coupon code", max_length=model_max_length(Coupon, "code"),
                           widget=forms.TextInput(attrs={"autocomplete": "off"}),
                           error_messages={"required": "Enter a coupon code."})


# --- Payments, contact, notes, status ----------------------------------------------------------------

class PaymentAmountField(AmountField):
    """A payment's amount: a minus sign is a payment of less than nothing."""

    def to_python(self, value):
        if str(value or "").strip().startswith("-"):
            raise forms.ValidationError("A payment must be more than zero.", code="min_value")
        return super().to_python(value)


class PaymentForm(EditForm):
    """A payment of some of the balance due, by one of the market's methods."""

    payment_method = id_select(message="Choose a payment method.")
    amount = PaymentAmountField(label="Amount", error_messages={"required": "Enter the amount to pay."})
    card_number = forms.CharField(
        label="Card number (cards only)", required=False, max_length=23,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 20}),
        validators=[RegexValidator(r"^[0-9 -]*$", "Enter the card number in digits.")])

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["payment_method"].label = "Payment method"
        self.fields["amount"].currency = self.order.currency
        self.fields["amount"].label = f"Amount ({self.order.currency})"

    def clean_card_number(self):
        number = self.cleaned_data["card_number"]
        digits = re.sub(r"[^0-9]", "", number)
        if number and not 12 <= len(digits) <= 19:
            raise forms.ValidationError("A card number has 12 to 19 digits.")
        return number

    def offer(self, page):
        self.fields["payment_method"].widget.choices = [(method.pk, method.name) for method in page.payment_methods]


class ContactForm(EditForm):
    """The name, email and phone kept on the order."""

    name = forms.CharField(label="Name", max_length=model_max_length(OrderGroup, "customer_name"),
                           error_messages={"required": "Enter the customer's name."})
    email = forms.EmailField(label="Email", required=False, max_length=model_max_length(OrderGroup, "customer_email"),
                             error_messages={"invalid": "That is not an email address."})
    phone = forms.CharField(label="Phone", required=False, max_length=model_max_length(OrderGroup, "customer_phone"),
                            widget=forms.TextInput(attrs={"type": "tel"}))


class LinkCustomerForm(EditForm):
    """Make an anonymous order the customer's who has its email (the contact details offer it)."""

    customer = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput,
                                  error_messages={name: "That customer no longer exists." for name in
                                                  ("required", "invalid", "min_value", "max_value")})


class CancelForm(EditForm):
    reason = forms.CharField(label="Reason", max_length=model_max_length(OrderGroup, "cancel_reason"),
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the order is cancelled."})
    # The browser asks for the reason before sending (the server checks it too).
    use_required_attribute = True


# --- Shipment moves (docs/domain.md §3) ---------------------------------------------------------------

# The order page's edit of each shipment move (orders.operations.SHIPMENT_MOVES): edit -> move.
SHIPMENT_MOVE_EDITS = {"assign-inventory": "assign_inventory", "release": "release", "pack": "pack",
                       "unpack": "unpack", "ship": "ship", "cancel-shipment": "cancel"}
MOVE_EDIT = {move: edit for edit, move in SHIPMENT_MOVE_EDITS.items()}


class ShipmentMoveForm(EditForm):
    """One move of a shipment (pk: the shipment), drawn as a button in its panel. A refusal (a stock
    shortfall, a declined capture) is shown beside that button when the panel offers it, else at
    the top of the tab."""

    beside = False  # offer(): the page draws this move's button, and its refusal beside it

    @property
    def move(self) -> str:
        return SHIPMENT_MOVE_EDITS[self.edit]

    def offer(self, page):
        view = next((view for view in page.shipments if view.shipment.pk == self.pk), None)
        self.beside = view is not None and any(button.edit == self.edit for button in view.moves)

    def beside_errors(self) -> list[str]:
        return list(self.non_field_errors()) if self.beside else []

    def banner_errors(self) -> list[str]:
        return [message for message in super().banner_errors() if message not in self.beside_errors()]


class ShipForm(ShipmentMoveForm):
    """Ship a shipment: its carrier's tracking number, kept upper-cased without spaces."""

    tracking_number = forms.CharField(
        label="Tracking number", max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 18, "spellcheck": "false"}),
        error_messages={"required": "A shipment needs a tracking number to ship."},
        help_text=f"{TRACKING_NUMBER_LENGTH[0]} to {TRACKING_NUMBER_LENGTH[1]} letters, digits or hyphens.")

    def clean_tracking_number(self):
        try:
            return clean_tracking_number(self.cleaned_data["tracking_number"])
        except OrderError as error:
            raise forms.ValidationError(error.message) from None


class CancelShipmentForm(ShipmentMoveForm):
    """Cancel a shipment: why (written in its System note)."""

    reason = forms.CharField(label="Reason", max_length=300,
                             error_messages={"required": "Say why the shipment is cancelled."})


class SkuSearchForm(forms.Form):
    """The Add SKU typeahead (a GET): the text typed, 3 characters or more, and the shipment it is for."""

    sku = forms.CharField(required=False, max_length=100)
    shipment = forms.IntegerField(required=False, min_value=1)

    def search(self) -> tuple[str, int | None, str]:
        """(text, shipment id, why nothing can be searched or "")."""
        if not self.is_valid():
            return "", None, "Type part of a SKU code or name, in letters and digits."
        return self.cleaned_data["sku"], self.cleaned_data["shipment"], ""


class NoteForm(forms.Form):
    """A CSR's note (not an edit of the order: no version)."""

    title = forms.CharField(label="Title", max_length=model_max_length(Note, "title"),
                            error_messages={"required": "Give the note a title.",
                                            "max_length": "Keep the title under %(limit_value)d characters; "
                                                          "put the rest in the text."})
    detail = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    use_required_attribute = False

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "note-0-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)

    def refuse(self, error: OrderError) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)
