"""Reads of the working calendar: the pure calendar the services and SQL rest on, and
what the "Kalender kerja" page shows.

Everyone who works in the organisation (and the HR admin) may read the calendar; an
account without an employee record may not.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.workcalendar.hours import (
    EPOCH,
    LAST_DAY,
    SECONDS_PER_HOUR,
    WorkingCalendar,
    WorkingHours,
)
from kinerja.workcalendar.models import CalendarException, WeekdayHours

# Years at which the configured zone's offset is sampled, in January and in July: a zone
# that observes daylight saving, or changes its offset, within the calendar's span shows
# up as two different offsets.
_SAMPLE_YEARS = (*range(EPOCH.year, LAST_DAY.year, 10), LAST_DAY.year)


def utc_offset_seconds() -> int:
    """The offset of ``settings.TIME_ZONE`` from UTC, in seconds (Asia/Jakarta: 25,200).

    Working time is counted in one fixed local time (see ``hours``), so a zone whose
    offset varies over 2000-2099 cannot be used."""
    try:
        zone = ZoneInfo(settings.TIME_ZONE or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ImproperlyConfigured(
            f"TIME_ZONE {settings.TIME_ZONE!r} is not a known zone"
        ) from error
    offsets = {
        datetime(year, month, 15, 12, tzinfo=zone).utcoffset()
        for year in _SAMPLE_YEARS
        for month in (1, 7)
    }
    if len(offsets) != 1:
        raise ImproperlyConfigured(
            f"TIME_ZONE {settings.TIME_ZONE!r} does not keep one UTC offset over "
            f"{EPOCH.year}-{LAST_DAY.year}; the working calendar needs a fixed offset "
            "such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura."
        )
    (offset,) = offsets
    if offset is None:  # pragma: no cover - a ZoneInfo always knows its offset
        raise ImproperlyConfigured(f"TIME_ZONE {settings.TIME_ZONE!r} has no UTC offset")
    return int(offset.total_seconds())


def working_week() -> tuple[WorkingHours | None, ...]:
    """The usual hours of each weekday, Monday first (None: closed). One query."""
    week: list[WorkingHours | None] = [None] * 7
    for weekday, opens, closes in WeekdayHours.objects.values_list("weekday", "opens", "closes"):
        week[weekday] = WorkingHours(opens, closes)
    return tuple(week)


def _exception_hours(exception: CalendarException) -> WorkingHours | None:
    if exception.is_day_off or exception.opens is None or exception.closes is None:
        return None
    return WorkingHours(exception.opens, exception.closes)


def load_working_calendar() -> WorkingCalendar:
    """The office's calendar as the pure module sees it, from the week and every
    exception of 2000-2099 (two queries)."""
    exceptions = {
        exception.day: _exception_hours(exception)
        for exception in CalendarException.objects.only("day", "kind", "opens", "closes")
    }
    return WorkingCalendar(
        week=working_week(),
        exceptions=exceptions,
        utc_offset=timedelta(seconds=utc_offset_seconds()),
    )


def _check_can_read(user: User) -> None:
    if user.has_hr_admin_rights:
        return
    # An active employee record makes the user one of the organisation. The lookup goes
    # through the reverse relation by name because the organisation app sits beside this
    # one, not below it (see the import-linter contracts).
    if not User.objects.filter(pk=user.pk, employee__is_active=True).exists():
        raise PermissionDenied


@dataclass(frozen=True, slots=True)
class WeekdayRow:
    weekday: int  # 0 = Monday
    label: str | Promise
    hours: WorkingHours | None


@dataclass(frozen=True, slots=True)
class MonthSummary:
    first_day: date
    working_days: int
    working_seconds: int
    exceptions: list[CalendarException]

    @property
    def working_hours(self) -> Decimal:
        return _hours(self.working_seconds)


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """One year of the calendar as the page shows it."""

    year: int
    week: list[WeekdayRow]
    day_length: int  # seconds in one HARI_KERJA
    exceptions: list[CalendarException]  # ordered by day
    months: list[MonthSummary]

    @property
    def working_days(self) -> int:
        return sum(month.working_days for month in self.months)

    @property
    def working_seconds(self) -> int:
        return sum(month.working_seconds for month in self.months)

    @property
    def working_hours(self) -> Decimal:
        return _hours(self.working_seconds)

    @property
    def day_length_hours(self) -> Decimal:
        return _hours(self.day_length)

    @property
    def previous_year(self) -> int | None:
        return self.year - 1 if self.year > EPOCH.year else None

    @property
    def next_year(self) -> int | None:
        return self.year + 1 if self.year < LAST_DAY.year else None


def _hours(seconds: int) -> Decimal:
    return (Decimal(seconds) / SECONDS_PER_HOUR).quantize(Decimal("0.01"))


def calendar_year_for_user(user: User, year: int) -> CalendarYear:
    """The week's hours, the year's exceptions and the working days and hours of each
    month. Three queries whatever the number of exceptions; NotFound outside 2000-2099."""
    _check_can_read(user)
    if not EPOCH.year <= year <= LAST_DAY.year:
        raise NotFound
    first, last = date(year, 1, 1), date(year, 12, 31)
    exceptions = list(CalendarException.objects.filter(day__range=(first, last)).order_by("day"))
    week = working_week()
    # Only this year's exceptions: the counts below need no other year.
    calendar = WorkingCalendar(
        week=week,
        exceptions={exception.day: _exception_hours(exception) for exception in exceptions},
    )
    days_by_month: dict[int, list[int]] = {month: [] for month in range(1, 13)}
    for row in calendar.days(first, last):
        if row.is_working_day:
            days_by_month[row.day.month].append(row.closes_second - row.opens_second)
    exceptions_by_month: dict[int, list[CalendarException]] = {month: [] for month in range(1, 13)}
    for exception in exceptions:
        exceptions_by_month[exception.day.month].append(exception)
    labels = dict(WeekdayHours.Weekday.choices)
    return CalendarYear(
        year=year,
        week=[WeekdayRow(weekday, labels[weekday], hours) for weekday, hours in enumerate(week)],
        day_length=calendar.day_length(),
        exceptions=exceptions,
        months=[
            MonthSummary(
                first_day=date(year, month, 1),
                working_days=len(days_by_month[month]),
                working_seconds=sum(days_by_month[month]),
                exceptions=exceptions_by_month[month],
            )
            for month in range(1, 13)
        ],
    )


def working_week_for_user(user: User) -> tuple[WorkingHours | None, ...]:
    """The usual hours of each weekday, Monday first; None for a day off."""
    _check_can_read(user)
    return working_week()


def get_calendar_exception_for_user(user: User, exception_id: int) -> CalendarException:
    """One exception; NotFound when there is none with that id."""
    _check_can_read(user)
    exception = CalendarException.objects.filter(pk=exception_id).first()
    if exception is None:
        raise NotFound
    return exception
