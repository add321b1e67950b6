"""The early-warning checks: which alerts a run raises on constructed records, that a run
never raises a condition twice, the reminders, the audit event, and the checks that run
when new data is committed (kinerja.core.hooks)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from kinerja.appraisals.tests.factories import (
    BELOW,
    finalise,
    org_predicate,
    submitted_evaluation,
)
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.coaching.models import CoachingAction, CoachingCase
from kinerja.monitoring.models import Alert
from kinerja.monitoring.services.checks import check_employee, run_checks
from kinerja.monitoring.tests.factories import (
    DROP,
    ON_TIME,
    STREAK,
    criteria_with_rules,
    evaluation_row,
    metric_row,
)
from kinerja.notifications.models import Notification
from kinerja.plans.tests.factories import performance_year
from kinerja.service_metrics.services.tasks import record_service_tasks
from kinerja.service_metrics.tests.factories import ServiceTypeFactory, task

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 10)
ALERT_PAGES = "/pemantauan/peringatan/"


@pytest.fixture
def rules(org):
    performance_year(2026)
    return criteria_with_rules(org.kecamatan, STREAK, ON_TIME, DROP)


@pytest.fixture
def records(org, rules):
    """staf: below expectation in January and February; rekan: 6 of 12 tasks on time in
    March; lurah: a results score of 60 in April after 90, 92 and 88; kasi: fine; asing
    (another organisation, without criteria): below expectation twice."""
    evaluation_row(org.staf, "2026-01", results=BELOW)
    evaluation_row(org.staf, "2026-02", behaviour=BELOW)
    metric_row(org.rekan, "2026-03", completed=12, on_time=6)
    for code, score in (("2026-01", 90), ("2026-02", 92), ("2026-03", 88), ("2026-04", 60)):
        evaluation_row(org.lurah, code, score=score)
    evaluation_row(org.kasi, "2026-01")
    metric_row(org.kasi, "2026-04", completed=20, on_time=19)
    evaluation_row(org.asing, "2026-01", results=BELOW)
    evaluation_row(org.asing, "2026-02", results=BELOW)
    return org


def test_each_condition_becomes_an_alert_for_the_appraiser(records):
    org = records

    summary = run_checks(today=TODAY)

    assert summary.employees_checked == 7
    assert summary.alerts_created == 3
    assert summary.already_known == 0
    alerts = {alert.employee: alert for alert in Alert.objects.all()}
    assert set(alerts) == {org.staf, org.rekan, org.lurah}
    streak = alerts[org.staf]
    assert (streak.kind, streak.key, streak.period) == (
        "RATING_DI_BAWAH_BERTURUT",
        "RATING_DI_BAWAH_BERTURUT:2026-01",
        "2026-02",
    )
    assert streak.appraiser == org.kasi
    assert streak.status == Alert.Status.OPEN
    assert [point["period"] for point in streak.evidence] == ["2026-01", "2026-02"]
    assert streak.evidence[0]["results_rating"] == BELOW
    assert streak.evidence[1]["behaviour_rating"] == BELOW
    on_time = alerts[org.rekan]
    assert (on_time.period, on_time.evidence[0]["on_time_rate"]) == ("2026-03", "0.5000")
    assert on_time.evidence[0]["tasks_completed"] == 12
    drop = alerts[org.lurah]
    assert drop.period == "2026-04"
    assert drop.mean == Decimal("90.00")
    assert drop.appraiser == org.camat
    assert [point["results_score"] for point in drop.evidence] == [
        "90.00",
        "92.00",
        "88.00",
        "60.00",
    ]


def test_the_appraiser_is_notified_of_each_new_alert(records):
    org = records

    run_checks(today=TODAY)

    notes = Notification.objects.filter(recipient=org.kasi.user, url__startswith=ALERT_PAGES)
    assert notes.count() == 2  # staf and rekan
    alert = Alert.objects.get(employee=org.staf)
    assert any(note.url.endswith(f"/pemantauan/peringatan/{alert.pk}/") for note in notes)
    assert (
        Notification.objects.filter(recipient=org.camat.user, url__startswith=ALERT_PAGES).count()
        == 1
    )


def test_running_twice_creates_nothing_new(records):
    first = run_checks(today=TODAY)
    notifications = Notification.objects.count()

    second = run_checks(today=TODAY)

    assert first.alerts_created == 3
    assert (second.alerts_created, second.already_known) == (0, 3)
    assert Alert.objects.count() == 3
    assert Notification.objects.count() == notifications


def test_a_continuing_streak_is_the_same_condition(records):
    org = records
    run_checks(today=TODAY)
    evaluation_row(org.staf, "2026-03", results=BELOW)
    evaluation_row(org.staf, "2026-04", results=BELOW)

    summary = run_checks(today=TODAY)

    assert summary.alerts_created == 0
    assert Alert.objects.filter(employee=org.staf).count() == 1


def test_a_new_streak_after_a_break_is_a_new_condition(records):
    org = records
    run_checks(today=TODAY)
    evaluation_row(org.staf, "2026-03")
    evaluation_row(org.staf, "2026-04", results=BELOW)
    evaluation_row(org.staf, "2026-05", results=BELOW)

    summary = run_checks(today=date(2026, 6, 3))

    assert Alert.objects.filter(employee=org.staf).count() == 2
    assert Alert.objects.filter(employee=org.staf, key="RATING_DI_BAWAH_BERTURUT:2026-04").exists()
    assert summary.alerts_created == 1


def test_a_dismissed_condition_is_not_raised_again(records):
    org = records
    run_checks(today=TODAY)
    Alert.objects.filter(employee=org.staf).update(
        status=Alert.Status.DISMISSED, dismissal_reason="Cuti sakit"
    )

    summary = run_checks(today=TODAY)

    assert summary.alerts_created == 0
    assert Alert.objects.get(employee=org.staf).status == Alert.Status.DISMISSED


def test_inactive_rules_and_inactive_employees_raise_nothing(org):
    performance_year(2026)
    criteria_with_rules(org.kecamatan, {**STREAK, "is_active": False})
    evaluation_row(org.staf, "2026-01", results=BELOW)
    evaluation_row(org.staf, "2026-02", results=BELOW)
    evaluation_row(org.rekan, "2026-01", results=BELOW)
    evaluation_row(org.rekan, "2026-02", results=BELOW)
    org.rekan.is_active = False
    org.rekan.save()

    summary = run_checks(today=TODAY)

    assert summary.alerts_created == 0
    assert summary.employees_checked == 6


def test_one_organisation_only(records):
    org = records

    summary = run_checks(today=TODAY, organization=org.other_org)

    assert summary.employees_checked == 1
    assert summary.alerts_created == 0
    assert not Alert.objects.exists()


def test_the_run_is_audited_with_its_counts(records):
    run_checks(today=TODAY)

    event = AuditEvent.objects.get(action=AuditAction.CHECKS_RUN)
    assert event.actor is None
    assert event.changes == {
        "today": "2026-05-10",
        "organization": None,
        "employees_checked": 7,
        "alerts_created": 3,
        "already_known": 0,
        "reminders_sent": 0,
    }


def test_progress_is_reported_as_employees_are_checked(records):
    steps = []

    run_checks(today=TODAY, progress=lambda done, total: steps.append((done, total)))

    assert steps[0] == (0, 7)
    assert steps[-1] == (7, 7)


def test_due_coaching_actions_are_reminded_once(records):
    # given an action of an active case that fell due yesterday
    org = records
    case = CoachingCase.objects.create(
        employee=org.staf,
        coach=org.kasi,
        opened_by=org.kasi.user,
        reason="Peringatan dini",
        goals="Target layanan tercapai",
        window_starts_on=TODAY - timedelta(days=30),
        window_ends_on=TODAY + timedelta(days=150),
    )
    CoachingAction.objects.create(
        case=case, text="Pelatihan SOP", owner=org.staf, due_on=TODAY - timedelta(days=1)
    )

    # when the checks run twice
    first = run_checks(today=TODAY)
    second = run_checks(today=TODAY)

    # then the action is reminded the first time only
    assert (first.reminders_sent, second.reminders_sent) == (1, 0)


def test_the_year_before_is_checked_for_its_late_results(org):
    performance_year(2025)
    performance_year(2026)
    criteria_with_rules(org.kecamatan, STREAK, year=2025)
    evaluation_row(org.staf, "2025-11", results=BELOW)
    evaluation_row(org.staf, "2025-12", results=BELOW)

    summary = run_checks(today=date(2026, 1, 20))

    assert summary.alerts_created == 1
    assert Alert.objects.get().period == "2025-12"


def test_one_employee_is_checked_without_reminders_or_audit_when_nothing_is_new(records):
    org = records

    summary = check_employee(org.staf, today=TODAY)
    again = check_employee(org.staf, today=TODAY)

    assert (summary.employees_checked, summary.alerts_created) == (1, 1)
    assert (again.alerts_created, again.already_known) == (0, 1)
    assert AuditEvent.objects.filter(action=AuditAction.CHECKS_RUN).count() == 1


# -- when new data arrives ------------------------------------------------------------------


@time_machine.travel("2026-03-20 10:00 +0700", tick=False)
def test_a_recorded_task_that_drops_the_on_time_rate_raises_the_alert_after_commit(
    org, hr_admin, django_capture_on_commit_callbacks
):
    # given an on-time rule counted from two tasks, and one on-time task in March
    performance_year(2026)
    criteria_with_rules(org.kecamatan, {**ON_TIME, "minimum_tasks": 2})
    service = ServiceTypeFactory(unit=org.pelayanan)
    on_time = task("T-1", service, org.staf, "2026-03-02T09:00:00", "2026-03-02T10:00:00")
    with django_capture_on_commit_callbacks(execute=True):
        record_service_tasks(actor=hr_admin, items=[on_time])
    assert not Alert.objects.exists()

    # when a late task is recorded
    late = task("T-2", service, org.staf, "2026-03-02T09:00:00", "2026-03-06T15:00:00")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_service_tasks(actor=hr_admin, items=[late])
        assert not Alert.objects.exists()  # nothing before the commit

    # then the alert is there once the transaction commits
    assert len(callbacks) == 1
    alert = Alert.objects.get()
    assert (alert.employee, alert.kind, alert.period) == (
        org.staf,
        "TEPAT_WAKTU_DI_BAWAH",
        "2026-03",
    )
    assert alert.evidence[0]["on_time_rate"] == "0.5000"
    assert (
        Notification.objects.filter(recipient=org.kasi.user, url__startswith=ALERT_PAGES).count()
        == 1
    )


@time_machine.travel("2026-03-20 10:00 +0700", tick=False)
def test_a_rolled_back_write_checks_nothing(org, hr_admin, django_capture_on_commit_callbacks):
    performance_year(2026)
    criteria_with_rules(org.kecamatan, {**ON_TIME, "minimum_tasks": 1})
    service = ServiceTypeFactory(unit=org.pelayanan)
    bad = task("T-1", service, org.staf, "2026-03-02T09:00:00", "2026-03-09T10:00:00")
    bad["nip_petugas"] = "000000000000000000"

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Exception):  # noqa: B017, PT011
        record_service_tasks(actor=hr_admin, items=[bad])

    assert callbacks == []
    assert not Alert.objects.exists()


@time_machine.travel("2026-03-05 10:00 +0700", tick=False)
def test_a_finalised_calibration_checks_the_employees_it_delivered(
    org, django_capture_on_commit_callbacks
):
    # given January below expectation, delivered
    performance_year(2026)
    submitted_evaluation(org.staf, "2026-01", results=BELOW)
    finalise(org_predicate(org.pelayanan, "BAIK", "2026-01"), justification="Uji")
    # and February below expectation, submitted
    submitted_evaluation(org.staf, "2026-02", results=BELOW)
    calibration = org_predicate(org.pelayanan, "BAIK", "2026-02")
    assert not Alert.objects.exists()

    # when February's calibration is finalised
    with django_capture_on_commit_callbacks(execute=True):
        finalise(calibration, justification="Uji")

    # then the streak (the criteria in force carry the default rules) is an alert
    alert = Alert.objects.get()
    assert (alert.employee, alert.key) == (org.staf, "RATING_DI_BAWAH_BERTURUT:2026-01")
    assert timezone.localdate(alert.raised_at) == date(2026, 3, 5)
