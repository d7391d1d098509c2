from django.urls import path

from carts import views
from csrportal.views import table_columns, table_delete_view, table_save_view

LIST = {"screen": views.SCREEN}

urlpatterns = [
    path("", views.cart_list, name="carts"),
    path("export.csv", views.cart_export, name="cart_export"),
    path("columns/", table_columns, LIST, name="cart_columns"),
    path("views/", table_save_view, LIST, name="cart_save_view"),
    path("views/<int:view_id>/delete/", table_delete_view, LIST, name="cart_delete_view"),
    path("new/", views.cart_new, {"purpose": "cart"}, name="cart_new"),
    path("<str:number>/place/", views.cart_place, name="cart_place"),
]
