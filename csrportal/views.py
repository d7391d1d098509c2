from dataclasses import dataclass

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from csrportal import table_settings
from csrportal.auth import csr_required


@csr_required
def home(request):
    return redirect("purchase_orders")


@csr_required
def section(request, section):
    """The Order Management tabs whose own screens have not been built yet."""
    return render(request, "portal/section.html", {"section": section})


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
    new_url: str = ""
    new_label: str = ""

    @property
    def urls(self) -> dict:
        return {name: f"{self.url_prefix}_{name}" for name in ("columns", "save_view", "delete_view", "export")}


def render_listing(request, screen: ListScreen, listing):
    """A list screen: the whole page, or for HTMX only the region it targets (results or workspace)."""
    template = "portal/list_page.html"
    if request.htmx and request.htmx.target == screen.results_id:
        template += "#results"
    elif request.htmx and request.htmx.target == "workspace":
        template += "#workspace"
    return render(request, template, {"listing": listing, "screen": screen, "results_id": screen.results_id})


# The Columns chooser and saved views of any list screen. The URLconf names the table and the
# list to return to: path("columns/", table_columns, {"table": CartTable, "list_url": "carts"}).

def _back_to_list(request, list_url: str):
    return redirect(reverse(list_url) + "?" + table_settings.return_query(request))


@require_POST
@csr_required
def table_columns(request, *, table, list_url):
    table_settings.save_columns(request, table)
    return _back_to_list(request, list_url)


@require_POST
@csr_required
def table_save_view(request, *, table, list_url):
    table_settings.save_view(request, table)
    return _back_to_list(request, list_url)


@require_POST
@csr_required
def table_delete_view(request, view_id, *, table, list_url):
    table_settings.delete_view(request, table, view_id)
    return _back_to_list(request, list_url)
