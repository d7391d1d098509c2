"""The order page, mounted for purchase orders (/orders/, namespace "po") and for carts (/carts/,
namespace "cart"). Templates name these URLs "order_page:..." and Django picks the instance the
request came through, so one page serves both kinds."""
from django.urls import path

from orders import detail_views, presence_views

app_name = "order_page"

urlpatterns = [
    path("<str:number>/", detail_views.order_detail, name="order_detail"),
    path("<str:number>/cancel/", detail_views.order_cancel_confirm, name="order_cancel_confirm"),
    path("<str:number>/notes/add/", detail_views.order_note_add, name="order_note_add"),
    path("<str:number>/presence/", presence_views.order_presence, name="order_presence"),
    path("<str:number>/skus/", detail_views.sku_search, name="order_sku_search"),
    path("<str:number>/edit/<slug:edit>/", detail_views.order_edit, name="order_edit"),
    path("<str:number>/edit/<slug:edit>/<int:pk>/", detail_views.order_edit, name="order_edit_item"),
    path("<str:number>/<slug:tab>/", detail_views.order_detail, name="order_tab"),
]
