"""Kalender kerja: who may read and change the working calendar, the forms' errors, the
confirmation before a delete, and the recalculation every edit sets off.

Every test database starts with the calendar ``ensure_calendar`` builds (root conftest).
Pages are requested in English so that the assertions do not depend on translations.
"""

from datetime import date, datetime, time, timedelta, timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.service_metrics.models import ServiceTask
from kinerja.service_metrics.tests.factories import ServiceTypeFactory, ingest, task
from kinerja.service_metrics.views import calendar as calendar_views
from kinerja.workcalendar.models import CalendarDay, CalendarException, WeekdayHours

WIB = timezone(timedelta(hours=7))
Kind = CalendarException.Kind

CALENDAR_URL = reverse("service_metrics:calendar")
WEEK_URL = reverse("service_metrics:working_week_update")
CREATE_URL = reverse("service_metrics:exception_create")
SYNC_URL = reverse("service_metrics:holidays_sync")


def year_url(year: int) -> str:
    return reverse("service_metrics:calendar_year", args=[year])


def update_url(exception: CalendarException) -> str:
    return reverse("service_metrics:exception_update", args=[exception.pk])


def delete_url(exception: CalendarException) -> str:
    return reverse("service_metrics:exception_delete", args=[exception.pk])


def html(response) -> str:
    text: str = response.content.decode()
    return text


@pytest.fixture
def client_for(client_as):
    def make(user):
        client = client_as(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def independence(db) -> CalendarException:
    return CalendarException.objects.get(day=date(2026, 8, 17))


def week_data(**overrides: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for weekday in range(7):
        if weekday < 5:
            data[f"opens_{weekday}"] = "08:00"
            data[f"closes_{weekday}"] = "16:00"
        else:
            data[f"closed_{weekday}"] = "on"
    return data | overrides


def calendar_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.CALENDAR_CHANGED))


# ---------------------------------------------------------------------------
# Reading the calendar


def test_the_calendar_shows_this_year_by_default(client_for, pegawai, time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 9, tzinfo=WIB))

    response = client_for(pegawai).get(CALENDAR_URL)

    assert response.status_code == 200
    assert response.context["calendar"].year == 2026
    page = html(response)
    assert "Working calendar 2026" in page
    assert "Hari Kemerdekaan Republik Indonesia" in page
    assert "Cuti Bersama Hari Raya Idul Fitri" in page
    assert f'href="{year_url(2025)}"' in page
    assert f'href="{year_url(2027)}"' in page
    assert "08:00–16:00" in page


def test_the_calendar_shows_working_days_per_month_and_in_the_year(client_for, pegawai):
    response = client_for(pegawai).get(year_url(2026))

    calendar = response.context["calendar"]
    august = calendar.months[7]
    assert (august.working_days, august.working_hours) == (19, 152)
    page = html(response)
    assert "August 2026 · 19 working days" in page
    assert f">{calendar.working_days}<" in page


def test_a_year_shows_the_kind_of_each_day_as_a_badge(client_for, pegawai):
    CalendarException.objects.create(
        day=date(2026, 6, 22), kind=Kind.LOCAL_DAY_OFF, name="HUT Kota"
    )
    CalendarException.objects.create(
        day=date(2026, 3, 28),
        kind=Kind.SPECIAL_HOURS,
        name="Pengganti cuti bersama",
        opens=time(8),
        closes=time(12),
    )

    page = html(client_for(pegawai).get(year_url(2026)))

    assert '<span class="badge badge-error">National holiday</span>' in page
    assert '<span class="badge badge-warn">Cuti bersama</span>' in page
    assert '<span class="badge">Local day off</span>' in page
    assert '<span class="badge badge-ok">Special working hours</span>' in page
    assert "08:00–12:00" in page


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "hr_admin"])
def test_everyone_in_the_organisation_reads_the_calendar(client_for, request, persona):
    response = client_for(request.getfixturevalue(persona)).get(year_url(2026))

    assert response.status_code == 200


