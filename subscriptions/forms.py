"""Making a cart a subscription, as a Django form."""
from django import forms

from orders.forms import EditForm
from orders.models import OrderGroup
from subscriptions.models import CycleMode, Schedule

MAX_CYCLE_LENGTH = 365
MAX_CYCLES = 9999
DATE_FORMAT = "Enter a date as YYYY-MM-DD."


def _date_field(**kwargs) -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           input_formats=["%Y-%m-%d"], **kwargs)


class SubscribeForm(EditForm):
    """How often the cart's order repeats, from which day, and until when (a date, a number of
    orders, or neither). The operation refuses an end before the start."""

    cycle_length = forms.IntegerField(
        label="Every", min_value=1, max_value=MAX_CYCLE_LENGTH, initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "autocomplete": "off"}),
        error_messages={"required": "Enter how many days, weeks, months or years apart the orders are.",
                        "invalid": "Enter the cycle length as a whole number.",
                        "min_value": f"The cycle length is 1 to {MAX_CYCLE_LENGTH}.",
                        "max_value": f"The cycle length is 1 to {MAX_CYCLE_LENGTH}."})
    cycle_mode = forms.ChoiceField(
        label="Cycle", initial=CycleMode.MONTHS,
        choices=[(value, label) for value, label in CycleMode.choices if value != CycleMode.NONE],
        error_messages={"required": "Choose how often the order repeats.",
                        "invalid_choice": "Choose how often the order repeats."})
    start_date = _date_field(label="First order on", error_messages={
        "required": "Enter the date of the first order.", "invalid": DATE_FORMAT})
    end_date = _date_field(label="Ends on (optional)", required=False, error_messages={"invalid": DATE_FORMAT})
    max_cycles = forms.IntegerField(
        label="At most this many orders (0: no limit)", required=False, min_value=0, max_value=MAX_CYCLES, initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "autocomplete": "off"}),
        error_messages={"invalid": "Enter the number of orders as a whole number (0: no limit).",
                        "min_value": "The number of orders cannot be negative (0 means no limit).",
                        "max_value": f"The number of orders is at most {MAX_CYCLES:,} (0 means no limit)."})

    def clean_max_cycles(self):
        return self.cleaned_data["max_cycles"] or 0


class SettingsForm(EditForm):
    """The Settings tab: the subscription's cycle, start and end, maximum and whether it is active. The operation
    (subscription_set_schedule) refuses a start moved into the past and an end before the start beside the field."""

    cycle_mode = forms.ChoiceField(
        label="Cycle", choices=[(value, "Once (no repeat)" if value == CycleMode.NONE else label)
                                for value, label in CycleMode.choices],
        error_messages={"required": "Choose how often the order repeats.",
                        "invalid_choice": "Choose how often the order repeats."})
    cycle_length = SubscribeForm.base_fields["cycle_length"]
    start_date = _date_field(label="Start date", error_messages={
        "required": "Enter the start date.", "invalid": DATE_FORMAT})
    end_date = _date_field(label="End date (optional)", required=False, error_messages={"invalid": DATE_FORMAT})
    max_cycles = SubscribeForm.base_fields["max_cycles"]
    active = forms.BooleanField(label="Active (untick to pause)", required=False)

    field_order = ["version", "cycle_length", "cycle_mode", "start_date", "end_date", "max_cycles", "active"]

    def clean_max_cycles(self):
        return self.cleaned_data["max_cycles"] or 0

    @classmethod
    def for_schedule(cls, order: OrderGroup, schedule: Schedule) -> "SettingsForm":
        return cls(order=order, edit="subscription-settings", initial={
            "version": order.version, "cycle_mode": schedule.cycle_mode, "cycle_length": schedule.cycle_length,
            "start_date": schedule.start_date, "end_date": schedule.end_date, "max_cycles": schedule.max_cycles,
            "active": schedule.active})


class CancelSubscriptionForm(EditForm):
    reason = forms.CharField(label="Reason for cancelling", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Say why the subscription is cancelled.",
                                             "max_length": "Keep the reason to 500 characters."})
