from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        # The customer page and the search box belong to apps below orders: its tab and finder are added here.
        from csrportal import quick_search
        from customers.page import CustomerTab, register_tab
        from orders.quick_search import find_purchase_orders

        register_tab(CustomerTab("Order history", "customer_orders", 30))
        quick_search.register(quick_search.Finder("orders", "Purchase orders", 1, find_purchase_orders))
