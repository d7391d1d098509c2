"""The order page shows the whole order; what only operations may change is read-only."""
import pytest

from carts.models import Cart
from orders.models import LineItem, OrderGroup, PurchaseOrder, Shipment
from subscriptions.models import PaymentPlan
from tests.admin.helpers import admin_url, form_data, order_url

pytestmark = pytest.mark.django_db


def test_status_totals_version_number_and_kind_cannot_be_posted(admin_client, make_order):
    order = make_order()
    url = order_url(order)
    data = form_data(admin_client.get(url))
    data.update(status="cancelled", total="0", subtotal="0", version="99", number="PO1", kind="cart", name="Hacked")

    admin_client.post(url, data)

    after = OrderGroup.objects.get(pk=order.pk)
    assert (after.status, after.total, after.version, after.number, after.kind, after.name) == (
        order.status, order.total, order.version, order.number, order.kind, order.name)


def test_a_save_without_changes_writes_nothing(admin_client, make_order):
    order = make_order()
    url = order_url(order)

    admin_client.post(url, form_data(admin_client.get(url)))

    after = OrderGroup.objects.get(pk=order.pk)
    assert (after.version, after.modified) == (order.version, order.modified)


def test_the_order_page_shows_every_form_shipment_and_line_with_links(admin_client, make_order):
    order = make_order(lines=(("TEE-M", 2), ("TEE-L", 1)))
    shipment = Shipment.objects.get(order_form__order_group=order)

    page = admin_client.get(order_url(order)).content.decode()

    assert admin_url(shipment) in page and admin_url(shipment.order_form) in page
    for line in LineItem.objects.filter(shipment=shipment):
        assert line.display_name in page


@pytest.mark.parametrize("model", [PurchaseOrder, Cart, PaymentPlan], ids=lambda model: model._meta.label)
def test_no_order_can_be_deleted_for_its_history_would_go_with_it(admin_client, make_order, model):
    order = make_order(kind={Cart: "cart", PaymentPlan: "plan"}.get(model, "po"))

    response = admin_client.post(admin_url(model, "delete", order.pk), {"post": "yes"})

    assert response.status_code == 403
    assert OrderGroup.objects.filter(pk=order.pk).exists()
