"""An order's Contact details and header lead to the customer page; an anonymous order's offer
"Create customer from this order" (or linking it to the customer who has its email), through HTTP."""
import re

import pytest
from django.urls import reverse

from customers.models import Customer
from orders.models import Note, OrderGroup
from tests.domain.test_order_customer import anonymous

HTMX = {"HX-Request": "true", "HX-Target": "tab-content"}
NAMESPACE = {"po": "po", "cart": "cart", "plan": "subscription"}


def contact_url(order):
    return reverse(f"{NAMESPACE[order.kind]}:order_tab", args=[order.number, "contact"])


def edit_url(order, edit):
    return reverse(f"{NAMESPACE[order.kind]}:order_edit", args=[order.number, edit])


def post(client, order, edit, htmx=False, **data):
    data.setdefault("version", OrderGroup.objects.get(pk=order.pk).version)
    return client.post(edit_url(order, edit), data, headers=HTMX if htmx else {})


@pytest.mark.parametrize("kind", ["po", "cart", "plan"])
def test_the_contact_details_and_the_header_link_to_the_customer_page(csr_client, make_order, world, kind):
    order = make_order(kind=kind)
    customer_url = reverse("customer_detail", args=[world.mercy.pk])

    body = csr_client.get(contact_url(order)).content.decode()

    assert f'<a href="{customer_url}">Mercy Taylor</a> · mercy@example.com' in body
    assert f'<a href="{customer_url}" class="button">View customer</a>' in body
    header = body.split('<header id="order-header"', 1)[1].split("</header>", 1)[0]
    assert f'<a href="{customer_url}">Mercy Taylor</a>' in header
    assert "Create customer from this order" not in body


def test_an_anonymous_order_offers_to_create_its_customer(csr_client, make_order):
    order = anonymous(make_order())

    body = csr_client.get(contact_url(order)).content.decode()

    assert ">Create customer from this order</button>" in body
    assert "View customer" not in body and "Link this order to" not in body
    assert "/customers/" not in body.split('<header id="order-header"', 1)[1].split("</header>", 1)[0]


def test_create_customer_from_this_order_makes_the_customer_and_links_the_order(csr_client, make_order):
    order = anonymous(make_order())

    response = post(csr_client, order, "create-customer")

    customer = Customer.objects.get(email="ada@example.org")
    assert response.status_code == 302 and response["Location"] == contact_url(order)
    assert OrderGroup.objects.get(pk=order.pk).customer == customer
    page = csr_client.get(contact_url(order)).content.decode()
    assert "Customer created from this order." in page
    assert f'href="{reverse("customer_detail", args=[customer.pk])}" class="button">View customer</a>' in page


def test_with_htmx_the_tab_comes_back_with_the_link_and_the_header_out_of_band(csr_client, make_order):
    order = anonymous(make_order(kind="cart"))

    body = post(csr_client, order, "create-customer", htmx=True).content.decode()

    customer = Customer.objects.get(email="ada@example.org")
    assert body.lstrip().startswith('<section id="tab-content"')
    assert ">View customer</a>" in body
    assert '<header id="order-header" class="order-header" hx-swap-oob="true">' in body
    assert f'<a href="{reverse("customer_detail", args=[customer.pk])}">Ada King Lovelace</a>' in body


def test_an_email_another_customer_has_is_refused_with_a_link_to_them_and_an_offer_to_link(csr_client, make_order, world):
    order = anonymous(make_order(), email="mercy@example.com")
    owner_url = reverse("customer_detail", args=[world.mercy.pk])
    offered = csr_client.get(contact_url(order)).content.decode()
    assert f'<a href="{owner_url}">View customer</a>' in offered and ">Link this order to Mercy Taylor</button>" in offered

    response = post(csr_client, order, "create-customer", htmx=True)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body and "Mercy Taylor already has the email mercy@example.com." in body
    assert f'<a href="{owner_url}">View customer</a>' in body
    assert Customer.objects.count() == 1 and OrderGroup.objects.get(pk=order.pk).customer_id is None

    post(csr_client, order, "link-customer", customer=world.mercy.pk)

    assert OrderGroup.objects.get(pk=order.pk).customer == world.mercy
    assert Note.objects.history().get(order_group=order).title == "Order linked to a customer"


@pytest.mark.parametrize("customer", ["", "abc", "0", "9" * 30, "999999"])
def test_linking_to_no_customer_is_refused_beside_nothing_written(csr_client, make_order, customer):
    order = anonymous(make_order(), email="mercy@example.com")

    response = post(csr_client, order, "link-customer", htmx=True, customer=customer)

    assert response.status_code == 200 and "That customer no longer exists." in response.content.decode()
    assert OrderGroup.objects.get(pk=order.pk).customer_id is None


def test_a_stale_page_is_refused(csr_client, make_order):
    order = anonymous(make_order())
    body = post(csr_client, order, "create-customer", htmx=True, version=order.version - 1).content.decode()
    assert "after you opened it" in body and not Customer.objects.filter(email="ada@example.org").exists()


def test_an_unknown_order_is_not_found(csr_client, db):
    assert csr_client.post(reverse("po:order_edit", args=["PO1", "create-customer"]), {"version": 1}).status_code == 404


def test_it_needs_a_logged_in_csr_and_post(client, django_user_model, make_order, csr_client):
    order = anonymous(make_order())
    url = edit_url(order, "create-customer")
    assert client.post(url, {"version": order.version}).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.post(url, {"version": order.version}).status_code == 403
    assert csr_client.get(url).status_code == 405
    assert not Customer.objects.filter(email="ada@example.org").exists()


def test_the_contact_tab_reads_the_email_owner_in_one_query(csr_client, make_order, django_assert_max_num_queries):
    registered = make_order()
    csr_client.get(contact_url(registered))
    with django_assert_max_num_queries(50) as seen:
        csr_client.get(contact_url(registered))
    order = anonymous(make_order(), email="mercy@example.com")
    with django_assert_max_num_queries(len(seen.captured_queries) + 1):
        assert re.search(r"Link this order to Mercy Taylor", csr_client.get(contact_url(order)).content.decode())
