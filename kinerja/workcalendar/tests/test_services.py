from datetime import UTC, date, datetime, time

import pytest
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.workcalendar import services
from kinerja.workcalendar.hours import EPOCH, LAST_DAY
from kinerja.workcalendar.models import CalendarDay, CalendarException, WeekdayHours
from kinerja.workcalendar.selectors import load_working_calendar

Kind = CalendarException.Kind
DAY = 8 * 3_600
OFFICE = (time(8), time(16))
DEFAULT_HOURS = {weekday: OFFICE if weekday < 5 else None for weekday in range(7)}


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def calendar(db):
    """The calendar a new installation gets: every test database starts with it (the
    root conftest runs ``ensure_calendar`` once per session)."""


@pytest.fixture
def empty(db):
    """No week, no exceptions, no days."""
    CalendarDay.objects.all().delete()
    CalendarException.objects.all().delete()
    WeekdayHours.objects.all().delete()


@pytest.fixture
def admin_user(org):
    return org.admin.user


def _row(day: date) -> CalendarDay:
    return CalendarDay.objects.get(day=day)


def _stored_days() -> list[tuple[int, date, int, int, int, int]]:
    return list(
        CalendarDay.objects.order_by("day_number").values_list(
            "day_number", "day", "opens_second", "closes_second", "seconds_before", "month_key"
        )
    )


def _pure_days() -> list[tuple[int, date, int, int, int, int]]:
    return [
        (
            row.day_number,
            row.day,
            row.opens_second,
            row.closes_second,
            row.seconds_before,
            row.month_key,
        )
        for row in load_working_calendar().days()
    ]


def _calendar_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.CALENDAR_CHANGED).order_by("seq"))


# ---------------------------------------------------------------------------
# A new installation.


def test_ensure_calendar_builds_the_week_the_national_list_and_every_day(empty):
    services.ensure_calendar()

    assert list(WeekdayHours.objects.values_list("weekday", "opens", "closes")) == [
        (weekday, time(8), time(16)) for weekday in range(5)
    ]
    assert CalendarException.objects.filter(day__year=2000).exists()
    assert CalendarException.objects.filter(day__year=2099).exists()
    assert CalendarDay.objects.count() == (LAST_DAY - EPOCH).days + 1
    assert _stored_days() == _pure_days()


def test_the_national_list_of_2026_holds_holidays_and_cuti_bersama(calendar):
    entries = {
        exception.day: exception for exception in CalendarException.objects.filter(day__year=2026)
    }

    independence = entries[date(2026, 8, 17)]
    assert independence.kind == Kind.NATIONAL_HOLIDAY
    assert independence.name == "Hari Kemerdekaan Republik Indonesia"
    assert independence.is_from_holiday_list
    cuti = entries[date(2026, 3, 20)]
    assert cuti.kind == Kind.CUTI_BERSAMA
    assert cuti.name == "Cuti Bersama Hari Raya Idul Fitri"
    assert cuti.is_from_holiday_list
    assert entries[date(2026, 1, 1)].kind == Kind.NATIONAL_HOLIDAY
    assert entries[date(2026, 12, 24)].kind == Kind.CUTI_BERSAMA
    assert date(2026, 8, 18) not in entries
    assert all(entry.opens is None and entry.closes is None for entry in entries.values())


def test_a_national_holiday_on_a_monday_is_a_closed_day_in_the_table(calendar):
    holiday, next_day = _row(date(2026, 8, 17)), _row(date(2026, 8, 18))

    assert holiday.opens_second == holiday.closes_second == 0
    assert next_day.seconds_before == holiday.seconds_before
    assert (next_day.opens_second, next_day.closes_second) == (8 * 3_600, 16 * 3_600)


def test_ensure_calendar_is_idempotent_and_cheap_once_built(
    calendar, django_assert_max_num_queries
):
    before = (_stored_days(), list(CalendarException.objects.values_list("day", "kind", "name")))

    with django_assert_max_num_queries(4):
        services.ensure_calendar()

    after = (_stored_days(), list(CalendarException.objects.values_list("day", "kind", "name")))
    assert after == before


