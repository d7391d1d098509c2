from django.urls import path

from customers import page_views, views

urlpatterns = [
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
