from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        from csrportal import quick_search
        from customers.quick_search import find_customers

        quick_search.register(quick_search.Finder("customers", "Customers", 4, find_customers))
