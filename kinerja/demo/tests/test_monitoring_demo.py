"""The demo's early warning, coaching and rollout (kinerja.demo.monitoring, .rollout):
the declining officers raise alerts, one has an active coaching case with sessions,
actions and a counselling record, another a case closed as improved; the checks run
again raise nothing new."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from kinerja.coaching.models import CoachingCase
from kinerja.demo import services
from kinerja.demo.builder import DECLINING_OFFICERS
from kinerja.demo.monitoring import COACHED
from kinerja.monitoring.models import Alert
from kinerja.monitoring.services.checks import run_checks
from kinerja.organization.models import Employee, OrgUnit, UnitRollout

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 18, 9, tzinfo=JAKARTA)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(monkeypatch):
    monkeypatch.setattr(services, "VOLUME", 0.05)
    with time_machine.travel(NOW, tick=False):
        call_command("demo", stdout=StringIO())


def holder(unit: str, title: str, number: int) -> Employee:
    return Employee.objects.filter(unit__code=unit, position__name=title).order_by("pk")[number]


def test_the_declining_officers_raise_alerts_for_their_appraisers():
    for unit, title, number in DECLINING_OFFICERS:
        officer = holder(unit, title, number)
        alerts = Alert.objects.filter(employee=officer)
        assert alerts.exists(), officer.name
        assert {alert.appraiser_id for alert in alerts} == {officer.supervisor_id}
        assert all(alert.evidence for alert in alerts)


def test_one_active_case_with_its_dialogue_and_one_closed_as_improved():
    assert not isinstance(COACHED, str)
    coached = holder(*COACHED)
    active = CoachingCase.objects.get(status=CoachingCase.Status.ACTIVE)
    assert active.employee == coached
    assert active.coach == coached.supervisor
    assert active.sessions.count() == 2
    assert active.actions.count() == 3
    assert active.actions.filter(done_at__isnull=False).count() == 1
    assert active.counselling_records.count() == 1
    assert active.comments.filter(author=coached.user).exists()
    assert Alert.objects.filter(coaching_case=active, status=Alert.Status.COACHING).exists()

    closed = CoachingCase.objects.get(status=CoachingCase.Status.CLOSED)
    assert closed.outcome == CoachingCase.Outcome.IMPROVED
    assert closed.employee != coached
    assert (
        Alert.objects.filter(status=Alert.Status.DISMISSED).exclude(dismissal_reason="").count()
        == 1
    )


def test_running_the_checks_again_raises_nothing_new():
    before = Alert.objects.count()
    root = OrgUnit.objects.get(parent=None)
    with time_machine.travel(NOW, tick=False):
        summary = run_checks(today=NOW.date(), organization=root)
    assert summary.alerts_created == 0
    assert Alert.objects.count() == before


def test_the_kecamatan_is_live_and_one_kelurahan_is_still_in_its_pilot():
    plans = {plan.unit.code: plan for plan in UnitRollout.objects.select_related("unit")}
    assert len(plans) == 2
    assert plans["KEL-TOBEKGODANG"].active_from is not None
    assert plans["KEL-TOBEKGODANG"].active_from.year == 2027
