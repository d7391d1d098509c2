from django.urls import path

from customers import views

urlpatterns = [
    path("search/", views.customer_search, name="customer_search"),
]
