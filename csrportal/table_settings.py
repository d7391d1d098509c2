"""Saving a CSR's column choice and their saved views, for any portal table."""
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import QueryDict

from csrportal.models import SavedView, UserPreferences
from csrportal.listing import PAGE_SIZES

MAX_VIEW_NAME = SavedView._meta.get_field("name").max_length


def return_query(request) -> str:
    """The list's query string the form came from, so the CSR lands back on the same view."""
    query = QueryDict(request.POST.get("query", ""), mutable=True)
    query.pop("cols", None)
    return query.urlencode()


def save_columns(request, table) -> None:
    preferences, _ = UserPreferences.objects.get_or_create(user=request.user)
    action = request.POST.get("action", "save")
    if action == "reset":
        preferences.columns.pop(table.preference_key, None)
        preferences.save(update_fields=["columns"])
        messages.success(request, "Columns reset to the default.")
        return
    order = request.POST.getlist("order") or table.all_keys()
    chosen = set(request.POST.getlist("cols"))
    keys, _ = table.clean_keys(key for key in order if key in chosen)
    if action.startswith(("up:", "down:")):
        direction, key = action.split(":", 1)
        keys = _moved(keys, key, -1 if direction == "up" else 1)
    if not keys:
        messages.error(request, "Choose at least one column.")
        return
    preferences.columns[table.preference_key] = keys
    per_page = request.POST.get("per_page")
    if per_page and per_page.isdigit() and int(per_page) in PAGE_SIZES:
        preferences.page_sizes[table.preference_key] = int(per_page)
    preferences.save(update_fields=["columns", "page_sizes"])
    if not action.startswith(("up:", "down:")):
        messages.success(request, "Columns saved.")


def _moved(keys: list, key: str, step: int) -> list:
    if key not in keys:
        return keys
    index = keys.index(key)
    target = min(max(index + step, 0), len(keys) - 1)
    keys = keys[:]
    keys.insert(target, keys.pop(index))
    return keys


def save_view(request, table) -> None:
    name = request.POST.get("name", "").strip()
    if not name or len(name) > MAX_VIEW_NAME:
        messages.error(request, f"Give the view a name of 1 to {MAX_VIEW_NAME} characters.")
        return
    preferences = UserPreferences.of(request.user)
    columns = preferences.columns.get(table.preference_key) or table.default_keys()
    query = QueryDict(request.POST.get("query", ""), mutable=True)
    for position in ("after", "before", "page", "cols"):
        query.pop(position, None)
    try:
        with transaction.atomic():
            SavedView.objects.update_or_create(
                owner=request.user, table=table.preference_key, name=name,
                defaults={"query": query.urlencode(), "columns": columns, "shared": request.POST.get("shared") == "on"},
            )
    except IntegrityError:
        messages.error(request, "That view could not be saved; try another name.")
        return
    messages.success(request, f"View “{name}” saved" + (" and shared with every CSR." if request.POST.get("shared") == "on" else "."))


def delete_view(request, table, view_id) -> None:
    deleted, _ = SavedView.objects.filter(pk=view_id, owner=request.user, table=table.preference_key).delete()
    if deleted:
        messages.success(request, "View deleted.")
    else:
        messages.error(request, "Only the CSR who saved a view can delete it.")