def test_an_employee_of_another_organisation_reads_the_calendar(client_for, org):
    assert client_for(org.asing.user).get(year_url(2026)).status_code == 200


def test_an_outsider_may_not_read_the_calendar(client_for, outsider):
    assert client_for(outsider).get(year_url(2026)).status_code == 403
    assert client_for(outsider).get(CALENDAR_URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(year_url(2026))

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("year", [1999, 2100])
def test_a_year_outside_the_calendar_is_not_found(client_for, pegawai, year):
    assert client_for(pegawai).get(year_url(year)).status_code == 404


def test_the_first_and_last_years_link_only_inward(client_for, pegawai):
    first = html(client_for(pegawai).get(year_url(2000)))
    last = html(client_for(pegawai).get(year_url(2099)))

    assert f'href="{year_url(2001)}"' in first
    assert f'href="{year_url(1999)}"' not in first
    assert f'href="{year_url(2098)}"' in last
    assert f'href="{year_url(2100)}"' not in last


@pytest.mark.parametrize(("persona", "manages"), [("pegawai", False), ("hr_admin", True)])
def test_only_the_hr_admin_sees_the_edit_links_and_the_warning(
    client_for, request, independence, persona, manages
):
    page = html(client_for(request.getfixturevalue(persona)).get(year_url(2026)))

    assert (f'href="{update_url(independence)}"' in page) is manages
    assert (f'href="{delete_url(independence)}"' in page) is manages
    assert (f'href="{WEEK_URL}"' in page) is manages
    assert (f'href="{CREATE_URL}"' in page) is manages
    assert (f'action="{SYNC_URL}"' in page) is manages
    assert ("Changing the calendar recalculates the working time" in page) is manages


def test_the_calendar_page_costs_the_same_queries_whatever_the_number_of_days(client_for, hr_admin):
    client = client_for(hr_admin)
    client.get(year_url(2031))  # warm-up: sessions, the viewer
    with CaptureQueriesContext(connection) as few:
        client.get(year_url(2031))
    taken = set(CalendarException.objects.values_list("day", flat=True))
    CalendarException.objects.bulk_create(
        CalendarException(day=day, kind=Kind.LOCAL_DAY_OFF, name=f"Hari {day:%j}")
        for day in (date(2031, 1, 1) + timedelta(days=offset) for offset in range(0, 360, 3))
        if day not in taken
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(year_url(2031))

    assert len(response.context["calendar"].exceptions) > 100
    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------------------
# Who may change it


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "outsider"])
def test_only_the_hr_admin_may_change_the_calendar(client_for, request, independence, persona):
    client = client_for(request.getfixturevalue(persona))

    for url in (WEEK_URL, CREATE_URL, update_url(independence), delete_url(independence)):
        assert client.get(url).status_code == 403
    assert client.post(WEEK_URL, week_data(closed_4="on")).status_code == 403
    new_day = {"day": "2026-08-18", "kind": Kind.LOCAL_DAY_OFF, "name": "Libur"}
    assert client.post(CREATE_URL, new_day).status_code == 403
    assert client.post(update_url(independence), new_day).status_code == 403
    assert client.post(delete_url(independence)).status_code == 403
    assert client.post(SYNC_URL, {"year": "2026"}).status_code == 403

    assert CalendarException.objects.filter(pk=independence.pk, day=date(2026, 8, 17)).exists()
    assert not CalendarException.objects.filter(day=date(2026, 8, 18)).exists()
    assert WeekdayHours.objects.filter(weekday=4).exists()
    assert calendar_events() == []


def test_an_unknown_day_is_not_found_for_the_admin_and_forbidden_for_others(
    client_for, hr_admin, pegawai
):
    missing_update = reverse("service_metrics:exception_update", args=[987_654])
    missing_delete = reverse("service_metrics:exception_delete", args=[987_654])

    assert client_for(hr_admin).get(missing_update).status_code == 404
    assert client_for(hr_admin).post(missing_delete).status_code == 404
    assert client_for(pegawai).get(missing_update).status_code == 403


# ---------------------------------------------------------------------------
# Days that differ from the week


