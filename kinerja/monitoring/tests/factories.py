"""Data for the early-warning tests: evaluation and service-figure rows written straight
to the tables (fast, for series of many people and periods), and the criteria in force
with rules set through the criteria services.

For the whole path through the real services, use kinerja/appraisals/tests/factories.py
(``submitted_evaluation``) and kinerja/service_metrics/tests/factories.py (``ingest``).
"""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.criteria.models import CriteriaVersion, EarlyWarningRule
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.versions import move_version
from kinerja.criteria.services.warning_rules import WarningRuleInput, save_warning_rule
from kinerja.criteria.tests.factories import complete_version
from kinerja.organization.models import Employee, OrgUnit, Period
from kinerja.plans.tests.factories import hr_admin_user, performance_year
from kinerja.service_metrics.models import ServiceMetric

BELOW = "DI_BAWAH_EKSPEKTASI"
AS_EXPECTED = "SESUAI_EKSPEKTASI"


def year_2026() -> None:
    performance_year(2026)


def evaluation_row(
    employee: Employee,
    code: str,
    *,
    results: str = AS_EXPECTED,
    behaviour: str = AS_EXPECTED,
    predicate: str = "",
    score: Decimal | int | None = None,
    status: str = EvaluationStatus.DELIVERED.value,
) -> Evaluation:
    """A rated evaluation of ``code``; the predicate follows the ratings unless given."""
    if not predicate:
        predicate = "BUTUH_PERBAIKAN" if BELOW in {results, behaviour} else "BAIK"
    return Evaluation.objects.create(
        employee=employee,
        period=Period.objects.get(code=code),
        unit=employee.unit,
        appraiser=employee.supervisor,
        status=status,
        results_rating=results,
        behaviour_rating=behaviour,
        matrix_predicate=predicate,
        final_predicate=predicate if status != EvaluationStatus.SUBMITTED.value else "",
        results_score=None if score is None else Decimal(score),
    )


def metric_row(employee: Employee, code: str, *, completed: int, on_time: int) -> ServiceMetric:
    return ServiceMetric.objects.create(
        employee=employee,
        period=code,
        period_kind="BULAN" if "-" in code and "Q" not in code else "TRIWULAN",
        tasks_completed=completed,
        on_time=on_time,
        first_time_right=completed,
        computed_at=timezone.now(),
    )


def criteria_with_rules(
    organization: OrgUnit, *rules: dict[str, Any], year: int = 2026
) -> CriteriaVersion:
    """A published version of ``organization`` for ``year`` whose only early-warning rules
    are ``rules`` (WarningRuleInput fields); the defaults when none are given."""
    admin = hr_admin_user()
    version = complete_version(admin, organization, year=year, title=f"Kriteria {year}")
    if rules:
        for rule in EarlyWarningRule.objects.filter(version=version):
            rule.delete()
        for values in rules:
            save_warning_rule(actor=admin, version=version, data=WarningRuleInput(**values))
    move_version(actor=admin, version=version, to=Stage.ADOPTED)
    return move_version(actor=admin, version=version, to=Stage.PUBLISHED)


STREAK = {"kind": "RATING_DI_BAWAH_BERTURUT", "periods": 2}
ON_TIME = {"kind": "TEPAT_WAKTU_DI_BAWAH", "threshold": Decimal("0.80"), "minimum_tasks": 10}
DROP = {"kind": "TURUN_DARI_RERATA", "points": Decimal(15), "window": 3}
