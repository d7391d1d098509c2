"""Printing (issue 11, part 3): the invoice, packing slips and pick list as print-ready HTML and as
PDF; their figures are the order page's; many documents are one document with page breaks; a
fixed number of queries however many documents, shipments and lines; bad input never a 500."""
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Stock
from demo.factories.orders import DiscountFactory, PaymentFactory
from fulfilment import print_views
from fulfilment.printing import documents, forms, pdf
from orders.models import LineItem, OrderAddress, OrderStatus, PickList, Shipment, ShipmentStatus, TransactionType
from orders.operations import recalculate
from tests.world import first_shipment, shipments_of

PAGE_BREAK = re.compile(r"\.document\s*\{[^}]*break-after:\s*page")


def invoice_url(order, **query):
    url = reverse("print_invoice", args=[order.number])
    return url + ("?" + "&".join(f"{name}={value}" for name, value in query.items()) if query else "")


def slips_url(*shipments, extra=""):
    return reverse("print_packing_slips") + "?" + "&".join(f"shipment={shipment.pk}" for shipment in shipments) + extra


def summary_figures(client, order) -> dict:
    """Total, Paid and the balance as the order page's Summary tab shows them."""
    html = client.get(reverse("po:order_detail", args=[order.number])).content.decode()
    return {label: value for label, value in re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html)
            if label in ("Total", "Paid", "Balance due", "Refund due")}


def totals_rows(html: str) -> dict:
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td class="number">([^<]*)</td>', html))


@pytest.fixture
def paid_order(make_order, world):
    """Two shipments (TEE-M x2 and MUG-BLUE x1; TEE-M x2), 10 % off, a 30.00 USD sale by phone."""
    order = make_order(status=OrderStatus.PARTIALLY_SHIPPED, lines=(("TEE-M", 2), ("MUG-BLUE", 1)))
    DiscountFactory(order_group=order)
    PaymentFactory(order_form=order.forms.get(), method=world.phone, amount=Decimal("30.00"),
                   transaction_type=TransactionType.SALE)
    recalculate(order)
    order.save()
    return order


# --- The invoice ---------------------------------------------------------------------------------------

def test_an_invoice_shows_the_order_pages_figures(csr_client, paid_order, settings):
    settings.SELLER_NAME, settings.SELLER_ADDRESS = "Acme Goods Inc.", "9 Dock Road;Portland, OR 97201"
    response = csr_client.get(invoice_url(paid_order))

    assert response.status_code == 200
    html = response.content.decode()
    rows = totals_rows(html)
    shown = summary_figures(csr_client, paid_order)
    assert rows["Total"] == shown["Total"] == "100.22 USD"
    assert rows["Paid"] == shown["Paid"] == "30.00 USD"
    assert rows["Balance due"] == shown["Balance due"] == "70.22 USD"
    assert rows["Tax 8 %"] == f"{paid_order.tax_total} USD"
    assert rows["Items"] == f"{paid_order.subtotal} USD" and rows["Shipping"] == "10.00 USD"
    for text in ("Acme Goods Inc.", "9 Dock Road", "Portland, OR 97201", "Invoice number", paid_order.number,
                 "Mercy Taylor", "1 Main St", "TEE-M", "MUG-BLUE", "T-shirt M", "Shipment 2", "20.00 USD",
                 paid_order.discounts.get().reason, "Took off"):
        assert text in html, text
    # No portal chrome in the print window: no navigation, no search box.
    assert "area-nav" not in html and "quick-search" not in html
    assert 'class="paper-letter"' in html and "print/page-letter.css" in html


def test_a_refund_due_is_shown_as_such(csr_client, make_order, world):
    order = make_order(status=OrderStatus.CANCELLED)
    PaymentFactory(order_form=order.forms.get(), method=world.phone, amount=Decimal("12.00"),
                   transaction_type=TransactionType.SALE)
    recalculate(order)
    order.save()

    rows = totals_rows(csr_client.get(invoice_url(order)).content.decode())

    assert rows["Refund due"] == "12.00 USD" and "Balance due" not in rows


def test_an_invoice_in_yen_in_a_market_whose_prices_include_tax(csr_client, make_order, world):
    order = make_order()
    world.japan.prices_include_tax = True
    world.japan.save()
    type(order).objects.filter(pk=order.pk).update(market=world.japan, currency="JPY")
    LineItem.objects.filter(shipment__order_form__order_group=order).update(placed_price=Decimal("3000"))
    Shipment.objects.filter(order_form__order_group=order).update(shipping_cost=Decimal("500"))
    order.refresh_from_db()
    recalculate(order)
    order.save()

    html = csr_client.get(invoice_url(order)).content.decode()

    rows = totals_rows(html)
    assert rows["Total"] == "6,500 JPY"
    assert rows["Tax 10 % (included)"] == f"{order.tax_total:,.0f} JPY"
    assert 'class="paper-a4"' in html