def test_ensure_calendar_does_not_bring_back_a_deleted_holiday(calendar):
    CalendarException.objects.filter(day=date(2026, 3, 20)).delete()

    services.ensure_calendar()

    assert not CalendarException.objects.filter(day=date(2026, 3, 20)).exists()


def test_ensure_calendar_keeps_an_office_week_and_entries_already_made(empty):
    WeekdayHours.objects.create(weekday=5, opens=time(8), closes=time(12))
    CalendarException.objects.create(
        day=date(2026, 8, 17),
        kind=Kind.SPECIAL_HOURS,
        name="Upacara",
        opens=time(7),
        closes=time(12),
    )

    services.ensure_calendar()

    assert list(WeekdayHours.objects.values_list("weekday", flat=True)) == [5]
    kept = CalendarException.objects.get(day=date(2026, 8, 17))
    assert (kept.kind, kept.name, kept.is_from_holiday_list) == (
        Kind.SPECIAL_HOURS,
        "Upacara",
        False,
    )
    assert _row(date(2026, 8, 17)).opens_second == 7 * 3_600
    assert _stored_days() == _pure_days()


def test_a_day_in_both_lists_keeps_the_national_holiday(empty, monkeypatch):
    lists = {
        "public": {date(2030, 5, 6): "Hari Raya Idul Fitri (perkiraan)"},
        "government": {
            date(2030, 5, 6): "Cuti Bersama Hari Raya Idul Fitri",
            date(2030, 5, 7): "Cuti Bersama Hari Raya Idul Fitri",
        },
    }

    def fake_country_holidays(country, *, years, categories, language):
        assert (country, language) == ("ID", "id")
        (category,) = categories
        return lists[category]

    monkeypatch.setattr(services.holidays, "country_holidays", fake_country_holidays)

    services.ensure_calendar()

    assert list(CalendarException.objects.values_list("day", "kind", "name")) == [
        (date(2030, 5, 6), Kind.NATIONAL_HOLIDAY, "Hari Raya Idul Fitri (perkiraan)"),
        (date(2030, 5, 7), Kind.CUTI_BERSAMA, "Cuti Bersama Hari Raya Idul Fitri"),
    ]


# ---------------------------------------------------------------------------
# Rebuilding the table of days.


def test_rebuild_rewrites_the_days_from_the_given_day_only(calendar):
    CalendarDay.objects.filter(day__in=[date(2025, 12, 31), date(2026, 1, 2)]).update(
        seconds_before=-1
    )

    services.rebuild_calendar_days(since=date(2026, 1, 1))

    assert _row(date(2025, 12, 31)).seconds_before == -1
    assert _row(date(2026, 1, 2)).seconds_before == _row(date(2026, 1, 1)).seconds_before
    assert CalendarDay.objects.count() == (LAST_DAY - EPOCH).days + 1


def test_rebuild_from_before_the_epoch_rebuilds_everything(calendar):
    WeekdayHours.objects.filter(weekday=0).update(opens=time(9))

    services.rebuild_calendar_days(since=date(1990, 1, 1))

    assert _stored_days() == _pure_days()


# ---------------------------------------------------------------------------
# Days that differ from the week.


def test_a_local_day_off_on_a_working_day_rebuilds_from_that_day(calendar, admin_user):
    friday_before = _row(date(2026, 6, 19)).seconds_before

    since = services.save_exception(
        actor=admin_user, day=date(2026, 6, 22), kind=Kind.LOCAL_DAY_OFF, name="HUT Kota"
    )

    assert since == date(2026, 6, 22)
    day_off = _row(date(2026, 6, 22))
    assert day_off.opens_second == day_off.closes_second == 0
    assert _row(date(2026, 6, 23)).seconds_before == day_off.seconds_before
    assert _row(date(2026, 6, 19)).seconds_before == friday_before
    assert _stored_days() == _pure_days()
    entry = CalendarException.objects.get(day=date(2026, 6, 22))
    assert not entry.is_from_holiday_list
    (event,) = _calendar_events()
    assert (event.actor, event.target_type, event.target_id) == (
        admin_user,
        "workcalendar.calendarexception",
        str(entry.pk),
    )
    assert event.changes == {
        "operation": "exception_created",
        "day": [None, "2026-06-22"],
        "kind": [None, "LIBUR_DAERAH"],
        "name": [None, "HUT Kota"],
    }


