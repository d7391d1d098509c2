"""Customer communication hooks: every cycle placed or not placed sends a signal and writes an outbox row; with
email configured, a plain-text email goes to the customer once the transaction commits (and not at all when it
rolls back)."""
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from catalog.models import Stock
from subscriptions.models import Outbox, OutboxKind
from subscriptions.notify import send_outbox_email
from subscriptions.operations import subscriptions_place_due_orders
from subscriptions.signals import cycle_failed, cycle_placed
from tests.subscriptions.test_recurring_job import DEC_1, monthly_subscription


@pytest.fixture
def received():
    events = []

    def on_placed(sender, subscription, order, outbox, **kwargs):
        events.append(("placed", subscription.number, order.number, outbox.pk))

    def on_failed(sender, subscription, problem, outbox, **kwargs):
        events.append(("failed", subscription.number, problem, outbox.pk))

    cycle_placed.connect(on_placed)
    cycle_failed.connect(on_failed)
    yield events
    cycle_placed.disconnect(on_placed)
    cycle_failed.disconnect(on_failed)


def test_a_placed_cycle_signals_and_writes_an_outbox_row(shop, customer, received, settings):
    settings.SUBSCRIPTION_EMAILS = False
    subscription = monthly_subscription(shop, customer)
    [outcome] = subscriptions_place_due_orders(today=DEC_1)
    row = Outbox.objects.get()
    assert (row.subscription_id, row.order.number, row.kind, row.sent_at) == (
        subscription.pk, outcome.order, OutboxKind.PLACED, None)
    assert received == [("placed", subscription.number, outcome.order, row.pk)]


def test_a_failed_cycle_signals_and_writes_an_outbox_row(shop, customer, received, settings):
    settings.SUBSCRIPTION_EMAILS = False
    subscription = monthly_subscription(shop, customer, quantity=9)
    subscriptions_place_due_orders(today=DEC_1)
    row = Outbox.objects.get()
    assert row.kind == OutboxKind.FAILED and row.order is None and "5 in stock" in row.detail
    assert received[0][:2] == ("failed", subscription.number)


def test_with_email_the_customer_gets_a_plain_text_email_after_the_commit(
        shop, customer, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SUBSCRIPTION_EMAILS = True
    subscription = monthly_subscription(shop, customer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [outcome] = subscriptions_place_due_orders(today=DEC_1)
    assert mailoutbox == []  # not before the commit
    for callback in callbacks:
        callback()
    [mail] = mailoutbox
    assert mail.to == [subscription.customer_email] and outcome.order in mail.subject and not mail.alternatives
    assert Outbox.objects.get().sent_at is not None
    assert send_outbox_email(Outbox.objects.get().pk) is False  # sent once


def test_a_rolled_back_cycle_sends_nothing(shop, customer, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SUBSCRIPTION_EMAILS = True
    monthly_subscription(shop, customer)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                subscriptions_place_due_orders(today=DEC_1)
                raise RuntimeError("the machine stopped")
        except RuntimeError:
            pass
    assert mailoutbox == [] and not Outbox.objects.exists()


def test_without_email_settings_nothing_is_sent(shop, customer, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.SUBSCRIPTION_EMAILS = False
    Stock.objects.update(in_stock=50)
    monthly_subscription(shop, customer)
    with django_capture_on_commit_callbacks(execute=True):
        subscriptions_place_due_orders(today=DEC_1)
        subscriptions_place_due_orders(today=DEC_1 + datetime.timedelta(days=31))
    assert mailoutbox == [] and Outbox.objects.filter(sent_at__isnull=True).count() == 2


def test_the_unsent_emails_are_sent_by_the_command(shop, customer, settings, mailoutbox, capsys):
    settings.SUBSCRIPTION_EMAILS = False
    monthly_subscription(shop, customer)
    subscriptions_place_due_orders(today=DEC_1)
    with pytest.raises(CommandError, match="Email is not configured"):
        call_command("send_subscription_emails")
    settings.SUBSCRIPTION_EMAILS = True
    call_command("send_subscription_emails")
    assert "1 email(s) sent, 0 not sent." in capsys.readouterr().out
    assert len(mailoutbox) == 1 and Outbox.objects.get().sent_at is not None
    call_command("send_subscription_emails")
    assert len(mailoutbox) == 1
