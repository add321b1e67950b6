"""Each employee's record as the early-warning rules read it: one
``monitoring.rules.PeriodPoint`` per evaluation period of a performance year, oldest
first, in bulk.

The periods are the year's months, or its triwulan, as ``PerformanceYear.periodicity``
says (``plans.selectors.execution.realisation_period_kind``). A period counts from the
day it starts, not only once it has ended: the service figures are refreshed with every
recorded task, so the running period already has an on-time rate worth watching. The
current period thus has service figures but no evaluation yet;
``monitoring.rules.series_for`` cuts the series back to the data each rule reads.

An evaluation counts once the appraiser has submitted it (submitted, delivered,
objected or decided; a draft or a reopened evaluation does not), with its final
predicate, or the matrix's before calibration.

Three queries, whatever the number of employees: the periods, the evaluations, the
service figures. Nothing here checks who may read the record; callers are services.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.monitoring.rules import PeriodPoint
from kinerja.organization.models import Employee, PerformanceYear, Period
from kinerja.plans.selectors.execution import realisation_period_kind
from kinerja.service_metrics.models import ServiceMetric, rate

# The appraiser's judgement is made: submitted to the calibration or beyond.
RATED_STATUSES = (
    EvaluationStatus.SUBMITTED.value,
    EvaluationStatus.DELIVERED.value,
    EvaluationStatus.OBJECTED.value,
    EvaluationStatus.DECIDED.value,
)

Employees = QuerySet[Employee] | Iterable[int]


def series_periods(performance_year: PerformanceYear, *, today: date) -> list[Period]:
    """The year's months (or triwulan) that have started by ``today``, in order."""
    return list(
        Period.objects.filter(
            performance_year=performance_year,
            kind=realisation_period_kind(performance_year),
            starts_on__lte=today,
        ).order_by("starts_on")
    )


def _employee_filter(employees: Employees) -> QuerySet[Any, Any] | list[int]:
    """A queryset stays a subquery (any number of employees in one statement)."""
    if isinstance(employees, QuerySet):
        return employees.values("pk")
    return list(employees)


def employee_series(
    performance_year: PerformanceYear,
    employees: Employees,
    *,
    today: date,
    periods: list[Period] | None = None,
) -> dict[int, list[PeriodPoint]]:
    """For every employee of ``employees`` (a queryset, or ids), a point for each period
    of :func:`series_periods`, oldest first; a period without data is an empty point. An
    employee without any data in these periods is left out: no rule triggers on nothing.

    ``periods`` may be passed when the caller already read them (one query fewer).
    """
    periods = series_periods(performance_year, today=today) if periods is None else periods
    if not periods:
        return {}
    scope = _employee_filter(employees)
    codes = [period.code for period in periods]
    evaluations: dict[tuple[int, str], Mapping[str, Any]] = {
        (row["employee_id"], row["period__code"]): row
        for row in Evaluation.objects.filter(
            employee__in=scope, period__in=[period.pk for period in periods]
        )
        .filter(status__in=RATED_STATUSES)
        .values(
            "employee_id",
            "period__code",
            "results_rating",
            "behaviour_rating",
            "final_predicate",
            "matrix_predicate",
            "results_score",
        )
    }
    figures: dict[tuple[int, str], tuple[int, int]] = {
        (employee_id, period): (completed, on_time)
        for employee_id, period, completed, on_time in ServiceMetric.objects.filter(
            employee__in=scope, period__in=codes
        ).values_list("employee_id", "period", "tasks_completed", "on_time")
    }
    employee_ids = {key[0] for key in evaluations} | {key[0] for key in figures}
    return {
        employee_id: [_point(code, evaluations, figures, employee_id) for code in codes]
        for employee_id in sorted(employee_ids)
    }


def _point(
    code: str,
    evaluations: dict[tuple[int, str], Mapping[str, Any]],
    figures: dict[tuple[int, str], tuple[int, int]],
    employee_id: int,
) -> PeriodPoint:
    evaluation = evaluations.get((employee_id, code))
    completed, on_time = figures.get((employee_id, code), (0, 0))
    score: Decimal | None = evaluation["results_score"] if evaluation else None
    return PeriodPoint(
        period=code,
        results_rating=evaluation["results_rating"] if evaluation else "",
        behaviour_rating=evaluation["behaviour_rating"] if evaluation else "",
        predicate=(evaluation["final_predicate"] or evaluation["matrix_predicate"])
        if evaluation
        else "",
        results_score=score,
        on_time_rate=rate(on_time, completed),
        tasks_completed=completed,
    )
