"""What the Shipments tab and the pick list page are sent: every input read by a form."""
from django import forms

from csrportal.forms import ListQueryField
from orders.operations import OrderError, clean_tracking_number

MAX_ID = 2**62


class ShipmentIdsField(forms.Field):
    """The ticked `shipment` checkboxes: whole numbers, once each, in the order sent."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": "Choose at least one shipment.",
                              "invalid": "A chosen shipment is not one of the list's; reload the list and choose again."}

    def to_python(self, value):
        if not value:
            return []
        ids = []
        for raw in value if isinstance(value, (list, tuple)) else [value]:
            try:
                number = int(str(raw).strip())
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
            if not 0 < number < MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if number not in ids:
                ids.append(number)
        return ids


class ShipmentActionForm(forms.Form):
    """A bulk action on the shipments ticked in the Shipments tab."""

    ACTIONS = [("pick_list", "Add to pick list"), ("release", "Release"), ("print", "Print packing slips")]

    action = forms.ChoiceField(choices=ACTIONS, error_messages={"required": "Choose what to do with the shipments.",
                                                                "invalid_choice": "That action is not one of the list's."})
    shipment = ShipmentIdsField()
    query = ListQueryField()  # the view the CSR acted from, to go back to


class PickListShipmentForm(forms.Form):
    """One shipment of a pick list, as its row drew it: which, and the version of its order then."""

    shipment = forms.IntegerField(min_value=1, max_value=MAX_ID, error_messages={
        "required": "Which shipment? Reload the pick list.", "invalid": "That shipment is not on this pick list.",
        "min_value": "That shipment is not on this pick list.", "max_value": "That shipment is not on this pick list."})
    version = forms.IntegerField(min_value=0, max_value=MAX_ID, error_messages={
        "required": "The page is incomplete; reload the pick list.", "invalid": "The page is damaged; reload the pick list.",
        "min_value": "The page is damaged; reload the pick list.", "max_value": "The page is damaged; reload the pick list."})


class CompleteForm(PickListShipmentForm):
    """Complete a Packing shipment: it ships with this tracking number."""

    tracking_number = forms.CharField(max_length=200, error_messages={
        "required": "Enter the tracking number the carrier gave the parcel.",
        "max_length": "A tracking number has at most %(limit_value)d characters."})

    def clean_tracking_number(self):
        """The one rule of tracking numbers (orders.operations.clean_tracking_number), as the order page's."""
        try:
            return clean_tracking_number(self.cleaned_data["tracking_number"])
        except OrderError as error:
            raise forms.ValidationError(error.message) from None
