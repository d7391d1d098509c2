"""The Notes tab (a CSR's notes about the customer) and the History tab (every change of the record)."""
import pytest
from django.test import Client
from django.urls import reverse

from customers.models import CustomerNote, CustomerNoteKind
from customers.operations import address_add, customer_create, customer_note_add
from demo.factories.customers import CustomerFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "tab-content"}


@pytest.fixture
def ada(csr_user):
    return customer_create(first_name="Ada", last_name="Byron", email="ada@example.com", user=csr_user)


def test_adding_a_note_lists_it_with_its_author_and_time(csr_client, ada):
    response = csr_client.post(reverse("customer_notes", args=[ada.pk]),
                               {"title": "Prefers email", "detail": "Never call before 10."})
    assert response.status_code == 302
    html = csr_client.get(response.url).content.decode()
    assert "<strong>Prefers email</strong> · Casey Rivera · <time" in html and "Never call before 10." in html
    assert "Note added." in html
    assert CustomerNote.objects.get(customer=ada, kind=CustomerNoteKind.USER).title == "Prefers email"


def test_adding_a_note_with_htmx_shows_the_tab_again(csr_client, ada):
    html = csr_client.post(reverse("customer_notes", args=[ada.pk]), {"title": "Called", "detail": ""},
                           **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="tab-content"') and "<strong>Called</strong>" in html


@pytest.mark.parametrize(("title", "message"), [
    ("", "Give the note a title."),
    ("x" * 5000, "Title can be at most 200 characters (it has 5000)."),
])
def test_a_note_without_a_fitting_title_is_refused_beside_it(csr_client, ada, title, message):
    html = csr_client.post(reverse("customer_notes", args=[ada.pk]), {"title": title, "detail": "x"},
                           **HTMX).content.decode()
    assert 'id="note-title_error"' in html and message in html
    assert not CustomerNote.objects.filter(customer=ada, kind=CustomerNoteKind.USER).exists()


def test_the_notes_tab_shows_no_system_notes_and_history_no_csr_notes(csr_client, ada, csr_user):
    customer_note_add(ada, user=csr_user, title="Prefers email")
    notes = csr_client.get(reverse("customer_notes", args=[ada.pk])).content.decode()
    history = csr_client.get(reverse("customer_history", args=[ada.pk])).content.decode()
    assert "Prefers email" in notes and "Customer created" not in notes
    assert "Customer created" in history and "Prefers email" not in history


def test_history_lists_every_change_newest_first_with_who_and_details(csr_client, ada, csr_user):
    address_add(ada, user=None, version=ada.version, label="Office", line1="2 Side St", city="Salem",
                postal_code="01970", country_code="US")
    html = csr_client.get(reverse("customer_history", args=[ada.pk])).content.decode()
    assert html.index("Address added") < html.index("Customer created")
    assert "<td>System</td>" in html and "<td>Casey Rivera</td>" in html
    assert "Office: 2 Side St, 01970 Salem, US" in html


def test_notes_and_history_need_a_logged_in_csr(client, csr_user, django_user_model, ada):
    notes, history = reverse("customer_notes", args=[ada.pk]), reverse("customer_history", args=[ada.pk])
    assert client.get(notes).status_code == 302 and client.get(history).status_code == 302
    assert client.post(notes, {"title": "x"}).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get(notes).status_code == 403 and client.get(history).status_code == 403
    assert client.post(notes, {"title": "x"}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(csr_user)
    assert strict.post(notes, {"title": "x"}).status_code == 403
    csr = Client()
    csr.force_login(csr_user)
    assert csr.post(history).status_code == 405
    assert not CustomerNote.objects.filter(customer=ada, kind=CustomerNoteKind.USER).exists()


def test_notes_and_history_read_in_the_same_number_of_queries_for_one_note_or_many(
        csr_client, csr_user, django_assert_num_queries):
    one, many = CustomerFactory(addresses=0), CustomerFactory(addresses=0)
    customer_note_add(one, user=csr_user, title="Only")
    for index in range(30):
        customer_note_add(many, user=csr_user if index % 2 else None, title=f"Note {index}")
        address_add(many, user=csr_user, version=None, line1=f"{index} Main St", city="Salem", postal_code="01970",
                    country_code="US")
    address_add(one, user=csr_user, version=None, line1="1 Main St", city="Salem", postal_code="01970",
                country_code="US")
    csr_client.get(reverse("customer_notes", args=[one.pk]))  # the session caches the CSR role
    for customer in (one, many):
        # The session, the user, the customer (with group, organization, section), their figures, the notes
        # with their authors.
        with django_assert_num_queries(5):
            csr_client.get(reverse("customer_notes", args=[customer.pk]))
        with django_assert_num_queries(5):
            csr_client.get(reverse("customer_history", args=[customer.pk]))
