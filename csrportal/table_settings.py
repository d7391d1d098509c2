"""Saving a CSR's column choice and their saved views, for any portal table.

The values come typed from csrportal.forms (ColumnsForm, SaveViewForm); these keep the rules."""
from django.db import IntegrityError, transaction

from csrportal.models import SavedView, UserPreferences


class ViewNotSaved(Exception):
    pass


def columns_reset(user, table) -> None:
    preferences, _ = UserPreferences.objects.get_or_create(user=user)
    preferences.columns.pop(table.preference_key, None)
    preferences.save(update_fields=["columns"])


def columns_save(user, table, *, keys: list[str], per_page: int | None = None, move: tuple[str, int] | None = None
                 ) -> list[str]:
    """Remember the columns (one moved a place up or down if `move` says so) and the page size."""
    if move:
        keys = _moved(keys, *move)
    preferences, _ = UserPreferences.objects.get_or_create(user=user)
    preferences.columns[table.preference_key] = keys
    if per_page:
        preferences.page_sizes[table.preference_key] = per_page
    preferences.save(update_fields=["columns", "page_sizes"])
    return keys


def _moved(keys: list, key: str, step: int) -> list:
    if key not in keys:
        return keys
    index = keys.index(key)
    target = min(max(index + step, 0), len(keys) - 1)
    keys = keys[:]
    keys.insert(target, keys.pop(index))
    return keys


def remembered_columns(user, table) -> list[str]:
    return UserPreferences.of(user).columns.get(table.preference_key) or table.default_keys()


def view_save(user, table, *, name: str, query: str, columns: list[str], shared: bool) -> SavedView:
    """Save (or replace) the CSR's view of that name."""
    try:
        with transaction.atomic():
            view, _ = SavedView.objects.update_or_create(
                owner=user, table=table.preference_key, name=name,
                defaults={"query": query, "columns": columns, "shared": shared},
            )
    except IntegrityError as error:  # the same name saved at the same moment in another tab
        raise ViewNotSaved("That view could not be saved; try another name.") from error
    return view


def view_delete(user, table, view_id: int) -> bool:
    """Only the CSR who saved a view may delete it."""
    deleted, _ = SavedView.objects.filter(pk=view_id, owner=user, table=table.preference_key).delete()
    return bool(deleted)
