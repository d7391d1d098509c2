from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created


def remember_time_zone(sender, request, user, **kwargs):
    """Keep the CSR's own time zone in the session, so pages need no query to show local times."""
    from csrportal.models import UserPreferences

    time_zone = UserPreferences.of(user).time_zone
    if time_zone:
        request.session["time_zone"] = time_zone


class CsrPortalConfig(AppConfig):
    name = "csrportal"
    verbose_name = "CSR Portal"

    def ready(self):
        from csrportal.search import use_unicode_case

        user_logged_in.connect(remember_time_zone, dispatch_uid="csrportal.remember_time_zone")
        connection_created.connect(use_unicode_case, dispatch_uid="csrportal.use_unicode_case")
