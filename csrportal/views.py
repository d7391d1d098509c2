from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from csrportal import quick_search, table_settings
from csrportal.auth import csr_required
from csrportal.forms import ColumnsForm, DeleteViewForm, QuickSearchForm, SaveViewForm


@csr_required
def home(request):
    return redirect("purchase_orders")


@require_GET
@csr_required
def search(request):
    """The header's search box (csrportal/quick_search.py). As the CSR types, htmx gets the matches
    for the box's drop-down; the form sent (Enter) opens an exact number or email at once, or shows
    the matches as a page of their own."""
    form = QuickSearchForm(request.GET)
    results = quick_search.search(form.text())
    if results.exact and not request.htmx:
        return redirect(results.exact.url)
    template = "portal/search.html" + ("#search-results" if request.htmx else "")
    typed = form.data.get("q", "").replace("\x00", "")  # shown again in the box, as typed
    return render(request, template, {"form": form, "results": results, "search_text": typed})


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


# List screens ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListScreen:
    """What differs between the Order Management tabs' list pages."""

    title: str
    noun: str  # "purchase order": the caption counts them
    results_id: str  # the id of the results region, which the filters refresh
    url_prefix: str  # "<prefix>_columns", "_save_view", "_delete_view", "_export" are its URL names
    list_url: str  # the URL name of the list page
    table: type
    listing: Callable  # listing(request, params=None) -> Listing: the list as a query string describes it
    new_url: str = ""
    new_label: str = ""
    template: str = "portal/list_page.html"  # a tab that draws more than the shared page (the Shipments tab's actions)

    @property
    def urls(self) -> dict:
        return {name: f"{self.url_prefix}_{name}" for name in ("columns", "save_view", "delete_view", "export")}


def render_listing(request, screen: ListScreen, listing):
    """A list screen: the whole page, or for HTMX only the region it targets (results or workspace).

    The results come with the tools' copies of the view (their query, the export link) and the
    filters' errors, out of band: they follow what is on screen even when the page was not reloaded."""
    template = screen.template
    if request.htmx and request.htmx.target == screen.results_id:
        template += "#results-update"
    elif request.htmx and request.htmx.target == "workspace":
        template += "#workspace"
    return render(request, template, {"listing": listing, "screen": screen, "results_id": screen.results_id})


# The Columns chooser and saved views of any list screen. The URLconf names the screen:
# path("columns/", table_columns, {"screen": SCREEN}). A form that cannot be used draws the list
# again as it was, with the panel open and the errors beside the fields.

def _back_to_list(screen: ListScreen, query, **panel):
    query = query.copy()
    query.update(panel)
    return redirect(reverse(screen.list_url) + ("?" + query.urlencode() if query else ""))


def _list_with_errors(request, screen: ListScreen, form, **forms_and_panel):
    params = form.cleaned_data.get("query")
    if params is None:  # the query itself was refused (too long to save): show it as it came
        params = form.fields["query"].to_python(form.data.get("query", ""))
    listing = screen.listing(request, params=params)
    for name, value in forms_and_panel.items():
        setattr(listing, name, value)
    return render_listing(request, screen, listing)


@require_POST
@csr_required
def table_columns(request, *, screen: ListScreen):
    form = ColumnsForm(request.POST, table=screen.table)
    if not form.is_valid():
        return _list_with_errors(request, screen, form, columns_form=form, panel="columns")
    if form.cleaned_data["action"] == "reset":
        table_settings.columns_reset(request.user, screen.table)
        messages.success(request, "Columns reset to the default.")
        return _back_to_list(screen, form.return_query())
    table_settings.columns_save(request.user, screen.table, keys=form.chosen_keys(),
                                per_page=form.cleaned_data["per_page"], move=form.move)
    if form.move:  # the CSR is still arranging: the panel stays open, the focus on the button used
        return _back_to_list(screen, form.return_query(), panel="columns", moved=form.cleaned_data["action"])
    messages.success(request, "Columns saved.")
    return _back_to_list(screen, form.return_query())


@require_POST
@csr_required
def table_save_view(request, *, screen: ListScreen):
    form = SaveViewForm(request.POST, table=screen.table)
    if not form.is_valid():
        return _list_with_errors(request, screen, form, save_view_form=form, panel="views")
    data = form.cleaned_data
    try:
        table_settings.view_save(
            request.user, screen.table, name=data["name"], query=form.view_query(data["query"]),
            columns=form.columns(table_settings.remembered_columns(request.user, screen.table)), shared=data["shared"])
    except table_settings.ViewNotSaved as error:
        form.add_error("name", str(error))
        return _list_with_errors(request, screen, form, save_view_form=form, panel="views")
    messages.success(request, f"View “{data['name']}” saved" + (" and shared with every CSR." if data["shared"] else "."))
    return _back_to_list(screen, form.return_query())


@require_POST
@csr_required
def table_delete_view(request, view_id, *, screen: ListScreen):
    form = DeleteViewForm(request.POST, table=screen.table)
    form.is_valid()  # only the way back can be wrong, and then the list is shown unfiltered
    if table_settings.view_delete(request.user, screen.table, view_id):
        messages.success(request, "View deleted.")
    else:
        messages.error(request, "Only the CSR who saved a view can delete it.")
    return _back_to_list(screen, form.return_query())
