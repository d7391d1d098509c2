"""Place the purchase orders of every subscription whose cycle is due (cron it, e.g. hourly).

    manage.py run_subscriptions                  # what is due today
    manage.py run_subscriptions --date 2026-12-01 --limit 500

Safe to run on several machines at once and to run twice: each subscription is locked while its cycle is
placed (others skip it), and a placed cycle is no longer due. See subscriptions.operations.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from subscriptions.operations import subscriptions_place_due_orders


class Command(BaseCommand):
    help = "Place the purchase orders of the subscriptions that are due."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--limit", type=int, help="Place at most this many cycles in this run.")

    def handle(self, *args, date=None, limit=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date such as 2026-12-01.") from None
        outcomes = subscriptions_place_due_orders(today=today, limit=limit)
        for outcome in outcomes:
            if outcome.order:
                self.stdout.write(f"{outcome.subscription}: placed {outcome.order}")
            else:
                self.stdout.write(f"{outcome.subscription}: not placed: {outcome.problem}")
        placed = sum(1 for outcome in outcomes if outcome.order)
        self.stdout.write(f"{placed} order(s) placed, {len(outcomes) - placed} cycle(s) not placed, for {today}.")
