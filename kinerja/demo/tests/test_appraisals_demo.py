"""The demo's monthly evaluations (kinerja.demo.appraisals): computed as the application
computes them, calibrated and delivered for the months before last, the last month
waiting in calibration with its pattern violated, and one open objection."""

from collections import Counter
from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from kinerja.appraisals.models import Calibration, Evaluation, Objection
from kinerja.appraisals.results import line_from_dict, score_lines
from kinerja.appraisals.scoring import distribution_violations
from kinerja.appraisals.selectors.calibration import distribution, population
from kinerja.appraisals.selectors.measurements import measured_lines
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.demo import services
from kinerja.demo.appraisals import OBJECTOR
from kinerja.demo.rollout import PILOT_KELURAHAN
from kinerja.organization.models import Employee
from kinerja.plans.models import PerformancePlan
from kinerja.plans.workflow import PlanStatus

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 18, 9, tzinfo=JAKARTA)
FINALISED = [f"2026-{month:02d}" for month in range(1, 10)]
IN_CALIBRATION = "2026-10"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def few_service_tasks(monkeypatch):
    monkeypatch.setattr(services, "VOLUME", 0.05)


def load(*args: str) -> None:
    with time_machine.travel(NOW, tick=False):
        call_command("demo", *args, stdout=StringIO())


def everything() -> dict[str, Any]:
    return {
        "evaluations": sorted(
            Evaluation.objects.values_list(
                "employee__nip",
                "period__code",
                "status",
                "results_score",
                "results_rating",
                "behaviour_rating",
                "matrix_predicate",
                "final_predicate",
                "final_predicate_reason",
                "delivered_at",
                "objection_deadline",
            )
        ),
        "calibrations": sorted(
            Calibration.objects.values_list("unit__code", "period__code", "status", "org_predicate")
        ),
        "objections": sorted(Objection.objects.values_list("evaluation__employee__nip", "reasons")),
    }


def test_every_planned_employee_but_the_camat_is_evaluated_for_each_month_that_ended():
    load()
    evaluated = Counter(Evaluation.objects.values_list("period__code", flat=True))
    assert sorted(evaluated) == [*FINALISED, IN_CALIBRATION]
    planned = set(
        PerformancePlan.objects.filter(performance_year__year=2026, status=PlanStatus.APPROVED)
        .exclude(employee__user__username="camat")
        .values_list("employee_id", flat=True)
    )
    for code in evaluated:
        assert (
            set(Evaluation.objects.filter(period__code=code).values_list("employee_id", flat=True))
            == planned
        )
    assert not Evaluation.objects.filter(employee__user__username="camat").exists()


def test_the_months_before_last_were_calibrated_to_the_pattern_and_delivered():
    load()
    for code in FINALISED:
        calibration = Calibration.objects.get(period__code=code)
        assert calibration.status == Calibration.Status.FINAL
        members = population(calibration)
        assert (
            distribution_violations(
                calibration.org_predicate, [item.final_predicate for item in members]
            )
            == []
        )
        assert {item.status for item in members} <= {
            EvaluationStatus.DELIVERED.value,
            EvaluationStatus.OBJECTED.value,
        }
        for item in members:
            assert item.delivered_at is not None
            assert item.objection_deadline is not None
            assert item.objection_deadline > item.delivered_at.date()
            # Every departure from the matrix carries its reason.
            if item.final_predicate != item.matrix_predicate:
                assert item.final_predicate_reason


def test_last_month_waits_in_calibration_with_the_pattern_violated():
    load()
    calibration = Calibration.objects.get(period__code=IN_CALIBRATION)
    assert calibration.status == Calibration.Status.OPEN
    members = population(calibration)
    assert {item.status for item in members} == {EvaluationStatus.SUBMITTED.value}
    spread = distribution(calibration, members)
    assert spread.violations
    assert spread.pending == 0


def test_the_declining_front_desk_officer_objects_and_waits_for_the_kasi():
    load()
    objection = Objection.objects.select_related("evaluation__employee__position").get()
    evaluation = objection.evaluation
    assert not isinstance(OBJECTOR, str)
    unit, title, holder = OBJECTOR
    officer = Employee.objects.filter(unit__code=unit, position__name=title).order_by("pk")[holder]
    assert evaluation.employee == officer
    assert evaluation.period.code == FINALISED[-1]
    assert evaluation.status == EvaluationStatus.OBJECTED
    assert evaluation.appraiser is not None
    assert evaluation.appraiser.user is not None
    assert evaluation.appraiser.user.username == "kasi.pelayanan"
    assert evaluation.delivered_at is not None
    assert evaluation.objection_deadline is not None
    assert evaluation.delivered_at < objection.filed_at
    assert objection.filed_at.date() <= evaluation.objection_deadline
    assert objection.appraiser_explanation == ""
    assert objection.decision == ""


def test_scores_are_what_the_application_computes():
    load()
    sample = Evaluation.objects.select_related(
        "employee__unit", "employee__position", "period", "criteria_version", "plan"
    ).order_by("pk")[::97]
    assert sample
    for evaluation in sample:
        assert evaluation.criteria_version is not None
        lines = measured_lines(
            employee=evaluation.employee,
            period=evaluation.period,
            version=evaluation.criteria_version,
            plan=evaluation.plan,
            rubric_levels={},
        )
        stored = [line_from_dict(data) for data in evaluation.computation["lines"]]
        assert stored == lines
        assert score_lines(stored).total == evaluation.results_score


def test_reset_gives_the_same_evaluations():
    load()
    first = everything()
    load("--reset")
    assert everything() == first


def test_the_pilot_kelurahan_is_evaluated_but_stays_out_of_the_curve():
    load()
    pilot = Evaluation.objects.filter(unit__code__startswith=PILOT_KELURAHAN)
    assert pilot.exists()
    assert set(pilot.values_list("status", flat=True)) == {EvaluationStatus.SUBMITTED.value}
    assert not pilot.filter(calibration__isnull=False).exists()
    for calibration in Calibration.objects.all():
        assert not any(
            item.unit.code.startswith(PILOT_KELURAHAN) for item in population(calibration)
        )
