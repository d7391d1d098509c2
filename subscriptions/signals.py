"""Signals a deployment can listen to (docs/domain.md §3, Subscription): one per cycle placed, one per cycle that
could not be placed. Sent inside the cycle's transaction, with the outbox row written beside it; a receiver with
side effects outside the database should wait for the commit (transaction.on_commit), as subscriptions.notify does.

    cycle_placed: sender=Outbox, subscription, order, outbox
    cycle_failed: sender=Outbox, subscription, problem, outbox
"""
from django.dispatch import Signal

cycle_placed = Signal()
cycle_failed = Signal()