def test_the_paper_can_be_chosen(csr_client, paid_order):
    html = csr_client.get(invoice_url(paid_order, paper="a4")).content.decode()
    assert 'class="paper-a4"' in html and "print/page-a4.css" in html


def test_user_text_is_escaped(csr_client, paid_order):
    line = LineItem.objects.filter(shipment__order_form__order_group=paid_order).first()
    line.display_name = "<script>alert(1)</script>"
    line.save()
    OrderAddress.objects.filter(order_group=paid_order).update(line1="<b>bold</b>")

    for url in (invoice_url(paid_order), slips_url(line.shipment)):
        html = csr_client.get(url).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>bold</b>" not in html


def test_several_invoices_are_one_document_with_page_breaks(csr_client, paid_order, make_order):
    other = make_order()
    url = reverse("print_invoices") + f"?order={paid_order.number}&order={other.number.lower()}&order={paid_order.number}"

    html = csr_client.get(url).content.decode()

    assert html.count('<article class="document invoice"') == 2
    assert html.index(f'id="invoice-{paid_order.number}"') < html.index(f'id="invoice-{other.number}"')
    assert html.count("<html") == 1
    css = csr_client.get("/static/print/print.css")
    assert PAGE_BREAK.search(b"".join(css.streaming_content).decode())


# --- Packing slips ----------------------------------------------------------------------------------------

def test_a_packing_slip_has_lines_and_quantities_and_no_prices(csr_client, paid_order):
    first, second = shipments_of(paid_order)

    html = csr_client.get(slips_url(second)).content.decode()

    assert html.count('<article class="document packing-slip"') == 1
    assert "2 of 2" in html and "Ground" in html and "1 Main St" in html and paid_order.number in html
    assert "TEE-M" in html and "MUG-BLUE" not in html
    assert "USD" not in html


def test_several_packing_slips_in_the_order_asked(csr_client, paid_order, make_order):
    other = make_order()
    first, second = shipments_of(paid_order)

    html = csr_client.get(slips_url(second, first_shipment(other), first)).content.decode()

    positions = [html.index(f'id="packing-slip-{shipment.pk}"') for shipment in (second, first_shipment(other), first)]
    assert positions == sorted(positions)
    assert html.count('<article class="document packing-slip"') == 3
    assert "1 of 2" in html and "2 of 2" in html and "1 of 1" in html


# --- The pick list ---------------------------------------------------------------------------------------

@pytest.fixture
def picking(make_order, world, csr_user):
    """A pick list of three shipments at MAIN: TEE-M x2 + MUG-BLUE x1, TEE-M x2, TEE-L x1 + TEE-M x3;
    TEE-M sits in B-02, MUG-BLUE in A-01, TEE-L has no bin."""
    one = make_order(status=OrderStatus.PARTIALLY_SHIPPED, lines=(("TEE-M", 2), ("MUG-BLUE", 1)))
    two = make_order(lines=(("TEE-L", 1), ("TEE-M", 3)))
    pick_list = PickList.objects.create(number="PL10001", warehouse=world.warehouse, created_by=csr_user)
    Shipment.objects.filter(order_form__order_group__in=[one, two]).update(pick_list=pick_list,
                                                                          status=ShipmentStatus.PACKING)
    Stock.objects.filter(warehouse=world.warehouse, sku__code="TEE-M").update(bin_location="B-02")
    Stock.objects.filter(warehouse=world.warehouse, sku__code="MUG-BLUE").update(bin_location="A-01")
    return pick_list, one, two


def test_a_pick_list_sums_per_bin_and_sku_in_walking_order(picking, csr_client):
    pick_list, one, two = picking

    response = csr_client.get(reverse("print_pick_list", args=["pl10001"]))

    assert response.status_code == 200
    html = response.content.decode()
    picks = re.findall(r'<td class="mono">([^<]*)</td><td class="mono">([^<]*)</td><td>[^<]*</td><td class="number">(\d+)</td>',
                       html)
    assert picks == [("A-01", "MUG-BLUE", "1"), ("B-02", "TEE-M", "7"), ("—", "TEE-L", "1")]
    assert "Main warehouse" in html and "Casey Rivera" in html and "PL10001" in html
    assert html.count('<span class="box"') == 3
    assert one.number in html and two.number in html


def test_a_cancelled_shipment_is_listed_but_not_picked(picking, csr_client):
    pick_list, one, two = picking
    Shipment.objects.filter(order_form__order_group=two).update(status=ShipmentStatus.CANCELLED)

    document = documents.pick_list("PL10001")

    assert [(row.sku_code, row.quantity) for row in document.rows] == [("MUG-BLUE", 1), ("TEE-M", 4)]
    assert len(document.slips) == 3


