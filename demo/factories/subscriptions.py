"""factory-boy factory for subscription schedules; the plan itself is demo.factories.orders.PaymentPlanFactory.

    PaymentPlanFactory()                                  # monthly, started today
    PaymentPlanFactory(schedule__cycle_mode=CycleMode.WEEKS, schedule__cycle_length=2)
    ScheduleFactory(plan=plan, ...)                       # for a plan built without one
"""
import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from subscriptions.models import CycleMode, Schedule


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = Schedule

    plan = factory.SubFactory("demo.factories.orders.PaymentPlanFactory", schedule=None)
    cycle_mode = CycleMode.MONTHS
    cycle_length = 1
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    end_date = None
    max_cycles = 0
    completed_cycles = 0
    last_transaction_date = None
    active = True
