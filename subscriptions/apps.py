from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"

    def ready(self):
        # Models can be imported only once the apps are loaded, so not at the top of this module.
        # The customer page, the order page and the search box belong to apps below subscriptions: its tabs, edits and
        # finder are added here.
        from csrportal import quick_search
        from customers.page import CustomerTab, register_tab
        from orders import page as order_page
        from orders.edits import register_edit
        from subscriptions import page
        from subscriptions.quick_search import find_subscriptions

        register_tab(CustomerTab("Subscriptions", "customer_subscriptions", 50))
        # The order page's Settings and Orders tabs of a subscription, and its actions (subscriptions.page).
        for tab in page.TABS:
            order_page.register_tab(tab)
        for name, edit in page.EDITS.items():
            register_edit(name, edit)
        order_page.register_actions(page.SUBSCRIPTION_KIND, page.ACTIONS_TEMPLATE)
        quick_search.register(quick_search.Finder("subscriptions", "Subscriptions", 3, find_subscriptions))