# --- PDF ---------------------------------------------------------------------------------------------------

@pytest.mark.skipif(pdf.weasyprint is None, reason=f"WeasyPrint cannot run here: {pdf.UNAVAILABLE}")
def test_each_document_downloads_as_a_pdf(csr_client, picking, paid_order):
    pick_list, one, two = picking
    for url, filename in ((invoice_url(paid_order, format="pdf"), f"invoice-{paid_order.number}.pdf"),
                          (slips_url(*shipments_of(one), extra="&format=pdf"), f"packing-slips-{one.number}-and-1-more.pdf"),
                          (reverse("print_pick_list", args=["PL10001"]) + "?format=pdf", "pick-list-PL10001.pdf")):
        response = csr_client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert response.content.startswith(b"%PDF")


@pytest.mark.skipif(pdf.weasyprint is None, reason=f"WeasyPrint cannot run here: {pdf.UNAVAILABLE}")
def test_a_pdf_has_a_page_per_document_and_the_print_stylesheet(csr_client, paid_order, make_order):
    other = make_order()
    html = csr_client.get(slips_url(*shipments_of(paid_order), first_shipment(other))).content.decode()

    document = pdf.render_pdf(html)

    assert len(document.pages) == 3
    width_mm = document.pages[0].width * 25.4 / 96
    assert round(width_mm) == 216  # US Letter: the stylesheet was found without a server


def test_the_pdf_fetcher_serves_static_files_only():
    assert pdf.static_file(pdf.BASE_URL + "static/print/print.css").name == "print.css"
    for url in ("https://example.com/static/print/print.css", pdf.BASE_URL + "static/../csrportal/settings.py",
                "file:///etc/passwd", pdf.BASE_URL + "media/x.css", pdf.BASE_URL + "static/nope.css"):
        assert pdf.static_file(url) is None, url


def test_without_weasyprint_a_pdf_is_a_clear_page_not_a_server_error(csr_client, paid_order, monkeypatch):
    monkeypatch.setattr(pdf, "weasyprint", None)
    monkeypatch.setattr(pdf, "UNAVAILABLE", "OSError: cannot load library 'libpango-1.0-0'")

    response = csr_client.get(invoice_url(paid_order, format="pdf"))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "PDF unavailable" in response.content.decode()


# --- Queries --------------------------------------------------------------------------------------------------

def queries(client, url) -> int:
    client.get(url)  # the session and role checks settle
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_documents_shipments_or_lines(csr_client, make_order, world, csr_user):
    small = make_order()
    big = [make_order(status=OrderStatus.PARTIALLY_SHIPPED, lines=(("TEE-M", 2), ("TEE-L", 1), ("MUG-BLUE", 3)))
           for _ in range(4)]
    for order in big:
        DiscountFactory(order_group=order)
        PaymentFactory(order_form=order.forms.get(), method=world.phone)

    invoices_url = reverse("print_invoices") + "?" + "&".join(f"order={order.number}" for order in big)
    assert queries(csr_client, invoice_url(small)) == queries(csr_client, invoices_url)
    many = [shipment for order in big for shipment in shipments_of(order)]
    assert queries(csr_client, slips_url(first_shipment(small))) == queries(csr_client, slips_url(*many))

    small_list = PickList.objects.create(number="PL1", warehouse=world.warehouse)
    Shipment.objects.filter(pk=first_shipment(small).pk).update(pick_list=small_list)
    big_list = PickList.objects.create(number="PL2", warehouse=world.warehouse)
    Shipment.objects.filter(pk__in=[shipment.pk for shipment in many]).update(pick_list=big_list)
    assert queries(csr_client, reverse("print_pick_list", args=["PL1"])) == \
        queries(csr_client, reverse("print_pick_list", args=["PL2"]))


# --- Who may print, and bad input -------------------------------------------------------------------------

def test_login_and_the_csr_role_are_required(paid_order, django_user_model):
    urls = [invoice_url(paid_order), reverse("print_invoices") + f"?order={paid_order.number}",
            slips_url(first_shipment(paid_order)), reverse("print_pick_list", args=["PL1"])]
    anonymous = Client()
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    outsider = Client()
    outsider.force_login(django_user_model.objects.create_user(username="outsider", password="x" * 12))
    for url in urls:
        assert outsider.get(url).status_code == 403


