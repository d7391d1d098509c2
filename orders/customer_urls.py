"""The customer page's Order history tab, mounted under /customers/ (csrportal/urls.py)."""
from django.urls import path

from orders import customer_views

urlpatterns = [
    path("<int:customer_id>/orders/", customer_views.customer_orders, name="customer_orders"),
]
