"""The improvement window of a coaching case as plain date arithmetic (PP 30/2019 Pasal 56:
an official who misses the performance target gets six months to improve before any
sanction; domain.md 8.2 and 9.2).

No Django, no clock: callers pass ``today``.
"""

import calendar
from dataclasses import dataclass
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (earlier when negative).

    A day the target month lacks becomes that month's last day: 31 August + 6 months is
    28 February (29 in a leap year), never 2 or 3 March. A window measured in months
    therefore never spills into the month after.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True, slots=True)
class WindowProgress:
    """Where ``today`` stands in a window from ``starts_on`` to ``ends_on`` (both included)."""

    total_days: int
    elapsed_days: int  # 0 before the window starts, total_days once it has ended
    days_left: int  # the days after today up to the end; 0 on the last day and after
    is_over: bool  # today is after the last day

    @property
    def percent(self) -> int:
        """How much of the window has passed, 0 to 100, rounded down."""
        if self.total_days <= 0:
            return 100
        return min(100, self.elapsed_days * 100 // self.total_days)


def window_progress(*, starts_on: date, ends_on: date, today: date) -> WindowProgress:
    """The progress of the improvement window on ``today``.

    The window counts its first and its last day, so a window of one day is one day long;
    on the first day one day has passed.
    """
    total = max((ends_on - starts_on).days + 1, 0)
    elapsed = min(max((today - starts_on).days + 1, 0), total)
    return WindowProgress(
        total_days=total,
        elapsed_days=elapsed,
        days_left=max((ends_on - today).days, 0),
        is_over=today > ends_on,
    )
