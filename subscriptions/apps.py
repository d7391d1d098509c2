from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        # The customer page and the search box belong to apps below subscriptions: its tab and finder are added here.
        from csrportal import quick_search
        from customers.page import CustomerTab, register_tab
        from subscriptions.quick_search import find_subscriptions

        register_tab(CustomerTab("Subscriptions", "customer_subscriptions", 50))
        quick_search.register(quick_search.Finder("subscriptions", "Subscriptions", 3, find_subscriptions))
