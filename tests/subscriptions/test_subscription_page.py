"""A subscription's page: the Settings and Orders tabs and the Summary's actions, through HTTP (allowed, refused,
stale, bad input, no login, wrong role), and the order-only controls it does not offer."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Stock
from orders.models import Kind, Note, OrderGroup
from subscriptions.models import CycleMode, Outbox, Schedule
from tests.world import first_line

TODAY = timezone.localdate


def edit_url(subscription, edit):
    return reverse("subscription:order_edit", args=[subscription.number, edit])


def tab_url(subscription, tab="summary"):
    if tab == "summary":
        return reverse("subscription:order_detail", args=[subscription.number])
    return reverse("subscription:order_tab", args=[subscription.number, tab])


@pytest.fixture
def subscription(make_order):
    """Monthly, started a month ago with one order placed; the next due in a week."""
    plan = make_order(kind="plan")
    today = TODAY()
    Schedule.objects.filter(subscription=plan).update(
        start_date=today - datetime.timedelta(days=23), completed_cycles=1,
        last_transaction_date=today - datetime.timedelta(days=23), next_order_date=today + datetime.timedelta(days=7))
    return OrderGroup.objects.get(pk=plan.pk)


def schedule_of(subscription) -> Schedule:
    return Schedule.objects.get(subscription=subscription)


def stored(subscription) -> OrderGroup:
    return OrderGroup.objects.get(pk=subscription.pk)


def history(subscription) -> list[str]:
    return list(Note.objects.history().filter(order_group=subscription).values_list("title", flat=True))


def settings_data(subscription, **changes):
    schedule = schedule_of(subscription)
    data = {"version": stored(subscription).version, "cycle_mode": schedule.cycle_mode, "cycle_length": schedule.cycle_length,
            "start_date": schedule.start_date.isoformat(), "end_date": schedule.end_date.isoformat() if schedule.end_date else "",
            "max_cycles": schedule.max_cycles, "active": "on" if schedule.active else ""}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# The tabs ------------------------------------------------------------------------------------------------------

def test_a_subscription_has_settings_and_orders_tabs_and_a_purchase_order_has_not(csr_client, subscription, make_order):
    body = csr_client.get(tab_url(subscription)).content.decode()
    labels = re.findall(r'<nav id="order-tabs".*?</nav>', body, re.S)[0]
    assert re.findall(r">([^<>]+)</a>", labels) == ["Summary", "Form details", "Contact details", "Settings", "Orders",
                                                    "Notes", "History"]
    order = make_order()
    assert csr_client.get(reverse("po:order_tab", args=[order.number, "settings"])).status_code == 404
    assert "Settings" not in re.findall(r'<nav id="order-tabs".*?</nav>',
                                        csr_client.get(reverse("po:order_detail", args=[order.number])).content.decode(),
                                        re.S)[0]


def test_the_settings_tab_shows_the_cycle_in_words_and_the_next_order_date(csr_client, subscription):
    Schedule.objects.filter(subscription=subscription).update(cycle_mode=CycleMode.WEEKS, cycle_length=2)
    body = csr_client.get(tab_url(subscription, "settings")).content.decode()
    assert '<dd id="settings-cycle">Every 2 weeks</dd>' in body
    assert f'<dd id="settings-next">{(TODAY() + datetime.timedelta(days=7)).isoformat()}</dd>' in body
    assert '<dd id="settings-completed">1' in body
    Schedule.objects.filter(subscription=subscription).update(cycle_mode=CycleMode.MONTHS, cycle_length=1)
    assert '<dd id="settings-cycle">Every month</dd>' in csr_client.get(tab_url(subscription, "settings")).content.decode()


def test_no_paid_or_balance_due_and_no_payments_on_a_subscription(csr_client, subscription):
    summary = csr_client.get(tab_url(subscription)).content.decode()
    assert "<dt>Paid</dt>" not in summary and "Balance due" not in summary
    forms = csr_client.get(tab_url(subscription, "forms")).content.decode()
    assert "Add payment" not in forms and "/edit/payment/" not in forms


def test_a_subscription_past_its_end_date_shows_no_next_order(csr_client, subscription):
    Schedule.objects.filter(subscription=subscription).update(end_date=TODAY())
    body = csr_client.get(tab_url(subscription)).content.decode()
    assert '<dd id="next-order">Ended</dd>' in body
    assert "Place next order now" not in body and "Skip next order" not in body


# Settings ------------------------------------------------------------------------------------------------------

def test_change_monthly_to_every_two_weeks(csr_client, subscription):
    response = csr_client.post(edit_url(subscription, "subscription-settings"),
                               settings_data(subscription, cycle_mode="weeks", cycle_length=2))
    assert response.status_code == 302
    schedule = schedule_of(subscription)
    assert str(schedule) == "Every 2 weeks"
    # Two weeks after the last order: 23 days ago + 14 is before today, so the next 2-week date after it, not before today.
    assert schedule.next_order_date == schedule.last_transaction_date + datetime.timedelta(weeks=4)
    assert schedule.next_order_date >= TODAY()
    [note] = Note.objects.history().filter(order_group=subscription)
    assert note.title == "Schedule changed" and "cycle mode months -> weeks" in note.detail and "next order" in note.detail
    assert stored(subscription).version == subscription.version + 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"cycle_length": "0"}, "cycle_length", "The cycle length is 1 to 365."),
    ({"start_date": "2020-01-01"}, "start_date", "The start date cannot be in the past."),
    ({"end_date": "2000-01-01"}, "end_date", "The end date comes before the start date."),
    ({"max_cycles": "-1"}, "max_cycles", "cannot be negative"),
    ({"start_date": "not a date"}, "start_date", "Enter a date as YYYY-MM-DD."),
    ({"cycle_mode": "fortnights"}, "cycle_mode", "Choose how often the order repeats."),
    ({"cycle_length": "9" * 30}, "cycle_length", "The cycle length is 1 to 365."),
    ({"cycle_length": "ab\x00c"}, "cycle_length", "whole number"),
])
def test_bad_settings_are_refused_beside_the_field_and_nothing_is_written(csr_client, subscription, changes, field, message):
    before = schedule_of(subscription)
    response = csr_client.post(edit_url(subscription, "subscription-settings"), settings_data(subscription, **changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'id="subscription-settings-0-{field}_error"[^>]*>[^<]*{re.escape(message)}', body), body[-3000:]
    after = schedule_of(subscription)
    assert (after.cycle_length, after.start_date, after.end_date, after.next_order_date) == (
        before.cycle_length, before.start_date, before.end_date, before.next_order_date)
    assert history(subscription) == [] and stored(subscription).version == subscription.version


def test_a_stale_settings_form_is_refused_naming_who_changed_it(csr_client, subscription):
    data = settings_data(subscription, cycle_length=2)
    OrderGroup.objects.filter(pk=subscription.pk).update(version=subscription.version + 1)
    body = csr_client.post(edit_url(subscription, "subscription-settings"), data).content.decode()
    assert "was changed by someone" in body and "Nothing was saved" in body
    assert schedule_of(subscription).cycle_length == 1


def test_settings_of_a_cancelled_subscription_are_refused(csr_client, subscription):
    csr_client.post(edit_url(subscription, "cancel-subscription"), {"version": subscription.version, "reason": "Moved away"})
    body = csr_client.post(edit_url(subscription, "subscription-settings"),
                           settings_data(subscription, cycle_length=3)).content.decode()
    assert "is cancelled: it cannot be changed any more." in body
    assert schedule_of(subscription).cycle_length == 1
    assert history(subscription) == ["Subscription cancelled"]
    assert "Save settings" not in csr_client.get(tab_url(subscription, "settings")).content.decode()


# The Summary's actions -----------------------------------------------------------------------------------------

def test_the_summary_offers_the_actions_by_their_labels(csr_client, subscription):
    body = csr_client.get(tab_url(subscription)).content.decode()
    for label in ("Pause", "Skip next order", "Place next order now", "Cancel subscription"):
        assert f">{label}</button>" in body
    assert ">Resume</button>" not in body and "edit on Form details" not in body


def test_pause_and_resume(csr_client, subscription):
    today = TODAY()
    assert csr_client.post(edit_url(subscription, "pause"), {"version": subscription.version}).status_code == 302
    assert not schedule_of(subscription).active
    body = csr_client.get(tab_url(subscription)).content.decode()
    assert '<dd id="next-order">Paused</dd>' in body and ">Resume</button>" in body and ">Pause</button>" not in body
    # Paused past its next date: resumed, the next order is the next cycle date from today, not a back-dated one.
    Schedule.objects.filter(subscription=subscription).update(next_order_date=today - datetime.timedelta(days=40))
    response = csr_client.post(edit_url(subscription, "resume"), {"version": stored(subscription).version})
    assert response.status_code == 302
    schedule = schedule_of(subscription)
    assert schedule.active and today <= schedule.next_order_date < today + datetime.timedelta(days=32)
    assert history(subscription) == ["Subscription resumed", "Subscription paused"]  # newest first


def test_pause_twice_is_refused(csr_client, subscription):
    csr_client.post(edit_url(subscription, "pause"), {"version": subscription.version})
    body = csr_client.post(edit_url(subscription, "pause"), {"version": stored(subscription).version}).content.decode()
    assert f"{subscription.number} is paused already." in body
    assert history(subscription) == ["Subscription paused"]


def test_skip_moves_the_next_date_one_cycle_and_is_noted(csr_client, subscription):
    due = schedule_of(subscription).next_order_date
    assert csr_client.post(edit_url(subscription, "skip-next"), {"version": subscription.version}).status_code == 302
    schedule = schedule_of(subscription)
    assert schedule.next_order_date > due and (schedule.next_order_date - due).days in (28, 29, 30, 31)
    [note] = Note.objects.history().filter(order_group=subscription)
    assert note.title == "Next order skipped" and str(due) in note.detail


def test_skip_on_a_paused_subscription_is_refused_and_writes_nothing(csr_client, subscription):
    csr_client.post(edit_url(subscription, "pause"), {"version": subscription.version})
    paused = stored(subscription)
    due = schedule_of(subscription).next_order_date
    body = csr_client.post(edit_url(subscription, "skip-next"), {"version": paused.version}).content.decode()
    assert "is paused: resume it before skipping an order." in body
    assert schedule_of(subscription).next_order_date == due and stored(subscription).version == paused.version


def test_place_next_order_now_places_one_counts_it_and_lists_it_on_the_orders_tab(csr_client, subscription):
    Stock.objects.update(in_stock=100)
    due = schedule_of(subscription).next_order_date
    response = csr_client.post(edit_url(subscription, "place-now"), {"version": subscription.version})
    assert response.status_code == 302
    [order] = OrderGroup.objects.filter(kind=Kind.PURCHASE_ORDER, subscription=subscription)
    schedule = schedule_of(subscription)
    assert schedule.completed_cycles == 2 and schedule.next_order_date > due and schedule.last_result == "placed"
    assert schedule.last_transaction_date == TODAY()  # placed today, a week ahead of its date
    assert "Cycle 2 placed" in history(subscription)
    assert Outbox.objects.get(subscription=subscription).order == order
    orders_tab = csr_client.get(tab_url(subscription, "orders")).content.decode()
    assert f">{order.number}</a>" in orders_tab and order.get_status_display() in orders_tab
    po_summary = csr_client.get(reverse("po:order_detail", args=[order.number])).content.decode()
    assert f'href="{tab_url(subscription)}">{subscription.number}</a>' in po_summary


def test_place_now_without_stock_is_refused_and_writes_nothing(csr_client, subscription):
    Stock.objects.update(in_stock=0)
    body = csr_client.post(edit_url(subscription, "place-now"), {"version": subscription.version}).content.decode()
    assert "in stock" in body
    assert not OrderGroup.objects.filter(subscription=subscription).exists()
    assert schedule_of(subscription).completed_cycles == 1 and history(subscription) == []


def test_the_orders_tab_lists_newest_first(csr_client, subscription, make_order):
    older, newer = make_order(), make_order()
    OrderGroup.objects.filter(pk__in=[older.pk, newer.pk]).update(subscription=subscription)
    OrderGroup.objects.filter(pk=older.pk).update(created=timezone.now() - datetime.timedelta(days=30))
    body = csr_client.get(tab_url(subscription, "orders")).content.decode()
    assert body.index(newer.number) < body.index(older.number)


def test_cancel_needs_a_reason_and_is_final(csr_client, subscription):
    body = csr_client.post(edit_url(subscription, "cancel-subscription"),
                           {"version": subscription.version, "reason": ""}).content.decode()
    assert "Say why the subscription is cancelled." in body and not schedule_of(subscription).is_cancelled
    response = csr_client.post(edit_url(subscription, "cancel-subscription"),
                               {"version": subscription.version, "reason": "Moved abroad"})
    assert response.status_code == 302
    schedule = schedule_of(subscription)
    assert schedule.is_cancelled and not schedule.active
    summary = csr_client.get(tab_url(subscription)).content.decode()
    assert "Cancelled — Moved abroad" in summary and '<dd id="next-order">Cancelled</dd>' in summary
    for edit in ("pause", "resume", "skip-next", "place-now", "cancel-subscription"):
        body = csr_client.post(edit_url(subscription, edit), {"version": stored(subscription).version,
                                                               "reason": "again"}).content.decode()
        assert "is cancelled" in body, edit
    assert history(subscription) == ["Subscription cancelled"]


def test_a_stale_action_is_refused(csr_client, subscription):
    OrderGroup.objects.filter(pk=subscription.pk).update(version=subscription.version + 1)
    body = csr_client.post(edit_url(subscription, "pause"), {"version": subscription.version}).content.decode()
    assert "Nothing was saved" in body and schedule_of(subscription).active


@pytest.mark.parametrize("version", ["", "x", "-1", "9" * 30, "ab\x00c"])
def test_a_forged_version_is_refused(csr_client, subscription, version):
    response = csr_client.post(edit_url(subscription, "pause"), {"version": version})
    assert response.status_code == 200 and schedule_of(subscription).active and history(subscription) == []


def test_forged_numbers_and_kinds(csr_client, subscription, make_order):
    assert csr_client.post(reverse("subscription:order_edit", args=["PP99999", "pause"]), {"version": 1}).status_code == 404
    order = make_order()
    body = csr_client.post(reverse("po:order_edit", args=[order.number, "pause"]), {"version": order.version}).content.decode()
    assert "is a purchase order, not a subscription." in body
    body = csr_client.post(reverse("po:order_edit", args=[order.number, "subscription-settings"]),
                           settings_data(subscription, version=order.version)).content.decode()
    assert "not a subscription" in body
    assert stored(order).version == order.version


@pytest.mark.parametrize("edit", ["pause", "resume", "skip-next", "place-now", "cancel-subscription", "subscription-settings"])
def test_the_actions_need_a_login_and_the_csr_role(client, django_user_model, subscription, edit):
    url = edit_url(subscription, edit)
    assert client.post(url, {"version": subscription.version}).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.post(url, {"version": subscription.version, "reason": "x"}).status_code == 403
    assert schedule_of(subscription).active and history(subscription) == []


def test_htmx_gets_the_tab_and_the_header(csr_client, subscription):
    response = csr_client.post(edit_url(subscription, "pause"), {"version": subscription.version}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="tab-content"' in body and 'id="order-header"' in body
    assert "Subscription · Paused" in body


def test_a_cancelled_subscription_takes_no_change_of_its_contents(csr_client, subscription):

    csr_client.post(edit_url(subscription, "cancel-subscription"), {"version": subscription.version, "reason": "Gone"})
    line = first_line(subscription)
    body = csr_client.post(reverse("subscription:order_edit_item", args=[subscription.number, "quantity", line.pk]),
                           {"version": stored(subscription).version, "quantity": 5}).content.decode()
    assert "is cancelled: it cannot be changed any more." in body
    assert first_line(subscription).quantity == line.quantity
    forms = csr_client.get(tab_url(subscription, "forms")).content.decode()
    assert "Apply coupon" not in forms


def test_resume_when_not_paused_is_refused(csr_client, subscription):
    body = csr_client.post(edit_url(subscription, "resume"), {"version": subscription.version}).content.decode()
    assert f"{subscription.number} is not paused." in body and history(subscription) == []


def test_unticking_active_on_settings_pauses_and_ticking_it_resumes_from_today(csr_client, subscription):
    csr_client.post(edit_url(subscription, "subscription-settings"), settings_data(subscription, active=""))
    assert not schedule_of(subscription).active
    Schedule.objects.filter(subscription=subscription).update(next_order_date=TODAY() - datetime.timedelta(days=3))
    csr_client.post(edit_url(subscription, "subscription-settings"), settings_data(subscription, active="on"))
    schedule = schedule_of(subscription)
    assert schedule.active and schedule.next_order_date >= TODAY()


def test_a_new_start_date_becomes_the_next_order_date(csr_client, subscription):
    start = TODAY() + datetime.timedelta(days=3)
    csr_client.post(edit_url(subscription, "subscription-settings"), settings_data(subscription, start_date=start.isoformat()))
    assert schedule_of(subscription).next_order_date == start


def test_a_lower_maximum_than_the_orders_placed_is_refused(csr_client, subscription):
    Schedule.objects.filter(subscription=subscription).update(completed_cycles=3)
    body = csr_client.post(edit_url(subscription, "subscription-settings"),
                           settings_data(subscription, max_cycles=2)).content.decode()
    assert "3 cycles have run already" in body and schedule_of(subscription).max_cycles == 0


@pytest.mark.parametrize("tab", ["summary", "settings", "orders"])
def test_a_tab_runs_the_same_queries_for_1_or_5_orders_placed(csr_client, subscription, make_order, tab,
                                                             django_assert_max_num_queries):
    OrderGroup.objects.filter(pk=make_order().pk).update(subscription=subscription)
    csr_client.get(tab_url(subscription, tab))
    with django_assert_max_num_queries(40) as one:
        csr_client.get(tab_url(subscription, tab))
    for _ in range(4):
        OrderGroup.objects.filter(pk=make_order().pk).update(subscription=subscription)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert csr_client.get(tab_url(subscription, tab)).status_code == 200
