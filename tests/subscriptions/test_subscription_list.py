"""The Subscriptions tab: every subscription with its cycle, found by customer, state or market."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.factories.orders import SubscriptionFactory

URL = reverse("subscriptions")


def numbers_in(response) -> list[str]:
    return re.findall(r">(PP\d+)</a></td>", response.content.decode())


@pytest.fixture
def subscriptions(db):
    weekly = SubscriptionFactory(customer=None, customer_name="Mercy Taylor", customer_email="mercy@example.com",
                                lines=1, schedule__cycle_mode="weeks", schedule__cycle_length=2,
                                schedule__start_date=datetime.date(2026, 1, 5), schedule__completed_cycles=0,
                                schedule__last_transaction_date=None, schedule__active=True)
    paused = SubscriptionFactory(customer=None, customer_name="Anna Smith", customer_email="anna@example.com", lines=1,
                                schedule__active=False)
    today = timezone.localdate()
    due = SubscriptionFactory(customer=None, customer_name="Dee Due", customer_email="dee@example.com", lines=1,
                             schedule__start_date=today, schedule__next_order_date=today)
    failed = SubscriptionFactory(customer=None, customer_name="Fay Failed", customer_email="fay@example.com", lines=1,
                                schedule__start_date=today + datetime.timedelta(days=3), schedule__last_result="failed",
                                schedule__last_problem="MUG-BLUE: 9 wanted, 5 in stock",
                                schedule__last_result_at=timezone.now())
    cancelled = SubscriptionFactory(customer=None, customer_name="Cy Cancelled", customer_email="cy@example.com", lines=1,
                                   schedule__start_date=today + datetime.timedelta(days=3), schedule__active=False,
                                   schedule__cancelled_at=timezone.now())
    return {"weekly": weekly, "paused": paused, "due": due, "failed": failed, "cancelled": cancelled}


def test_each_subscription_shows_its_cycle_and_next_order_and_opens_its_page(csr_client, subscriptions):
    body = csr_client.get(URL).content.decode()
    assert set(numbers_in(csr_client.get(URL))) == {subscription.number for subscription in subscriptions.values()}
    assert "Every 2 weeks" in body and "2026-01-05" in body and "Paused" in body and "Cancelled" in body
    assert "Next order" in body and "Last result" in body
    assert f"Not placed {timezone.localdate().isoformat()}: MUG-BLUE: 9 wanted, 5 in stock" in body
    assert f'href="{reverse("subscription:order_detail", args=[subscriptions["weekly"].number])}"' in body
    assert csr_client.get(reverse("subscription:order_detail", args=[subscriptions["weekly"].number])).status_code == 200


@pytest.mark.parametrize("params, expected", [
    ({"active": "paused"}, {"paused"}), ({"active": "active"}, {"weekly", "due", "failed"}),
    ({"active": "due"}, {"weekly", "due"}), ({"active": "failed"}, {"failed"}), ({"active": "cancelled"}, {"cancelled"}),
    ({"search": "%tay"}, {"weekly"}), ({"search": "ANNA@example.com"}, {"paused"}), ({"search": "@example.com"}, set()),
])
def test_filters(csr_client, subscriptions, params, expected):
    assert set(numbers_in(csr_client.get(URL, params))) == {subscriptions[key].number for key in expected}


def test_the_page_runs_the_same_queries_for_25_or_100_rows(csr_client, db, django_assert_max_num_queries):
    for _ in range(30):
        SubscriptionFactory(lines=0)
    with django_assert_max_num_queries(12) as small:
        csr_client.get(URL, {"per_page": 25})
    with django_assert_max_num_queries(len(small.captured_queries)):
        csr_client.get(URL, {"per_page": 100})


def test_the_tab_needs_the_csr_role(client, django_user_model, db):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get(URL).status_code == 403


def test_a_subscription_number_without_its_prefix_or_a_name_beyond_ascii_finds_the_subscription(csr_client, subscriptions):
    björn = SubscriptionFactory(customer=None, customer_name="Björn Ek", lines=0)
    weekly = subscriptions["weekly"].number
    assert numbers_in(csr_client.get(URL, {"search": weekly.removeprefix("PP")})) == [weekly]
    assert numbers_in(csr_client.get(URL, {"search": "BJÖRN"})) == [björn.number]


def test_results_refreshed_as_you_type_bring_the_tools_the_view_on_screen(csr_client, subscriptions):
    html = csr_client.get(URL, {"search": "%tay", "active": "paused"},
                          headers={"HX-Request": "true", "HX-Target": "subscription-results"}).content.decode()
    query = "search=%25tay&amp;active=paused"
    assert f'value="{query}" id="save-view-query" hx-swap-oob="true"' in html
    assert f'id="export-csv" href="{reverse("subscription_export")}?{query}" download hx-swap-oob="true"' in html
