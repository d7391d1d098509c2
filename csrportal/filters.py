"""The filters every list tab shares: a form in the order its filters are most used, and the
Created date presets with a custom range (docs/domain.md §5)."""
import django_filters
from django import forms

from csrportal.dates import DatePreset, preset_range


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form shows its fields in `field_order` (the most used first)."""

    field_order: list[str] = []

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (form_class,), {"field_order": self.field_order})


class DatesInOrder:
    """Form check of the custom range: From after To is said beside the dates, and both are left out."""

    def clean(self):
        data = super().clean()
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", forms.ValidationError(
                "To is before From (%(start)s to %(end)s); choose a To on or after From. The dates were left out.",
                code="date_order", params={"start": start.isoformat(), "end": end.isoformat()}))
        return data


class CreatedRangeMixin(PortalFilterSet):
    created = django_filters.ChoiceFilter(label="Created", choices=DatePreset.choices[1:], empty_label="Anytime",
                                          method="filter_created")
    created_from = django_filters.DateFilter(label="From", method="filter_nothing",
                                             widget=forms.DateInput(attrs={"type": "date"}))
    created_to = django_filters.DateFilter(label="To", method="filter_nothing",
                                           widget=forms.DateInput(attrs={"type": "date"}))

    # Dates out of order leave out the whole range (csrportal.listing): it is one filter.
    left_out_together = {"date_order": ("created_from", "created_to")}

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (DatesInOrder, form_class), {})

    def filter_nothing(self, queryset, name, value):
        # The custom range is applied by filter_created, which sees both ends at once.
        return queryset

    def filter_created(self, queryset, name, value):
        start, end = preset_range(value, start=self.form.cleaned_data.get("created_from"),
                                  end=self.form.cleaned_data.get("created_to"))
        if start:
            queryset = queryset.filter(created__gte=start)
        if end:
            queryset = queryset.filter(created__lt=end)
        return queryset

    def filter_queryset(self, queryset):
        # A from/to date without the preset means a custom range.
        data = self.form.cleaned_data
        if not data.get("created") and (data.get("created_from") or data.get("created_to")):
            data["created"] = DatePreset.CUSTOM
        return super().filter_queryset(queryset)
