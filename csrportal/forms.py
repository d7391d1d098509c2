"""Form pieces every app's forms share."""
from django import forms
from django.http import QueryDict

from csrportal import quick_search
from csrportal.models import SavedView
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


# The tools of every list screen: Columns, Save view, Delete view -------------------------------

MAX_VIEW_NAME = SavedView._meta.get_field("name").max_length
MAX_VIEW_QUERY = SavedView._meta.get_field("query").max_length


class ListQueryField(forms.CharField):
    """The list's query string the form was sent from, so the CSR lands back on the view they saw."""

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, widget=forms.HiddenInput, **kwargs)

    def to_python(self, value):
        query = QueryDict(super().to_python(value), mutable=True)
        for name in (*POSITION_PARAMS, *PANEL_PARAMS):  # where the page was, how it was drawn: not the view
            query.pop(name, None)
        return query


PAGE_SIZES = (25, 50, 100)
# Parameters that position the page rather than describe the view.
POSITION_PARAMS = ("after", "before", "page")
# Parameters that only say how the page is drawn: which tool panel is open, which column just moved.
PANEL_PARAMS = ("panel", "moved")
PANELS = ("columns", "views")


class ListViewForm(forms.Form):
    """How a list is drawn, read from its URL (the filters are the filterset's own form): columns,
    sort, rows per page, where the page is, which tool panel is open. A value that cannot be used
    is left out with its field's message, and the rest of the view still applies."""

    cols = forms.CharField(required=False)
    sort = forms.CharField(required=False)
    per_page = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[(size, size) for size in PAGE_SIZES],
        error_messages={"invalid_choice": f"Rows per page can be {', '.join(map(str, PAGE_SIZES))}; "
                                          f"showing {PAGE_SIZES[0]}."})
    page = forms.ChoiceField(required=False, choices=[("", "this"), ("first", "first"), ("last", "last")], error_messages={
        "invalid_choice": "Pages are reached with First, Previous, Next and Last; showing the first page."})
    after = forms.CharField(required=False, strip=False)
    before = forms.CharField(required=False, strip=False)
    panel = forms.ChoiceField(required=False, choices=[("", "none"), *((panel, panel) for panel in PANELS)])
    moved = forms.CharField(required=False)

    def __init__(self, data, *, table, default_sort: str):
        super().__init__(data)
        self.table = table
        self.default_sort = default_sort

    def clean_cols(self) -> list[str] | None:
        """The column keys asked for, or None when the URL names none (the CSR's own columns apply)."""
        return self.cleaned_data["cols"].split(",") if "cols" in self.data else None

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"] or self.default_sort
        if sort.lstrip("-") not in self.table.sort_fields():
            raise forms.ValidationError(f"The table cannot be sorted by {sort.lstrip('-')!r}; "
                                        f"it is sorted by {self.default_sort.lstrip('-')}.")
        return sort

    def clean_panel(self) -> str:
        return self.cleaned_data["panel"] or ""


class ListToolForm(forms.Form):
    query = ListQueryField()

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table

    def return_query(self) -> QueryDict:
        """Where to send the CSR back: the view they saw."""
        query = (self.cleaned_data.get("query") if hasattr(self, "cleaned_data") else None) or QueryDict(mutable=True)
        return query.copy()


class ColumnsForm(ListToolForm):
    """The Columns chooser: which columns are shown, in which order; Save, Reset, or move one up or down."""

    order = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    cols = forms.MultipleChoiceField(label="Show these columns, in this order", required=False,
                                     error_messages={"invalid_choice": "There is no column %(value)s."})
    action = forms.ChoiceField(required=False)
    per_page = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                      choices=[(size, size) for size in PAGE_SIZES])

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, table=table, **kwargs)
        keys = [(key, str(column.verbose_name)) for key, column in table.base_columns.items()]
        self.fields["order"].choices = keys
        self.fields["cols"].choices = keys
        self.fields["action"].choices = [("save", "Save columns"), ("reset", "Reset to default"),
                                         *((f"{way}:{key}", f"Move {label} {way}") for key, label in keys
                                           for way in ("up", "down"))]

    def return_query(self) -> QueryDict:
        """The view they saw, in the columns just saved (no longer those of a view's link)."""
        query = super().return_query()
        query.pop("cols", None)
        return query

    def clean_action(self):
        return self.cleaned_data["action"] or "save"

    def clean(self):
        data = super().clean()
        if data.get("action", "save") != "reset" and "cols" in data and not data["cols"]:
            self.add_error("cols", "Choose at least one column.")
        return data

    @property
    def move(self) -> tuple[str, int] | None:
        """("status", -1) for "up:status"."""
        way, _, key = self.cleaned_data["action"].partition(":")
        return (key, -1 if way == "up" else 1) if key else None

    def chosen_keys(self) -> list[str]:
        """The ticked columns, in the order the list gave them (all columns if it gave none)."""
        order = self.cleaned_data["order"] or self.table.all_keys()
        chosen = set(self.cleaned_data["cols"])
        keys, _ = self.table.clean_keys(key for key in order if key in chosen)
        keys += [key for key in self.cleaned_data["cols"] if key not in keys]
        return keys


class SaveViewForm(ListToolForm):
    name = forms.CharField(label="Save the current view as", max_length=MAX_VIEW_NAME, error_messages={
        "required": f"Give the view a name of 1 to {MAX_VIEW_NAME} characters.",
        "max_length": f"Give the view a name of 1 to {MAX_VIEW_NAME} characters (this one has %(show_value)d).",
    })
    shared = forms.BooleanField(label="Share with every CSR", required=False)

    def clean_query(self):
        query = self.cleaned_data["query"]
        if len(self.view_query(query)) > MAX_VIEW_QUERY:
            raise forms.ValidationError(
                f"These filters are too long to save as a view (over {MAX_VIEW_QUERY:,} characters); shorten them.",
                code="max_length")
        return query

    @staticmethod
    def view_query(query: QueryDict) -> str:
        view = query.copy()
        view.pop("cols", None)
        return view.urlencode()

    def columns(self, remembered: list[str]) -> list[str]:
        """The columns shown: the view's own (cols=...) if the list had them, else the CSR's."""
        cols = self.cleaned_data["query"].get("cols")
        keys, _ = self.table.clean_keys((cols or "").split(",")) if cols else ([], [])
        return keys or remembered


class DeleteViewForm(ListToolForm):
    pass


# The header's search box -------------------------------------------------------------------------

class QuickSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=quick_search.MAX_LENGTH, error_messages={
        "max_length": f"Search for at most {quick_search.MAX_LENGTH} characters (this has %(show_value)d).",
    })

    def text(self) -> str:
        """What to search for; nothing when the text cannot be used (its error says why)."""
        return self.cleaned_data["q"] if self.is_valid() else ""
