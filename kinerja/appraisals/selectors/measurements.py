"""What an evaluation measures: for each results indicator of the criteria version that
applies to the employee, the value from its source in the evaluation's period.

- Service on-time and first-time-right rates: the employee's stored service figures of
  the period (``service_metrics``), as fractions or per cent as the curve is written.
- IKI achievement: the mean capaian IKI (PermenPANRB 8/2021) of the SKP's numeric IKI,
  each from its latest realisation inside the period (realisations are reported to date).
- Verified innovation credit: the employee's credit points of the performance year.
- Supervisor rubric: the level the appraiser chose.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kinerja.appraisals.results import MeasuredLine
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import RESULTS_ASPECT_VALUES
from kinerja.criteria.selectors.versions import indicators_for_employee
from kinerja.innovations.selectors import verified_credit
from kinerja.organization.models import Employee, Period
from kinerja.plans.achievement import iki_achievement
from kinerja.plans.models import PerformancePlan, Realisation, ResultIndicator
from kinerja.service_metrics.models import ServiceMetric

ACHIEVEMENT_PLACES = Decimal("0.01")


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


def latest_realisations(plan: PerformancePlan, period: Period) -> dict[int, Realisation]:
    """Per IKI of the plan, its latest realisation reported for a period inside ``period``."""
    latest: dict[int, Realisation] = {}
    for realisation in (
        Realisation.objects.filter(
            indicator__work_result__plan=plan,
            period__starts_on__gte=period.starts_on,
            period__ends_on__lte=period.ends_on,
            value__isnull=False,
        )
        .select_related("period")
        .order_by("period__starts_on")
    ):
        latest[realisation.indicator_id] = realisation
    return latest


def _iki_value(
    plan: PerformancePlan | None, period: Period
) -> tuple[Decimal | None, dict[str, Any]]:
    if plan is None:
        return None, {"period": period.code, "iki": []}
    realisations = latest_realisations(plan, period)
    items: list[dict[str, Any]] = []
    achievements: list[Decimal] = []
    indicators = ResultIndicator.objects.filter(work_result__plan=plan).order_by(
        "work_result__order", "order", "pk"
    )
    for indicator in indicators:
        realisation = realisations.get(indicator.pk)
        achievement = None
        if realisation is not None and realisation.value is not None and indicator.target_min:
            try:
                achievement = iki_achievement(
                    realisation.value,
                    indicator.target_min,
                    indicator.target_max,
                    lower_is_better=indicator.lower_is_better,
                )
            except ValueError:
                achievement = None
        if achievement is not None:
            achievements.append(achievement)
        items.append(
            {
                "iki_id": indicator.pk,
                "realisation_id": realisation.pk if realisation else None,
                "period": realisation.period.code if realisation else None,
                "achievement": None if achievement is None else str(achievement),
            }
        )
    detail = {"period": period.code, "plan_id": plan.pk, "iki": items}
    if not achievements:
        return None, detail
    mean = sum(achievements, Decimal(0)) / len(achievements)
    return mean.quantize(ACHIEVEMENT_PLACES), detail


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
    indicators = [
        indicator
        for indicator in indicators_for_employee(version, employee)
        if indicator.aspect in RESULTS_ASPECT_VALUES and indicator.weight
    ]
    sources = {indicator.source for indicator in indicators}
    metric = None
    if sources & {Indicator.Source.SERVICE_ON_TIME, Indicator.Source.SERVICE_FIRST_TIME_RIGHT}:
        metric = ServiceMetric.objects.filter(employee=employee, period=period.code).first()
    iki: tuple[Decimal | None, dict[str, Any]] | None = None
    credit: Decimal | None = None
    lines: list[MeasuredLine] = []
    for indicator in indicators:
        value: Decimal | None
        detail: dict[str, Any]
        if indicator.source in (
            Indicator.Source.SERVICE_ON_TIME,
            Indicator.Source.SERVICE_FIRST_TIME_RIGHT,
        ):
            value, detail = _rate_value(metric, indicator), _rate_detail(metric, period)
        elif indicator.source == Indicator.Source.IKI_ACHIEVEMENT:
            iki = iki or _iki_value(plan, period)
            value, detail = iki
        elif indicator.source == Indicator.Source.INNOVATION_CREDIT:
            year = period.starts_on.year
            credit = verified_credit(employee, year) if credit is None else credit
            value, detail = credit, {"year": year}
        else:
            level = rubric_levels.get(indicator.pk)
            value = None if level is None else Decimal(level)
            detail = {"level": level}
        assert indicator.weight is not None  # noqa: S101 - filtered above
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
            )
        )
    return lines
