"""The portal shell: who gets in, the tabs, logging in and out, the static files."""
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.conftest import CSR_PASSWORD

TABS = {
    "purchase_orders": "Purchase orders",
    "carts": "Carts",
    "subscriptions": "Subscriptions",
    "shipments": "Shipments",
    "customers": "Customers",
}
HTMX = "vendor/htmx-2.0.11.min.js"
# A list screen: preferences, market choices, capped count, rows, saved views.
SCREEN_QUERIES = {"purchase_orders": 5, "carts": 5, "subscriptions": 5, "customers": 5,
                  "shipments": 7}  # and the warehouses and shipping methods it filters by


class Controls(HTMLParser):
    """Collects form controls and the labels pointing at them."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs)


def controls_in(response):
    parser = Controls()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("url_name", ["home", *TABS])
def test_an_anonymous_user_is_sent_to_the_login_page(client, url_name, db):
    url = reverse(url_name)
    response = client.get(url)
    assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize("url_name", TABS)
def test_a_user_without_the_csr_role_is_refused_with_a_clear_page(client, django_user_model, url_name):
    user = django_user_model.objects.create_user(username="clerk", password="clerk-pass-123")
    client.force_login(user)

    response = client.get(reverse(url_name))

    assert response.status_code == 403
    assertContains(response, "You do not have access", status_code=403)
    assertContains(response, "does not have the Customer Service Representative role", status_code=403)
    assertContains(response, f'action="{reverse("logout")}"', status_code=403)
    assertNotContains(response, 'aria-label="Order Management"', status_code=403)


@pytest.mark.parametrize("url_name", TABS)
def test_a_csr_sees_the_tabs_with_the_current_one_marked(csr_client, url_name, django_assert_max_num_queries):
    # The session and the user; whether the user is in the CSR group is looked up on the first
    # page and then only every few minutes. A built tab adds the queries of its own screen
    # (asserted in that screen's tests).
    csr_client.get(reverse(url_name))
    with django_assert_max_num_queries(2 + SCREEN_QUERIES.get(url_name, 0)):
        response = csr_client.get(reverse(url_name))

    assertContains(response, '<nav class="area-nav" aria-label="Order Management">')
    for name, label in TABS.items():
        current = ' aria-current="page"' if name == url_name else ""
        assertContains(response, f'<a href="{reverse(name)}"{current}>{label}</a>', html=True)
    assertContains(response, 'aria-current="page"', count=1)
    assertContains(response, f"<h1>{TABS[url_name]}</h1>", html=True)
    assertContains(response, "Signed in as <strong>Casey Rivera</strong>", html=True)


def test_the_home_page_opens_purchase_orders(csr_client):
    assertRedirects(csr_client.get(reverse("home")), reverse("purchase_orders"))


def test_a_superuser_is_let_in_without_the_group(admin_client):
    assert admin_client.get(reverse("purchase_orders")).status_code == 200


def test_every_page_carries_the_csrf_token_for_htmx_and_a_polite_messages_region(csr_client):
    response = csr_client.get(reverse("carts"))
    token = response.context["csrf_token"]

    assertContains(response, f"""<body hx-headers='{{"X-CSRFToken": "{token}"}}'>""")
    assertContains(response, '<div id="messages" class="messages" aria-live="polite">')


def test_logout_refuses_get(csr_client):
    response = csr_client.get(reverse("logout"))

    assert response.status_code == 405
    assert csr_client.get(reverse("purchase_orders")).status_code == 200


def test_logout_by_post_ends_the_session(csr_client):
    response = csr_client.post(reverse("logout"))

    assertRedirects(response, reverse("login"))
    assert csr_client.get(reverse("purchase_orders")).status_code == 302


def test_the_login_page_labels_every_field(client, db):
    response = client.get(reverse("login"))

    page = controls_in(response)
    assert [control["name"] for control in page.controls] == ["username", "password"]
    for control in page.controls:
        assert control["id"] in page.labelled, f"{control['name']} has no label"
    assertNotContains(response, 'aria-label="Order Management"')


def test_a_csr_logs_in_and_lands_on_purchase_orders(client, csr_user):
    response = client.post(reverse("login"), {"username": "csr", "password": CSR_PASSWORD}, follow=True)

    assertRedirects(response, reverse("purchase_orders"))
    assertContains(response, "<h1>Purchase orders</h1>", html=True)


def test_a_wrong_password_is_shown_above_the_form_and_keeps_the_username(client, csr_user):
    response = client.post(reverse("login"), {"username": "csr", "password": "wrong"})

    assert response.status_code == 200
    assertContains(response, '<div class="form-errors" role="alert">')
    assertContains(response, "Please enter a correct username and password")
    assertContains(response, 'value="csr"')


def test_a_missing_field_is_reported_next_to_it(client, db):
    response = client.post(reverse("login"), {"username": "csr", "password": ""})

    # The error list sits in the field's group and the input points at it.
    assertContains(response, '<ul class="errorlist" id="id_password_error"><li>This field is required.</li></ul>')
    assertContains(response, 'aria-describedby="id_password_error"')
    assertContains(response, 'aria-invalid="true"')


def test_htmx_is_served_from_our_own_static_files(client, csr_client):
    assert finders.find(HTMX), f"static/{HTMX} is missing"
    assertContains(csr_client.get(reverse("customers")), f'<script src="/static/{HTMX}" defer></script>', html=True)

    response = client.get(f"/static/{HTMX}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"var htmx=function()")


def test_a_csr_sees_times_in_their_own_time_zone(client, csr_user):
    import datetime

    from csrportal.models import UserPreferences
    from demo.factories.orders import PurchaseOrderFactory

    UserPreferences.objects.create(user=csr_user, time_zone="Asia/Tokyo")
    PurchaseOrderFactory(lines=0, created=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC))
    client.post(reverse("login"), {"username": "csr", "password": CSR_PASSWORD})
    assert client.session["time_zone"] == "Asia/Tokyo"
    assertContains(client.get(reverse("purchase_orders")), "2026-03-02 08:30")


def test_a_role_taken_away_stops_working_at_the_next_check(csr_client, csr_user, csr_group):
    url = reverse("purchase_orders")
    assert csr_client.get(url).status_code == 200
    csr_user.groups.remove(csr_group)
    session = csr_client.session
    session["csr_role_until"] = 0  # the recheck is due (it comes every ROLE_RECHECK_SECONDS)
    session.save()
    assert csr_client.get(url).status_code == 403
