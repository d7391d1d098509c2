"""What the portal remembers for each CSR: table columns, page sizes, time zone, saved views."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class UserPreferences(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_preferences")
    time_zone = models.CharField(max_length=60, blank=True, help_text="Blank: the portal's TIME_ZONE.")
    # table name -> ordered list of column keys; table name -> rows per page.
    columns = models.JSONField(default=dict, blank=True)
    page_sizes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "user preferences"
        verbose_name_plural = "user preferences"

    def __str__(self):
        return f"Preferences of {self.user}"

    @classmethod
    def of(cls, user) -> "UserPreferences":
        """The user's preferences; unsaved defaults until they first change something."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user, table: str):
        return self.filter(Q(owner=user) | Q(shared=True), table=table).select_related("owner")


class SavedView(models.Model):
    """A named set of filters, columns and sort, personal or shared with every CSR."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    table = models.CharField(max_length=40)
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True, help_text="The view's filters, sort and page size, as a URL query.")
    columns = models.JSONField(default=list)
    shared = models.BooleanField(default=False, help_text="Shown to every CSR.")
    created = models.DateTimeField(auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "table", "name"], name="saved_view_name_unique_per_owner")]
        indexes = [models.Index(fields=["table", "shared"], name="saved_view_table_shared")]

    def __str__(self):
        return self.name
