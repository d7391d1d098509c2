from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        from csrportal import quick_search
        from subscriptions.quick_search import find_subscriptions

        quick_search.register(quick_search.Finder("subscriptions", "Subscriptions", 3, find_subscriptions))
