from django.apps import AppConfig


class CsrPortalConfig(AppConfig):
    name = "csrportal"
    verbose_name = "CSR Portal"
