"""Reference data stays editable in the admin: a save writes only what the administrator changed
(jobs and orders move the other columns meanwhile), and bad input is an error beside its field."""
from decimal import Decimal

import pytest

from catalog.admin import PriceInline
from catalog.models import Coupon, Price, ShippingMethod, Stock
from subscriptions.models import Schedule
from tests.admin.helpers import admin_url, form_data, inline_prefix, order_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(make_order):
    return Schedule.objects.get(subscription=make_order(kind="plan"))


def test_a_schedule_save_writes_only_what_the_administrator_changed(admin_client, schedule):
    url = admin_url(schedule)
    data = form_data(admin_client.get(url))
    data["cycle_length"] = 2
    Schedule.objects.filter(pk=schedule.pk).update(completed_cycles=3)  # the recurring job, meanwhile

    response = admin_client.post(url, data)

    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.cycle_length, schedule.completed_cycles) == (2, 3)


def test_a_maximum_below_the_cycles_already_run_is_an_error_beside_the_field(admin_client, schedule):
    Schedule.objects.filter(pk=schedule.pk).update(completed_cycles=3)
    url = admin_url(schedule)
    data = form_data(admin_client.get(url))
    data["max_cycles"] = 2

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["max_cycles"] == [
        "3 cycles have run already: the maximum can be no lower."]
    assert Schedule.objects.get(pk=schedule.pk).max_cycles == 0


def test_the_subscription_page_shows_its_schedule_with_a_link_to_set_it(admin_client, schedule):
    response = admin_client.get(order_url(schedule.subscription))

    [inline] = [inline for inline in response.context["inline_admin_formsets"] if inline.opts.model is Schedule]
    assert not inline.has_change_permission
    assert admin_url(schedule) in response.content.decode()


def test_a_stock_save_keeps_the_reservations_made_meanwhile(admin_client, shop):
    stock = Stock.objects.get(sku=shop["skus"]["TEE-M"])
    url = admin_url(stock)
    data = form_data(admin_client.get(url))
    data["in_stock"] = 80
    Stock.objects.filter(pk=stock.pk).update(reserved=4)  # an order, meanwhile

    admin_client.post(url, data)

    stock.refresh_from_db()
    assert (stock.in_stock, stock.reserved) == (80, 4)


# --- Amounts follow the portal's money rules, in the record's currency -------------------------------


def add_price(client, sku, market, currency, amount):
    return client.post(admin_url(Price, "add"), {"sku": sku.pk, "market": market.pk, "currency": currency,
                                                 "amount": amount})


def price_errors(response):
    return response.context["adminform"].form.errors if response.status_code == 200 else {}


@pytest.mark.parametrize(("typed", "saved"), [("1,500", Decimal("1500.00")), ("1500", Decimal("1500.00")), ("19.9", Decimal("19.90"))])
def test_a_usd_price_is_read_as_the_csr_means_it(admin_client, shop, typed, saved):
    sku = shop["skus"]["TEE-M"]
    Price.objects.filter(sku=sku).delete()

    response = add_price(admin_client, sku, shop["market"], "usd", typed)

    assert response.status_code == 302, price_errors(response)
    price = Price.objects.get(sku=sku)
    assert (price.amount, price.currency) == (saved, "USD")


@pytest.mark.parametrize("typed", ["1e3", "NaN", "Infinity", "1.234", "1,50", "-5", "1" * 13, "5\x00"])
def test_a_price_that_is_no_amount_is_refused_beside_the_field(admin_client, shop, typed):
    sku = shop["skus"]["TEE-M"]
    Price.objects.filter(sku=sku).delete()

    response = add_price(admin_client, sku, shop["market"], "USD", typed)

    assert response.status_code == 200
    assert price_errors(response)["amount"]
    assert not Price.objects.filter(sku=sku).exists()


def test_a_yen_price_has_no_decimals(admin_client, shop, japan):
    sku = shop["skus"]["TEE-M"]

    refused = add_price(admin_client, sku, japan, "JPY", "10.5")
    saved = add_price(admin_client, sku, japan, "JPY", "1,500")

    assert price_errors(refused)["amount"] == ["JPY amounts have no decimals."]
    assert saved.status_code == 302
    assert Price.objects.get(sku=sku, currency="JPY").amount == Decimal("1500")


def test_a_price_in_a_currency_the_market_does_not_sell_in_is_refused(admin_client, shop):
    sku = shop["skus"]["TEE-M"]

    response = add_price(admin_client, sku, shop["market"], "EUR", "10")

    assert price_errors(response)["currency"] == ["United States sells in USD, not in EUR."]


