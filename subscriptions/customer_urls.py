"""The customer page's Subscriptions tab, mounted under /customers/ (csrportal/urls.py)."""
from django.urls import path

from subscriptions import customer_views

urlpatterns = [
    path("<int:customer_id>/subscriptions/", customer_views.customer_subscriptions, name="customer_subscriptions"),
]
