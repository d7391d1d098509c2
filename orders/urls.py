from django.urls import path

from csrportal.views import table_columns, table_delete_view, table_save_view
from orders import detail_views, views
from orders.tables import PurchaseOrderTable

LIST = {"table": PurchaseOrderTable, "list_url": "purchase_orders"}

urlpatterns = [
    path("", views.purchase_order_list, name="purchase_orders"),
    path("export.csv", views.purchase_order_export, name="purchase_order_export"),
    path("columns/", table_columns, LIST, name="purchase_order_columns"),
    path("views/", table_save_view, LIST, name="purchase_order_save_view"),
    path("views/<int:view_id>/delete/", table_delete_view, LIST, name="purchase_order_delete_view"),
    path("<str:number>/", detail_views.order_detail, name="order_detail"),
    path("<str:number>/cancel/", detail_views.order_cancel_confirm, name="order_cancel_confirm"),
    path("<str:number>/notes/add/", detail_views.order_note_add, name="order_note_add"),
    path("<str:number>/skus/", detail_views.sku_search, name="order_sku_search"),
    path("<str:number>/edit/<slug:edit>/", detail_views.order_edit, name="order_edit"),
    path("<str:number>/edit/<slug:edit>/<int:pk>/", detail_views.order_edit, name="order_edit_item"),
    path("<str:number>/<slug:tab>/", detail_views.order_detail, name="order_tab"),
]
