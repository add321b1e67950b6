"""Working time: how many seconds of office hours lie between two instants.

Product.md 4.3: working time counts only working hours (by default Monday to Friday,
08:00 to 16:00 WIB) on working days, that is not on national holidays, cuti bersama or
local days off. A service standard of N ``HARI_KERJA`` equals N times the working hours
of a day; ``JAM_KERJA`` is working hours directly. The standards themselves are set by
each office under PermenPANRB 15/2014 (Pedoman Standar Pelayanan), which fixes that the
"jangka waktu penyelesaian" of a service is counted in working time.

Everything rests on one number, the *working-time ordinal* of an instant: the working
seconds from :data:`EPOCH` (local midnight) up to that instant. The working time between
two instants is the difference of their ordinals, so splitting an interval never changes
its total, and a database can compute the same figure from a table of days holding each
day's ordinal at midnight (:meth:`WorkingCalendar.days`), with no loop over tasks.

Pure: no Django, no clock, no settings. Instants are timezone-aware; local time is a
fixed offset from UTC, as it is for each of Indonesia's zones (WIB +7, WITA +8, WIT +9,
none of which observes daylight saving).
"""

import bisect
import enum
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType

# The span the calendar covers. Tasks outside it are refused at input.
EPOCH = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
SECONDS_PER_DAY = 86_400
SECONDS_PER_HOUR = 3_600
# Day numbers count from the Unix epoch, the origin a database's timestamp arithmetic
# starts from: day_number = (seconds since 1970-01-01 UTC + offset) // 86_400.
_UNIX_EPOCH = date(1970, 1, 1)
WIB = timedelta(hours=7)


class OutOfCalendar(ValueError):  # noqa: N818 - reads as a condition, like KeyError
    """An instant or day outside the span the calendar covers (2000 to 2099)."""


class StandardUnit(enum.StrEnum):
    """The unit a service standard is expressed in (product.md 4.2, ``satuan_waktu``)."""

    WORKING_HOURS = "JAM_KERJA"
    WORKING_DAYS = "HARI_KERJA"


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The office hours of one day, in local time; ``closes`` is exclusive."""

    opens: time
    closes: time

    def __post_init__(self) -> None:
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("working hours are local wall-clock times, without a zone")
        if self.opens >= self.closes:
            raise ValueError(f"opening time {self.opens} is not before closing time {self.closes}")

    @property
    def opens_second(self) -> int:
        return _second_of_day(self.opens)

    @property
    def closes_second(self) -> int:
        return _second_of_day(self.closes)

    @property
    def seconds(self) -> int:
        return self.closes_second - self.opens_second


OFFICE_HOURS = WorkingHours(time(8), time(16))
# Monday first, as date.weekday() counts. None: the office is closed that weekday.
DEFAULT_WEEK: tuple[WorkingHours | None, ...] = (OFFICE_HOURS,) * 5 + (None, None)


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One day as the database keeps it, for computing ordinals in SQL."""

    day: date
    day_number: int  # days since 1970-01-01: the key SQL derives from a timestamp
    opens_second: int  # seconds after local midnight; 0 on a closed day
    closes_second: int  # equals opens_second on a closed day
    seconds_before: int  # the ordinal of this day's local midnight
    month_key: int  # YYYYMM

    @property
    def is_working_day(self) -> bool:
        return self.closes_second > self.opens_second


