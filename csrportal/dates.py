"""Created-date presets, as ranges in the CSR's own time zone."""
import datetime

from django.db import models
from django.utils import timezone


class DatePreset(models.TextChoices):
    ANYTIME = "", "Anytime"
    TODAY = "today", "Today"
    THIS_WEEK = "this_week", "This week"
    LAST_7_DAYS = "last_7_days", "Last 7 days"
    THIS_MONTH = "this_month", "This month"
    LAST_30_DAYS = "last_30_days", "Last 30 days"
    CUSTOM = "custom", "Custom range"


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_current_timezone())


def preset_range(preset: str, *, now: datetime.datetime | None = None, start: datetime.date | None = None,
                 end: datetime.date | None = None) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """[from, until) for the preset, from local midnights; "this week" starts on Monday.

    A custom range is inclusive of both days it names; either end may be open.
    """
    today = timezone.localtime(now or timezone.now()).date()
    tomorrow = today + datetime.timedelta(days=1)
    if preset == DatePreset.TODAY:
        first = today
    elif preset == DatePreset.THIS_WEEK:
        first = today - datetime.timedelta(days=today.weekday())
    elif preset == DatePreset.LAST_7_DAYS:
        first = today - datetime.timedelta(days=6)
    elif preset == DatePreset.THIS_MONTH:
        first = today.replace(day=1)
    elif preset == DatePreset.LAST_30_DAYS:
        first = today - datetime.timedelta(days=29)
    elif preset == DatePreset.CUSTOM:
        return (_midnight(start) if start else None,
                _midnight(end + datetime.timedelta(days=1)) if end else None)
    else:
        return None, None
    return _midnight(first), _midnight(tomorrow)
