"""Reads of the calendar. Every test database starts with the calendar that
``ensure_calendar`` builds (root conftest)."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.test.utils import CaptureQueriesContext

from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.organization.tests.factories import UserFactory
from kinerja.workcalendar.hours import OFFICE_HOURS, WorkingHours
from kinerja.workcalendar.models import CalendarDay, CalendarException, WeekdayHours
from kinerja.workcalendar.selectors import (
    calendar_year_for_user,
    get_calendar_exception_for_user,
    load_working_calendar,
    utc_offset_seconds,
    working_week_for_user,
)

Kind = CalendarException.Kind
DAY = 8 * 3_600


# ---------------------------------------------------------------------------
# The time zone.


@pytest.mark.parametrize(
    ("zone", "seconds"),
    [
        ("Asia/Jakarta", 7 * 3_600),
        ("Asia/Pontianak", 7 * 3_600),
        ("Asia/Makassar", 8 * 3_600),
        ("Asia/Jayapura", 9 * 3_600),
        ("UTC", 0),
    ],
)
def test_the_utc_offset_comes_from_the_configured_zone(settings, zone, seconds):
    settings.TIME_ZONE = zone

    assert utc_offset_seconds() == seconds


@pytest.mark.parametrize(
    "zone",
    [
        pytest.param("Europe/Amsterdam", id="daylight saving every year"),
        pytest.param("America/Sao_Paulo", id="daylight saving until 2019"),
        pytest.param("Australia/Sydney", id="daylight saving in the southern summer"),
    ],
)
def test_a_zone_without_one_fixed_offset_is_refused(settings, zone):
    settings.TIME_ZONE = zone

    with pytest.raises(ImproperlyConfigured, match="fixed offset"):
        utc_offset_seconds()


def test_an_unknown_zone_is_refused(settings):
    settings.TIME_ZONE = "Asia/Nusantara"

    with pytest.raises(ImproperlyConfigured, match="not a known zone"):
        utc_offset_seconds()


# ---------------------------------------------------------------------------
# The pure calendar from the database.


def test_load_working_calendar_reads_the_week_and_every_exception(db, django_assert_num_queries):
    CalendarException.objects.create(
        day=date(2026, 3, 28),
        kind=Kind.SPECIAL_HOURS,
        name="Pengganti cuti bersama",
        opens=time(8),
        closes=time(12),
    )

    with django_assert_num_queries(2):
        calendar = load_working_calendar()

    assert calendar.week == (OFFICE_HOURS,) * 5 + (None, None)
    assert calendar.utc_offset == timedelta(hours=7)
    assert calendar.hours_on(date(2026, 8, 17)) is None
    assert calendar.hours_on(date(2026, 3, 20)) is None  # cuti bersama
    assert calendar.hours_on(date(2026, 3, 28)) == WorkingHours(time(8), time(12))
    assert calendar.hours_on(date(2026, 8, 18)) == OFFICE_HOURS
    assert len(calendar.exceptions) == CalendarException.objects.count()


def test_load_working_calendar_uses_the_configured_offset(db, settings):
    settings.TIME_ZONE = "Asia/Makassar"

    assert load_working_calendar().utc_offset == timedelta(hours=8)


# ---------------------------------------------------------------------------
# The calendar page's year.


def test_a_year_shows_the_week_and_its_exceptions_in_order(pegawai):
    year = calendar_year_for_user(pegawai, 2026)

    assert [(row.weekday, row.hours) for row in year.week] == [
        (0, OFFICE_HOURS),
        (1, OFFICE_HOURS),
        (2, OFFICE_HOURS),
        (3, OFFICE_HOURS),
        (4, OFFICE_HOURS),
        (5, None),
        (6, None),
    ]
    assert [str(row.label) for row in year.week][:1] == [str(WeekdayHours.Weekday.MONDAY.label)]
    days = [exception.day for exception in year.exceptions]
    assert days == sorted(days)
    assert {day.year for day in days} == {2026}
    assert date(2026, 8, 17) in days
    assert date(2026, 3, 20) in days
    assert year.day_length == DAY
    assert year.day_length_hours == 8


def test_a_month_counts_its_working_days_and_hours(pegawai):
    year = calendar_year_for_user(pegawai, 2026)
    august = year.months[7]

    # 21 weekdays, less Hari Kemerdekaan (Monday 17) and Maulid Nabi (Tuesday 25).
    assert august.first_day == date(2026, 8, 1)
    assert august.working_days == 19
    assert august.working_seconds == 19 * DAY
    assert august.working_hours == 152
    assert [exception.day for exception in august.exceptions] == [
        date(2026, 8, 17),
        date(2026, 8, 25),
    ]


def test_the_year_agrees_with_the_table_of_days(pegawai):
    year = calendar_year_for_user(pegawai, 2026)

    table = {
        row["month_key"]: (row["days"], row["seconds"] or 0)
        for row in CalendarDay.objects.filter(day__year=2026)
        .values("month_key")
        .annotate(
            days=Count("day_number", filter=Q(closes_second__gt=F("opens_second"))),
            seconds=Sum(F("closes_second") - F("opens_second")),
        )
    }
    assert {
        202600 + number: (month.working_days, month.working_seconds)
        for number, month in enumerate(year.months, start=1)
    } == table
    assert year.working_days == sum(days for days, _ in table.values())
    assert year.working_seconds == year.working_days * DAY
    assert year.working_hours == year.working_days * 8


def test_special_hours_on_a_saturday_add_a_working_day(pegawai):
    before = calendar_year_for_user(pegawai, 2026).months[2]
    CalendarException.objects.create(
        day=date(2026, 3, 28),
        kind=Kind.SPECIAL_HOURS,
        name="Pengganti cuti bersama",
        opens=time(8),
        closes=time(12),
    )

    after = calendar_year_for_user(pegawai, 2026).months[2]

    assert after.working_days == before.working_days + 1
    assert after.working_seconds == before.working_seconds + 4 * 3_600


def test_a_year_links_to_its_neighbours_within_the_calendar(pegawai):
    assert (
        calendar_year_for_user(pegawai, 2026).previous_year,
        calendar_year_for_user(pegawai, 2026).next_year,
    ) == (2025, 2027)
    assert calendar_year_for_user(pegawai, 2000).previous_year is None
    assert calendar_year_for_user(pegawai, 2099).next_year is None


@pytest.mark.parametrize("number", [1999, 2100])
def test_a_year_outside_the_calendar_is_not_found(pegawai, number):
    with pytest.raises(NotFound):
        calendar_year_for_user(pegawai, number)


def test_everyone_in_an_organisation_may_read_the_calendar(org):
    for employee in (org.staf, org.kasi, org.camat, org.admin, org.lurah, org.asing):
        assert calendar_year_for_user(employee.user, 2026).year == 2026


def test_an_hr_admin_without_an_employee_record_may_read_the_calendar(db):
    admin = UserFactory(username="hr", is_hr_admin=True)

    assert calendar_year_for_user(admin, 2026).year == 2026


def test_an_outsider_may_not_read_the_calendar(outsider):
    with pytest.raises(PermissionDenied):
        calendar_year_for_user(outsider, 2026)
    with pytest.raises(PermissionDenied):
        working_week_for_user(outsider)
    with pytest.raises(PermissionDenied):
        get_calendar_exception_for_user(
            outsider, CalendarException.objects.get(day=date(2026, 8, 17)).pk
        )


def test_someone_whose_employee_record_is_inactive_is_an_outsider(org):
    org.rekan.is_active = False
    org.rekan.save()

    with pytest.raises(PermissionDenied):
        calendar_year_for_user(org.rekan.user, 2026)


def test_the_year_costs_the_same_queries_whatever_the_number_of_exceptions(pegawai):
    with CaptureQueriesContext(connection) as few:
        calendar_year_for_user(pegawai, 2031)
    CalendarException.objects.bulk_create(
        CalendarException(
            day=date(2031, 1, 1) + timedelta(days=offset),
            kind=Kind.LOCAL_DAY_OFF,
            name=f"Hari {offset}",
        )
        for offset in range(1, 200, 2)
        if not CalendarException.objects.filter(
            day=date(2031, 1, 1) + timedelta(days=offset)
        ).exists()
    )
    with CaptureQueriesContext(connection) as many:
        year = calendar_year_for_user(pegawai, 2031)

    assert len(year.exceptions) > 100
    assert len(many.captured_queries) == len(few.captured_queries) <= 3


# ---------------------------------------------------------------------------
# The week and one exception, for the edit forms.


def test_working_week_for_user_is_monday_first(pegawai):
    assert working_week_for_user(pegawai) == (OFFICE_HOURS,) * 5 + (None, None)


def test_an_exception_is_found_by_id(pegawai):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    assert get_calendar_exception_for_user(pegawai, entry.pk) == entry


def test_an_unknown_exception_is_not_found(pegawai):
    with pytest.raises(NotFound):
        get_calendar_exception_for_user(pegawai, 987_654_321)