@pytest.fixture
def edits(monkeypatch):
    """The days the views handed to ``apply_calendar_change``: proof that every edit
    goes through it. The real function still runs."""
    calls: list[date | None] = []
    real = calendar_views.apply_calendar_change

    def spy(*, actor, edit):
        since = real(actor=actor, edit=edit)
        calls.append(since)
        return since

    monkeypatch.setattr(calendar_views, "apply_calendar_change", spy)
    return calls


def test_the_admin_adds_a_local_day_off(client_for, hr_admin, edits):
    response = client_for(hr_admin).post(
        CREATE_URL,
        {"day": "2026-06-22", "kind": Kind.LOCAL_DAY_OFF, "name": "HUT Kota", "opens": ""},
        follow=True,
    )

    assert response.redirect_chain == [(year_url(2026), 302)]
    assert edits == [date(2026, 6, 22)]
    entry = CalendarException.objects.get(day=date(2026, 6, 22))
    assert (entry.kind, entry.name) == (Kind.LOCAL_DAY_OFF, "HUT Kota")
    assert CalendarDay.objects.get(day=date(2026, 6, 22)).closes_second == 0
    assert "The working calendar is saved." in html(response)
    assert "from 22 June 2026 on has been recalculated" in html(response)
    assert len(calendar_events()) == 1


def test_a_new_day_off_recalculates_the_working_time_of_recorded_tasks(client_for, org, hr_admin):
    service = ServiceTypeFactory(code="SKD", unit=org.pelayanan)
    # Friday 15:00 to Tuesday 09:00: one hour, Monday's eight hours and one hour.
    ingest(
        [task("T-1", service, org.staf, "2026-06-19T15:00:00", "2026-06-23T09:00:00")],
        as_of=datetime(2026, 6, 30, tzinfo=WIB),
    )
    assert ServiceTask.objects.get(number="T-1").turnaround_seconds == 10 * 3_600

    client_for(hr_admin).post(
        CREATE_URL, {"day": "2026-06-22", "kind": Kind.LOCAL_DAY_OFF, "name": "HUT Kota"}
    )

    assert ServiceTask.objects.get(number="T-1").turnaround_seconds == 2 * 3_600


def test_the_admin_adds_special_hours(client_for, hr_admin, edits):
    client_for(hr_admin).post(
        CREATE_URL,
        {
            "day": "2026-03-28",
            "kind": Kind.SPECIAL_HOURS,
            "name": "Pengganti cuti bersama",
            "opens": "08:00",
            "closes": "12:00",
        },
    )

    assert edits == [date(2026, 3, 28)]
    row = CalendarDay.objects.get(day=date(2026, 3, 28))
    assert (row.opens_second, row.closes_second) == (8 * 3_600, 12 * 3_600)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            {"day": "2026-08-17", "kind": Kind.LOCAL_DAY_OFF, "name": "Lagi"},
            "2026-08-17 is already in the calendar as “Hari Kemerdekaan Republik Indonesia”",
            id="a day already in the calendar",
        ),
        pytest.param(
            {"day": "2026-08-18", "kind": Kind.SPECIAL_HOURS, "name": "Ramadan"},
            "Special working hours need an opening and a closing time.",
            id="special hours without times",
        ),
        pytest.param(
            {
                "day": "2026-08-18",
                "kind": Kind.SPECIAL_HOURS,
                "name": "Ramadan",
                "opens": "15:00",
                "closes": "08:00",
            },
            "The opening time must be before the closing time.",
            id="closing before opening",
        ),
        pytest.param(
            {"day": "2026-08-18", "kind": Kind.LOCAL_DAY_OFF, "name": "HUT", "opens": "08:00"},
            "A day off has no working hours: leave both times empty.",
            id="a day off with a time",
        ),
        pytest.param(
            {"day": "2100-01-01", "kind": Kind.LOCAL_DAY_OFF, "name": "Tahun baru"},
            "The working calendar covers 2000-01-01 to 2099-12-31",
            id="a day after the calendar",
        ),
        pytest.param(
            {"day": "18 Agustus", "kind": Kind.LOCAL_DAY_OFF, "name": "HUT"},
            "Enter a valid date.",
            id="a malformed date",
        ),
        pytest.param(
            {
                "day": "2026-08-18",
                "kind": Kind.SPECIAL_HOURS,
                "name": "Ramadan",
                "opens": "8 pagi",
                "closes": "12:00",
            },
            "Enter a valid time.",
            id="a malformed time",
        ),
        pytest.param(
            {"day": "2026-08-18", "kind": "LIBUR_SEKOLAH", "name": "Libur"},
            "Select a valid choice.",
            id="an unknown kind",
        ),
        pytest.param(
            {"day": "2026-08-18", "kind": Kind.LOCAL_DAY_OFF, "name": ""},
            "This field is required.",
            id="no description",
        ),
    ],
)
def test_a_bad_day_shows_the_error_and_changes_nothing(client_for, hr_admin, edits, data, message):
    before = list(CalendarException.objects.values_list("day", "kind", "name"))

    response = client_for(hr_admin).post(CREATE_URL, data)

    assert response.status_code == 200
    assert message in html(response)
    assert 'role="alert"' in html(response)
    assert list(CalendarException.objects.values_list("day", "kind", "name")) == before
    assert calendar_events() == []


