"""What the admin pages of every app share (the site's name, a paginator for big tables, a guard
against input the database cannot take), and the portal's own records: each CSR's preferences and
saved views. The users and their roles (groups) are registered again here to get the same guard."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property

from csrportal.models import SavedView, UserPreferences

admin.site.site_header = "CSR Portal administration"
admin.site.site_title = "CSR Portal admin"
admin.site.index_title = "Reference data and everything the portal does not cover"


def read_key(model, text: str):
    """The primary key of the model that the text is, or ValidationError.

    A key that is a relation (a one-to-one primary key) is read as the key it points to, so the
    check is the column's own type and range (99999999999999999999 is no id), and costs no query.
    """
    key = model._meta.pk
    while key.remote_field is not None:
        key = key.target_field
    ProhibitNullCharactersValidator()(text)
    value = key.to_python(text)
    key.run_validators(value)
    return value


class PrimaryKeysField(forms.Field):
    """The posted values of the changelist's checkboxes, each read as a primary key of the model."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "The chosen rows were not understood (%(value)s); nothing was changed."}

    def __init__(self, model, **kwargs):
        super().__init__(**kwargs)
        self.model = model

    def to_python(self, values):
        keys = []
        for value in values:
            try:
                keys.append(read_key(self.model, value))
            except ValidationError:
                raise ValidationError(self.error_messages["invalid"], code="invalid",
                                      params={"value": ascii(value[:20])}) from None
        return keys


class KeyChoiceField(forms.ModelChoiceField):
    """A choice of a related row: an id beyond what SQLite can hold is an invalid choice, where
    Django's own field lets SQLite's OverflowError through (PostgreSQL just finds no row)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class ActionSelectionForm(forms.Form):
    """The rows a changelist action was chosen for."""

    def __init__(self, model, data):
        super().__init__(data)
        self.fields[ACTION_CHECKBOX_NAME] = PrimaryKeysField(model, required=False)


def holds_nul(value) -> bool:
    """Whether a decoded JSON value has a NUL character in any of its strings or keys."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


class StorableJSONField(forms.JSONField):
    """A JSON value PostgreSQL can store: it refuses "\u0000" in any string of a jsonb."""

    def validate(self, value):
        super().validate(value)
        if holds_nul(value):
            raise ValidationError("Null characters are not allowed.", code="null_characters_not_allowed")


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, which shows again the row a sent-back form had chosen: a value
    that cannot be a key is not looked up (SQLite raises OverflowError for a huge one)."""

    def optgroups(self, name, value, attr=None):
        model = self.field.remote_field.model
        return super().optgroups(name, [choice for choice in value if is_key(model, choice)], attr)


def is_key(model, text: str) -> bool:
    try:
        read_key(model, text)
    except ValidationError:
        return False
    return True


# Form fields for model fields whose Django defaults let input through that the database refuses.
GUARDED_FORM_FIELDS = {
    models.JSONField: {"form_class": StorableJSONField},
    models.ForeignKey: {"form_class": KeyChoiceField},
    models.OneToOneField: {"form_class": KeyChoiceField},
}


class InputGuardMixin:
    """Answers input the database would refuse with a message or an empty result, never a 500.

    - The rows an action is chosen for: Django filters the changelist with the posted
      `_selected_action` values as they come, and the database refuses one that is not a key of
      the model's type (`abc`, `²`, a NUL byte, an empty string, a number beyond the column). They
      are read through a form first; an id of the right type that matches no row reaches the
      action as an empty queryset.
    - The changelist's filters (`?status__exact=...`): a NUL byte is sent back to the plain list
      with `?e=1`, as Django answers a lookup it cannot use. (The search box has its own form.)
    - The search behind autocomplete widgets, which has no form: a term with a NUL byte finds nothing.
    - The id in a page's URL (/admin/.../<id>/change/): one that cannot be a key finds no row.
    - JSON fields and choices of related rows (GUARDED_FORM_FIELDS): an error beside the field.
      Editable inlines set the same formfield_overrides.
    """

    formfield_overrides = GUARDED_FORM_FIELDS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        if from_field is None:
            try:
                read_key(self.model, object_id)
            except ValidationError:
                return None  # Django says the row does not exist
        return super().get_object(request, object_id, from_field)

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        if request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
            selection = ActionSelectionForm(self.model, request.POST)
            if not selection.is_valid():
                for error in selection.errors[ACTION_CHECKBOX_NAME]:
                    self.message_user(request, error, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class ModelAdmin(InputGuardMixin, admin.ModelAdmin):
    """The base of every ModelAdmin of the portal."""


class CappedCountPaginator(Paginator):
    """Counts at most `cap` rows, so a changelist over a million orders never runs a full COUNT(*).

    SELECT COUNT(*) FROM (SELECT ... LIMIT cap + 1) stops after cap + 1 rows of the index. When
    there are more, `count` is the cap (the pages beyond it are not offered: search or filter
    instead) and `capped` is true, which admin/pagination.html shows as "more than ...".
    """

    cap = 10_000
    capped = False

    @cached_property
    def count(self):
        counted = self.object_list[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)


class LargeTableAdmin(ModelAdmin):
    """Settings for changelists over tables that grow without bound (orders, customers, notes)."""

    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER


@admin.register(UserPreferences)
class UserPreferencesAdmin(ModelAdmin):
    list_display = ("user", "time_zone")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
    ordering = ("user__username",)


@admin.register(SavedView)
class SavedViewAdmin(ModelAdmin):
    list_display = ("name", "table", "owner", "shared", "created")
    list_filter = ("table", "shared")
    list_select_related = ("owner",)
    search_fields = ("name", "owner__username")
    autocomplete_fields = ("owner",)
    readonly_fields = ("created",)
    ordering = ("table", "name")


# Users and roles: Django's own pages, with the guard on their actions.
admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class UserAdmin(InputGuardMixin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(InputGuardMixin, auth_admin.GroupAdmin):
    pass
