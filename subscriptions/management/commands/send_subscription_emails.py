"""Send the emails of the subscription outbox rows still unsent (a mail server that was down when the cycle ran).

    manage.py send_subscription_emails [--limit N]

Needs email configured (EMAIL_BACKEND or EMAIL_HOST; see subscriptions.notify). Exits with status 1 when an
email could not be sent; the row stays unsent for the next run.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from subscriptions.models import Outbox
from subscriptions.notify import send_outbox_email


class Command(BaseCommand):
    help = "Send the subscription emails still waiting in the outbox."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="Send at most this many (default 1000).")

    def handle(self, *args, limit=1000, verbosity=1, **options):
        if limit < 0:
            raise CommandError(f"--limit {limit} is negative: give 0 or more.")
        if not getattr(settings, "SUBSCRIPTION_EMAILS", False):
            raise CommandError("Email is not configured: set EMAIL_BACKEND or EMAIL_HOST.")
        unsent = list(Outbox.objects.filter(sent_at__isnull=True).exclude(subscription__customer_email="")
                      .order_by("created", "id").values_list("pk", flat=True)[:limit])
        failed = sum(1 for pk in unsent if not send_outbox_email(pk))
        if verbosity:
            self.stdout.write(f"{len(unsent) - failed} email(s) sent, {failed} not sent.")
        if failed:
            raise CommandError(f"{failed} email(s) could not be sent; they stay in the outbox for the next run.")
