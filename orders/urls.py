from django.urls import path

from orders import views

urlpatterns = [
    path("", views.purchase_order_list, name="purchase_orders"),
    path("export.csv", views.purchase_order_export, name="purchase_order_export"),
    path("columns/", views.purchase_order_columns, name="purchase_order_columns"),
    path("views/", views.purchase_order_save_view, name="purchase_order_save_view"),
    path("views/<int:view_id>/delete/", views.purchase_order_delete_view, name="purchase_order_delete_view"),
    path("<str:number>/", views.purchase_order_detail, name="purchase_order_detail"),
]
