"""Columns remembered per CSR, saved views personal or shared, and the CSV export."""
import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from csrportal.models import SavedView, UserPreferences
from orders.factories import PurchaseOrderFactory

URL = reverse("purchase_orders")


def headers(response) -> list[str]:
    import re
    head = re.search(r"<thead>(.*?)</thead>", response.content.decode(), re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def test_a_csrs_columns_come_back_in_another_browser(csr_client, csr_user):
    csr_client.post(reverse("purchase_order_columns"), {
        "order": ["total", "number", "customer_email", "status"], "cols": ["total", "number", "status"],
        "action": "save", "query": "status=on_hold"})
    other_browser = Client()
    other_browser.force_login(csr_user)
    assert headers(other_browser.get(URL)) == ["Total", "No.", "Status"]


def test_columns_move_up_and_down_and_reset(csr_client, csr_user):
    response = csr_client.post(reverse("purchase_order_columns"), {
        "order": ["number", "created", "status"], "cols": ["number", "created", "status"], "action": "up:status",
        "query": "status=on_hold&sort=-total"})
    assert response.status_code == 302
    assert response["Location"] == URL + "?status=on_hold&sort=-total"
    assert UserPreferences.of(csr_user).columns["purchase_orders"] == ["number", "status", "created"]
    csr_client.post(reverse("purchase_order_columns"), {"action": "reset"})
    assert "Customer email" in headers(csr_client.get(URL))


def test_another_csrs_columns_are_their_own(csr_client, django_user_model, csr_group):
    csr_client.post(reverse("purchase_order_columns"), {"order": ["number"], "cols": ["number"], "action": "save"})
    colleague = django_user_model.objects.create_user("colleague")
    colleague.groups.add(csr_group)
    client = Client()
    client.force_login(colleague)
    assert len(headers(client.get(URL))) > 1


def test_choosing_no_column_is_refused(csr_client, csr_user):
    response = csr_client.post(reverse("purchase_order_columns"), {"order": ["number"], "action": "save"}, follow=True)
    assert "Choose at least one column" in response.content.decode()


def test_a_saved_view_keeps_filters_columns_and_sort_and_can_be_shared(csr_client, csr_user, django_user_model,
                                                                         csr_group):
    csr_client.post(reverse("purchase_order_columns"), {"order": ["number", "total"], "cols": ["number", "total"]})
    csr_client.post(reverse("purchase_order_save_view"), {
        "name": "Held in Japan", "query": "status=on_hold&market=JP&sort=-total&after=abc", "shared": "on"})
    csr_client.post(reverse("purchase_order_save_view"), {"name": "Mine only", "query": "status=completed"})
    view = SavedView.objects.get(name="Held in Japan")
    assert (view.query, view.columns, view.shared) == ("status=on_hold&market=JP&sort=-total", ["number", "total"], True)

    colleague = django_user_model.objects.create_user("colleague")
    colleague.groups.add(csr_group)
    client = Client()
    client.force_login(colleague)
    page = client.get(URL).content.decode()
    assert "Held in Japan" in page and "Mine only" not in page
    assert "?status=on_hold&amp;market=JP&amp;sort=-total&amp;cols=number,total" in page
    # Only its owner may delete a view.
    client.post(reverse("purchase_order_delete_view", args=[view.pk]))
    assert SavedView.objects.filter(pk=view.pk).exists()
    csr_client.post(reverse("purchase_order_delete_view", args=[view.pk]))
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_a_view_needs_a_name(csr_client):
    response = csr_client.post(reverse("purchase_order_save_view"), {"name": " ", "query": ""}, follow=True)
    assert "Give the view a name" in response.content.decode()
    assert not SavedView.objects.exists()


def test_the_csv_has_the_chosen_columns_and_every_matching_row(csr_client, db):
    held = [PurchaseOrderFactory(lines=1, status="on_hold", customer_name="=HYPERLINK(1)") for _ in range(3)]
    PurchaseOrderFactory(lines=0, status="completed")
    csr_client.post(reverse("purchase_order_columns"), {"order": ["number", "customer_name", "total"],
                                                        "cols": ["number", "customer_name", "total"]})
    response = csr_client.get(reverse("purchase_order_export"), {"status": "on_hold", "sort": "number"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["No.", "Customer name", "Total"]
    assert [row[0] for row in rows[1:]] == sorted(order.number for order in held)
    assert rows[1][1] == "'=HYPERLINK(1)"  # no formula injection into spreadsheets
    assert rows[1][2] == f"{held[0].total:,.2f} USD"  # every amount with its currency


@pytest.mark.parametrize("name", ["purchase_order_columns", "purchase_order_save_view"])
def test_settings_are_post_only_and_need_a_csr(csr_client, client, name):
    assert csr_client.get(reverse(name)).status_code == 405
    assert client.post(reverse(name)).status_code == 302
