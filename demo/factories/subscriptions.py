"""factory-boy factory for subscription schedules; the subscription itself is demo.factories.orders.SubscriptionFactory.

    SubscriptionFactory()                                  # monthly, started today
    SubscriptionFactory(schedule__cycle_mode=CycleMode.WEEKS, schedule__cycle_length=2)
    ScheduleFactory(subscription=subscription, ...)                       # for a subscription built without one
"""
import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from subscriptions.models import CycleMode, Schedule, rhythm_next_date


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = Schedule

    subscription = factory.SubFactory("demo.factories.orders.SubscriptionFactory", schedule=None)
    cycle_mode = CycleMode.MONTHS
    cycle_length = 1
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    end_date = None
    max_cycles = 0
    completed_cycles = 0
    last_transaction_date = None
    active = True
    next_order_date = factory.LazyAttribute(lambda schedule: rhythm_next_date(
        schedule.cycle_mode, schedule.cycle_length, schedule.start_date, schedule.last_transaction_date))