def test_a_price_changed_on_the_sku_page_follows_the_same_rules(admin_client, shop, japan):
    sku = shop["skus"]["TEE-M"]
    url = admin_url(sku)
    response = admin_client.get(url)
    data = form_data(response)
    prefix = inline_prefix(response, PriceInline)
    data[f"{prefix}-TOTAL_FORMS"] = int(data[f"{prefix}-TOTAL_FORMS"]) + 1
    data.update({f"{prefix}-1-market": japan.pk, f"{prefix}-1-currency": "JPY", f"{prefix}-1-amount": "10.5"})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not Price.objects.filter(sku=sku, currency="JPY").exists()
    assert "JPY amounts have no decimals." in response.content.decode()


def test_a_shipping_price_follows_the_same_rules(admin_client, shop, japan):
    def add(market, currency, price, code):
        return admin_client.post(admin_url(ShippingMethod, "add"), {
            "market": market.pk, "code": code, "name": "Courier", "currency": currency, "price": price,
            "active": "on"})

    refused = add(japan, "JPY", "10.5", "courier")
    saved = add(shop["market"], "USD", "1,500", "freight")

    assert refused.context["adminform"].form.errors["price"] == ["JPY amounts have no decimals."]
    assert saved.status_code == 302
    assert ShippingMethod.objects.get(code="freight").price == Decimal("1500.00")


def add_coupon(client, **values):
    data = {"code": "NEW", "description": "New", "scope": "order", "value_type": "percent", "currency": "",
            "active": "on", **values}
    return client.post(admin_url(Coupon, "add"), data)


@pytest.mark.parametrize(("value", "saved"), [("100", Decimal("100")), ("0.5", Decimal("0.5")), ("12.5", Decimal("12.5"))])
def test_a_percentage_coupon_is_more_than_0_and_at_most_100(admin_client, shop, value, saved):
    response = add_coupon(admin_client, value=value)

    assert response.status_code == 302
    assert Coupon.objects.get(code="NEW").value == saved


@pytest.mark.parametrize(("value", "error"), [
    ("0", "A percentage is more than 0 and at most 100."),
    ("100.5", "A percentage is more than 0 and at most 100."),
    ("1e1", "Enter the percentage in digits, as in 12.5."),
    ("NaN", "Enter the percentage in digits, as in 12.5."),
    ("12.345", "Enter the percentage in digits, as in 12.5."),
])
def test_a_percentage_coupon_outside_the_rules_is_refused(admin_client, shop, value, error):
    response = add_coupon(admin_client, value=value)

    assert response.context["adminform"].form.errors["value"] == [error]
    assert not Coupon.objects.filter(code="NEW").exists()


def test_an_amount_coupon_is_read_in_its_currency_and_needs_one(admin_client, shop):
    yen = add_coupon(admin_client, value_type="amount", value="10.5", currency="jpy")
    without = add_coupon(admin_client, value_type="amount", value="5")
    dollars = add_coupon(admin_client, value_type="amount", value="1,500", currency="USD")

    assert yen.context["adminform"].form.errors["value"] == ["JPY amounts have no decimals."]
    assert without.context["adminform"].form.errors["currency"] == [
        "An amount coupon needs the currency of its amount."]
    coupon = Coupon.objects.get(code="NEW")
    assert (dollars.status_code, coupon.value, coupon.currency) == (302, Decimal("1500.00"), "USD")


def add_shipping_method(client, market, **values):
    return client.post(admin_url(ShippingMethod, "add"), {
        "market": market.pk, "code": "courier", "name": "Courier", "currency": "USD", "price": "5.00", "active": "on",
        **values})


@pytest.mark.parametrize(("template", "error"), [
    ("https://carrier.example/track", "Put {tracking_number} where the tracking number goes"),
    ("ftp://carrier.example/track?id={tracking_number}", "must start with https:// or http://"),
    ("carrier.example/track?id={tracking_number}", "must start with https:// or http://"),
    ("https://not a host/{tracking_number}", "That is not a web address"),
])
def test_a_tracking_url_template_is_checked_beside_its_field(admin_client, shop, template, error):
    response = add_shipping_method(admin_client, shop["market"], tracking_url_template=template)

    assert response.status_code == 200
    assert any(error in message for message in response.context["adminform"].form.errors["tracking_url_template"])
    assert not ShippingMethod.objects.filter(code="courier").exists()


@pytest.mark.parametrize("template", ["", "https://www.dhl.com/track?id={tracking_number}",
                                      "http://carrier.example/{tracking_number}/status"])
def test_an_administrator_sets_a_shipping_methods_tracking_url_template(admin_client, shop, template):
    response = add_shipping_method(admin_client, shop["market"], tracking_url_template=template)

    assert response.status_code == 302
    assert ShippingMethod.objects.get(code="courier").tracking_url_template == template
