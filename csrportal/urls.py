from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from carts.views import cart_new
from csrportal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A phone order starts as a cart (carts sit above orders, so orders.urls cannot name it).
    path("orders/new/", cart_new, {"purpose": "phone"}, name="phone_order_new"),
    path("orders/", include("orders.urls")),
    path("orders/", include("orders.page_urls", namespace="po"), {"kind": "po"}),
    path("carts/", include("carts.urls")),
    path("carts/", include("orders.page_urls", namespace="cart"), {"kind": "cart"}),
    path("subscriptions/", include("subscriptions.urls")),
    path("subscriptions/", include("orders.page_urls", namespace="subscription"), {"kind": "plan"}),
    path("shipments/", include("fulfilment.urls")),
    # The customer page's tabs about what the customer bought, each from the app that owns the records.
    path("customers/", include("orders.customer_urls")),
    path("customers/", include("carts.customer_urls")),
    path("customers/", include("subscriptions.customer_urls")),
    path("customers/", include("customers.urls")),
    # The printed documents (invoice, packing slips, pick list); the Shipments tab is fulfilment.urls.
    path("shipments/", include("fulfilment.print_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "csrportal.views.permission_denied"