def test_the_edit_form_shows_the_day_as_it_is(client_for, hr_admin, independence):
    response = client_for(hr_admin).get(update_url(independence))

    page = html(response)
    assert response.status_code == 200
    assert 'value="2026-08-17"' in page
    assert 'value="Hari Kemerdekaan Republik Indonesia"' in page
    assert '<option value="LIBUR_NASIONAL" selected>' in page
    assert "from the national list" in page


def test_renaming_a_day_changes_no_working_time(client_for, hr_admin, independence, edits):
    response = client_for(hr_admin).post(
        update_url(independence),
        {"day": "2026-08-17", "kind": Kind.NATIONAL_HOLIDAY, "name": "HUT RI ke-81"},
        follow=True,
    )

    assert edits == [None]
    assert CalendarException.objects.get(pk=independence.pk).name == "HUT RI ke-81"
    assert "No working time changed." in html(response)


def test_moving_a_day_onto_another_is_refused(client_for, hr_admin, independence):
    response = client_for(hr_admin).post(
        update_url(independence),
        {"day": "2026-12-25", "kind": Kind.NATIONAL_HOLIDAY, "name": independence.name},
    )

    assert response.status_code == 200
    assert "is already in the calendar as “Hari Raya Natal”" in html(response)
    assert CalendarException.objects.get(pk=independence.pk).day == date(2026, 8, 17)


def test_deleting_asks_for_confirmation_first(client_for, hr_admin, independence):
    response = client_for(hr_admin).get(delete_url(independence))

    page = html(response)
    assert response.status_code == 200
    assert "Delete 17 August 2026" in page
    assert "Hari Kemerdekaan Republik Indonesia" in page
    assert 'method="post"' in page
    assert "follows the usual working week again" in page
    assert CalendarException.objects.filter(pk=independence.pk).exists()


def test_deleting_a_holiday_makes_it_a_working_day(client_for, hr_admin, independence, edits):
    response = client_for(hr_admin).post(delete_url(independence), follow=True)

    assert response.redirect_chain == [(year_url(2026), 302)]
    assert edits == [date(2026, 8, 17)]
    assert not CalendarException.objects.filter(pk=independence.pk).exists()
    assert CalendarDay.objects.get(day=date(2026, 8, 17)).closes_second == 16 * 3_600
    assert "from 17 August 2026 on has been recalculated" in html(response)
    (event,) = calendar_events()
    assert event.changes["operation"] == "exception_deleted"


# ---------------------------------------------------------------------------
# The working week


