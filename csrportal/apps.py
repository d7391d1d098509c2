from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created


class CsrPortalConfig(AppConfig):
    name = "csrportal"
    verbose_name = "CSR Portal"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        from csrportal.search import use_unicode_case
        from csrportal.signals import remember_time_zone

        user_logged_in.connect(remember_time_zone, dispatch_uid="csrportal.remember_time_zone")
        connection_created.connect(use_unicode_case, dispatch_uid="csrportal.use_unicode_case")
