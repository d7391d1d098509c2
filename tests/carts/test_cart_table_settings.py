"""The Carts tab's Columns chooser, saved views and CSV export: the portal's, keyed "carts"."""
import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from csrportal.models import SavedView, UserPreferences
from demo.factories.orders import CartFactory

URL = reverse("carts")


def headers(response) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", response.content.decode(), re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def test_a_csrs_columns_come_back_in_another_browser_and_stay_theirs(csr_client, csr_user, django_user_model,
                                                                     csr_group):
    response = csr_client.post(reverse("cart_columns"), {
        "order": ["total", "number", "customer_email", "modified"], "cols": ["total", "number", "modified"],
        "action": "save", "query": "kind=wishlists&cols=number"})
    assert response["Location"] == URL + "?kind=wishlists"
    other_browser = Client()
    other_browser.force_login(csr_user)
    assert headers(other_browser.get(URL)) == ["Total", "No.", "Last modified"]

    colleague = django_user_model.objects.create_user("colleague")
    colleague.groups.add(csr_group)
    client = Client()
    client.force_login(colleague)
    assert "Customer email" in headers(client.get(URL))


def test_cart_columns_do_not_change_the_purchase_order_columns(csr_client, csr_user):
    csr_client.post(reverse("cart_columns"), {"order": ["number", "name"], "cols": ["number", "name"]})
    preferences = UserPreferences.of(csr_user)
    assert preferences.columns == {"carts": ["number", "name"]}
    assert len(headers(csr_client.get(reverse("purchase_orders")))) > 2


def test_columns_move_and_reset(csr_client, csr_user):
    csr_client.post(reverse("cart_columns"), {"order": ["number", "name", "total"], "cols": ["number", "name", "total"],
                                              "action": "up:total"})
    assert UserPreferences.of(csr_user).columns["carts"] == ["number", "total", "name"]
    csr_client.post(reverse("cart_columns"), {"action": "reset"})
    assert "Customer name" in headers(csr_client.get(URL))


def test_a_saved_view_belongs_to_the_carts_tab(csr_client, csr_user):
    csr_client.post(reverse("cart_save_view"), {"name": "Anonymous in Japan", "query": "customer=anonymous&market=JP"})
    view = SavedView.objects.get()
    assert (view.table, view.query) == ("carts", "customer=anonymous&market=JP")
    assert "Anonymous in Japan" in csr_client.get(URL).content.decode()
    assert "Anonymous in Japan" not in csr_client.get(reverse("purchase_orders")).content.decode()
    csr_client.post(reverse("cart_delete_view", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_the_csv_has_the_chosen_columns_and_every_matching_row(csr_client, db):
    wishlists = [CartFactory(wishlist=True, lines=1, customer_name="=SUM(A1)") for _ in range(3)]
    CartFactory(lines=0)
    csr_client.post(reverse("cart_columns"), {"order": ["number", "customer_name", "total"],
                                              "cols": ["number", "customer_name", "total"]})
    response = csr_client.get(reverse("cart_export"), {"kind": "wishlists", "sort": "total"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="carts.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["No.", "Customer name", "Total"]
    assert sorted(row[0] for row in rows[1:]) == sorted(cart.number for cart in wishlists)
    assert {row[1] for row in rows[1:]} == {"'=SUM(A1)"}


@pytest.mark.parametrize("name, args", [("cart_columns", []), ("cart_save_view", []), ("cart_delete_view", [1])])
def test_settings_are_post_only_and_need_a_csr(csr_client, client, django_user_model, name, args):
    url = reverse(name, args=args)
    assert csr_client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.post(url).status_code == 403


def test_a_post_without_the_csrf_token_is_refused(csr_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(csr_user)
    form = {"order": ["number"], "cols": ["number"], "action": "save"}
    assert browser.post(reverse("cart_columns"), form).status_code == 403
    assert not UserPreferences.objects.filter(user=csr_user).exists()

    browser.get(URL)
    token = browser.cookies["csrftoken"].value
    assert browser.post(reverse("cart_columns"), {**form, "csrfmiddlewaretoken": token}).status_code == 302
    assert UserPreferences.of(csr_user).columns["carts"] == ["number"]


def test_results_refreshed_as_you_type_bring_the_tools_the_view_on_screen(csr_client, db):
    html = csr_client.get(URL, {"search": "%tay", "kind": "wishlists"},
                          headers={"HX-Request": "true", "HX-Target": "cart-results"}).content.decode()
    query = "search=%25tay&amp;kind=wishlists"
    assert f'value="{query}" id="save-view-query" hx-swap-oob="true"' in html
    assert f'value="{query}" id="columns-query" hx-swap-oob="true"' in html
    assert f'id="export-csv" href="{reverse("cart_export")}?{query}" download hx-swap-oob="true"' in html
