from django.apps import AppConfig


class CartsConfig(AppConfig):
    name = "carts"

    def ready(self):
        # The customer page belongs to customers, which cannot import carts: the tab is added here.
        from customers.page import CustomerTab, register_tab

        register_tab(CustomerTab("Carts", "customer_carts", 40))
