from django.urls import path

from csrportal.views import table_columns, table_delete_view, table_save_view
from fulfilment import views

LIST = {"screen": views.SCREEN}

# Mounted at /shipments/. The printed documents' URLs are fulfilment/print_urls.py's, under the same prefix.
urlpatterns = [
    path("", views.shipment_list, name="shipments"),
    path("export.csv", views.shipment_export, name="shipment_export"),
    path("columns/", table_columns, LIST, name="shipment_columns"),
    path("views/", table_save_view, LIST, name="shipment_save_view"),
    path("views/<int:view_id>/delete/", table_delete_view, LIST, name="shipment_delete_view"),
    path("actions/", views.shipment_actions, name="shipment_actions"),
    path("pick-lists/", views.pick_list_list, name="pick_lists"),
    path("pick-lists/<str:pick_list>/", views.pick_list_detail, name="pick_list_detail"),
    path("pick-lists/<str:pick_list>/complete/", views.pick_list_complete, name="pick_list_complete"),
    path("pick-lists/<str:pick_list>/remove/", views.pick_list_remove, name="pick_list_remove"),
]
