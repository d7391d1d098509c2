from django.urls import path

from csrportal.views import table_columns, table_delete_view, table_save_view
from customers import list_views, page_views, views

LIST = {"screen": list_views.SCREEN}

urlpatterns = [
    path("", list_views.customer_list, name="customers"),
    path("export.csv", list_views.customer_export, name="customer_export"),
    path("columns/", table_columns, LIST, name="customer_columns"),
    path("views/", table_save_view, LIST, name="customer_save_view"),
    path("views/<int:view_id>/delete/", table_delete_view, LIST, name="customer_delete_view"),
    path("new/", list_views.customer_new, name="customer_new"),
    path("search/", views.customer_search, name="customer_search"),
    # The customer page: its own tabs (other apps add theirs under the same prefix).
    path("<int:customer_id>/", page_views.customer_detail, name="customer_detail"),
    path("<int:customer_id>/edit/", page_views.customer_edit, name="customer_edit"),
    path("<int:customer_id>/addresses/", page_views.customer_addresses, name="customer_addresses"),
    path("<int:customer_id>/addresses/new/", page_views.address_new, name="customer_address_new"),
    path("<int:customer_id>/addresses/<int:address_id>/edit/", page_views.address_edit,
         name="customer_address_edit"),
    path("<int:customer_id>/addresses/<int:address_id>/delete/", page_views.address_delete,
         name="customer_address_delete"),
    path("<int:customer_id>/addresses/<int:address_id>/preferred/<slug:preferred>/",
         page_views.address_make_preferred, name="customer_address_preferred"),
    path("<int:customer_id>/notes/", page_views.customer_notes, name="customer_notes"),
    path("<int:customer_id>/history/", page_views.customer_history, name="customer_history"),
]
