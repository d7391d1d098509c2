"""Notes are shown, never changed here: System notes are the order's history, custom notes are
written by CSRs in the portal."""
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from orders.admin.orders import HistoryInline, NoteInline
from orders.models import Note, NoteKind
from tests.admin.helpers import admin_url, messages_of, order_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(make_order):
    return make_order()


@pytest.fixture
def system_note(order):
    return Note.objects.create(order_group=order, kind=NoteKind.SYSTEM, action="created", title="Order created")


@pytest.fixture
def custom_note(order):
    return Note.objects.create(order_group=order, kind=NoteKind.CUSTOM, title="Called")


@pytest.mark.parametrize("kind", ["system", "custom"])
def test_a_note_page_is_read_only(admin_client, system_note, custom_note, kind):
    note = system_note if kind == "system" else custom_note

    response = admin_client.get(admin_url(note))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False


@pytest.mark.parametrize("kind", ["system", "custom"])
def test_a_note_cannot_be_edited_or_deleted(admin_client, system_note, custom_note, kind):
    note = system_note if kind == "system" else custom_note

    edited = admin_client.post(admin_url(note), {"title": "Rewritten", "detail": ""})
    deleted = admin_client.post(admin_url(note, "delete", note.pk), {"post": "yes"})

    assert (edited.status_code, deleted.status_code) == (403, 403)
    assert Note.objects.get(pk=note.pk).title == note.title


def test_the_notes_changelist_offers_no_bulk_delete(admin_client, system_note, custom_note):
    response = admin_client.post(admin_url(Note, "changelist"), {
        "action": "delete_selected", "index": 0, ACTION_CHECKBOX_NAME: [system_note.pk, custom_note.pk],
    }, follow=True)

    assert Note.objects.filter(pk__in=[system_note.pk, custom_note.pk]).count() == 2
    assert response.context["action_form"] is None  # no action at all


def test_the_order_page_shows_the_notes_and_the_history_read_only(admin_client, order, system_note, custom_note):
    response = admin_client.get(order_url(order))

    shown = {type(inline.opts): inline for inline in response.context["inline_admin_formsets"]}
    assert [form.original for form in shown[HistoryInline]] == [system_note]
    assert [form.original for form in shown[NoteInline]] == [custom_note]
    for inline in (shown[HistoryInline], shown[NoteInline]):
        assert not (inline.has_change_permission or inline.has_delete_permission or inline.has_add_permission)
    assert not messages_of(response)
