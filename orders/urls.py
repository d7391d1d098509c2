from django.urls import path

from csrportal.views import table_columns, table_delete_view, table_save_view
from orders import views

LIST = {"screen": views.SCREEN}

urlpatterns = [
    path("", views.purchase_order_list, name="purchase_orders"),
    path("export.csv", views.purchase_order_export, name="purchase_order_export"),
    path("columns/", table_columns, LIST, name="purchase_order_columns"),
    path("views/", table_save_view, LIST, name="purchase_order_save_view"),
    path("views/<int:view_id>/delete/", table_delete_view, LIST, name="purchase_order_delete_view"),
]