def test_a_day_off_on_a_saturday_changes_no_working_time(calendar, admin_user):
    before = _stored_days()

    since = services.save_exception(
        actor=admin_user, day=date(2026, 6, 20), kind=Kind.LOCAL_DAY_OFF, name="Kerja bakti"
    )

    assert since is None
    assert _stored_days() == before
    assert CalendarException.objects.filter(day=date(2026, 6, 20)).exists()
    assert len(_calendar_events()) == 1


def test_a_saturday_worked_with_special_hours(calendar, admin_user):
    since = services.save_exception(
        actor=admin_user,
        day=date(2026, 3, 28),
        kind=Kind.SPECIAL_HOURS,
        name="Pengganti cuti bersama",
        opens=time(8),
        closes=time(12),
    )

    assert since == date(2026, 3, 28)
    saturday = _row(date(2026, 3, 28))
    assert (saturday.opens_second, saturday.closes_second) == (8 * 3_600, 12 * 3_600)
    assert _row(date(2026, 3, 29)).seconds_before == saturday.seconds_before + 4 * 3_600
    assert _calendar_events()[0].changes["opens"] == [None, "08:00:00"]


def test_moving_a_holiday_rebuilds_from_the_earlier_of_both_days(calendar, admin_user):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    since = services.save_exception(
        actor=admin_user,
        exception=entry,
        day=date(2026, 8, 14),
        kind=Kind.NATIONAL_HOLIDAY,
        name=entry.name,
    )

    assert since == date(2026, 8, 14)
    assert _row(date(2026, 8, 14)).closes_second == 0
    assert _row(date(2026, 8, 17)).closes_second == 16 * 3_600
    assert _stored_days() == _pure_days()
    entry.refresh_from_db()
    assert entry.day == date(2026, 8, 14)
    assert _calendar_events()[0].changes == {
        "operation": "exception_updated",
        "day": ["2026-08-17", "2026-08-14"],
    }


def test_moving_a_holiday_later_rebuilds_from_its_old_day(calendar, admin_user):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    since = services.save_exception(
        actor=admin_user, exception=entry, day=date(2026, 8, 18), kind=entry.kind, name=entry.name
    )

    assert since == date(2026, 8, 17)
    assert _stored_days() == _pure_days()


def test_renaming_a_day_changes_no_working_time_but_is_audited(calendar, admin_user):
    before = _stored_days()
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    since = services.save_exception(
        actor=admin_user, exception=entry, day=entry.day, kind=entry.kind, name="HUT RI ke-81"
    )

    assert since is None
    assert _stored_days() == before
    assert CalendarException.objects.get(pk=entry.pk).name == "HUT RI ke-81"
    (event,) = _calendar_events()
    assert event.changes == {
        "operation": "exception_updated",
        "name": ["Hari Kemerdekaan Republik Indonesia", "HUT RI ke-81"],
    }


def test_saving_an_unchanged_day_writes_nothing(calendar, admin_user):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    since = services.save_exception(
        actor=admin_user, exception=entry, day=entry.day, kind=entry.kind, name=f" {entry.name} "
    )

    assert since is None
    assert _calendar_events() == []


