from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        # The customer page belongs to customers, which cannot import orders: the tab is added here.
        from customers.page import CustomerTab, register_tab

        register_tab(CustomerTab("Order history", "customer_orders", 30))