@pytest.mark.parametrize("url, status, says", [
    ("/shipments/print/invoice/PO99999/", 404, "No purchase order PO99999"),
    ("/shipments/print/invoice/%3Cscript%3E/", 404, "No such purchase order"),
    ("/shipments/print/invoice/{po}/?format=docx", 400, "Select a valid choice"),
    ("/shipments/print/invoice/{po}/?paper=a3", 400, "Select a valid choice"),
    ("/shipments/print/invoices/", 400, "Choose the orders to print"),
    ("/shipments/print/invoices/?order={po}&order=PO99999", 404, "No purchase order PO99999"),
    ("/shipments/print/invoices/?order=ab%00c", 400, "Not an order number"),
    ("/shipments/print/invoices/?order=" + "9" * 30, 400, "Not an order number"),
    ("/shipments/print/invoices/?order=%ff%fe", 400, "Not an order number"),
    ("/shipments/print/packing-slips/", 400, "Choose the shipments to print"),
    ("/shipments/print/packing-slips/?shipment=abc", 400, "Not a shipment id"),
    ("/shipments/print/packing-slips/?shipment=-1", 400, "Not a shipment id"),
    ("/shipments/print/packing-slips/?shipment=²", 400, "Not a shipment id"),
    ("/shipments/print/packing-slips/?shipment=" + "9" * 30, 400, "Not a shipment id"),
    ("/shipments/print/packing-slips/?shipment=999999", 404, "No purchase order&#x27;s shipment has the id 999999"),
    ("/shipments/print/packing-slips/?shipment={cart_shipment}", 404, "has the id"),
    ("/shipments/pick-lists/PL404/print/", 404, "No such pick list"),
    ("/shipments/pick-lists/" + "x" * 300 + "/print/", 404, "No such pick list"),
])
def test_bad_input_is_a_clear_page_never_a_server_error(csr_client, paid_order, make_order, url, status, says):
    cart = make_order(kind="cart")
    url = url.format(po=paid_order.number, cart_shipment=first_shipment(cart).pk)

    response = csr_client.get(url)

    assert response.status_code == status
    assert says in response.content.decode()


def test_a_cart_has_no_invoice(csr_client, make_order):
    cart = make_order(kind="cart")
    assert csr_client.get(invoice_url(cart)).status_code == 404


def test_too_many_documents_at_once_are_refused(csr_client):
    response = csr_client.post(reverse("print_invoices"), {"order": [f"PO{number}" for number in range(10000, 11001)]})
    assert response.status_code == 400 and "at most 1,000" in response.content.decode()


def test_post_is_not_allowed(csr_client, paid_order):
    assert csr_client.post(invoice_url(paid_order)).status_code == 405


# --- From the order page -----------------------------------------------------------------------------------------

def test_the_order_page_links_to_the_invoice_and_packing_slips(csr_client, paid_order):
    summary = csr_client.get(reverse("po:order_detail", args=[paid_order.number])).content.decode()
    assert f'href="{invoice_url(paid_order)}"' in summary
    assert f'href="{invoice_url(paid_order)}?format=pdf"' in summary

    forms = csr_client.get(reverse("po:order_tab", args=[paid_order.number, "forms"])).content.decode()
    for shipment in shipments_of(paid_order):
        assert f'href="{slips_url(shipment)}"' in forms


def test_a_long_selection_can_be_posted(csr_client, paid_order, make_order):
    other = make_order()
    response = csr_client.post(reverse("print_invoices"), {"order": [paid_order.number, other.number], "paper": "a4"})

    html = response.content.decode()
    assert response.status_code == 200 and html.count('<article class="document invoice"') == 2
    assert 'class="paper-a4"' in html
    # The toolbar posts the selection again for the PDF.
    assert f'<input type="hidden" name="order" value="{other.number}">' in html
    assert 'name="format" value="pdf"' in html


def test_the_print_window_has_a_print_button_without_inline_script(csr_client, paid_order):
    html = csr_client.get(invoice_url(paid_order)).content.decode()

    assert re.search(r'<button type="button" class="print-button" data-print>Print</button>', html)
    assert f'href="{invoice_url(paid_order)}?format=pdf"' in html
    assert '<script src="/static/print/print.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and "onclick" not in html
    script = csr_client.get("/static/print/print.js")
    assert script.status_code == 200 and b"window.print()" in b"".join(script.streaming_content)


def test_a_cart_page_offers_no_invoice(csr_client, make_order):
    cart = make_order(kind="cart")
    html = csr_client.get(reverse("cart:order_detail", args=[cart.number])).content.decode()
    assert "Print invoice" not in html


def test_a_pdf_of_too_many_documents_is_refused_and_not_offered(csr_client, paid_order, make_order, monkeypatch):
    monkeypatch.setattr(forms, "MOST_PDF_DOCUMENTS", 1)
    monkeypatch.setattr(print_views, "MOST_PDF_DOCUMENTS", 1)
    other = make_order()
    url = reverse("print_invoices") + f"?order={paid_order.number}&order={other.number}"

    html = csr_client.get(url).content.decode()
    assert "Download PDF" not in html and "A PDF holds at most 1 documents" in html
    response = csr_client.get(url + "&format=pdf")
    assert response.status_code == 400 and "A PDF holds at most 1 documents; 2 were chosen" in response.content.decode()