def test_turning_a_holiday_into_special_hours(calendar, admin_user):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    since = services.save_exception(
        actor=admin_user,
        exception=entry,
        day=entry.day,
        kind=Kind.SPECIAL_HOURS,
        name="Upacara lalu pelayanan",
        opens=time(10),
        closes=time(14),
    )

    assert since == date(2026, 8, 17)
    row = _row(date(2026, 8, 17))
    assert (row.opens_second, row.closes_second) == (10 * 3_600, 14 * 3_600)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"day": date(2026, 8, 17), "kind": Kind.LOCAL_DAY_OFF, "name": "Lagi"},
            "already in the calendar",
            id="a day that already has an entry",
        ),
        pytest.param(
            {"day": date(2026, 8, 18), "kind": Kind.SPECIAL_HOURS, "name": "Ramadan"},
            "need an opening and a closing time",
            id="special hours without times",
        ),
        pytest.param(
            {
                "day": date(2026, 8, 18),
                "kind": Kind.SPECIAL_HOURS,
                "name": "Ramadan",
                "opens": time(8),
            },
            "need an opening and a closing time",
            id="special hours without a closing time",
        ),
        pytest.param(
            {
                "day": date(2026, 8, 18),
                "kind": Kind.SPECIAL_HOURS,
                "name": "Ramadan",
                "opens": time(15),
                "closes": time(15),
            },
            "opening time must be before the closing time",
            id="special hours closing when they open",
        ),
        pytest.param(
            {
                "day": date(2026, 8, 18),
                "kind": Kind.SPECIAL_HOURS,
                "name": "Ramadan",
                "opens": time(15),
                "closes": time(8),
            },
            "opening time must be before the closing time",
            id="special hours closing before they open",
        ),
        pytest.param(
            {
                "day": date(2026, 8, 18),
                "kind": Kind.LOCAL_DAY_OFF,
                "name": "HUT",
                "opens": time(8),
                "closes": time(12),
            },
            "day off has no working hours",
            id="a day off with times",
        ),
        pytest.param(
            {"day": date(1999, 12, 31), "kind": Kind.LOCAL_DAY_OFF, "name": "Y2K"},
            "2000-01-01 to 2099-12-31",
            id="a day before 2000",
        ),
        pytest.param(
            {"day": date(2100, 1, 1), "kind": Kind.LOCAL_DAY_OFF, "name": "Tahun baru"},
            "2000-01-01 to 2099-12-31",
            id="a day after 2099",
        ),
        pytest.param(
            {"day": date(2026, 8, 18), "kind": Kind.LOCAL_DAY_OFF, "name": "   "},
            "description",
            id="no description",
        ),
        pytest.param(
            {"day": date(2026, 8, 18), "kind": Kind.LOCAL_DAY_OFF, "name": "x" * 201},
            "longer than 200",
            id="a description too long",
        ),
        pytest.param(
            {"day": date(2026, 8, 18), "kind": "LIBUR_SEKOLAH", "name": "Libur"},
            "Unknown kind",
            id="an unknown kind",
        ),
    ],
)
def test_a_bad_day_is_refused_and_nothing_is_written(calendar, admin_user, fields, message):
    before = (
        _stored_days(),
        list(CalendarException.objects.values_list("day", "kind", "name", "opens")),
    )

    with pytest.raises(DomainError, match=message):
        services.save_exception(actor=admin_user, **fields)

    assert (
        _stored_days(),
        list(CalendarException.objects.values_list("day", "kind", "name", "opens")),
    ) == before
    assert _calendar_events() == []


def test_moving_an_entry_onto_another_entrys_day_is_refused(calendar, admin_user):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    with pytest.raises(DomainError, match="Hari Raya Natal"):
        services.save_exception(
            actor=admin_user,
            exception=entry,
            day=date(2026, 12, 25),
            kind=entry.kind,
            name=entry.name,
        )

    assert CalendarException.objects.get(pk=entry.pk).day == date(2026, 8, 17)


def test_deleting_a_holiday_makes_it_a_working_day_again(calendar, admin_user):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))

    since = services.delete_exception(actor=admin_user, exception=entry)

    assert since == date(2026, 8, 17)
    assert not CalendarException.objects.filter(day=date(2026, 8, 17)).exists()
    assert _row(date(2026, 8, 17)).closes_second == 16 * 3_600
    assert _stored_days() == _pure_days()
    (event,) = _calendar_events()
    assert (event.target_id, event.target_label) == (
        str(entry.pk),
        "2026-08-17 Hari Kemerdekaan Republik Indonesia",
    )
    assert event.changes["operation"] == "exception_deleted"
    assert event.changes["kind"] == "LIBUR_NASIONAL"


