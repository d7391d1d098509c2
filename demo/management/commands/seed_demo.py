"""Fill the database with a realistic demo: markets, catalog, customers, carts, subscriptions and orders.

    manage.py seed_demo                     # 3,000 purchase orders (seconds)
    manage.py seed_demo --orders 1000000    # the volume we design for: under 5 minutes (4 min 52 s) on PostgreSQL, 2 idle cores
    manage.py seed_demo --seed 7 --reset    # start again from empty tables, other data

The demo CSR and administrator are made only when missing: a second run never resets a password
(nor ends a session). Idempotent: it counts the purchase orders first; at or above --orders it adds nothing, below it
adds only the missing ones (with customers, carts and subscriptions in proportion). Reference
data is found by its natural key, so it is never duplicated. The same --seed on the same day on an
empty database gives the same data. The work is in the demo app (see demo/seed.py).
"""
from django.core.management.base import BaseCommand, CommandError

from demo.reference import ADMIN_LOGIN, CSR_LOGIN
from demo.seed import Seeder


class Command(BaseCommand):
    help = "Create demo data (idempotent): logins, reference data, customers, carts, subscriptions, purchase orders."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data (default 1).")
        parser.add_argument("--orders", type=int, default=3000, help="Purchase orders wanted in all (default 3000).")
        parser.add_argument("--reset", action="store_true",
                            help="First delete all demo and reference data (catalog, customers, orders); users stay.")

    def handle(self, *args, seed, orders, reset, **options):
        if orders < 0:
            raise CommandError("--orders cannot be negative.")
        seeder = Seeder(seed=seed, orders=orders, out=self.stdout.write)
        added = seeder.run(reset=reset)
        seeder.say(f"Done: added {added:,} purchase orders.")
        for label, (username, password) in (("a CSR:          ", CSR_LOGIN), ("an administrator:", ADMIN_LOGIN)):
            if username in seeder.logins_made:
                self.stdout.write(f"Log in as {label} {username} / {password}")
            else:
                self.stdout.write(f"Log in as {label} {username} (already there: its password was left as it was)")
