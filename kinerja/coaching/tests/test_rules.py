"""The improvement window as date arithmetic (PP 30/2019 Pasal 56: six months)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.coaching.rules import add_months, window_progress


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 1), 6, date(2026, 9, 1)),
        (date(2026, 4, 15), 6, date(2026, 10, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # February has no 31st
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # ... and 29 days in a leap year
        (date(2026, 8, 29), 6, date(2027, 2, 28)),
        (date(2026, 12, 31), 6, date(2027, 6, 30)),  # June has 30 days
        (date(2026, 7, 31), 6, date(2027, 1, 31)),
        (date(2026, 9, 30), 6, date(2027, 3, 30)),  # not pushed to the month's end
        (date(2026, 10, 31), 6, date(2027, 4, 30)),
        (date(2027, 2, 28), 6, date(2027, 8, 28)),  # an extension of a clipped window
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
    ],
)
def test_adds_calendar_months_keeping_the_day_or_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)), st.integers(-60, 60))
def test_lands_in_the_right_month_never_beyond_the_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    # Only a month too short for the day moves it, and then to the month's last day.
    if result.day < day.day:
        assert (result + timedelta(days=1)).day == 1


START, END = date(2026, 4, 15), date(2026, 10, 15)


@pytest.mark.parametrize(
    ("today", "elapsed", "days_left", "percent", "is_over"),
    [
        (date(2026, 4, 10), 0, 188, 0, False),  # before it starts
        (date(2026, 4, 15), 1, 183, 0, False),  # the first day counts
        (date(2026, 7, 15), 92, 92, 50, False),  # half way
        (date(2026, 10, 14), 183, 1, 99, False),
        (date(2026, 10, 15), 184, 0, 100, False),  # the last day: nothing left, not over
        (date(2026, 10, 16), 184, 0, 100, True),
        (date(2027, 1, 1), 184, 0, 100, True),
    ],
)
def test_the_window_progress_on_a_day(today, elapsed, days_left, percent, is_over):
    progress = window_progress(starts_on=START, ends_on=END, today=today)
    assert progress.total_days == 184
    assert progress.elapsed_days == elapsed
    assert progress.days_left == days_left
    assert progress.percent == percent
    assert progress.is_over is is_over


def test_a_one_day_window_is_passed_on_its_day():
    progress = window_progress(starts_on=START, ends_on=START, today=START)
    assert (progress.total_days, progress.percent, progress.days_left) == (1, 100, 0)
