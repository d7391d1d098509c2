"""Input the database cannot take (a NUL byte above all, which PostgreSQL refuses in any text)
gets an answer in the admin, never a 500: changelist filters, autocomplete searches, JSON fields."""
import pytest
from django.contrib import admin

from catalog.models import Market, Price, Sku
from tests.admin.helpers import admin_url, form_data

pytestmark = pytest.mark.django_db

FILTERS = [{"status__exact": "a\x00"}, {"kind__exact": "\x00"}, {"market__id__exact": "\x00"},
           {"active__exact": "\x00"}, {"a\x00": "1"}]


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_a_nul_byte_in_a_changelist_filter_goes_back_to_the_plain_list(admin_client, everything, model):
    url = admin_url(model, "changelist")

    for params in FILTERS:
        response = admin_client.get(url, params)

        assert (response.status_code, response["Location"]) == (302, f"{url}?e=1"), params


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), [
    ("catalog", "price", "sku"), ("catalog", "sku", "product"), ("csrportal", "savedview", "owner"),
    ("customers", "customer", "organization"), ("customers", "customer", "group")])
def test_an_autocomplete_term_with_a_nul_byte_finds_nothing(admin_client, everything, app_label, model_name,
                                                             field_name):
    response = admin_client.get("/admin/autocomplete/", {
        "app_label": app_label, "model_name": model_name, "field_name": field_name, "term": "T\x00"})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_json_field_with_a_nul_character_is_an_error_beside_the_field(admin_client, shop):
    sku = shop["skus"]["TEE-M"]
    url = admin_url(sku)
    data = form_data(admin_client.get(url))
    data["properties"] = '{"fit": "slim\\u0000"}'

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["properties"] == ["Null characters are not allowed."]
    assert Sku.objects.get(pk=sku.pk).properties == {}


@pytest.mark.parametrize(("field", "typed"), [("currencies", '["US\\u0000"]'), ("currencies", "5"),
                                              ("currencies", '["DOLLARS"]'), ("countries", '{"US": 1}')])
def test_a_market_lists_its_currencies_and_countries_as_codes(admin_client, shop, field, typed):
    market = shop["market"]
    url = admin_url(market)
    data = form_data(admin_client.get(url))
    data[field] = typed

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    market.refresh_from_db()
    assert (market.currencies, market.countries) == (["USD"], ["US"])


def test_a_market_saves_its_codes_in_capitals(admin_client, shop):
    market = shop["market"]
    url = admin_url(market)
    data = form_data(admin_client.get(url))
    data.update(currencies='["usd", "cad"]', countries='["us", "ca"]', default_currency="usd")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    market = Market.objects.get(pk=market.pk)
    assert (market.default_currency, market.currencies, market.countries) == ("USD", ["USD", "CAD"], ["US", "CA"])


NOT_IDS = ["abc", "²", "99999999999999999999", "1%00", "%00", "1.5"]


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_a_page_for_an_id_that_cannot_exist_says_the_row_does_not_exist(admin_client, everything, model):
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"

    for bad_id in NOT_IDS:
        for page in ("change/", "delete/", "history/"):
            for method in (admin_client.get, admin_client.post):
                response = method(f"{base}{bad_id}/{page}")

                # No page's address holds a NUL (csrportal.middleware); other ids are rows that do not exist.
                expected = (404,) if "%00" in bad_id else (302, 403)
                assert response.status_code in expected, (bad_id, page, method)


def test_a_related_row_id_beyond_any_key_is_an_invalid_choice(admin_client, shop):
    response = admin_client.post(admin_url(Price, "add"), {
        "sku": "99999999999999999999", "market": "99999999999999999999", "currency": "USD", "amount": "1"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "sku" in errors and "market" in errors
