"""Cycle dates: counted from a date, so month ends keep their day; the first after a day, however far behind."""
import datetime

import pytest

from subscriptions.models import CycleMode, cycle_text, first_cycle_date

D = datetime.date


@pytest.mark.parametrize(("mode", "length", "text"), [
    (CycleMode.MONTHS, 1, "Every month"), (CycleMode.WEEKS, 2, "Every 2 weeks"), (CycleMode.DAYS, 1, "Every day"),
    (CycleMode.YEARS, 1, "Every year"), (CycleMode.YEARS, 3, "Every 3 years"), (CycleMode.NONE, 1, "Once"),
])
def test_the_cycle_in_words(mode, length, text):
    assert cycle_text(mode, length) == text


@pytest.mark.parametrize(("anchor", "mode", "length", "after", "kwargs", "expected"), [
    (D(2026, 12, 1), CycleMode.MONTHS, 1, D(2027, 3, 15), {}, D(2027, 4, 1)),
    (D(2026, 12, 1), CycleMode.MONTHS, 1, D(2027, 3, 1), {}, D(2027, 4, 1)),
    (D(2026, 12, 1), CycleMode.MONTHS, 1, D(2027, 3, 1), {"inclusive": True}, D(2027, 3, 1)),
    (D(2027, 1, 31), CycleMode.MONTHS, 1, D(2027, 2, 1), {}, D(2027, 2, 28)),
    (D(2027, 1, 31), CycleMode.MONTHS, 1, D(2027, 3, 1), {}, D(2027, 3, 31)),
    (D(1999, 1, 1), CycleMode.DAYS, 1, D(2026, 12, 1), {}, D(2026, 12, 2)),
    (D(1999, 1, 1), CycleMode.WEEKS, 2, D(2026, 12, 1), {}, D(2026, 12, 11)),  # 729 fortnights on
    (D(2024, 2, 29), CycleMode.YEARS, 1, D(2025, 1, 1), {}, D(2025, 2, 28)),
    (D(2026, 12, 20), CycleMode.MONTHS, 1, D(2026, 12, 1), {}, D(2026, 12, 20)),
    (D(2026, 12, 20), CycleMode.MONTHS, 1, D(2026, 12, 1), {"minimum": 1}, D(2027, 1, 20)),
])
def test_the_first_cycle_date_after_a_day(anchor, mode, length, after, kwargs, expected):
    assert first_cycle_date(anchor, mode, length, after=after, **kwargs) == expected
