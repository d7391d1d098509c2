"""Place the purchase orders of every subscription whose cycle is due (cron it, e.g. hourly).

    manage.py run_subscriptions                  # what is due today
    manage.py run_subscriptions --dry-run        # what would be placed; writes nothing
    manage.py run_subscriptions --date 2026-12-01 --limit 500 -v 0

Safe to run on several machines at once and to run twice: each subscription is locked while its cycle is
placed (others skip it), and a placed cycle is no longer due. A plan that is behind places one order and moves
its next order date past today. Exits with status 1 when a cycle could not be placed (each is noted on the
plan's History). See subscriptions.operations.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from subscriptions.operations import subscriptions_due, subscriptions_place_due_orders


class Command(BaseCommand):
    help = "Place the purchase orders of the subscriptions that are due."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--limit", type=int, help="Place at most this many cycles in this run.")
        parser.add_argument("--dry-run", action="store_true", help="List what would be placed; write nothing.")

    def handle(self, *args, date=None, limit=None, dry_run=False, verbosity=1, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date such as 2026-12-01.") from None
        if limit is not None and limit < 0:
            raise CommandError(f"--limit {limit} is negative: give 0 or more.")

        def say(text, level=1):
            if verbosity >= level:
                self.stdout.write(text)

        if dry_run:
            due = subscriptions_due(today=today, limit=limit)
            for outcome in due:
                say(f"{outcome.subscription}: would place the order due {outcome.due}")
            say(f"Dry run: {len(due)} order(s) would be placed for {today}; nothing written.")
            return
        outcomes = subscriptions_place_due_orders(
            today=today, limit=limit, progress=lambda done: say(f"... {done} subscriptions looked at"))
        for outcome in outcomes:
            if outcome.order:
                say(f"{outcome.subscription}: placed {outcome.order}")
            elif verbosity:
                self.stderr.write(f"{outcome.subscription}: not placed: {outcome.problem}")
        placed = sum(1 for outcome in outcomes if outcome.order)
        failed = len(outcomes) - placed
        say(f"{placed} order(s) placed, {failed} cycle(s) not placed, for {today}.")
        if failed:
            raise CommandError(f"{failed} cycle(s) could not be placed; each is noted on its subscription's History.")
