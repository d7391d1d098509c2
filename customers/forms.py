"""Finding a customer and creating one on the spot, as Django forms."""
from django import forms

from customers.models import Customer

SEARCH_MAX_LENGTH = 200


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
