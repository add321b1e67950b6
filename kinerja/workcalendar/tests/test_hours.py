"""The pure working-time module: no database, tables worked out by hand.

The Indonesian calendar below follows SKB 2026 on national holidays and cuti bersama
(Idul Fitri 1447 H falls on a weekend, with cuti bersama around it), plus a Ramadan day
with short hours, a Saturday worked in exchange, and a local day off.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from kinerja.workcalendar.hours import (
    DEFAULT_WEEK,
    EPOCH,
    LAST_DAY,
    OFFICE_HOURS,
    CalendarDay,
    OutOfCalendar,
    StandardUnit,
    WorkingCalendar,
    WorkingHours,
    day_number,
    standard_seconds,
)

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
HOUR = 3_600
DAY = 8 * HOUR  # one working day of the default week, 08:00-16:00

RAMADAN_HOURS = WorkingHours(time(8), time(15))
SATURDAY_SWAP = WorkingHours(time(8), time(12))

INDONESIA_2026 = WorkingCalendar(
    exceptions={
        date(2026, 1, 1): None,  # Tahun Baru Masehi, Thursday
        date(2026, 3, 2): RAMADAN_HOURS,  # Monday in Ramadan
        date(2026, 3, 18): None,  # cuti bersama Nyepi, Wednesday
        date(2026, 3, 19): None,  # Hari Suci Nyepi, Thursday
        date(2026, 3, 20): None,  # cuti bersama Idul Fitri, Friday
        date(2026, 3, 23): None,  # cuti bersama Idul Fitri, Monday
        date(2026, 3, 24): None,  # cuti bersama Idul Fitri, Tuesday
        date(2026, 3, 28): SATURDAY_SWAP,  # a Saturday worked in exchange
        date(2026, 6, 22): None,  # local day off, Monday
        date(2026, 8, 17): None,  # Hari Kemerdekaan, Monday
        date(2026, 12, 24): None,  # cuti bersama Natal, Thursday
        date(2026, 12, 25): None,  # Hari Raya Natal, Friday
        date(2027, 1, 1): None,  # Tahun Baru Masehi, Friday
    }
)

# Monday to Thursday 07:30-16:00, Friday 07:30-11:30, Wednesday closed: an odd week that
# still has a most common day length.
ODD_WEEK = WorkingCalendar(
    week=(
        WorkingHours(time(7, 30), time(16)),
        WorkingHours(time(7, 30), time(16)),
        None,
        WorkingHours(time(7, 30), time(16)),
        WorkingHours(time(7, 30), time(11, 30)),
        None,
        None,
    )
)

WITA_OFFICE = WorkingCalendar(utc_offset=timedelta(hours=8))


def wib(*parts: int) -> datetime:
    """Year, month, day and optionally hour, minute, second in WIB."""
    return datetime.combine(date(*parts[:3]), time(*parts[3:]), tzinfo=WIB)


def naive(*parts: int) -> datetime:
    return wib(*parts).replace(tzinfo=None)


# ---------------------------------------------------------------------------
# Working seconds between two instants.


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            wib(2026, 8, 18, 9), wib(2026, 8, 18, 11, 30), 2 * HOUR + 1_800, id="within one day"
        ),
        pytest.param(wib(2026, 8, 18, 8), wib(2026, 8, 18, 16), DAY, id="a whole working day"),
        pytest.param(wib(2026, 8, 18, 6), wib(2026, 8, 18, 9), HOUR, id="received before opening"),
        pytest.param(wib(2026, 8, 18, 17), wib(2026, 8, 19, 9), HOUR, id="received after closing"),
        pytest.param(wib(2026, 8, 18, 17), wib(2026, 8, 18, 20), 0, id="evening after closing"),
        pytest.param(wib(2026, 8, 18, 0), wib(2026, 8, 19, 0), DAY, id="midnight to midnight"),
        pytest.param(
            wib(2026, 8, 18, 15, 59, 59), wib(2026, 8, 18, 16), 1, id="last second of the day"
        ),
        pytest.param(wib(2026, 8, 18, 16), wib(2026, 8, 19, 8), 0, id="closing to next opening"),
        pytest.param(wib(2026, 8, 21, 15), wib(2026, 8, 24, 9), 2 * HOUR, id="over a weekend"),
        pytest.param(
            wib(2026, 8, 22, 10), wib(2026, 8, 24, 10), 2 * HOUR, id="received on a Saturday"
        ),
        pytest.param(wib(2026, 8, 22, 10), wib(2026, 8, 23, 15), 0, id="Saturday to Sunday"),
        pytest.param(
            wib(2026, 8, 14, 15), wib(2026, 8, 18, 9), 2 * HOUR, id="across a national holiday"
        ),
        pytest.param(
            wib(2026, 8, 17, 10),
            wib(2026, 8, 18, 10),
            2 * HOUR,
            id="received on a national holiday",
        ),
        pytest.param(wib(2026, 8, 17, 9), wib(2026, 8, 17, 15), 0, id="within a national holiday"),
        pytest.param(
            wib(2026, 3, 17, 15),
            wib(2026, 3, 25, 9),
            2 * HOUR,
            id="across Nyepi, Idul Fitri and their cuti bersama",
        ),
        pytest.param(wib(2026, 3, 20, 8), wib(2026, 3, 20, 16), 0, id="cuti bersama on its own"),
        pytest.param(wib(2026, 6, 19, 15), wib(2026, 6, 23, 9), 2 * HOUR, id="a local day off"),
        pytest.param(
            wib(2026, 7, 31, 14), wib(2026, 8, 3, 10), 4 * HOUR, id="spanning a month end"
        ),
        pytest.param(
            wib(2026, 12, 23, 15),
            wib(2027, 1, 4, 9),
            HOUR + 4 * DAY + HOUR,
            id="spanning a year end with Natal and Tahun Baru",
        ),
        pytest.param(
            wib(2026, 3, 2, 13), wib(2026, 3, 3, 9), 3 * HOUR, id="special hours close early"
        ),
        pytest.param(
            wib(2026, 3, 2, 15, 30), wib(2026, 3, 2, 16), 0, id="after special closing time"
        ),
        pytest.param(
            wib(2026, 3, 27, 15),
            wib(2026, 3, 30, 9),
            HOUR + 4 * HOUR + HOUR,
            id="a Saturday worked",
        ),
        pytest.param(wib(2026, 8, 18, 10), wib(2026, 8, 18, 10), 0, id="zero length in hours"),
        pytest.param(wib(2026, 8, 22, 10), wib(2026, 8, 22, 10), 0, id="zero length on a Saturday"),
        pytest.param(
            datetime(2026, 8, 18, 1, tzinfo=UTC),
            datetime(2026, 8, 18, 2, tzinfo=UTC),
            HOUR,
            id="instants given in UTC",
        ),
        pytest.param(
            wib(2026, 8, 18, 8),
            datetime(2026, 8, 18, 10, tzinfo=WITA),
            HOUR,
            id="end given in WITA",
        ),
        pytest.param(
            datetime(2026, 8, 18, 20, tzinfo=UTC),
            datetime(2026, 8, 19, 2, tzinfo=UTC),
            HOUR,
            id="UTC dates differ from local dates",
        ),
        pytest.param(
            datetime(2026, 8, 18, 18, tzinfo=timezone(timedelta(hours=-5))),
            wib(2026, 8, 19, 16),
            8 * HOUR,
            id="start with a negative offset",
        ),
    ],
)
def test_working_seconds_between_counts_only_office_hours_on_working_days(
    start: datetime, end: datetime, expected: int
) -> None:
    assert INDONESIA_2026.working_seconds_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            wib(2026, 8, 18, 15), wib(2026, 8, 20, 9), HOUR + 5_400, id="Wednesday closed"
        ),
        pytest.param(wib(2026, 8, 19, 9), wib(2026, 8, 19, 15), 0, id="within the closed weekday"),
        pytest.param(wib(2026, 8, 21, 7), wib(2026, 8, 21, 13), 4 * HOUR, id="short Friday"),
        pytest.param(
            wib(2026, 8, 20, 7, 30), wib(2026, 8, 21, 7, 30), 8 * HOUR + 1_800, id="long day"
        ),
    ],
)
def test_a_week_with_a_closed_weekday_and_a_short_friday(
    start: datetime, end: datetime, expected: int
) -> None:
    assert ODD_WEEK.working_seconds_between(start, end) == expected


def test_office_hours_are_local_to_the_calendars_own_offset() -> None:
    start, end = datetime(2026, 8, 18, 8, tzinfo=WITA), datetime(2026, 8, 18, 9, tzinfo=WITA)

    assert WITA_OFFICE.working_seconds_between(start, end) == HOUR
    # The same instants are 07:00-08:00 in WIB: before a Jakarta office opens.
    assert WorkingCalendar().working_seconds_between(start, end) == 0


def test_seconds_are_whole_and_fractions_are_dropped() -> None:
    start = wib(2026, 8, 18, 9).replace(microsecond=999_999)
    end = wib(2026, 8, 18, 9, 0, 10).replace(microsecond=1)

    assert INDONESIA_2026.working_seconds_between(start, end) == 10


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(ValueError, match="precedes"):
        INDONESIA_2026.working_seconds_between(wib(2026, 8, 18, 10), wib(2026, 8, 18, 9))


def test_an_end_before_the_start_is_refused_even_with_no_working_time_between() -> None:
    with pytest.raises(ValueError, match="precedes"):
        INDONESIA_2026.working_seconds_between(wib(2026, 8, 22, 10), wib(2026, 8, 22, 9))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(naive(2026, 8, 18, 9), naive(2026, 8, 18, 10), id="both naive"),
        pytest.param(naive(2026, 8, 18, 9), wib(2026, 8, 18, 10), id="naive start"),
        pytest.param(wib(2026, 8, 18, 9), naive(2026, 8, 18, 10), id="naive end"),
    ],
)
def test_naive_instants_are_refused(start: datetime, end: datetime) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        INDONESIA_2026.working_seconds_between(start, end)


@pytest.mark.parametrize(
    "instant",
    [
        pytest.param(wib(1999, 12, 31, 23, 59, 59), id="the second before the epoch"),
        pytest.param(wib(2100, 1, 1), id="the first day after the calendar"),
        pytest.param(datetime(2099, 12, 31, 17, tzinfo=UTC), id="2100 in local time, 2099 in UTC"),
        pytest.param(datetime(1999, 12, 31, 16, 59, tzinfo=UTC), id="1999 in local time"),
        pytest.param(datetime.max.replace(tzinfo=UTC), id="the largest datetime"),
        pytest.param(datetime.min.replace(tzinfo=UTC), id="the smallest datetime"),
    ],
)
def test_instants_outside_the_calendar_are_refused(instant: datetime) -> None:
    with pytest.raises(OutOfCalendar):
        INDONESIA_2026.ordinal(instant)
    with pytest.raises(OutOfCalendar):
        INDONESIA_2026.deadline(instant, HOUR)


def test_out_of_calendar_is_a_value_error() -> None:
    # Callers that already catch bad input as ValueError catch this too.
    assert issubclass(OutOfCalendar, ValueError)


# ---------------------------------------------------------------------------
# Ordinals.


def test_the_ordinal_counts_from_local_midnight_of_the_epoch() -> None:
    calendar = WorkingCalendar()

    assert calendar.ordinal(wib(2000, 1, 1)) == 0
    assert calendar.ordinal(datetime(1999, 12, 31, 17, tzinfo=UTC)) == 0
    # 2000-01-01 is a Saturday: the first working second is Monday 3 January at 08:00.
    assert calendar.ordinal(wib(2000, 1, 3, 8)) == 0
    assert calendar.ordinal(wib(2000, 1, 3, 9)) == HOUR
    assert calendar.ordinal(wib(2000, 1, 4)) == DAY


def test_the_last_instant_of_the_calendar_holds_every_working_second() -> None:
    calendar = WorkingCalendar()
    weekdays = sum(
        1
        for offset in range((LAST_DAY - EPOCH).days + 1)
        if (EPOCH + timedelta(days=offset)).weekday() < 5
    )

    assert calendar.ordinal(wib(2099, 12, 31, 23, 59, 59)) == weekdays * DAY


# ---------------------------------------------------------------------------
# Deadlines.


@pytest.mark.parametrize(
    ("start", "seconds", "expected"),
    [
        pytest.param(wib(2026, 8, 18, 9), HOUR, wib(2026, 8, 18, 10), id="within the day"),
        pytest.param(wib(2026, 8, 18, 8), DAY, wib(2026, 8, 18, 16), id="exactly at closing time"),
        pytest.param(wib(2026, 8, 18, 15), HOUR, wib(2026, 8, 18, 16), id="reaches closing time"),
        pytest.param(
            wib(2026, 8, 18, 15), HOUR + 1, wib(2026, 8, 19, 8, 0, 1), id="one second past closing"
        ),
        pytest.param(wib(2026, 8, 18, 6), HOUR, wib(2026, 8, 18, 9), id="received before opening"),
        pytest.param(wib(2026, 8, 18, 17), HOUR, wib(2026, 8, 19, 9), id="received after closing"),
        pytest.param(wib(2026, 8, 22, 10), HOUR, wib(2026, 8, 24, 9), id="received on a Saturday"),
        pytest.param(wib(2026, 8, 21, 15), 2 * HOUR, wib(2026, 8, 24, 9), id="over a weekend"),
        pytest.param(
            wib(2026, 8, 14, 15), 2 * HOUR, wib(2026, 8, 18, 9), id="across a national holiday"
        ),
        pytest.param(
            wib(2026, 3, 17, 15),
            2 * DAY,
            wib(2026, 3, 26, 15),
            id="across Idul Fitri and cuti bersama",
        ),
        pytest.param(wib(2026, 12, 30, 9), 3 * DAY, wib(2027, 1, 5, 9), id="across the year end"),
        pytest.param(
            wib(2026, 3, 2, 14), 2 * HOUR, wib(2026, 3, 3, 9), id="a day with special hours"
        ),
        pytest.param(wib(2026, 3, 27, 15), 3 * HOUR, wib(2026, 3, 28, 10), id="a Saturday worked"),
        pytest.param(
            datetime(2026, 8, 18, 2, tzinfo=UTC),
            HOUR,
            datetime(2026, 8, 18, 3, tzinfo=UTC),
            id="a start in UTC",
        ),
    ],
)
def test_deadline_is_the_first_instant_with_that_much_working_time(
    start: datetime, seconds: int, expected: datetime
) -> None:
    deadline = INDONESIA_2026.deadline(start, seconds)

    assert deadline == expected
    assert deadline.utcoffset() == start.utcoffset()
    assert INDONESIA_2026.working_seconds_between(start, deadline) == seconds


def test_a_zero_deadline_is_the_start_itself_even_outside_office_hours() -> None:
    start = wib(2026, 8, 22, 10, 0, 0).replace(microsecond=5)

    assert INDONESIA_2026.deadline(start, 0) is start


def test_a_negative_duration_has_no_deadline() -> None:
    with pytest.raises(ValueError, match="negative"):
        INDONESIA_2026.deadline(wib(2026, 8, 18, 9), -1)


@pytest.mark.parametrize("seconds", [0, HOUR])
def test_a_naive_start_has_no_deadline(seconds: int) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        INDONESIA_2026.deadline(naive(2026, 8, 18, 9), seconds)


def test_a_deadline_after_the_end_of_the_calendar_is_refused() -> None:
    calendar = WorkingCalendar()

    assert calendar.deadline(wib(2099, 12, 31, 15), HOUR) == wib(2099, 12, 31, 16)
    with pytest.raises(OutOfCalendar):
        calendar.deadline(wib(2099, 12, 31, 15), HOUR + 1)


def test_a_week_without_working_days_has_no_deadline() -> None:
    calendar = WorkingCalendar(week=(None,) * 7)

    assert calendar.working_seconds_between(wib(2026, 1, 1), wib(2027, 1, 1)) == 0
    with pytest.raises(OutOfCalendar):
        calendar.deadline(wib(2026, 8, 18, 9), 1)


# ---------------------------------------------------------------------------
# The length of "a working day" and service standards.


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        pytest.param(DEFAULT_WEEK, DAY, id="Monday to Friday 08:00-16:00"),
        pytest.param(ODD_WEEK.week, 8 * HOUR + 1_800, id="the most common length"),
        pytest.param(
            (
                WorkingHours(time(8), time(16)),
                WorkingHours(time(8), time(16)),
                WorkingHours(time(8), time(17)),
                WorkingHours(time(8), time(17)),
                WorkingHours(time(8), time(12)),
                None,
                None,
            ),
            9 * HOUR,
            id="a tie goes to the longer",
        ),
        pytest.param(
            (OFFICE_HOURS,) * 5 + (WorkingHours(time(8), time(12)), None),
            DAY,
            id="a short Saturday does not count",
        ),
        pytest.param((None,) * 7, 0, id="no working day"),
    ],
)
def test_day_length_is_the_most_common_working_weekday(
    week: tuple[WorkingHours | None, ...], expected: int
) -> None:
    assert WorkingCalendar(week=week).day_length() == expected


def test_day_length_ignores_days_with_special_hours() -> None:
    assert INDONESIA_2026.day_length() == DAY


@pytest.mark.parametrize(
    ("value", "unit", "day_length", "expected"),
    [
        pytest.param(Decimal(2), "JAM_KERJA", DAY, 2 * HOUR, id="hours"),
        pytest.param(Decimal("1.5"), "JAM_KERJA", DAY, 5_400, id="fractional hours"),
        pytest.param(Decimal(2), StandardUnit.WORKING_HOURS, 0, 2 * HOUR, id="hours ignore day"),
        pytest.param(Decimal(3), "HARI_KERJA", DAY, 3 * DAY, id="working days"),
        pytest.param(Decimal("0.5"), "HARI_KERJA", DAY, 4 * HOUR, id="half a working day"),
        pytest.param(Decimal(1), StandardUnit.WORKING_DAYS, 30_600, 30_600, id="a longer day"),
        pytest.param(Decimal(0), "HARI_KERJA", DAY, 0, id="zero"),
        pytest.param(Decimal("0.0003"), "JAM_KERJA", DAY, 1, id="1.08 s rounds down"),
        pytest.param(Decimal("0.00042"), "JAM_KERJA", DAY, 2, id="1.512 s rounds up"),
        pytest.param(Decimal(14), "HARI_KERJA", DAY, 14 * DAY, id="fourteen working days"),
    ],
)
def test_standard_seconds(value: Decimal, unit: str, day_length: int, expected: int) -> None:
    assert standard_seconds(value, unit, day_length) == expected


def test_a_negative_standard_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        standard_seconds(Decimal("-0.5"), "JAM_KERJA", DAY)


def test_an_unknown_standard_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="HARI_KALENDER"):
        standard_seconds(Decimal(1), "HARI_KALENDER", DAY)


# ---------------------------------------------------------------------------
# The table of days.


def test_days_describe_each_day_for_sql() -> None:
    rows = list(INDONESIA_2026.days(date(2026, 8, 14), date(2026, 8, 18)))

    assert rows == [
        CalendarDay(date(2026, 8, 14), 20_679, 8 * HOUR, 16 * HOUR, rows[0].seconds_before, 202608),
        CalendarDay(date(2026, 8, 15), 20_680, 0, 0, rows[0].seconds_before + DAY, 202608),
        CalendarDay(date(2026, 8, 16), 20_681, 0, 0, rows[0].seconds_before + DAY, 202608),
        CalendarDay(date(2026, 8, 17), 20_682, 0, 0, rows[0].seconds_before + DAY, 202608),
        CalendarDay(
            date(2026, 8, 18), 20_683, 8 * HOUR, 16 * HOUR, rows[0].seconds_before + DAY, 202608
        ),
    ]
    assert [row.is_working_day for row in rows] == [True, False, False, False, True]
    assert rows[0].seconds_before == INDONESIA_2026.ordinal(wib(2026, 8, 14))


def test_days_show_special_hours() -> None:
    (row,) = INDONESIA_2026.days(date(2026, 3, 28), date(2026, 3, 28))

    assert (row.opens_second, row.closes_second) == (8 * HOUR, 12 * HOUR)
    assert row.is_working_day


def test_days_cover_the_whole_calendar_by_default() -> None:
    rows = list(WorkingCalendar().days())

    assert len(rows) == (LAST_DAY - EPOCH).days + 1 == 36_525
    assert (rows[0].day, rows[0].day_number, rows[0].seconds_before) == (EPOCH, 10_957, 0)
    assert (rows[-1].day, rows[-1].month_key) == (LAST_DAY, 209_912)


def test_days_from_after_to_before_are_empty() -> None:
    assert list(INDONESIA_2026.days(date(2026, 8, 18), date(2026, 8, 17))) == []


@pytest.mark.parametrize(
    ("first", "last"),
    [(date(1999, 12, 31), date(2000, 1, 1)), (date(2099, 12, 31), date(2100, 1, 1))],
)
def test_days_outside_the_calendar_are_refused(first: date, last: date) -> None:
    with pytest.raises(OutOfCalendar, match="outside the working calendar"):
        list(INDONESIA_2026.days(first, last))


def test_day_number_counts_from_1970() -> None:
    assert day_number(date(1970, 1, 1)) == 0
    assert day_number(EPOCH) == 10_957
    assert day_number(date(2026, 8, 17)) == 20_682


def test_hours_on_prefers_the_exception_to_the_week() -> None:
    assert INDONESIA_2026.hours_on(date(2026, 8, 17)) is None
    assert INDONESIA_2026.hours_on(date(2026, 8, 18)) == OFFICE_HOURS
    assert INDONESIA_2026.hours_on(date(2026, 3, 28)) == SATURDAY_SWAP
    assert INDONESIA_2026.hours_on(date(2026, 3, 29)) is None


# ---------------------------------------------------------------------------
# Building blocks refuse what makes no sense.


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(time(16), time(8)), (time(8), time(8)), (time(8, tzinfo=UTC), time(16))],
)
def test_working_hours_must_be_a_local_span(opens: time, closes: time) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - two different messages, both ValueError
        WorkingHours(opens, closes)


def test_working_hours_count_their_seconds() -> None:
    hours = WorkingHours(time(7, 30), time(11, 45, 30))

    assert (hours.opens_second, hours.closes_second, hours.seconds) == (27_000, 42_330, 15_330)


def test_a_week_has_seven_days() -> None:
    with pytest.raises(ValueError, match="seven days"):
        WorkingCalendar(week=DEFAULT_WEEK[:5])


@pytest.mark.parametrize("offset", [timedelta(days=1), timedelta(hours=-24)])
def test_a_utc_offset_is_less_than_a_day(offset: timedelta) -> None:
    with pytest.raises(ValueError, match="less than a day"):
        WorkingCalendar(utc_offset=offset)


def test_the_calendar_keeps_its_own_copy_of_the_exceptions() -> None:
    exceptions: dict[date, WorkingHours | None] = {date(2026, 8, 17): None}
    calendar = WorkingCalendar(exceptions=exceptions)
    exceptions[date(2026, 8, 18)] = None

    assert calendar.hours_on(date(2026, 8, 18)) == OFFICE_HOURS
    assert calendar.working_seconds_between(wib(2026, 8, 18), wib(2026, 8, 19)) == DAY


# ---------------------------------------------------------------------------
# Properties.

ZONES = st.sampled_from([WIB, UTC, WITA, WIT, timezone(timedelta(hours=-3, minutes=-30))])
# Exceptions and instants gather in 2025-2027 so that they meet often.
NEAR_MIN, NEAR_MAX = naive(2025, 1, 1), naive(2027, 12, 31, 23, 59, 59)


@st.composite
def hours_strategy(draw: st.DrawFn) -> WorkingHours:
    opens = draw(st.integers(min_value=0, max_value=86_398))
    closes = draw(st.integers(min_value=opens + 1, max_value=86_399))
    return WorkingHours(_time_of(opens), _time_of(closes))


def _time_of(second: int) -> time:
    return time(second // HOUR, second % HOUR // 60, second % 60)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    week = tuple(draw(st.one_of(st.none(), hours_strategy())) for _ in range(7))
    exceptions = draw(
        st.dictionaries(
            st.dates(min_value=NEAR_MIN.date(), max_value=NEAR_MAX.date()),
            st.one_of(st.none(), hours_strategy()),
            max_size=40,
        )
    )
    offset = draw(st.sampled_from([7, 8, 9, 0, -5]))
    return WorkingCalendar(week=week, exceptions=exceptions, utc_offset=timedelta(hours=offset))


FIXED_CALENDARS = st.sampled_from([INDONESIA_2026, ODD_WEEK, WITA_OFFICE])
ANY_CALENDAR = st.one_of(FIXED_CALENDARS, calendars())


@st.composite
def instants(
    draw: st.DrawFn, calendar: WorkingCalendar, low: datetime = NEAR_MIN, high: datetime = NEAR_MAX
) -> datetime:
    """An instant whose local date (in the calendar's zone) lies between low and high,
    given in any zone."""
    local = draw(st.datetimes(min_value=low, max_value=high))
    return local.replace(tzinfo=calendar.zone).astimezone(draw(ZONES))


@given(data=st.data(), calendar=ANY_CALENDAR)
def test_splitting_an_interval_at_any_instant_never_changes_its_total(
    data: st.DataObject, calendar: WorkingCalendar
) -> None:
    start, middle, end = sorted(data.draw(instants(calendar)) for _ in range(3))

    whole = calendar.working_seconds_between(start, end)
    parts = calendar.working_seconds_between(start, middle) + calendar.working_seconds_between(
        middle, end
    )

    assert whole == parts


@given(data=st.data(), calendar=ANY_CALENDAR)
def test_splitting_holds_across_the_whole_century(
    data: st.DataObject, calendar: WorkingCalendar
) -> None:
    low, high = naive(2000, 1, 1), naive(2099, 12, 31, 23, 59, 59)
    start, middle, end = sorted(data.draw(instants(calendar, low, high)) for _ in range(3))

    assert calendar.working_seconds_between(start, end) == calendar.working_seconds_between(
        start, middle
    ) + calendar.working_seconds_between(middle, end)


@given(
    data=st.data(),
    calendar=ANY_CALENDAR,
    seconds=st.one_of(
        st.integers(min_value=0, max_value=40 * DAY), st.sampled_from([1, HOUR, DAY])
    ),
)
def test_the_deadline_is_exactly_that_much_working_time_later(
    data: st.DataObject, calendar: WorkingCalendar, seconds: int
) -> None:
    start = data.draw(instants(calendar))
    try:
        deadline = calendar.deadline(start, seconds)
    except OutOfCalendar:
        # Only a calendar with (almost) no working time runs out before 2100.
        reject()

    assert calendar.working_seconds_between(start, deadline) == seconds
    if seconds > 0:
        # And no earlier instant has reached it.
        just_before = deadline - timedelta(microseconds=1)
        assert just_before >= start
        assert calendar.working_seconds_between(start, just_before) == seconds - 1


@given(data=st.data(), calendar=ANY_CALENDAR)
def test_the_ordinal_never_decreases(data: st.DataObject, calendar: WorkingCalendar) -> None:
    earlier, later = sorted(data.draw(instants(calendar)) for _ in range(2))

    assert calendar.ordinal(earlier) <= calendar.ordinal(later)
    # Working time never exceeds the time that passed (plus the second a fraction rounds to).
    elapsed = (later - earlier).total_seconds()
    assert calendar.working_seconds_between(earlier, later) <= elapsed + 1


@given(data=st.data(), calendar=ANY_CALENDAR)
def test_the_ordinal_does_not_depend_on_the_zone_an_instant_is_written_in(
    data: st.DataObject, calendar: WorkingCalendar
) -> None:
    instant = data.draw(instants(calendar))

    assert calendar.ordinal(instant) == calendar.ordinal(instant.astimezone(data.draw(ZONES)))


@given(
    calendar=ANY_CALENDAR,
    day=st.one_of(
        st.dates(min_value=NEAR_MIN.date(), max_value=NEAR_MAX.date()),
        st.dates(min_value=EPOCH, max_value=LAST_DAY),
    ),
)
def test_each_row_of_days_agrees_with_the_ordinal_and_the_hours(
    calendar: WorkingCalendar, day: date
) -> None:
    (row,) = calendar.days(day, day)
    midnight = datetime.combine(day, time(), tzinfo=calendar.zone)
    hours = calendar.hours_on(day)

    assert row.day == day
    assert row.day_number == day_number(day)
    assert row.month_key == day.year * 100 + day.month
    assert row.seconds_before == calendar.ordinal(midnight)
    assert (row.opens_second, row.closes_second) == (
        (hours.opens_second, hours.closes_second) if hours else (0, 0)
    )
    assert row.is_working_day == (hours is not None)
    # The day holds exactly its office hours: the last second of the day sees all of them.
    last_second = midnight + timedelta(seconds=86_399, microseconds=999_999)
    assert calendar.ordinal(last_second) - row.seconds_before == (hours.seconds if hours else 0)
