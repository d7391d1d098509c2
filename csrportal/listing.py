"""One list screen's state from its URL: filters, columns, sort, page size and position.

Bad input never breaks the page: each unusable parameter is dropped with a message saying why,
and the rest of the view still applies.
"""
from dataclasses import dataclass, field

from django import forms
from django.http import QueryDict

from csrportal.forms import PAGE_SIZES, PANEL_PARAMS, POSITION_PARAMS, ListViewForm
from csrportal.models import SavedView, UserPreferences
from csrportal.paging import BadCursor, Page, keyset_page


@dataclass
class Listing:
    table: type
    filterset: object
    page: Page
    columns: list
    headers: list
    rows: list
    sort: str
    per_page: int
    problems: list = field(default_factory=list)
    saved_views: list = field(default_factory=list)
    query: str = ""  # the view's own parameters, without the page position
    page_sizes: tuple = PAGE_SIZES
    path: str = ""  # the list page's own URL: links are path?query, so they hold wherever the page is drawn
    form: forms.Form | None = None  # the filters as typed, with the errors of those that were left out
    panel: str = ""  # the tool panel drawn open ("columns", "views")
    moved: str = ""  # the Columns button just used ("up:status"), which keeps the focus
    columns_form: forms.Form | None = None  # a refused Columns or Save view form, shown with its errors
    save_view_form: forms.Form | None = None
    view_name_max = SavedView._meta.get_field("name").max_length

    @property
    def query_params(self) -> QueryDict:
        return QueryDict(self.query)

    @property
    def column_choices(self) -> list[tuple[str, str, bool]]:
        """Every column as (key, label, shown): the shown ones first, in their order."""
        labels = {key: str(column.verbose_name) for key, column in self.table.base_columns.items()}
        hidden = [key for key in labels if key not in self.columns]
        return [(key, labels[key], key in self.columns) for key in [*self.columns, *hidden]]

    @property
    def active_filters(self) -> list[tuple[str, str, str]]:
        """(label, shown value, URL without it): the chips above the table."""
        form = self.filterset.form
        chips = []
        for name, value in (form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}).items():
            if value in (None, "", [], ()):
                continue
            bound = form[name]
            shown = value
            choices = dict(bound.field.choices) if hasattr(bound.field, "choices") else None
            if isinstance(value, (list, tuple)):
                shown = ", ".join(str(choices.get(v, v) if choices else v) for v in value)
            elif choices:
                shown = choices.get(value, value)
            remaining = QueryDict(self.query, mutable=True)
            remaining.pop(name, None)
            if name == "created":
                remaining.pop("created_from", None)
                remaining.pop("created_to", None)
            chips.append((str(bound.label), str(shown), remaining.urlencode()))
        return chips

    def sort_link(self, key: str) -> str:
        """The URL that sorts by this column: the other way round if it is already the sort."""
        if self.sort == key:
            sort = "-" + key
        elif self.sort == "-" + key:
            sort = key
        else:
            sort = "-" + key if self.table.base_columns[key].initial_sort_descending else key
        params = QueryDict(self.query, mutable=True)
        params["sort"] = sort
        return params.urlencode()


def _clean_filters(filterset_class, data: QueryDict, queryset):
    """The filterset that applies the usable filters, and the form as typed (its errors beside the
    fields they concern). A filter that cannot be read is left out; so are those that only make
    sense with it (`left_out_together`: From and To out of order leave out the range)."""
    filterset = filterset_class(data, queryset=queryset)
    if filterset.is_valid():
        return filterset, filterset.form
    typed = filterset.form
    usable = data.copy()
    linked = getattr(filterset_class, "left_out_together", {})
    for name, errors in typed.errors.as_data().items():
        together = [field for error in errors for field in linked.get(error.code, ())]
        if not together:
            typed.errors[name].append("This filter was left out.")
        for left_out in (name, *together):
            usable.pop(left_out, None)
    filterset = filterset_class(usable, queryset=queryset)
    filterset.is_valid()
    return filterset, typed


def _one_currency(filterset) -> bool:
    """Whether the rows share one currency: filtered to a single market, or as the filterset says
    (`one_currency()`: the Customers tab's figures are per currency, whatever the market)."""
    if hasattr(filterset, "one_currency"):
        return filterset.one_currency()
    chosen = filterset.form.cleaned_data.get("market") if hasattr(filterset.form, "cleaned_data") else None
    if isinstance(chosen, str):  # a single-choice market filter (Carts, Subscriptions)
        return bool(chosen)
    return bool(chosen) and len(chosen) == 1


def build_listing(request, *, table, filterset_class, queryset, default_sort: str, params: QueryDict | None = None,
                  path: str = "") -> Listing:
    """The list as `params` (the request's query string unless given) describe it."""
    params = request.GET if params is None else params
    problems: list[str] = []
    preferences = UserPreferences.of(request.user)

    view = ListViewForm(params, table=table, default_sort=default_sort)
    view.is_valid()
    problems += [error for errors in view.errors.values() for error in errors]
    asked = view.cleaned_data  # the usable values; an unusable one is left out (its message is in problems)

    if asked.get("cols") is not None:
        columns, unknown = table.clean_keys(asked["cols"])
        if unknown:
            problems.append(f"Unknown column(s) left out: {', '.join(unknown)}.")
    else:
        columns, _ = table.clean_keys(preferences.columns.get(table.preference_key) or table.default_keys())
    columns = columns or table.default_keys()

    sort = asked.get("sort") or default_sort
    sort_fields = table.sort_fields()
    # Refused, the first size (as its message says); not given, the CSR's own.
    per_page = asked.get("per_page") or (PAGE_SIZES[0] if "per_page" in view.errors
                                         else preferences.page_sizes.get(table.preference_key, PAGE_SIZES[0]))
    page_param = asked.get("page", "")

    filterset, typed_filters = _clean_filters(filterset_class, params, queryset)
    filtered = filterset.qs
    one_currency = _one_currency(filterset)
    if sort.lstrip("-") in table.per_currency_sorts() and not one_currency:
        label = table.base_columns[sort.lstrip("-")].verbose_name
        problems.append(table.amount_sort_needs.format(label) + f" Sorted by {default_sort.lstrip('-')}.")
        sort = default_sort
    try:
        page = keyset_page(filtered, sort_field=sort_fields[sort.lstrip("-")], descending=sort.startswith("-"),
                           per_page=per_page, after=asked.get("after", ""), before=asked.get("before", ""),
                           last=page_param == "last")
    except BadCursor as error:
        problems.append(str(error))
        page = keyset_page(filtered, sort_field=sort_fields[sort.lstrip("-")], descending=sort.startswith("-"),
                           per_page=per_page)

    view_params = params.copy()
    for name in (*POSITION_PARAMS, *PANEL_PARAMS):
        view_params.pop(name, None)
    return Listing(
        table=table, filterset=filterset, page=page, columns=columns,
        headers=table.headers(columns, one_currency=one_currency),
        rows=table.html_rows(table.prepare(page.rows), columns), sort=sort, per_page=per_page, problems=problems,
        saved_views=list(SavedView.objects.visible_to(request.user, table.preference_key)),
        query=view_params.urlencode(), path=path or request.path, form=typed_filters,
        panel=asked.get("panel", ""), moved=asked.get("moved", ""),
    )
