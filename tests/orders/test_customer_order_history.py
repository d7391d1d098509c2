"""The customer page's Order history tab (/customers/<id>/orders/): the customer's purchase orders,
newest first, each opening the order, paged by keyset, in the same queries for 1 or 500 orders."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.factories.customers import CustomerFactory
from orders.models import Kind, OrderGroup, OrderStatus


def url(customer, **query):
    path = reverse("customer_orders", args=[customer.pk])
    return path + ("?" + "&".join(f"{name}={value}" for name, value in query.items()) if query else "")


def bulk_orders(market, customer, count: int, *, numbered_from: int = 90001) -> list[OrderGroup]:
    """`count` completed purchase orders of the customer, one a day back from now, newest first."""
    now = timezone.now()
    return OrderGroup.objects.bulk_create([
        OrderGroup(kind=Kind.PURCHASE_ORDER, number=f"PO{numbered_from + index}", status=OrderStatus.COMPLETED,
                   market=market, currency=market.default_currency, customer=customer,
                   customer_name=customer.full_name, customer_email=customer.email, total=Decimal("10.00"),
                   created=now - datetime.timedelta(days=index + 1))
        for index in range(count)
    ])


def rows(body: str) -> list[str]:
    """The order numbers the table lists, top to bottom."""
    return re.findall(r'<td><a href="/orders/([^/"]+)/">', body)


def test_it_lists_the_customers_purchase_orders_newest_first_each_opening_the_order(csr_client, world, make_order):
    older = make_order(status=OrderStatus.COMPLETED)
    newer = make_order()
    OrderGroup.objects.filter(pk=older.pk).update(created=timezone.now() - datetime.timedelta(days=3))
    make_order(kind="cart")  # not a purchase order
    someone_else = CustomerFactory()
    bulk_orders(world.market, someone_else, 1)

    response = csr_client.get(url(world.mercy))

    body = response.content.decode()
    assert response.status_code == 200
    assert rows(body) == [newer.number, older.number]
    assert f'<a href="/orders/{newer.number}/">{newer.number}</a>' in body
    assert "In Progress" in body and "Completed" in body
    assert f"{newer.total:,.2f} USD" in body
    assert "2 purchase orders" in body
    assert '>Order history</a>' in body and 'aria-current="page">Order history<' in body


def test_a_negative_balance_is_shown_as_refund_due(csr_client, world, make_order):
    order = make_order()
    OrderGroup.objects.filter(pk=order.pk).update(balance_due=Decimal("-7.50"))

    body = csr_client.get(url(world.mercy)).content.decode()

    assert "Refund due 7.50 USD" in body and "-7.50" not in body


def test_a_customer_without_orders_is_told_so(csr_client, world):
    body = csr_client.get(url(world.mercy)).content.decode()
    assert "No purchase orders yet." in body and "0 purchase orders" in body


def test_it_pages_by_keyset_next_previous_and_last(csr_client, world):
    orders = bulk_orders(world.market, world.mercy, 60)  # newest first: PO90001 .. PO90060

    first = csr_client.get(url(world.mercy)).content.decode()
    assert rows(first) == [order.number for order in orders[:25]]
    next_link = re.search(r'<a href="([^"]+)" rel="next">Next', first).group(1).replace("&amp;", "&")
    second = csr_client.get(next_link).content.decode()
    assert rows(second) == [order.number for order in orders[25:50]]
    previous_link = re.search(r'<a href="([^"]+)" rel="prev">', second).group(1).replace("&amp;", "&")
    assert rows(csr_client.get(previous_link).content.decode()) == rows(first)
    last = csr_client.get(url(world.mercy, page="last")).content.decode()
    assert rows(last) == [order.number for order in orders[-25:]]  # the last 25, as every list's Last
    assert "Next ›" not in last and "« First" in last


@pytest.mark.parametrize("query", [{"after": "not-a-cursor"}, {"before": "%00"}, {"page": "99"}, {"after": "x" * 5000}])
def test_a_damaged_page_link_shows_the_first_page_with_a_message(csr_client, world, query):
    bulk_orders(world.market, world.mercy, 3)

    response = csr_client.get(url(world.mercy, **query))

    body = response.content.decode()
    assert response.status_code == 200
    assert len(rows(body)) == 3
    assert 'role="alert"' in body


def test_the_tab_runs_the_same_queries_for_1_or_500_orders(csr_client, world, django_assert_max_num_queries,
                                                          django_assert_num_queries):
    one, many = CustomerFactory(addresses=0), CustomerFactory(addresses=0)
    bulk_orders(world.market, one, 1)
    bulk_orders(world.market, many, 500, numbered_from=50001)
    csr_client.get(url(one))  # the session's role check is cached after the first page

    with django_assert_max_num_queries(8) as with_one:
        assert len(rows(csr_client.get(url(one)).content.decode())) == 1
    with django_assert_num_queries(len(with_one.captured_queries)):
        assert len(rows(csr_client.get(url(many)).content.decode())) == 25
    with django_assert_num_queries(len(with_one.captured_queries)):
        assert len(rows(csr_client.get(url(many, page="last")).content.decode())) == 25


def test_an_unknown_customer_is_not_found(csr_client, db):
    assert csr_client.get(reverse("customer_orders", args=[999999])).status_code == 404


def test_it_needs_a_login_and_the_csr_role(client, django_user_model, world):
    assert client.get(url(world.mercy)).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url(world.mercy)).status_code == 403


def test_it_refuses_post(csr_client, world):
    assert csr_client.post(url(world.mercy)).status_code == 405
