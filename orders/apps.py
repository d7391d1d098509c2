from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        from csrportal import quick_search
        from orders.quick_search import find_purchase_orders

        quick_search.register(quick_search.Finder("orders", "Purchase orders", 1, find_purchase_orders))
