from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    """The warehouse's side of shipping: the Shipments tab, pick lists, and the printed documents
    (invoice, packing slip, pick list). The shipment moves themselves are orders.operations'."""

    name = "fulfilment"
