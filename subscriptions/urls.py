from django.urls import path

from csrportal.views import table_columns, table_delete_view, table_save_view
from subscriptions import views

LIST = {"screen": views.SCREEN}

urlpatterns = [
    path("", views.subscription_list, name="subscriptions"),
    path("export.csv", views.subscription_export, name="subscription_export"),
    path("columns/", table_columns, LIST, name="subscription_columns"),
    path("views/", table_save_view, LIST, name="subscription_save_view"),
    path("views/<int:view_id>/delete/", table_delete_view, LIST, name="subscription_delete_view"),
    path("from-cart/<str:number>/", views.cart_subscribe, name="cart_subscribe"),
]
