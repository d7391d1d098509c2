"""Telling the customer about a cycle: an outbox row (subscriptions.models.Outbox) and a signal with every
cycle placed or not placed, and, when the deployment has email (EMAIL_BACKEND or EMAIL_HOST set, settings
SUBSCRIPTION_EMAILS), a plain-text email to the customer through Django's mail API once the transaction has
committed. A rolled-back cycle sends nothing; a failed send leaves the row unsent (sent_at empty) for a retry."""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from orders.models import OrderGroup
from subscriptions.models import Outbox, OutboxKind
from subscriptions.signals import cycle_failed, cycle_placed

log = logging.getLogger(__name__)


def queue_message(subscription: OrderGroup, kind: str, *, order: OrderGroup | None = None, detail: str = "") -> Outbox:
    outbox = Outbox.objects.create(subscription=subscription, order=order, kind=kind, detail=detail)
    if kind == OutboxKind.PLACED:
        cycle_placed.send(sender=Outbox, subscription=subscription, order=order, outbox=outbox)
    else:
        cycle_failed.send(sender=Outbox, subscription=subscription, problem=detail, outbox=outbox)
    if getattr(settings, "SUBSCRIPTION_EMAILS", False) and subscription.customer_email:
        transaction.on_commit(lambda: send_outbox_email(outbox.pk))
    return outbox


def email_text(outbox: Outbox) -> tuple[str, str]:
    subscription = outbox.subscription
    name = subscription.customer_name or "customer"
    if outbox.kind == OutboxKind.PLACED:
        subject = f"Your subscription {subscription.number}: order {outbox.order.number} placed"
        body = (f"Dear {name},\n\nyour subscription {subscription.number} has placed order {outbox.order.number} "
                f"({outbox.order.total} {outbox.order.currency}).\n\nThank you.\n")
    else:
        subject = f"Your subscription {subscription.number}: this cycle's order could not be placed"
        body = (f"Dear {name},\n\nthis cycle's order of your subscription {subscription.number} could not be placed: "
                f"{outbox.detail}\nWe will try again; our customer service can help.\n")
    return subject, body


def send_outbox_email(outbox_id: int) -> bool:
    """Send one outbox row's email and stamp it sent; False (logged) when the mail server refused it."""
    outbox = Outbox.objects.select_related("subscription", "order").filter(pk=outbox_id, sent_at__isnull=True).first()
    if outbox is None:
        return False
    subject, body = email_text(outbox)
    try:
        send_mail(subject, body, None, [outbox.subscription.customer_email])
    except Exception:  # a mail server down must not fail the job: the row stays unsent
        log.exception("Subscription email %s not sent", outbox_id)
        return False
    Outbox.objects.filter(pk=outbox_id).update(sent_at=timezone.now())
    return True
