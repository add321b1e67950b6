"""The demo's service history: drawn (pure, on a calendar built here) and loaded."""

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine
from django.core.management import call_command

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.demo.builder import DECLINING_OFFICERS, KECAMATAN_BINAWIDYA, plan_people, service_desks
from kinerja.demo.services import (
    ENROLMENT_SERVICES,
    MIN_TURNAROUND_SECONDS,
    Desk,
    DrawnTask,
    catalogue_rows,
    draw_tasks,
    history_start,
)
from kinerja.organization.models import Employee
from kinerja.service_metrics.importers import CODE_MAX_LENGTH
from kinerja.service_metrics.models import ServiceMetric, ServiceTask, ServiceType
from kinerja.workcalendar.hours import WorkingCalendar, WorkingHours, standard_seconds

TODAY = date(2026, 11, 18)
SHORT_DAY = date(2026, 3, 10)  # Ramadan hours: the office closes at 14:00
RAMADAN_2026 = (date(2026, 2, 18), date(2026, 3, 19))
LEBARAN_2026 = (date(2026, 3, 20), date(2026, 4, 2))


def national_calendar() -> WorkingCalendar:
    listed = holidays.country_holidays(
        "ID", years=range(2025, 2028), categories=(holidays.GOVERNMENT, holidays.PUBLIC)
    )
    exceptions: dict[date, WorkingHours | None] = dict.fromkeys(listed)
    exceptions[SHORT_DAY] = WorkingHours(time(8), time(14))
    return WorkingCalendar(exceptions=exceptions)


CALENDAR = national_calendar()
CUTOFF = datetime.combine(TODAY, time(), tzinfo=CALENDAR.zone)


def desks() -> list[Desk]:
    return service_desks(plan_people(KECAMATAN_BINAWIDYA, reference_year=TODAY.year))


@pytest.fixture(scope="module")
def tasks() -> list[DrawnTask]:
    return list(draw_tasks(desks=desks(), calendar=CALENDAR, today=TODAY, seed=1))


def standards() -> dict[str, int]:
    return {
        desk.service_code(service): standard_seconds(
            Decimal(service.standard), service.unit, CALENDAR.day_length()
        )
        for desk in desks()
        for service in desk.services
    }


def local(moment: datetime) -> datetime:
    return moment.astimezone(CALENDAR.zone)


def per_working_day(tasks: Iterable[DrawnTask], days: Callable[[date], bool]) -> float:
    """Tasks received per working day among the days ``days`` selects."""
    received = sum(1 for task in tasks if days(local(task.received_at).date()))
    open_days = 0
    day = history_start(TODAY)
    while day < TODAY:
        open_days += CALENDAR.hours_on(day) is not None and days(day)
        day += timedelta(days=1)
    return received / open_days


def rates(tasks: Iterable[DrawnTask]) -> tuple[float, float]:
    """(on-time share, first-time-right share) of completed tasks."""
    standard = standards()
    done = [task for task in tasks if task.completed_at is not None]
    on_time = sum(
        CALENDAR.working_seconds_between(task.received_at, task.completed_at)
        <= standard[task.service_code]
        for task in done
    )
    right = sum(task.returned == 0 and not task.complaint for task in done)
    return on_time / len(done), right / len(done)


def test_the_front_desks_are_the_kecamatan_service_section_and_the_five_kelurahan():
    found = desks()

    assert [desk.unit_code for desk in found] == [
        "BINAWIDYA-PELAYANAN",
        "KEL-BINAWIDYA",
        "KEL-DELIMA",
        "KEL-SIMPANGBARU",
        "KEL-SUNGAISIBAM",
        "KEL-TOBEKGODANG",
    ]
    assert [len(desk.officers) for desk in found] == [5, 3, 2, 3, 2, 2]
    assert all(len(desk.services) == 20 for desk in found)
    assert sum(officer.declines for desk in found for officer in desk.officers) == len(
        DECLINING_OFFICERS
    )


def test_service_codes_are_unique_across_the_office_and_fit_the_catalogue():
    codes = [row[0] for row in catalogue_rows(desks())]

    assert len(codes) == len(set(codes)) == 120
    assert max(len(code) for code in codes) <= CODE_MAX_LENGTH
    assert "KEL-DELIMA-DOMISILI" in codes
    assert "BINAWIDYA-PELAYANAN-AHLIWARIS" in codes


def test_covers_fourteen_months_and_more_up_to_the_day_before_today(tasks):
    received = [local(task.received_at).date() for task in tasks]

    assert min(received) <= date(2025, 9, 3)
    assert max(received) == date(2026, 11, 17)
    assert history_start(TODAY) == date(2025, 9, 1)
    assert 20_000 <= len(tasks) <= 60_000
    assert len({task.number for task in tasks}) == len(tasks)


def test_requests_arrive_in_working_hours_on_working_days(tasks):
    for task in tasks:
        received = local(task.received_at)
        hours = CALENDAR.hours_on(received.date())
        assert hours is not None, task
        assert hours.opens <= received.time() < hours.closes, task
    days = {local(task.received_at).date() for task in tasks}
    assert date(2026, 8, 17) not in days  # Independence Day, a Monday
    assert SHORT_DAY in days


def test_completions_come_after_reception_and_before_today(tasks):
    for task in tasks:
        if task.completed_at is None:
            continue
        assert task.received_at < task.completed_at < CUTOFF
        turnaround = CALENDAR.working_seconds_between(task.received_at, task.completed_at)
        assert turnaround >= MIN_TURNAROUND_SECONDS


def test_a_few_tasks_of_the_last_weeks_are_still_open(tasks):
    still_open = [task for task in tasks if task.completed_at is None]

    assert 5 <= len(still_open) <= len(tasks) / 200
    assert min(task.received_at for task in still_open) >= CUTOFF - timedelta(days=45)


