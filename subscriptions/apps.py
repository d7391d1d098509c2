from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"

    def ready(self):
        # The customer page belongs to customers, which cannot import subscriptions: the tab is added here.
        from customers.page import CustomerTab, register_tab

        register_tab(CustomerTab("Subscriptions", "customer_subscriptions", 50))
