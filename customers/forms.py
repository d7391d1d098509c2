"""The customer page's inputs as Django forms: finding a customer, creating one on the spot, and one
form per edit of the customer page (personal information, an address, a note).

A form reads what the CSR typed and says what is wrong beside the field (lengths, required fields
and email syntax come from the model's own fields); the operation it feeds (customers.operations)
keeps the domain rules, and its refusal is shown beside the field it names (`refuse`). The forms
that change the customer carry the `version` the CSR saw.
"""
from django import forms
from django.conf.global_settings import LANGUAGES

from customers.models import Address, Customer, CustomerNote, Organization
from customers.operations import CustomerError

SEARCH_MAX_LENGTH = 200
STALE_PAGE = "The page is out of date: reload it and try again."
# Whatever the field, too long is said the same way: "First name can be at most 100 characters (it has 5000)."
TOO_LONG = "%(field)s can be at most %(limit_value)d characters (it has %(show_value)d)."


class CustomerSearchForm(forms.Form):
    """What the CSR typed to find a customer (a GET): any part of the name or the email."""

    customer_search = forms.CharField(label="Find a customer: any part of the name or email", required=False,
                                      max_length=SEARCH_MAX_LENGTH)

    def text(self) -> str:
        """The text to search for; "" when it cannot be searched (too long, a NUL byte)."""
        self.is_valid()
        return self.cleaned_data.get("customer_search", "")


class NewCustomerForm(forms.ModelForm):
    """A customer created while they are on the phone. The fields, labels, lengths and required
    flags come from the model; the operation (customers.operations.customer_create) refuses an
    email another customer has."""

    use_required_attribute = False

    class Meta:
        model = Customer
        fields = ["first_name", "last_name", "email", "phone", "group"]
        labels = {"group": "Customer group"}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"})}
        error_messages = {
            "first_name": {"required": "Enter the first name."},
            "last_name": {"required": "Enter the last name."},
            "email": {"required": "Enter the email address.", "invalid": "That is not an email address."},
            "group": {"invalid_choice": "Choose a customer group from the list."},
        }

    NEW_CUSTOMER_FIELDS = ("first_name", "last_name", "email", "phone", "group")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].empty_label = "None"
        self.fields["group"].queryset = self.fields["group"].queryset.order_by("name")

    def _post_clean(self):
        # No instance to build: customer_create makes the customer (and refuses a taken email).
        pass

    def new_customer(self) -> dict:
        """The typed customer, as customer_create's arguments."""
        return {name: self.cleaned_data[name] for name in self.NEW_CUSTOMER_FIELDS}

    @property
    def new_customer_fields(self):
        return [self[name] for name in self.NEW_CUSTOMER_FIELDS]


def _say_too_long(form: forms.BaseForm) -> None:
    """Name the field in its max-length message."""
    for field in form.fields.values():
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = TOO_LONG.replace("%(field)s", str(field.label))


def version_field() -> forms.IntegerField:
    """The version of the customer the CSR saw (a version past the column's range was never drawn)."""
    return forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput,
                              error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE,
                                              "min_value": STALE_PAGE, "max_value": STALE_PAGE})


class CustomerEditForm(forms.ModelForm):
    """What every edit of the customer shares: the version the CSR saw, a refusal shown beside its
    field (or above the form), and no model validation of its own: the operation is the rule."""

    version = version_field()
    # The server says what is missing, all at once and beside each field.
    use_required_attribute = False
    # The customer another customer's email belongs to, when the operation refused it for that.
    existing = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _say_too_long(self)
        if not self.is_bound:
            # Opened: the keyboard goes to the first field (portal.js after an HTMX swap, the
            # browser on a page of its own). Refused, it goes to the field at fault instead.
            first = next(field for field in self.fields.values() if not field.widget.is_hidden)
            first.widget.attrs.update({"data-focus": "", "autofocus": True})

    def _post_clean(self):
        # The operation checks and saves; the instance is not touched here.
        pass

    def refuse(self, error: CustomerError) -> None:
        field = error.field if error.field in self.fields and not self.fields[error.field].widget.is_hidden else None
        self.add_error(field, error.message)
        self.existing = error.existing

    def banner_errors(self) -> list[str]:
        """Errors not shown beside a visible field: shown above the form."""
        hidden = [message for name, field in self.fields.items() if field.widget.is_hidden
                  for message in self.errors.get(name, [])]
        return list(self.non_field_errors()) + hidden