@dataclass(frozen=True)
class WorkingCalendar:
    """The office's working week, the days that differ from it, and its time zone.

    ``exceptions`` maps a day to its own hours, or to None for a day off (a national
    holiday, cuti bersama, a local day off); a day it does not name follows ``week``.
    """

    week: tuple[WorkingHours | None, ...] = DEFAULT_WEEK
    exceptions: Mapping[date, WorkingHours | None] = field(
        default_factory=lambda: MappingProxyType({})
    )
    utc_offset: timedelta = WIB
    # Working seconds before each day of the span (and one past the end), built once.
    _before: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError("a working week has seven days, Monday first")
        if abs(self.utc_offset) >= timedelta(days=1):
            raise ValueError("a UTC offset is less than a day")
        object.__setattr__(self, "exceptions", MappingProxyType(dict(self.exceptions)))
        before = [0]
        day = EPOCH
        for _ in range((LAST_DAY - EPOCH).days + 1):
            hours = self.hours_on(day)
            before.append(before[-1] + (hours.seconds if hours else 0))
            day += timedelta(days=1)
        object.__setattr__(self, "_before", before)

    @property
    def zone(self) -> timezone:
        return timezone(self.utc_offset)

    def hours_on(self, day: date) -> WorkingHours | None:
        """The office hours of ``day``, or None when the office is closed."""
        if day in self.exceptions:
            return self.exceptions[day]
        return self.week[day.weekday()]

    def day_length(self) -> int:
        """The working seconds of "a day" for standards in ``HARI_KERJA`` (see
        :func:`day_length`)."""
        return day_length(self.week)

    def ordinal(self, instant: datetime) -> int:
        """Working seconds from :data:`EPOCH` up to ``instant`` (whole seconds)."""
        day, second = self._local(instant)
        hours = self.hours_on(day)
        within = 0
        if hours is not None:
            within = min(max(second - hours.opens_second, 0), hours.seconds)
        return self._before[(day - EPOCH).days] + within

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        """The working seconds in ``[start, end)``. ``end`` must not precede ``start``."""
        # Ordinals first: they refuse naive instants with a clear ValueError, where
        # comparing a naive with an aware instant would raise a bare TypeError.
        start_ordinal, end_ordinal = self.ordinal(start), self.ordinal(end)
        if end < start:
            raise ValueError("the end of an interval precedes its start")
        return end_ordinal - start_ordinal

    def deadline(self, start: datetime, seconds: int) -> datetime:
        """The earliest instant at which ``seconds`` of working time have passed since
        ``start``: the moment a task received at ``start`` with that standard becomes late.
        Zero seconds gives ``start`` itself."""
        if seconds < 0:
            raise ValueError("a duration is not negative")
        # Checked even for zero seconds, so a naive or out-of-calendar start always fails.
        target = self.ordinal(start) + seconds
        if seconds == 0:
            return start
        # The first day whose working time reaches the target.
        index = bisect.bisect_left(self._before, target) - 1
        if index >= len(self._before) - 1:
            raise OutOfCalendar("the deadline falls after the end of the calendar")
        day = EPOCH + timedelta(days=index)
        hours = self.hours_on(day)
        if hours is None:  # pragma: no cover - bisect_left never lands on a closed day
            raise AssertionError(day)
        second = hours.opens_second + target - self._before[index]
        local = datetime.combine(day, time(), tzinfo=self.zone) + timedelta(seconds=second)
        return local.astimezone(start.tzinfo)

    def days(self, first: date = EPOCH, last: date = LAST_DAY) -> Iterator[CalendarDay]:
        """The table of days from ``first`` to ``last`` inclusive."""
        _check_day(first)
        _check_day(last)
        day = first
        while day <= last:
            hours = self.hours_on(day)
            yield CalendarDay(
                day=day,
                day_number=(day - _UNIX_EPOCH).days,
                opens_second=hours.opens_second if hours else 0,
                closes_second=hours.closes_second if hours else 0,
                seconds_before=self._before[(day - EPOCH).days],
                month_key=day.year * 100 + day.month,
            )
            day += timedelta(days=1)

    def _local(self, instant: datetime) -> tuple[date, int]:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError("working time needs timezone-aware instants")
        try:
            local = instant.astimezone(self.zone)
        except OverflowError:  # beyond year 1 or 9999 in local time
            raise OutOfCalendar(f"{instant} is outside the working calendar") from None
        _check_day(local.date())
        return local.date(), _second_of_day(local.time())


def day_length(week: Sequence[WorkingHours | None]) -> int:
    """The working seconds of "a day" for standards in ``HARI_KERJA``: the most common
    length among the working weekdays (the longer one on a tie). Zero when the week has
    no working day."""
    lengths = Counter(hours.seconds for hours in week if hours is not None)
    if not lengths:
        return 0
    return max(lengths, key=lambda length: (lengths[length], length))


def standard_seconds(value: Decimal, unit: StandardUnit | str, day_length: int) -> int:
    """A service standard in working seconds: ``value`` hours of work for ``JAM_KERJA``,
    ``value`` working days of ``day_length`` seconds each for ``HARI_KERJA``
    (product.md 4.3). Rounded to the nearest second."""
    if value < 0:
        raise ValueError("a service standard is not negative")
    match StandardUnit(unit):
        case StandardUnit.WORKING_HOURS:
            seconds = value * SECONDS_PER_HOUR
        case StandardUnit.WORKING_DAYS:
            seconds = value * day_length
    return int(seconds.to_integral_value())


def day_number(day: date) -> int:
    """Days since 1970-01-01, as :attr:`CalendarDay.day_number`."""
    return (day - _UNIX_EPOCH).days


def _check_day(day: date) -> None:
    if not EPOCH <= day <= LAST_DAY:
        raise OutOfCalendar(f"{day} is outside the working calendar ({EPOCH.year}-{LAST_DAY.year})")


def _second_of_day(moment: time) -> int:
    return moment.hour * SECONDS_PER_HOUR + moment.minute * 60 + moment.second
