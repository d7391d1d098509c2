"""New cart and phone order pages, placing a cart and making it a subscription, through HTTP."""
import pytest
from django.urls import reverse

from carts.operations import cart_open
from customers.models import Customer
from demo.factories.customers import CustomerFactory
from orders import operations as ops
from orders.models import Kind, OrderGroup, Shipment


def new_cart(client, url_name="cart_new", **data):
    return client.post(reverse(url_name), data)


def test_a_new_cart_for_a_customer_found_by_search(csr_client, shop, customer):
    found = csr_client.get(reverse("customer_search"), {"customer_search": "tay hay"},
                           headers={"HX-Request": "true"}).content.decode()
    assert f'value="{customer.pk}"' in found and "Taylor Hayes" in found
    response = new_cart(csr_client, market=shop["market"].pk, customer=customer.pk)
    cart = OrderGroup.objects.get(kind=Kind.CART, customer=customer)
    assert response["Location"] == reverse("cart:order_tab", args=[cart.number, "forms"])


def test_a_customer_with_an_open_cart_gets_it_opened_and_is_told_so(csr_client, shop, customer, csr_user):
    cart, _ = cart_open(user=csr_user, market=shop["market"], customer=customer)
    response = csr_client.post(reverse("cart_new"), {"market": shop["market"].pk, "customer": customer.pk}, follow=True)
    assert "already has an open cart in United States" in response.content.decode()
    assert OrderGroup.objects.filter(kind=Kind.CART, customer=customer).count() == 1
    assert response.redirect_chain[-1][0].endswith(f"/carts/{cart.number}/forms/")


def test_a_phone_order_for_a_caller_who_never_bought_before(csr_client, shop):
    response = new_cart(csr_client, "phone_order_new", market=shop["market"].pk, first_name="Nadia", last_name="Okafor",
                        email="nadia@example.org", phone="555-0101")
    customer = Customer.objects.get(email="nadia@example.org")
    cart = OrderGroup.objects.get(customer=customer)
    assert cart.name == "Phone order" and cart.kind == Kind.CART
    assert response.status_code == 302


@pytest.mark.parametrize("data, field, message", [
    ({"first_name": "A", "last_name": "B", "email": "nope"}, "email", "is not an email address"),
    ({"first_name": "", "last_name": "B", "email": "a@b.co"}, "first_name", "Enter the first name"),
    ({}, "customer", "Choose a customer, or fill in a new customer"),
    ({"customer": "999999"}, "customer", "no longer exists"),
])
def test_bad_input_on_the_new_cart_page_is_shown_next_to_the_field(csr_client, shop, data, field, message):
    body = new_cart(csr_client, market=shop["market"].pk, **data).content.decode()
    assert f'id="new-0-{field}_error" role="alert">' in body and message in body
    assert not OrderGroup.objects.filter(kind=Kind.CART).exists()


def test_a_market_must_be_chosen(csr_client, shop, customer):
    body = new_cart(csr_client, customer=customer.pk).content.decode()
    assert "Choose the market" in body


def test_a_duplicate_email_links_to_the_existing_customer(csr_client, shop):
    existing = CustomerFactory(email="ada@example.com", first_name="Ada", last_name="Byron")
    body = new_cart(csr_client, market=shop["market"].pk, first_name="Ada", last_name="King",
                    email="ADA@example.com").content.decode()
    assert "already has the email ada@example.com" in body
    assert f'href="?customer={existing.pk}&amp;market={shop["market"].pk}"' in body
    assert Customer.objects.filter(email__iexact="ada@example.com").count() == 1


def prepared_cart(shop, customer, csr_user, *, method=True):
    cart, _ = cart_open(user=csr_user, market=shop["market"], customer=customer)
    ops.line_item_add(cart, user=csr_user, version=cart.version, sku_code="MUG-BLUE", quantity=1)
    if method:
        ops.shipment_set_shipping_method(cart, user=csr_user, version=cart.version,
                                         shipment_id=Shipment.objects.get(order_form__order_group=cart).pk,
                                         shipping_method_id=shop["standard"].pk)
    return cart


def test_the_place_page_says_what_is_missing(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user, method=False)
    body = csr_client.get(reverse("cart_place", args=[cart.number])).content.decode()
    assert "The shipment needs a shipping method." in body
    response = csr_client.post(reverse("cart_place", args=[cart.number]), {"version": cart.version,
                                                                          "allow_balance_due": "on"})
    assert "The shipment needs a shipping method." in response.content.decode()
    assert OrderGroup.objects.get(pk=cart.pk).kind == Kind.CART


def test_placing_with_the_balance_confirmed_opens_the_new_order(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)
    refused = csr_client.post(reverse("cart_place", args=[cart.number]), {"version": cart.version}).content.decode()
    assert "Payments do not cover the total" in refused
    response = csr_client.post(reverse("cart_place", args=[cart.number]), {"version": cart.version,
                                                                          "allow_balance_due": "on"})
    order = OrderGroup.objects.get(pk=cart.pk)
    assert order.kind == Kind.PURCHASE_ORDER
    assert response["Location"] == reverse("po:order_detail", args=[order.number])


