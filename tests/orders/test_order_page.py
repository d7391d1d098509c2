"""The order page's tabs: what they show, which actions they offer, and constant queries."""
import pytest
from django.urls import reverse

from demo.factories.orders import NoteFactory, PurchaseOrderFactory
from orders.models import OrderStatus
from tests.world import make_editable

TABS = ["summary", "forms", "contact", "notes", "history"]


def tab_url(order, tab):
    return reverse("po:order_detail", args=[order.number]) if tab == "summary" else reverse("po:order_tab", args=[order.number, tab])


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_has_its_own_url(csr_client, editable_order, tab):
    response = csr_client.get(tab_url(editable_order, tab))
    assert response.status_code == 200
    assert f'href="{tab_url(editable_order, tab)}" hx-get="{tab_url(editable_order, tab)}" aria-current="page"' in response.content.decode()


def test_an_unknown_tab_or_order_is_not_found(csr_client, editable_order):
    assert csr_client.get(reverse("po:order_tab", args=[editable_order.number, "secrets"])).status_code == 404
    assert csr_client.get(reverse("po:order_detail", args=["PO0"])).status_code == 404


def test_the_summary_offers_only_the_actions_allowed_now(csr_client, market):
    cases = {OrderStatus.IN_PROGRESS: {"Hold", "Cancel order…"}, OrderStatus.ON_HOLD: {"Release hold", "Cancel order…"},
             OrderStatus.COMPLETED: set(), OrderStatus.CANCELLED: set()}
    for status, offered in cases.items():
        order = PurchaseOrderFactory(market=market, status=status, lines=1)
        body = csr_client.get(tab_url(order, "summary")).content.decode()
        for action in ("Hold", "Release hold", "Cancel order…"):
            assert (f">{action}</" in body) == (action in offered), (status, action)


def test_outside_in_progress_no_editing_control_is_shown(csr_client, market):
    order = PurchaseOrderFactory(market=market, status=OrderStatus.COMPLETED, lines=2)
    body = csr_client.get(tab_url(order, "forms")).content.decode()
    for control in ("Add SKU", "Apply coupon", "Add payment", "Change address", 'name="quantity"', "Remove"):
        assert control not in body


def test_form_details_show_shipments_lines_discounts_and_payments(csr_client, editable_order):
    body = csr_client.get(tab_url(editable_order, "forms")).content.decode()
    line = editable_order.forms.first().shipments.first().line_items.first()
    assert line.sku_code in body and line.display_name in body
    assert "Discounts and coupons" in body and "Payments" in body and "Balance due" in body


def test_the_history_shows_system_notes_and_the_notes_tab_custom_ones(csr_client, editable_order):
    NoteFactory(order_group=editable_order, system=True, title="Order created")
    NoteFactory(order_group=editable_order, title="Customer called", detail="<b>wants it Friday</b>")
    history = csr_client.get(tab_url(editable_order, "history")).content.decode()
    notes = csr_client.get(tab_url(editable_order, "notes")).content.decode()
    assert "Order created" in history and "Customer called" not in history
    assert "Customer called" in notes and "&lt;b&gt;wants it Friday&lt;/b&gt;" in notes


@pytest.mark.parametrize("tab", ["summary", "forms"])
def test_the_page_runs_the_same_queries_for_1_or_50_lines(csr_client, market, tab, django_assert_max_num_queries):
    small = make_editable(PurchaseOrderFactory(market=market, lines=1))
    large = make_editable(PurchaseOrderFactory(market=market, lines=50, lines__shipments=5))
    with django_assert_max_num_queries(20) as one_line:
        csr_client.get(tab_url(small, tab))
    with django_assert_max_num_queries(len(one_line.captured_queries)):
        response = csr_client.get(tab_url(large, tab))
    assert response.status_code == 200
    assert response.content.decode().count("</tr>") >= (50 if tab == "forms" else 0)


def test_an_htmx_tab_request_gets_only_the_tab(csr_client, editable_order):
    response = csr_client.get(tab_url(editable_order, "notes"), headers={"HX-Request": "true", "HX-Target": "tab-content"})
    assert response.content.decode().lstrip().startswith('<section id="tab-content"')


def test_sku_search_needs_three_characters_and_shows_price_stock_and_presence(csr_client, editable_order):
    url = reverse("po:order_sku_search", args=[editable_order.number])
    htmx = {"HX-Request": "true"}
    assert "at least 3" in csr_client.get(url, {"sku": "te"}, headers=htmx).content.decode()
    body = csr_client.get(url, {"sku": "red tee", "shipment": "1"}, headers=htmx).content.decode()
    assert "TEE-RED-M" in body and "20.00 USD" in body and "MAIN: 10" in body
    assert "No SKU matches" in csr_client.get(url, {"sku": "zzzz"}, headers=htmx).content.decode()


def test_without_javascript_the_sku_search_shows_its_results_on_the_form_details_tab(csr_client, editable_order):
    shipment = editable_order.forms.first().shipments.first()
    response = csr_client.get(reverse("po:order_sku_search", args=[editable_order.number]),
                              {"sku": "red tee", "shipment": shipment.pk})
    assert response.status_code == 302
    page = csr_client.get(response["Location"]).content.decode()
    assert "<html" in page and "TEE-RED-M" in page and "Add one TEE-RED-M" in page


def test_the_order_page_needs_the_csr_role(client, django_user_model, editable_order):
    url = tab_url(editable_order, "forms")
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get(url).status_code == 403


def test_folded_forms_are_drawn_only_when_unfolded_and_work_without_javascript(csr_client, editable_order):
    shipment = editable_order.forms.first().shipments.first()
    url = tab_url(editable_order, "forms")
    folded = csr_client.get(url).content.decode()
    assert f'id="address-{shipment.pk}-line1"' not in folded
    assert f'href="{url}?open=address-{shipment.pk}#fold-address-{shipment.pk}">Show the form</a>' in folded
    unfolded = csr_client.get(url, {"open": f"address-{shipment.pk}"}).content.decode()
    assert f'id="address-{shipment.pk}-line1"' in unfolded
    assert '<details class="edit" open>' in unfolded
