"""The customer page's Carts tab, mounted under /customers/ (csrportal/urls.py)."""
from django.urls import path

from carts import customer_views

urlpatterns = [
    path("<int:customer_id>/carts/", customer_views.customer_carts, name="customer_carts"),
]
