"""System notes are the order's history: the admin shows them and never changes or deletes them."""
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from orders.admin import HistoryInline, NoteInline
from orders.models import Note, NoteKind
from tests.admin.helpers import admin_url, form_data, inline_prefix, messages_of, order_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(make_order):
    return make_order()


@pytest.fixture
def system_note(order):
    return Note.objects.get(order_group=order, kind=NoteKind.SYSTEM)


def test_a_system_note_page_is_read_only(admin_client, system_note):
    response = admin_client.get(admin_url(system_note))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False


def test_a_system_note_cannot_be_edited(admin_client, system_note):
    response = admin_client.post(admin_url(system_note), {"title": "Rewritten", "detail": ""})

    assert response.status_code == 403
    system_note.refresh_from_db()
    assert system_note.title == "Order created"


def test_a_system_note_cannot_be_deleted(admin_client, system_note):
    response = admin_client.post(admin_url(system_note, "delete", system_note.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Note.objects.filter(pk=system_note.pk).exists()


def test_the_bulk_delete_refuses_system_notes(admin_client, order, system_note):
    custom = Note.objects.create(order_group=order, title="Called")

    response = admin_client.post(admin_url(Note, "changelist"), {
        "action": "delete_selected", ACTION_CHECKBOX_NAME: [system_note.pk, custom.pk], "post": "yes",
    }, follow=True)

    assert Note.objects.filter(pk__in=[system_note.pk, custom.pk]).count() == 2
    assert any("System notes are the order's history" in m for m in messages_of(response))


def test_the_bulk_delete_deletes_custom_notes(admin_client, order):
    custom = Note.objects.create(order_group=order, title="Called")

    admin_client.post(admin_url(Note, "changelist"),
                      {"action": "delete_selected", ACTION_CHECKBOX_NAME: [custom.pk], "post": "yes"})

    assert not Note.objects.filter(pk=custom.pk).exists()


def test_the_order_page_shows_the_history_read_only(admin_client, order, system_note):
    response = admin_client.get(order_url(order))

    [history] = [inline for inline in response.context["inline_admin_formsets"] if type(inline.opts) is HistoryInline]
    assert [form.instance for form in history.formset.forms] == [system_note]
    assert not history.has_change_permission and not history.has_delete_permission and not history.has_add_permission


def test_a_note_added_on_the_order_page_is_a_custom_note_by_the_administrator(admin_client, admin_user, order):
    url = order_url(order)
    response = admin_client.get(url)
    data = form_data(response)
    prefix = inline_prefix(response, NoteInline)
    data[f"{prefix}-0-title"] = "Customer called"
    data[f"{prefix}-0-detail"] = "Wants it by Friday."

    admin_client.post(url, data)

    note = Note.objects.get(order_group=order, title="Customer called")
    assert (note.kind, note.author, note.detail) == (NoteKind.CUSTOM, admin_user, "Wants it by Friday.")
    order.refresh_from_db()
    assert order.version == 1  # a note never makes another editor's page stale


def test_a_note_is_added_whatever_the_status(admin_client, make_order):
    cancelled = make_order(status="cancelled")
    url = order_url(cancelled)
    response = admin_client.get(url)
    data = form_data(response)
    data[f"{inline_prefix(response, NoteInline)}-0-title"] = "Refund promised"

    admin_client.post(url, data)

    assert Note.objects.filter(order_group=cancelled, kind=NoteKind.CUSTOM, title="Refund promised").exists()


def test_a_posted_change_to_a_system_note_on_the_order_page_is_ignored(admin_client, order, system_note):
    url = order_url(order)
    response = admin_client.get(url)
    data = form_data(response)
    prefix = inline_prefix(response, HistoryInline)
    data[f"{prefix}-0-title"] = "Rewritten"
    data[f"{prefix}-0-DELETE"] = "on"

    admin_client.post(url, data)

    system_note.refresh_from_db()
    assert system_note.title == "Order created"
