from django.apps import AppConfig


class CartsConfig(AppConfig):
    name = "carts"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        from carts.quick_search import find_carts
        from csrportal import quick_search

        quick_search.register(quick_search.Finder("carts", "Carts", 2, find_carts))
