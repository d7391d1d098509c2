"""What the admin pages of every app share (the site's name, a paginator for big tables), and the
portal's own records: each CSR's preferences and saved views."""
from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from csrportal.models import SavedView, UserPreferences

admin.site.site_header = "CSR Portal administration"
admin.site.site_title = "CSR Portal admin"
admin.site.index_title = "Reference data and everything the portal does not cover"


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


class LargeTableAdmin(admin.ModelAdmin):
    """Settings for changelists over tables that grow without bound (orders, customers, notes)."""

    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER


@admin.register(UserPreferences)
class UserPreferencesAdmin(admin.ModelAdmin):
    list_display = ("user", "time_zone")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
    ordering = ("user__username",)


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "table", "owner", "shared", "created")
    list_filter = ("table", "shared")
    list_select_related = ("owner",)
    search_fields = ("name", "owner__username")
    autocomplete_fields = ("owner",)
    readonly_fields = ("created",)
    ordering = ("table", "name")
