"""The printed documents, mounted under /shipments/ (csrportal/urls.py). Each takes ?format=pdf."""
from django.urls import path

from fulfilment import print_views

urlpatterns = [
    path("print/invoice/<str:number>/", print_views.print_invoice, name="print_invoice"),
    path("print/invoices/", print_views.print_invoices, name="print_invoices"),
    path("print/packing-slips/", print_views.print_packing_slips, name="print_packing_slips"),
    path("pick-lists/<str:pick_list>/print/", print_views.print_pick_list, name="print_pick_list"),
]
