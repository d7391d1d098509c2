"""The order page numbers shipments over the whole order, as History and refusals name them."""
import re

from django.urls import reverse

from demo.factories.orders import PurchaseOrderFactory
from orders.models import Shipment
from tests.world import make_editable


def test_shipments_of_every_form_are_numbered_once_over_the_order(csr_client, market):
    order = make_editable(PurchaseOrderFactory(market=market, b2b=True, lines=3))
    shipments = list(Shipment.objects.filter(order_form__order_group=order).order_by("order_form_id", "id"))
    assert len({shipment.order_form_id for shipment in shipments}) > 1
    body = csr_client.get(reverse("po:order_tab", args=[order.number, "forms"])).content.decode()
    titles = re.findall(r'<h3 id="shipment-(\d+)-title">Shipment (\d+)', body)
    assert titles == [(str(shipment.pk), str(number)) for number, shipment in enumerate(shipments, start=1)]
