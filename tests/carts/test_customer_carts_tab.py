"""The customer page's Carts tab (/customers/<id>/carts/): open carts and wish lists, newest
modified first, each opening the cart, and "New cart" for a market."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.factories.customers import CustomerFactory
from orders.models import Kind, OrderGroup


def url(customer):
    return reverse("customer_carts", args=[customer.pk])


def test_it_lists_carts_and_wish_lists_newest_modified_first_each_opening_the_cart(csr_client, world, make_order):
    cart = make_order(kind="cart")
    wishlist = make_order(kind="cart", name="Wishlist")
    OrderGroup.objects.filter(pk=wishlist.pk).update(modified=timezone.now() - datetime.timedelta(days=2))
    make_order()  # a purchase order is not a cart
    other = make_order(kind="cart", name="Phone order")
    OrderGroup.objects.filter(pk=other.pk).update(customer=CustomerFactory(addresses=0))

    response = csr_client.get(url(world.mercy))

    body = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<td><a href="/carts/([^/"]+)/">', body) == [cart.number, wishlist.number]
    assert "Wishlist" in body and "United States" in body
    assert "2 carts and wish lists" in body
    assert 'aria-current="page">Carts<' in body


def test_new_cart_opens_a_cart_for_the_customer_in_the_chosen_market(csr_client, world):
    page = csr_client.get(url(world.mercy)).content.decode()
    assert ">New cart</button>" in page and f'name="customer" value="{world.mercy.pk}"' in page
    assert '<label for="customer-cart-market">Market</label>' in page
    action = re.search(r'<form method="post" action="([^"]+)" class="inline-form" aria-label="New cart">', page).group(1)

    response = csr_client.post(action, {"customer": world.mercy.pk, "market": world.market.pk})

    cart = OrderGroup.objects.get(kind=Kind.CART, customer=world.mercy)
    assert response.status_code == 302 and response["Location"] == reverse("cart:order_tab", args=[cart.number, "forms"])
    assert cart.market == world.market


def test_the_market_the_customer_last_ordered_in_is_chosen_first(csr_client, world):
    world.mercy.last_order_market = world.japan
    world.mercy.save()
    page = csr_client.get(url(world.mercy)).content.decode()
    assert f'<option value="{world.japan.pk}" selected>' in page


def test_a_customer_without_carts_is_told_so(csr_client, world):
    assert "No open carts or wish lists." in csr_client.get(url(world.mercy)).content.decode()


def test_the_tab_runs_the_same_queries_for_1_or_many_carts(csr_client, world, make_order, django_assert_max_num_queries):
    make_order(kind="cart")
    csr_client.get(url(world.mercy))
    with django_assert_max_num_queries(20) as one:
        csr_client.get(url(world.mercy))
    for _ in range(5):
        make_order(kind="cart", name="Phone order")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert csr_client.get(url(world.mercy)).content.decode().count('<td><a href="/carts/') == 6


def test_an_unknown_customer_is_not_found(csr_client, db):
    assert csr_client.get(reverse("customer_carts", args=[999999])).status_code == 404


def test_it_needs_a_login_and_the_csr_role(client, django_user_model, world):
    assert client.get(url(world.mercy)).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url(world.mercy)).status_code == 403


@pytest.mark.parametrize("method", ["post", "put"])
def test_it_only_shows(csr_client, world, method):
    assert getattr(csr_client, method)(url(world.mercy)).status_code == 405
