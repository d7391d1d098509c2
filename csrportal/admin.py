"""What the admin pages of every app share (the site's name, a paginator for big tables, a guard
against input the database cannot take), and the portal's own records: each CSR's preferences and
saved views. The users and their roles (groups) are registered again here to get the same guard."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG
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


class PrimaryKeysField(forms.Field):
    """The posted values of the changelist's checkboxes, each read as a primary key of the model.

    A key that is a relation (a one-to-one primary key) is read as the key it points to, so the
    check is the column's own type and range, and costs no query.
    """

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "The chosen rows were not understood (%(value)s); nothing was changed."}

    def __init__(self, model, **kwargs):
        super().__init__(**kwargs)
        key = model._meta.pk
        while key.remote_field is not None:
            key = key.target_field
        self.key = key

    def to_python(self, values):
        keys = []
        for value in values:
            try:
                ProhibitNullCharactersValidator()(value)
                keys.append(self.key.to_python(value))
                self.key.run_validators(keys[-1])  # the column's range: 99999999999999999999 is no id
            except ValidationError:
                raise ValidationError(self.error_messages["invalid"], code="invalid",
                                      params={"value": ascii(value[:20])}) from None
        return keys


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
    - JSON fields: a NUL character in a string is an error beside the field.
    """

    formfield_overrides = {models.JSONField: {"form_class": StorableJSONField}}

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