def test_deleting_a_holiday_on_a_weekend_changes_no_working_time(calendar, admin_user):
    # Idul Fitri 1447 H falls on Saturday 21 March 2026.
    entry = CalendarException.objects.get(day=date(2026, 3, 21))

    assert services.delete_exception(actor=admin_user, exception=entry) is None
    assert len(_calendar_events()) == 1


# ---------------------------------------------------------------------------
# The working week.


def test_a_shorter_friday_rebuilds_from_the_first_friday_of_the_calendar(calendar, admin_user):
    hours = {**DEFAULT_HOURS, 4: (time(7, 30), time(11, 30))}

    since = services.save_working_week(actor=admin_user, hours=hours)

    assert since == date(2000, 1, 7)  # the first Friday of 2000
    assert WeekdayHours.objects.get(weekday=4).opens == time(7, 30)
    friday = _row(date(2026, 8, 21))
    assert (friday.opens_second, friday.closes_second) == (27_000, 41_400)
    assert _stored_days() == _pure_days()
    (event,) = _calendar_events()
    assert event.target_type == "workcalendar.weekdayhours"
    assert event.changes == {
        "operation": "working_week_saved",
        "friday": ["08:00:00-16:00:00", "07:30:00-11:30:00"],
    }


def test_opening_on_saturdays_skips_saturdays_that_are_holidays(calendar, admin_user):
    # The first Saturdays of the calendar are holidays: 1 January 2000 (Tahun Baru) and
    # 8 January 2000 (Idul Fitri 1420 H).
    since = services.save_working_week(
        actor=admin_user, hours={**DEFAULT_HOURS, 5: (time(8), time(12))}
    )

    assert since == date(2000, 1, 15)
    assert _row(date(2000, 1, 1)).closes_second == 0
    assert _row(date(2026, 8, 22)).closes_second == 12 * 3_600
    assert _calendar_events()[0].changes["saturday"] == [None, "08:00:00-12:00:00"]


def test_closing_a_weekday(calendar, admin_user):
    since = services.save_working_week(actor=admin_user, hours={**DEFAULT_HOURS, 0: None})

    assert since == date(2000, 1, 3)
    assert not WeekdayHours.objects.filter(weekday=0).exists()
    assert _row(date(2026, 8, 24)).closes_second == 0
    assert _stored_days() == _pure_days()


def test_saving_the_same_week_writes_nothing(calendar, admin_user):
    assert services.save_working_week(actor=admin_user, hours=DEFAULT_HOURS) is None
    assert _calendar_events() == []


def test_a_week_without_working_days_is_refused(calendar, admin_user):
    with pytest.raises(DomainError, match="at least one working day"):
        services.save_working_week(actor=admin_user, hours=dict.fromkeys(range(7)))

    assert WeekdayHours.objects.count() == 5


def test_a_weekday_that_closes_before_it_opens_is_refused(calendar, admin_user):
    with pytest.raises(DomainError, match="the opening time must be before the closing time"):
        services.save_working_week(
            actor=admin_user, hours={**DEFAULT_HOURS, 2: (time(16), time(8))}
        )

    assert WeekdayHours.objects.get(weekday=2).opens == time(8)


def test_a_week_must_name_all_seven_days(calendar, admin_user):
    with pytest.raises(ValueError, match="seven"):
        services.save_working_week(actor=admin_user, hours={0: OFFICE})


# ---------------------------------------------------------------------------
# The national list.


def test_sync_adds_back_the_missing_holidays_of_a_year(calendar, admin_user):
    CalendarException.objects.filter(day__in=[date(2026, 8, 17), date(2026, 3, 21)]).delete()
    services.rebuild_calendar_days(since=date(2026, 1, 1))

    result = services.sync_holidays(actor=admin_user, year=2026)

    assert (result.year, result.added) == (2026, 2)
    # 21 March is a Saturday: only the Monday changes working time.
    assert result.changed_since == date(2026, 8, 17)
    assert CalendarException.objects.get(day=date(2026, 8, 17)).is_from_holiday_list
    assert _row(date(2026, 8, 17)).closes_second == 0
    assert _stored_days() == _pure_days()
    (event,) = _calendar_events()
    assert event.changes == {
        "operation": "holidays_synced",
        "year": 2026,
        "added": [
            "2026-03-21 Hari Raya Idul Fitri",
            "2026-08-17 Hari Kemerdekaan Republik Indonesia",
        ],
    }


