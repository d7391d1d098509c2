"""Every amount in the lists, their CSV and on the order page shows its currency, and a negative
balance is a Refund due, never a negative balance due."""
import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from demo.factories.orders import CartFactory, PaymentFactory, PurchaseOrderFactory, SubscriptionFactory
from orders.models import OrderGroup, TransactionType
from tests.world import make_editable


def overpaid(order, by="12.00"):
    """Give the order a processed Sale of its total plus `by`."""
    PaymentFactory(order_form=order.forms.first(), amount=order.total + Decimal(by),
                   transaction_type=TransactionType.SALE)
    return OrderGroup.objects.get(pk=order.pk)


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_purchase_order_list_shows_a_refund_due_and_every_amount_with_its_currency(csr_client, market):
    order = overpaid(PurchaseOrderFactory(market=market, lines=1))
    assert order.balance_due == Decimal("-12.00")
    body = csr_client.get(reverse("purchase_orders")).content.decode()
    assert '<td class="number">Refund due 12.00 USD</td>' in body
    assert f'<td class="number">{order.total:,.2f} USD</td>' in body
    assert "-12.00" not in body


def test_the_purchase_order_csv_has_the_currency_in_every_amount_cell(csr_client, market, japan):
    order = overpaid(PurchaseOrderFactory(market=market, lines=1))
    yen = PurchaseOrderFactory(market=japan, lines=1)
    csr_client.post(reverse("purchase_order_columns"), {"order": ["number", "total", "balance_due"],
                                                        "cols": ["number", "total", "balance_due"]})
    rows = {row[0]: row[1:] for row in csv_rows(csr_client.get(reverse("purchase_order_export")))[1:]}
    assert rows[order.number] == [f"{order.total:,.2f} USD", "Refund due 12.00 USD"]
    assert rows[yen.number] == [f"{yen.total:,.0f} JPY", f"{yen.balance_due:,.0f} JPY"]


def test_the_cart_list_and_its_csv_show_amounts_with_their_currency(csr_client, market, japan):
    cart = CartFactory(market=market, lines=1)
    yen = CartFactory(market=japan, lines=1)
    body = csr_client.get(reverse("carts")).content.decode()
    assert f'<td class="number">{cart.total:,.2f} USD</td>' in body
    assert f'<td class="number">{yen.total:,.0f} JPY</td>' in body
    csr_client.post(reverse("cart_columns"), {"order": ["number", "subtotal", "total"],
                                              "cols": ["number", "subtotal", "total"]})
    rows = {row[0]: row[1:] for row in csv_rows(csr_client.get(reverse("cart_export")))[1:]}
    assert rows[cart.number] == [f"{cart.subtotal:,.2f} USD", f"{cart.total:,.2f} USD"]


def test_the_subscription_list_shows_the_total_per_order_with_its_currency(csr_client, japan):
    subscription = SubscriptionFactory(market=japan, lines=1)
    body = csr_client.get(reverse("subscriptions")).content.decode()
    assert f'<td class="number">{subscription.total:,.0f} JPY</td>' in body


def test_the_order_page_shows_an_overpaid_order_as_a_refund_due_everywhere(csr_client, market):
    order = overpaid(make_editable(PurchaseOrderFactory(market=market, lines=1)))
    summary = csr_client.get(reverse("po:order_detail", args=[order.number])).content.decode()
    forms = csr_client.get(reverse("po:order_tab", args=[order.number, "forms"])).content.decode()
    assert "<dt>Refund due</dt><dd>12.00 USD</dd>" in summary  # header and Summary
    assert summary.count("Refund due") == 2
    assert '<td colspan="4">Refund due</td><td class="number">12.00 USD</td>' in forms  # the payments' foot
    for body in (summary, forms):
        assert "Balance due" not in body and "-12.00" not in body


def test_a_cancelled_order_owes_nothing_on_its_page(csr_client, market):
    order = PurchaseOrderFactory(market=market, lines=1, status="cancelled", payments=1)
    assert (order.total > 0, order.paid_total, order.balance_due) == (True, Decimal("0.00"), Decimal("0.00"))
    body = csr_client.get(reverse("po:order_detail", args=[order.number])).content.decode()
    assert "<dt>Balance due</dt><dd>0.00 USD</dd>" in body


def numbers_in(body):
    return re.findall(r'<a href="/(?:orders|carts|subscriptions)/[^"]+/">((?:PO|C|PP|SU)[0-9]+)</a>', body)


@pytest.mark.parametrize("url_name, factory", [
    ("purchase_orders", PurchaseOrderFactory), ("carts", CartFactory), ("subscriptions", SubscriptionFactory),
])
def test_amounts_sort_only_within_one_market(csr_client, market, japan, url_name, factory):
    """100 USD and 10,000 JPY are not comparable as numbers: across markets the Total header is no
    sort link and a sort asked for in the URL is refused with the reason; within one market it sorts."""
    small, large = factory(market=market, lines=1), factory(market=market, lines=3)
    factory(market=japan, lines=2)
    url = reverse(url_name)

    mixed = csr_client.get(url, {"sort": "-total"}).content.decode()
    assert "Choose one market to sort by Total" in mixed
    assert "sort=-total" not in mixed.split("<tbody>")[0].split("<thead>")[1]

    one_market = csr_client.get(url, {"sort": "-total", "market": market.code}).content.decode()
    assert "Choose one market" not in one_market
    shown = numbers_in(one_market)
    expected = [group.number for group in sorted([small, large], key=lambda group: -group.total)]
    assert shown == expected
    assert 'aria-sort="descending"' in one_market
