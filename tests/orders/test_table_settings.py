"""Columns remembered per CSR, saved views personal or shared, and the CSV export."""
import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from csrportal.models import SavedView, UserPreferences
from demo.factories.orders import PurchaseOrderFactory

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
    assert response["Location"] == URL + "?status=on_hold&sort=-total&panel=columns&moved=up%3Astatus"
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


# The workspace keeps what is on screen -----------------------------------------------------------

def oob_element(html: str, element_id: str) -> str:
    import re
    found = re.search(rf'<[^>]*id="{element_id}"[^>]*>', html)
    assert found, f"#{element_id} is not in the response"
    return found.group(0)


def test_results_refreshed_as_you_type_bring_the_tools_the_view_on_screen(csr_client, csr_user, db):
    mine = SavedView.objects.create(owner=csr_user, table="purchase_orders", name="Mine", query="status=on_hold")
    response = csr_client.get(URL, {"customer": "%tay", "status": "completed", "sort": "-total", "per_page": 50},
                              headers={"HX-Request": "true", "HX-Target": "order-results"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="order-results"')
    query = "customer=%25tay&amp;status=completed&amp;sort=-total&amp;per_page=50"
    assert 'value="50" id="columns-per-page" hx-swap-oob="true"' in html
    for element_id in ("columns-query", "save-view-query", f"delete-view-query-{mine.pk}"):
        element = oob_element(html, element_id)
        assert f'value="{query}"' in element and 'hx-swap-oob="true"' in element
    export = oob_element(html, "export-csv")
    assert f'href="{reverse("purchase_order_export")}?{query}"' in export and 'hx-swap-oob="true"' in export


def test_a_saved_view_keeps_the_columns_on_screen_not_only_the_remembered_ones(csr_client, csr_user):
    csr_client.post(reverse("purchase_order_columns"), {"order": ["number", "total"], "cols": ["number", "total"]})
    csr_client.post(reverse("purchase_order_save_view"), {
        "name": "From a link", "query": "status=completed&cols=customer_name,number&panel=views"})
    view = SavedView.objects.get(name="From a link")
    assert (view.query, view.columns) == ("status=completed", ["customer_name", "number"])


def test_moving_a_column_keeps_the_panel_open_the_focus_on_the_button_and_the_filters(csr_client, csr_user):
    response = csr_client.post(reverse("purchase_order_columns"), {
        "order": ["number", "created", "status"], "cols": ["number", "created", "status"], "action": "down:number",
        "query": "customer=%25tay&status=completed"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(URL + "?customer=%25tay&status=completed")
    assert 'id="columns-panel" open' in html
    assert 'value="down:number" class="button-icon" aria-label="Move No. down" autofocus' in html
    assert 'name="customer" id="id_customer" value="%tay"' in html
    assert headers(response) == ["Created", "No.", "Status"]
    # The panel is how the page is drawn, not part of the view: its links and tools leave it out.
    assert "panel=" not in oob_element(html, "export-csv")
    # Saving the columns closes it.
    response = csr_client.post(reverse("purchase_order_columns"), {
        "order": ["number", "status"], "cols": ["number", "status"], "action": "save", "query": "status=completed"},
        follow=True)
    assert 'id="columns-panel" open' not in response.content.decode()


@pytest.mark.parametrize("data, field_id, message", [
    ({"name": "n" * 81}, "saved-view-name-error", "Give the view a name of 1 to 80 characters (this one has 81)"),
    ({"name": "ok", "query": "customer=" + "x" * 2100}, "save-view-query-error", "These filters are too long to save as a view (over 2,000 characters)"),
    ({"name": "a\x00b"}, "saved-view-name-error", "Null characters are not allowed"),
])
def test_a_view_that_cannot_be_saved_says_why_beside_the_field(csr_client, data, field_id, message):
    data.setdefault("query", "status=completed")
    response = csr_client.post(reverse("purchase_order_save_view"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="field-error" id="{field_id}">{message}' in html
    assert 'id="views-panel" open' in html
    assert not SavedView.objects.exists()


def test_a_refused_view_name_is_shown_again_as_typed_with_the_filters(csr_client):
    response = csr_client.post(reverse("purchase_order_save_view"), {"name": "n" * 81, "query": "customer=%25tay"})
    html = response.content.decode()
    assert f'value="{"n" * 81}" aria-invalid="true" aria-describedby="saved-view-name-error"' in html
    assert 'name="customer" id="id_customer" value="%tay"' in html
    # Drawn at the form's URL, the page's links still lead to the list.
    assert f'<form id="filters" class="filters" method="get" action="{URL}"' in html


@pytest.mark.parametrize("data, message", [
    ({"cols": ["number", "no_such_column"], "action": "save"}, "There is no column no_such_column."),
    ({"cols": ["number"], "action": "sideways"}, "Select a valid choice. sideways is not one of the available choices."),
    ({"cols": ["number"], "per_page": "²"}, "Select a valid choice. ² is not one of the available choices."),
])
def test_a_columns_form_that_cannot_be_used_says_why_and_keeps_the_panel_open(csr_client, csr_user, data, message):
    response = csr_client.post(reverse("purchase_order_columns"), {**data, "query": "status=completed"})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and 'id="columns-panel" open' in html
    assert "purchase_orders" not in UserPreferences.of(csr_user).columns



def test_saving_a_view_from_a_views_link_returns_to_it_in_its_columns(csr_client):
    response = csr_client.post(reverse("purchase_order_save_view"), {
        "name": "Copy", "query": "status=completed&cols=customer_name,number"}, follow=True)
    assert headers(response) == ["Customer name", "No."]
