from django.apps import AppConfig


class CartsConfig(AppConfig):
    name = "carts"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        # The customer page and the search box belong to apps below carts: its tab and finder are added here.
        from carts.quick_search import find_carts
        from csrportal import quick_search
        from customers.page import CustomerTab, register_tab

        register_tab(CustomerTab("Carts", "customer_carts", 40))
        quick_search.register(quick_search.Finder("carts", "Carts", 2, find_carts))
