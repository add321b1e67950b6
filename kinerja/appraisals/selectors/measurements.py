"""What an evaluation measures: for each results indicator of the criteria version that
applies to the employee, the value from its source in the evaluation's period.

- Service on-time and first-time-right rates: the employee's stored service figures of
  the period (``service_metrics``), as fractions or per cent as the curve is written.
- IKI achievement: the mean capaian IKI (PermenPANRB 8/2021) of the SKP's numeric IKI,
  each from its latest realisation inside the period (realisations are reported to date).
- Verified innovation credit: the employee's credit points of the performance year, as
  extra credit (``results.score_lines``: it counts only when it raises the score).
- Supervisor rubric: the level the appraiser chose.

The data is read in bulk (:func:`load_sources`, a fixed number of queries for any number
of employees and periods) and turned into lines without further queries
(:func:`lines_from`), so that many evaluations can be measured at once.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja.appraisals.results import MeasuredLine
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import RESULTS_ASPECT_VALUES
from kinerja.criteria.selectors.versions import (
    indicators_for_employee,
    indicators_for_employees,
)
from kinerja.innovations.selectors import verified_credits
from kinerja.organization.models import Employee, Period
from kinerja.plans.achievement import iki_achievement
from kinerja.plans.models import PerformancePlan, Realisation, ResultIndicator
from kinerja.service_metrics.models import ServiceMetric

ACHIEVEMENT_PLACES = Decimal("0.01")
RATE_SOURCES = frozenset(
    {Indicator.Source.SERVICE_ON_TIME, Indicator.Source.SERVICE_FIRST_TIME_RIGHT}
)


@dataclass(frozen=True, slots=True)
class Sources:
    """The measurements of some employees over some periods, read in bulk."""

    # (employee id, period code) → the stored service figures.
    metrics: Mapping[tuple[int, str], ServiceMetric]
    # Plan id → its IKI in order, and every realisation with a value, by period start.
    indicators: Mapping[int, Sequence[ResultIndicator]]
    realisations: Mapping[int, Sequence[Realisation]]
    # (employee id, year) → verified innovation credit.
    credits: Mapping[tuple[int, int], Decimal]


def load_sources(
    *,
    employees: Sequence[Employee],
    periods: Sequence[Period],
    plans: Iterable[PerformancePlan],
) -> Sources:
    employee_ids = [employee.pk for employee in employees]
    codes = [period.code for period in periods]
    plan_ids = [plan.pk for plan in plans]
    metrics = {
        (metric.employee_id, metric.period): metric
        for metric in ServiceMetric.objects.filter(employee_id__in=employee_ids, period__in=codes)
    }
    indicators: dict[int, list[ResultIndicator]] = defaultdict(list)
    for indicator in (
        ResultIndicator.objects.filter(work_result__plan_id__in=plan_ids)
        .select_related("work_result")
        .order_by("work_result__order", "work_result_id", "order", "pk")
    ):
        indicators[indicator.work_result.plan_id].append(indicator)
    realisations: dict[int, list[Realisation]] = defaultdict(list)
    for realisation in (
        Realisation.objects.filter(
            indicator__work_result__plan_id__in=plan_ids, value__isnull=False
        )
        .select_related("period", "indicator__work_result")
        .order_by("period__starts_on", "pk")
    ):
        realisations[realisation.indicator.work_result.plan_id].append(realisation)
    credits: dict[tuple[int, int], Decimal] = {}
    for year in sorted({period.starts_on.year for period in periods}):
        for employee_id, credit in verified_credits(employee_ids, year).items():
            credits[(employee_id, year)] = credit
    return Sources(
        metrics=metrics, indicators=indicators, realisations=realisations, credits=credits
    )


def realisations_in(realisations: Iterable[Realisation], period: Period) -> dict[int, Realisation]:
    """Per IKI, its latest realisation reported for a period inside ``period``."""
    latest: dict[int, Realisation] = {}
    for realisation in realisations:
        inside = period.starts_on <= realisation.period.starts_on
        if inside and realisation.period.ends_on <= period.ends_on:
            latest[realisation.indicator_id] = realisation
    return latest


def latest_realisations(plan: PerformancePlan, period: Period) -> dict[int, Realisation]:
    """Per IKI of the plan, its latest realisation reported for a period inside ``period``."""
    return realisations_in(
        Realisation.objects.filter(
            indicator__work_result__plan=plan,
            period__starts_on__gte=period.starts_on,
            period__ends_on__lte=period.ends_on,
            value__isnull=False,
        )
        .select_related("period", "indicator")
        .order_by("period__starts_on", "pk"),
        period,
    )


def _rate_value(metric: ServiceMetric | None, indicator: Indicator) -> Decimal | None:
    if metric is None:
        return None
    if indicator.source == Indicator.Source.SERVICE_ON_TIME:
        rate = metric.on_time_rate
    else:
        rate = metric.first_time_right_rate
    if rate is None:
        return None
    # Rates are stored as fractions (0.85); a curve written in per cent reads per cent.
    return rate * 100 if max(indicator.target, indicator.ceiling) > 1 else rate


def _rate_detail(metric: ServiceMetric | None, period: Period) -> dict[str, Any]:
    if metric is None:
        return {"period": period.code, "tasks_completed": 0}
    return {
        "period": period.code,
        "tasks_completed": metric.tasks_completed,
        "on_time": metric.on_time,
        "first_time_right": metric.first_time_right,
    }


def _achievement(indicator: ResultIndicator, realisation: Realisation | None) -> Decimal | None:
    if realisation is None or realisation.value is None or not indicator.target_min:
        return None
    try:
        return iki_achievement(
            realisation.value,
            indicator.target_min,
            indicator.target_max,
            lower_is_better=indicator.lower_is_better,
        )
    except ValueError:
        return None


def _iki_value(
    plan: PerformancePlan | None, period: Period, sources: Sources
) -> tuple[Decimal | None, dict[str, Any]]:
    if plan is None:
        return None, {"period": period.code, "iki": []}
    realised = realisations_in(sources.realisations.get(plan.pk, ()), period)
    items: list[dict[str, Any]] = []
    achievements: list[Decimal] = []
    for indicator in sources.indicators.get(plan.pk, ()):
        realisation = realised.get(indicator.pk)
        achievement = _achievement(indicator, realisation)
        if achievement is not None:
            achievements.append(achievement)
        items.append(
            {
                "iki_id": indicator.pk,
                "realisation_id": realisation.pk if realisation else None,
                "period": realisation.period.code if realisation else None,
                # Kept with the score: a realisation edited later does not rewrite it.
                "value": (
                    str(realisation.value)
                    if realisation and realisation.value is not None
                    else None
                ),
                "achievement": None if achievement is None else str(achievement),
            }
        )
    detail = {"period": period.code, "plan_id": plan.pk, "iki": items}
    if not achievements:
        return None, detail
    mean = sum(achievements, Decimal(0)) / len(achievements)
    return mean.quantize(ACHIEVEMENT_PLACES), detail


def results_indicators(version: CriteriaVersion, employee: Employee) -> list[Indicator]:
    """The weighted results indicators of ``version`` that apply to ``employee``."""
    return results_indicators_of(version, [employee])[employee.pk]


def results_indicators_of(
    version: CriteriaVersion, employees: Iterable[Employee]
) -> dict[int, list[Indicator]]:
    """``results_indicators`` for many employees at once, by employee id."""
    return {
        employee_id: [
            indicator
            for indicator in indicators
            if indicator.aspect in RESULTS_ASPECT_VALUES and indicator.weight
        ]
        for employee_id, indicators in indicators_for_employees(version, employees).items()
    }


def lines_from(
    *,
    employee: Employee,
    period: Period,
    indicators: Sequence[Indicator],
    plan: PerformancePlan | None,
    sources: Sources,
    rubric_levels: Mapping[int, int],
) -> list[MeasuredLine]:
    """The results lines of ``employee`` in ``period`` from data already read."""
    metric = sources.metrics.get((employee.pk, period.code))
    iki: tuple[Decimal | None, dict[str, Any]] | None = None
    lines: list[MeasuredLine] = []
    for indicator in indicators:
        value: Decimal | None
        detail: dict[str, Any]
        if indicator.source in RATE_SOURCES:
            value, detail = _rate_value(metric, indicator), _rate_detail(metric, period)
        elif indicator.source == Indicator.Source.IKI_ACHIEVEMENT:
            iki = iki or _iki_value(plan, period, sources)
            value, detail = iki
        elif indicator.source == Indicator.Source.INNOVATION_CREDIT:
            year = period.starts_on.year
            value, detail = sources.credits.get((employee.pk, year), Decimal(0)), {"year": year}
        else:
            level = rubric_levels.get(indicator.pk)
            value = None if level is None else Decimal(level)
            detail = {"level": level}
        assert indicator.weight is not None  # noqa: S101 - results indicators carry one
        lines.append(
            MeasuredLine(
                indicator_id=indicator.pk,
                code=indicator.code,
                name=indicator.name,
                aspect=indicator.aspect,
                source=indicator.source,
                weight=indicator.weight,
                floor=indicator.floor,
                target=indicator.target,
                ceiling=indicator.ceiling,
                lower_is_better=indicator.lower_is_better,
                value=value,
                source_detail=detail,
                is_extra_credit=indicator.source == Indicator.Source.INNOVATION_CREDIT,
            )
        )
    return lines


def measured_lines(
    *,
    employee: Employee,
    period: Period,
    version: CriteriaVersion,
    plan: PerformancePlan | None,
    rubric_levels: Mapping[int, int],
) -> list[MeasuredLine]:
    """The results lines of ``employee``'s evaluation in ``period`` under ``version``;
    ``rubric_levels`` maps an indicator id to the level the appraiser chose."""
    return lines_from(
        employee=employee,
        period=period,
        indicators=results_indicators(version, employee),
        plan=plan,
        sources=load_sources(employees=[employee], periods=[period], plans=[plan] if plan else []),
        rubric_levels=rubric_levels,
    )


def behaviour_rubric(version: CriteriaVersion, employee: Employee) -> list[Indicator]:
    """The behaviour indicators of ``version`` that apply to ``employee`` and are rated on
    a supervisor rubric: the behaviour score of the numeric method (PP 30/2019)."""
    return [
        indicator
        for indicator in indicators_for_employee(version, employee)
        if indicator.aspect not in RESULTS_ASPECT_VALUES
        and indicator.source == Indicator.Source.SUPERVISOR_RUBRIC
    ]