def test_a_cart_placed_by_someone_else_leads_to_its_order(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)
    number = cart.number
    from carts.operations import cart_place_order
    cart_place_order(cart, user=csr_user, version=cart.version, allow_balance_due=True)
    response = csr_client.get(reverse("cart_place", args=[number]), follow=True)
    assert f"Cart {number} is already purchase order {cart.number}" in response.content.decode()


def test_a_cart_becomes_a_subscription_through_the_page(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)
    body = csr_client.post(reverse("cart_subscribe", args=[cart.number]), {
        "version": cart.version, "cycle_mode": "weeks", "cycle_length": "0", "start_date": "2026-12-01"}).content.decode()
    assert 'id="subscribe-0-cycle_length_error" role="alert">' in body
    response = csr_client.post(reverse("cart_subscribe", args=[cart.number]), {
        "version": cart.version, "cycle_mode": "weeks", "cycle_length": "2", "start_date": "2026-12-01"}, follow=True)
    subscription = OrderGroup.objects.get(pk=cart.pk)
    assert subscription.kind == Kind.SUBSCRIPTION
    assert response.redirect_chain[-1][0] == reverse("subscription:order_detail", args=[subscription.number])
    body = response.content.decode()
    assert "Every 2 weeks from 2026-12-01" in body and '<dd id="next-order">2026-12-01</dd>' in body


def test_the_cart_page_offers_placing_and_shows_todays_prices(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)
    body = csr_client.get(reverse("cart:order_tab", args=[cart.number, "forms"])).content.decode()
    assert "Convert to purchase order…" in body and "Convert to subscription…" in body
    assert "12.00 USD" in body


@pytest.mark.parametrize("url", ["cart_new", "phone_order_new", "customer_search"])
def test_the_pages_need_a_csr(client, django_user_model, url, db):
    assert client.get(reverse(url)).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get(reverse(url)).status_code == 403


def test_asking_for_more_than_the_stock_shows_a_warning_on_the_cart(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)
    ops.line_item_add(cart, user=csr_user, version=cart.version, sku_code="MUG-BLUE", quantity=7)
    body = csr_client.get(reverse("cart:order_tab", args=[cart.number, "forms"])).content.decode()
    assert "MUG-BLUE: 8 wanted across this order, 5 in stock, and it cannot be backordered." in body


def test_the_stock_warning_adds_up_the_sku_over_every_shipment(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)  # 1 x MUG-BLUE, 5 in stock
    first = Shipment.objects.get(order_form__order_group=cart)
    ops.line_item_add(cart, user=csr_user, version=cart.version, sku_code="MUG-BLUE", quantity=2, shipment_id=first.pk)
    ops.line_item_move(cart, user=csr_user, version=cart.version, line_item_id=first.line_items.get().pk, quantity=1)
    second = Shipment.objects.filter(order_form__order_group=cart).exclude(pk=first.pk).get()
    ops.line_item_add(cart, user=csr_user, version=cart.version, sku_code="MUG-BLUE", quantity=4, shipment_id=second.pk)
    body = csr_client.get(reverse("cart:order_tab", args=[cart.number, "forms"])).content.decode()
    assert "MUG-BLUE: 7 wanted across this order, 5 in stock, and it cannot be backordered." in body


def test_the_page_of_a_placed_cart_leads_to_its_order(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)
    number = cart.number
    from carts.operations import cart_place_order
    cart_place_order(cart, user=csr_user, version=cart.version, allow_balance_due=True)
    page = csr_client.get(reverse("cart:order_tab", args=[number, "forms"]))
    assert page["Location"] == reverse("po:order_detail", args=[cart.number])
    edit = csr_client.post(reverse("cart:order_edit", args=[number, "coupon"]), {"version": 1, "code": "X"},
                           headers={"HX-Request": "true"})
    assert edit["HX-Redirect"] == reverse("po:order_detail", args=[cart.number])
    assert csr_client.get(reverse("cart:order_detail", args=["C0"])).status_code == 404


def test_a_cart_shows_when_prices_have_moved_and_updates_to_todays(csr_client, shop, customer, csr_user):
    cart = prepared_cart(shop, customer, csr_user)
    shop["skus"]["MUG-BLUE"].prices.update(amount="11.00")
    url = reverse("cart:order_tab", args=[cart.number, "forms"])
    assert "MUG-BLUE: 12.00 USD → 11.00 USD" in csr_client.get(url).content.decode()
    cart.refresh_from_db()
    csr_client.post(reverse("cart:order_edit", args=[cart.number, "update-prices"]), {"version": cart.version})
    body = csr_client.get(url).content.decode()
    assert "Prices have changed" not in body and "11.00 USD" in body


def test_without_javascript_the_customer_search_shows_its_choices_on_the_new_cart_page(csr_client, shop, customer):
    response = csr_client.get(reverse("customer_search"), {"customer_search": "tay hay"})
    assert response.status_code == 302
    page = csr_client.get(response["Location"]).content.decode()
    assert "<html" in page and f'name="customer" value="{customer.pk}"' in page
