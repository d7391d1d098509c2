from django.urls import path

from orders import detail_views, views

urlpatterns = [
    path("", views.purchase_order_list, name="purchase_orders"),
    path("export.csv", views.purchase_order_export, name="purchase_order_export"),
    path("columns/", views.purchase_order_columns, name="purchase_order_columns"),
    path("views/", views.purchase_order_save_view, name="purchase_order_save_view"),
    path("views/<int:view_id>/delete/", views.purchase_order_delete_view, name="purchase_order_delete_view"),
    path("<str:number>/", detail_views.order_detail, name="order_detail"),
    path("<str:number>/cancel/", detail_views.order_cancel_confirm, name="order_cancel_confirm"),
    path("<str:number>/notes/add/", detail_views.order_note_add, name="order_note_add"),
    path("<str:number>/skus/", detail_views.sku_search, name="order_sku_search"),
    path("<str:number>/edit/<slug:edit>/", detail_views.order_edit, name="order_edit"),
    path("<str:number>/edit/<slug:edit>/<int:pk>/", detail_views.order_edit, name="order_edit_item"),
    path("<str:number>/<slug:tab>/", detail_views.order_detail, name="order_tab"),
]
