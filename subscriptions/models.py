"""Subscriptions: template orders that generate a PO every cycle."""
import datetime

from django.db import models
from django.db.models import Q

from orders.models import Kind, OrderGroup, OrderGroupQuerySet


class CycleMode(models.TextChoices):
    NONE = "none", "None"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    MONTHS = "months", "Months"
    YEARS = "years", "Years"


def add_cycles(start: datetime.date, mode: str, length: int, count: int = 1) -> datetime.date | None:
    """The date `count` cycles after `start`; month ends clamp (31 Jan + 1 month = 28/29 Feb)."""
    steps = length * count
    if mode == CycleMode.DAYS:
        return start + datetime.timedelta(days=steps)
    if mode == CycleMode.WEEKS:
        return start + datetime.timedelta(weeks=steps)
    if mode in (CycleMode.MONTHS, CycleMode.YEARS):
        months = steps * (12 if mode == CycleMode.YEARS else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        month += 1
        for day in (start.day, 30, 29, 28):
            try:
                return start.replace(year=year, month=month, day=day)
            except ValueError:
                continue
    return None


class SubscriptionManager(models.Manager.from_queryset(OrderGroupQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Kind.SUBSCRIPTION)


class Subscription(OrderGroup):
    objects = SubscriptionManager()

    class Meta:
        proxy = True
        ordering = ["-created", "-id"]
        verbose_name = "subscription"


class Schedule(models.Model):
    """The cycle of a subscription."""

    subscription = models.OneToOneField(OrderGroup, on_delete=models.CASCADE, primary_key=True, related_name="schedule")
    cycle_mode = models.CharField(max_length=10, choices=CycleMode.choices, default=CycleMode.MONTHS)
    cycle_length = models.PositiveIntegerField(default=1)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    max_cycles = models.PositiveIntegerField(default=0, help_text="0 means no limit.")
    completed_cycles = models.PositiveIntegerField(default=0)
    last_transaction_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(cycle_length__gte=1), name="schedule_cycle_length_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="schedule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(max_cycles=0) | Q(completed_cycles__lte=models.F("max_cycles")),
                name="schedule_within_max_cycles",
            ),
        ]
        indexes = [models.Index(fields=["active", "start_date"], name="schedule_active_start")]

    def __str__(self):
        if self.cycle_mode == CycleMode.NONE:
            return "Once"
        return f"Every {self.cycle_length} {self.get_cycle_mode_display().lower()}"

    @property
    def next_cycle_date(self) -> datetime.date | None:
        if self.cycle_mode == CycleMode.NONE:
            return self.start_date if self.completed_cycles == 0 else None
        if self.last_transaction_date is None:
            return self.start_date
        return add_cycles(self.last_transaction_date, self.cycle_mode, self.cycle_length)

    def is_due(self, today: datetime.date) -> bool:
        if not self.active or today < self.start_date:
            return False
        if self.max_cycles and self.completed_cycles >= self.max_cycles:
            return False
        next_date = self.next_cycle_date
        if next_date is None or (self.end_date and next_date > self.end_date):
            return False
        return next_date <= today
