"""Subscriptions: template orders that generate a PO every cycle."""
import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

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


def _months_between(start: datetime.date, day: datetime.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def first_cycle_date(anchor: datetime.date, mode: str, length: int, *, after: datetime.date,
                     minimum: int = 0, inclusive: bool = False) -> datetime.date | None:
    """The first of anchor + n cycles (n >= `minimum`) later than `after` (or on it, when `inclusive`).

    Counted from the anchor, not cycle by cycle, so a month end does not drift (31 Jan, 28 Feb, 31 Mar)
    and a plan started in 1999 costs no more than one started last week."""
    if mode == CycleMode.NONE or length < 1:
        return None
    span_days = {CycleMode.DAYS: length, CycleMode.WEEKS: 7 * length}.get(mode)
    if span_days:
        count = max((after - anchor).days // span_days - 1, 0)
    else:
        span = length * (12 if mode == CycleMode.YEARS else 1)
        count = max(_months_between(anchor, after) // span - 1, 0)
    count = max(count, minimum)
    while True:
        date = add_cycles(anchor, mode, length, count)
        if date > after or (inclusive and date == after):
            return date
        count += 1


def rhythm_next_date(mode: str, length: int, start_date: datetime.date,
                     last_date: datetime.date | None) -> datetime.date | None:
    """The next order date of a plan whose last cycle was due on `last_date` (None: none yet), one cycle on.
    For a schedule made anew (a new subscription, the demo's, the factories') and the migration of old rows."""
    if last_date is None:
        return start_date
    if mode == CycleMode.NONE:
        return None
    return add_cycles(last_date, mode, length)


def cycle_text(mode: str, length: int) -> str:
    """"Every month", "Every 2 weeks": the cycle as a CSR reads it."""
    if mode == CycleMode.NONE:
        return "Once"
    unit = {CycleMode.DAYS: "day", CycleMode.WEEKS: "week", CycleMode.MONTHS: "month", CycleMode.YEARS: "year"}[mode]
    return f"Every {unit}" if length == 1 else f"Every {length} {unit}s"


class LastResult(models.TextChoices):
    NONE = "", "None yet"
    PLACED = "placed", "Placed"
    FAILED = "failed", "Not placed"


# What a CSR can do to a subscription from its Summary (subscriptions.operations), and "settings" (the Settings tab).
SUBSCRIPTION_ACTIONS = ("pause", "resume", "skip", "place_now", "cancel", "settings")


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
    active = models.BooleanField(default=True, help_text="Off while the subscription is paused (or cancelled).")
    # Where the rhythm stands: the date the next cycle's order is due, kept by every operation that moves it
    # (the job, Skip, Resume, Place now, a change of the settings). None once nothing more is to come.
    next_order_date = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # How the last cycle went, for the Subscriptions tab's "Failed last cycle" and its Last result column.
    last_result = models.CharField(max_length=10, choices=LastResult.choices, default=LastResult.NONE, blank=True)
    last_result_at = models.DateTimeField(null=True, blank=True)
    last_problem = models.CharField(max_length=500, blank=True)

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
        indexes = [
            models.Index(fields=["active", "start_date"], name="schedule_active_start"),
            # The job's candidates and the tab's "Due today": active plans whose next order date has come.
            models.Index(fields=["active", "next_order_date"], name="schedule_active_next"),
            # The tab's "Failed last cycle".
            models.Index(fields=["last_result"], name="schedule_failed", condition=Q(last_result="failed")),
            # The tab's "Paused": inactive and not cancelled.
            models.Index(fields=["active"], name="schedule_paused", condition=Q(active=False, cancelled_at__isnull=True)),
        ]

    def __str__(self):
        return cycle_text(self.cycle_mode, self.cycle_length)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_paused(self) -> bool:
        return not self.active and not self.is_cancelled

    @property
    def has_ended(self) -> bool:
        """No more orders will come: the maximum is reached, or the next date is past the end date."""
        if self.max_cycles and self.completed_cycles >= self.max_cycles:
            return True
        if self.next_order_date is None:
            return True
        return bool(self.end_date and self.next_order_date > self.end_date)

    @property
    def next_cycle_date(self) -> datetime.date | None:
        """The date the next order is due, or None when none will be (ended, cancelled). A paused plan keeps it."""
        if self.is_cancelled or self.has_ended:
            return None
        return self.next_order_date

    @property
    def state(self) -> str:
        if self.is_cancelled:
            return "Cancelled"
        if self.has_ended:
            return "Ended"
        return "Active" if self.active else "Paused"

    @property
    def next_order_text(self) -> str:
        """What the page and the tables show as the next order: a date, "Paused", "Cancelled" or "Ended"."""
        if self.is_cancelled:
            return "Cancelled"
        if self.has_ended:
            return "Ended"
        if not self.active:
            return "Paused"
        return self.next_order_date.isoformat()

    @property
    def last_result_text(self) -> str:
        if not self.last_result:
            return ""
        when = timezone.localtime(self.last_result_at).strftime("%Y-%m-%d") if self.last_result_at else ""
        text = f"{self.get_last_result_display()} {when}".strip()
        return f"{text}: {self.last_problem}" if self.last_problem else text

    def refusal(self, action: str, number: str = "The subscription") -> str | None:
        """Why the CSR's action (SUBSCRIPTION_ACTIONS) cannot be taken now, or None when it can: the one answer
        the operations refuse by and the Summary offers its buttons by."""
        if self.is_cancelled:
            if action == "cancel":
                return f"{number} is cancelled already."
            return f"{number} is cancelled: it cannot be changed any more."
        if action == "pause" and not self.active:
            return f"{number} is paused already."
        if action == "resume" and self.active:
            return f"{number} is not paused."
        if action in ("skip", "place_now"):
            if not self.active:
                verb = "skipping an order" if action == "skip" else "placing an order"
                return f"{number} is paused: resume it before {verb}."
            if self.next_cycle_date is None:
                return f"{number} has ended: no more orders are due."
            if action == "skip" and self.cycle_mode == CycleMode.NONE:
                return f"{number} places one order only: there is no later one to move it to."
        return None

    @property
    def allowed_actions(self) -> set[str]:
        return {action for action in SUBSCRIPTION_ACTIONS if self.refusal(action) is None}

    def is_due(self, today: datetime.date) -> bool:
        if not self.active or self.is_cancelled or today < self.start_date:
            return False
        next_date = self.next_cycle_date
        return next_date is not None and next_date <= today


class OutboxKind(models.TextChoices):
    PLACED = "cycle_placed", "Cycle placed"
    FAILED = "cycle_failed", "Cycle not placed"


class Outbox(models.Model):
    """A message to the customer about a cycle, written with the cycle (placed or not). A deployment turns the
    unsent rows into emails (or anything else); with EMAIL_* settings the portal sends a plain-text email itself
    once the cycle's transaction commits, and stamps sent_at (subscriptions.notify)."""

    subscription = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(OrderGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              help_text="The purchase order the cycle placed (none when it was not placed).")
    kind = models.CharField(max_length=20, choices=OutboxKind.choices)
    detail = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["created"], name="outbox_unsent", condition=Q(sent_at__isnull=True))]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.subscription_id})"
