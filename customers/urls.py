from django.urls import path

from customers import views

urlpatterns = [
    path("search/", views.customer_search, name="customer_search"),
    path("<int:customer_id>/", views.customer_detail, name="customer_detail"),
]