def test_the_week_form_shows_the_current_hours(client_for, hr_admin):
    response = client_for(hr_admin).get(WEEK_URL)

    page = html(response)
    assert response.status_code == 200
    assert 'name="opens_0" value="08:00"' in page
    assert 'name="closes_4" value="16:00"' in page
    assert 'name="closed_5" id="id_closed_5" checked' in page
    assert '<label class="visually-hidden" for="id_opens_2">Wednesday: opens at</label>' in page
    assert "recalculates the" in page


def test_the_admin_shortens_fridays(client_for, hr_admin, edits):
    response = client_for(hr_admin).post(
        WEEK_URL, week_data(opens_4="07:30", closes_4="11:30"), follow=True
    )

    assert response.redirect_chain == [(CALENDAR_URL, 302)]
    assert edits == [date(2000, 1, 7)]
    friday = WeekdayHours.objects.get(weekday=4)
    assert (friday.opens, friday.closes) == (time(7, 30), time(11, 30))
    assert CalendarDay.objects.get(day=date(2026, 8, 21)).closes_second == 11 * 3_600 + 1_800
    assert "07:30–11:30" in html(response)


def test_the_admin_closes_a_weekday(client_for, hr_admin, edits):
    client_for(hr_admin).post(WEEK_URL, week_data(closed_2="on"))

    assert not WeekdayHours.objects.filter(weekday=2).exists()
    assert edits == [date(2000, 1, 5)]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {f"closed_{weekday}": "on" for weekday in range(7)},
            "The office needs at least one working day in the week.",
            id="no working day",
        ),
        pytest.param(
            {"opens_1": "16:00", "closes_1": "08:00"},
            "the opening time must be before the closing time.",
            id="closing before opening",
        ),
        pytest.param(
            {"opens_3": ""},
            "Give the time, or tick “closed” if the office is closed.",
            id="an open day without a time",
        ),
        pytest.param({"closes_0": "25:00"}, "Enter a valid time.", id="a malformed time"),
    ],
)
def test_a_bad_week_shows_the_error_and_changes_nothing(
    client_for, hr_admin, edits, overrides, message
):
    response = client_for(hr_admin).post(WEEK_URL, week_data(**overrides))

    assert response.status_code == 200
    assert message in html(response)
    assert list(WeekdayHours.objects.values_list("weekday", "opens", "closes")) == [
        (weekday, time(8), time(16)) for weekday in range(5)
    ]
    assert calendar_events() == []


def test_times_of_a_closed_day_are_ignored(client_for, hr_admin):
    client_for(hr_admin).post(WEEK_URL, week_data(opens_6="08:00", closes_6="12:00"))

    assert not WeekdayHours.objects.filter(weekday=6).exists()
    assert calendar_events() == []


# ---------------------------------------------------------------------------
# The national list


def test_the_admin_adds_back_missing_national_holidays(client_for, hr_admin, independence, edits):
    independence.delete()
    CalendarException.objects.filter(day=date(2026, 12, 25)).delete()

    response = client_for(hr_admin).post(SYNC_URL, {"year": "2026"}, follow=True)

    assert response.redirect_chain == [(year_url(2026), 302)]
    assert edits == [date(2026, 8, 17)]
    assert CalendarException.objects.get(day=date(2026, 8, 17)).is_from_holiday_list
    assert CalendarException.objects.filter(day=date(2026, 12, 25)).exists()
    assert "2 days from the national list of 2026 added." in html(response)


def test_adding_national_holidays_twice_adds_nothing(client_for, hr_admin, edits):
    response = client_for(hr_admin).post(SYNC_URL, {"year": "2026"}, follow=True)

    assert edits == [None]
    assert "already in the calendar" in html(response)
    assert calendar_events() == []


@pytest.mark.parametrize("year", ["1999", "tahun ini", ""])
def test_adding_national_holidays_of_a_bad_year_is_refused(client_for, hr_admin, edits, year):
    response = client_for(hr_admin).post(SYNC_URL, {"year": year}, follow=True)

    assert edits == []
    assert "Choose a year between 2000 and 2099" in html(response)


def test_adding_national_holidays_needs_a_post(client_for, hr_admin):
    assert client_for(hr_admin).get(SYNC_URL).status_code == 405