class PersonalInformationForm(CustomerEditForm):
    """The Personal information tab's edit (customers.operations.customer_update)."""

    FIELDS = ["first_name", "middle_name", "last_name", "email", "phone", "group", "organization", "section",
              "preferred_language", "preferred_currency"]
    preferred_language = forms.ChoiceField(label="Preferred language", required=False,
                                           choices=[("", "None"), *LANGUAGES],
                                           error_messages={"invalid_choice": "Choose a language from the list."})

    class Meta:
        model = Customer
        fields = ["first_name", "middle_name", "last_name", "email", "phone", "group", "organization", "section",
                  "preferred_language", "preferred_currency"]
        labels = {"group": "Customer group", "organization": "Organization", "section": "Section",
                  "preferred_currency": "Preferred currency"}
        help_texts = {"section": "", "preferred_currency": "Three letters, e.g. SEK."}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
                   "preferred_currency": forms.TextInput(attrs={"size": 4, "autocomplete": "off"})}
        error_messages = {
            "first_name": {"required": "Enter the first name."},
            "last_name": {"required": "Enter the last name."},
            "email": {"required": "Enter the email address.", "invalid": "That is not an email address."},
            "group": {"invalid_choice": "Choose a customer group from the list."},
            "organization": {"invalid_choice": "Choose an organization from the list."},
            "section": {"invalid_choice": "Choose a section from the list."},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "personal-%s")
        super().__init__(*args, **kwargs)
        self.fields["group"].empty_label = "None"
        self.fields["group"].queryset = self.fields["group"].queryset.order_by("name")
        self.fields["organization"].empty_label = "None"
        self.fields["organization"].queryset = Organization.objects.order_by("name", "id")
        # Any organization's sections; the operation refuses one that is not a section of the organization.
        self.fields["section"].empty_label = "None"
        self.fields["section"].queryset = Organization.objects.exclude(parent=None).order_by("name", "id")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_preferred_currency(self):
        return self.cleaned_data["preferred_currency"].strip().upper()

    def personal_information(self) -> dict:
        """The typed values, as customer_update's arguments."""
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class AddressForm(CustomerEditForm):
    """An entry of the address book, added or changed (customers.operations.address_add / _update)."""

    FIELDS = ["label", *Address.ADDRESS_FIELDS]

    class Meta:
        model = Address
        fields = ["label", *Address.ADDRESS_FIELDS]
        labels = {"line1": "Address line 1", "line2": "Address line 2", "region": "State / region",
                  "country_code": "Country"}
        help_texts = {"label": "Home, Office, ...", "country_code": "Two letters, e.g. SE."}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"}),
                   "country_code": forms.TextInput(attrs={"size": 3})}
        error_messages = {
            "line1": {"required": "Enter the first address line."},
            "city": {"required": "Enter the city."},
            "postal_code": {"required": "Enter the postal code."},
            "country_code": {"required": "Enter the country as a two-letter code, e.g. SE."},
            "email": {"invalid": "That is not an email address."},
        }

    def __init__(self, *args, customer: Customer, **kwargs):
        address = kwargs.get("instance")
        kwargs.setdefault("auto_id", f"address-{address.pk if address else 'new'}-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = customer.version

    def address(self) -> dict:
        """The typed address, as address_add's and address_update's arguments."""
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class AddressActionForm(forms.Form):
    """An edit of the address book with nothing to type (delete, make preferred): only the version."""

    version = version_field()

    def refuse(self, error: CustomerError) -> None:
        self.add_error(None, error.message)


class CustomerNoteForm(forms.ModelForm):
    """A CSR's note about the customer (not a change of the record: no version)."""

    use_required_attribute = False

    class Meta:
        model = CustomerNote
        fields = ["title", "detail"]
        labels = {"title": "Title", "detail": "Text"}
        widgets = {"detail": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": "Give the note a title."}}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _say_too_long(self)

    def _post_clean(self):
        pass

    def refuse(self, error: CustomerError) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)