def test_sync_keeps_an_entry_the_office_made_for_a_listed_day(calendar, admin_user):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))
    services.save_exception(
        actor=admin_user,
        exception=entry,
        day=entry.day,
        kind=Kind.SPECIAL_HOURS,
        name="Upacara",
        opens=time(10),
        closes=time(14),
    )

    result = services.sync_holidays(actor=admin_user, year=2026)

    assert (result.added, result.changed_since) == (0, None)
    assert CalendarException.objects.get(day=date(2026, 8, 17)).kind == Kind.SPECIAL_HOURS
    assert len(_calendar_events()) == 1  # the edit only


@pytest.mark.parametrize("year", [1999, 2100])
def test_sync_outside_the_calendar_is_refused(calendar, admin_user, year):
    with pytest.raises(DomainError, match="2000 to 2099"):
        services.sync_holidays(actor=admin_user, year=year)


def test_sync_of_an_empty_calendar_year_adds_its_holidays(empty, admin_user):
    WeekdayHours.objects.bulk_create(
        WeekdayHours(weekday=weekday, opens=time(8), closes=time(16)) for weekday in range(5)
    )

    result = services.sync_holidays(actor=admin_user, year=2027)

    days = set(CalendarException.objects.values_list("day", flat=True))
    assert {date(2027, 1, 1), date(2027, 8, 17)} <= days
    assert all(day.year == 2027 for day in days)
    assert result.added == len(days)
    assert result.changed_since == date(2027, 1, 1)
    assert CalendarDay.objects.filter(day__lt=date(2027, 1, 1)).count() == 0
    assert CalendarDay.objects.count() == (LAST_DAY - date(2027, 1, 1)).days + 1


def test_every_edit_leaves_the_table_equal_to_the_pure_calendar(calendar, admin_user):
    services.save_exception(
        actor=admin_user,
        day=date(2026, 2, 18),
        kind=Kind.SPECIAL_HOURS,
        name="Ramadan",
        opens=time(8),
        closes=time(15),
    )
    services.save_working_week(actor=admin_user, hours={**DEFAULT_HOURS, 4: (time(8), time(11))})
    services.delete_exception(
        actor=admin_user, exception=CalendarException.objects.get(day=date(2026, 12, 24))
    )

    assert _stored_days() == _pure_days()
    # Local midnight (WIB) of the last day, written in UTC.
    last_midnight = datetime(2099, 12, 30, 17, tzinfo=UTC)
    assert _row(LAST_DAY).seconds_before == load_working_calendar().ordinal(last_midnight)


def test_only_the_hr_admin_may_edit_the_calendar(calendar, org):
    entry = CalendarException.objects.get(day=date(2026, 8, 17))
    for user in (org.staf.user, org.camat.user, org.outsider):
        with pytest.raises(PermissionDenied):
            services.save_exception(
                actor=user, day=date(2026, 8, 18), kind=Kind.LOCAL_DAY_OFF, name="Libur"
            )
        with pytest.raises(PermissionDenied):
            services.save_exception(
                actor=user, exception=entry, day=entry.day, kind=entry.kind, name="Diubah"
            )
        with pytest.raises(PermissionDenied):
            services.delete_exception(actor=user, exception=entry)
        with pytest.raises(PermissionDenied):
            services.save_working_week(actor=user, hours={**DEFAULT_HOURS, 5: OFFICE})
        with pytest.raises(PermissionDenied):
            services.sync_holidays(actor=user, year=2026)

    assert CalendarException.objects.get(pk=entry.pk).name == entry.name
    assert not CalendarException.objects.filter(day=date(2026, 8, 18)).exists()
    assert not WeekdayHours.objects.filter(weekday=5).exists()
    assert _calendar_events() == []
