from django.urls import path

from csrportal.views import table_columns, table_delete_view, table_save_view
from customers import list_views, views

LIST = {"screen": list_views.SCREEN}

urlpatterns = [
    path("", list_views.customer_list, name="customers"),
    path("export.csv", list_views.customer_export, name="customer_export"),
    path("columns/", table_columns, LIST, name="customer_columns"),
    path("views/", table_save_view, LIST, name="customer_save_view"),
    path("views/<int:view_id>/delete/", table_delete_view, LIST, name="customer_delete_view"),
    path("new/", list_views.customer_new, name="customer_new"),
    path("search/", views.customer_search, name="customer_search"),
    path("<int:customer_id>/", views.customer_detail, name="customer_detail"),
]