def test_most_tasks_meet_their_standard_and_few_come_back(tasks):
    on_time, first_time_right = rates(tasks)

    assert 0.78 <= on_time <= 0.92
    assert 0.85 <= first_time_right <= 0.95
    assert 0.005 <= sum(task.complaint for task in tasks) / len(tasks) <= 0.05
    assert {task.returned for task in tasks} == {0, 1, 2}


def test_volumes_follow_the_weights_of_the_services(tasks):
    counts = Counter(task.service_code for task in tasks)

    assert counts["BINAWIDYA-PELAYANAN-DOMISILI"] > 8 * counts["BINAWIDYA-PELAYANAN-PBG"]
    assert counts["KEL-DELIMA-SKTM"] > 5 * counts["KEL-DELIMA-JANDA"]
    # A busier kelurahan gets more requests.
    simpang_baru = sum(n for code, n in counts.items() if code.startswith("KEL-SIMPANGBARU-"))
    sungai_sibam = sum(n for code, n in counts.items() if code.startswith("KEL-SUNGAISIBAM-"))
    assert simpang_baru > 2 * sungai_sibam


def test_january_is_busier_and_ramadan_and_lebaran_quieter(tasks):
    autumn = per_working_day(tasks, lambda day: day.year == 2025 and day.month in (10, 11))
    january = per_working_day(tasks, lambda day: (day.year, day.month) == (2026, 1))
    ramadan = per_working_day(tasks, lambda day: RAMADAN_2026[0] <= day <= RAMADAN_2026[1])
    lebaran = per_working_day(tasks, lambda day: LEBARAN_2026[0] <= day <= LEBARAN_2026[1])
    spring = per_working_day(tasks, lambda day: (day.year, day.month) in ((2026, 4), (2026, 5)))

    assert january > 1.2 * autumn
    assert ramadan < 0.85 * spring
    assert lebaran < ramadan


def test_school_enrolment_brings_more_certificates_in_june_and_july(tasks):
    def is_enrolment(task: DrawnTask) -> bool:
        return task.service_code.rsplit("-", 1)[1] in ENROLMENT_SERVICES

    enrolment = [task for task in tasks if is_enrolment(task)]
    others = [task for task in tasks if not is_enrolment(task)]

    def summer(day: date) -> bool:
        return (day.year, day.month) in ((2026, 6), (2026, 7))

    def after(day: date) -> bool:
        return (day.year, day.month) in ((2026, 8), (2026, 9))

    assert per_working_day(enrolment, summer) > 1.5 * per_working_day(enrolment, after)
    assert per_working_day(others, summer) < 1.25 * per_working_day(others, after)


def test_the_declining_officers_get_slower_and_less_accurate(tasks):
    recent_from = CUTOFF - timedelta(days=35)
    earlier = (CUTOFF - timedelta(days=330), CUTOFF - timedelta(days=130))
    for desk in desks():
        for officer in desk.officers:
            own = [
                task for task in tasks if task.nip == officer.nip and task.completed_at is not None
            ]
            before = rates(task for task in own if earlier[0] <= task.received_at < earlier[1])
            recent = rates(task for task in own if task.received_at >= recent_from)
            if officer.declines:
                assert recent[0] < before[0] - 0.25, officer
                assert recent[1] < before[1] - 0.1, officer
            else:
                assert abs(recent[0] - before[0]) < 0.12, officer
                assert abs(recent[1] - before[1]) < 0.08, officer


def test_the_same_seed_draws_the_same_tasks(tasks):
    again = list(draw_tasks(desks=desks(), calendar=CALENDAR, today=TODAY, seed=1))
    other = list(draw_tasks(desks=desks(), calendar=CALENDAR, today=TODAY, seed=2))

    assert again == tasks
    assert other[:100] != tasks[:100]


@pytest.mark.django_db
def test_the_demo_loads_its_service_history_through_the_imports_with_its_story():
    with time_machine.travel(
        datetime(2026, 11, 18, 9, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False
    ):
        call_command("demo", stdout=StringIO())

    assert ServiceType.objects.count() == 120
    assert ServiceType.objects.filter(unit__code="BINAWIDYA-PELAYANAN").count() == 20
    assert ServiceType.objects.filter(unit__code="KEL-TOBEKGODANG").count() == 20
    loaded = AuditEvent.objects.get(action=AuditAction.DEMO_LOADED).changes
    assert 20_000 <= ServiceTask.objects.count() == loaded["service_tasks"] <= 60_000
    assert AuditEvent.objects.filter(action=AuditAction.SERVICES_IMPORTED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_TASKS_IMPORTED).count() == 1
    staf = Employee.objects.get(user__username="staf.pelayanan")
    months = ServiceMetric.objects.filter(
        employee=staf, period_kind="BULAN", tasks_completed__gt=0
    ).values_list("period", flat=True)
    assert {f"2025-{month:02d}" for month in range(9, 13)} <= set(months)
    assert {f"2026-{month:02d}" for month in range(1, 12)} <= set(months)
    # The stored figures show who declines.
    declining = {officer.nip for desk in desks() for officer in desk.officers if officer.declines}
    front_desk = {officer.nip for desk in desks() for officer in desk.officers}
    for nip in front_desk:
        may = ServiceMetric.objects.get(employee__nip=nip, period="2026-05")
        october = ServiceMetric.objects.get(employee__nip=nip, period="2026-10")
        assert may.on_time_rate is not None
        assert october.on_time_rate is not None
        if nip in declining:
            assert october.on_time_rate < may.on_time_rate - Decimal("0.2"), nip
        else:
            assert october.on_time_rate > may.on_time_rate - Decimal("0.15"), nip
