"""Recompute every customer's order figures (count, last order, lifetime value and open balance
per currency) from their purchase orders, in a few set-based statements.

The operations keep the figures current as orders change; run this after writing orders some
other way (a bulk import, a restored dump, a database made before the figures existed).
"""
import time

from django.core.management.base import BaseCommand

from orders.customer_figures import refresh_all_customer_figures


class Command(BaseCommand):
    help = "Recompute every customer's order count, last order, lifetime value and open balance from their purchase orders."

    def handle(self, *args, **options):
        started = time.monotonic()
        refresh_all_customer_figures()
        self.stdout.write(f"Customer figures refreshed in {time.monotonic() - started:.1f} s.")
