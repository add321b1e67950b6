"""Reads of the execution stage: the realisation of each IKI per period of the year, with
its achievement and evidence, and the evidence files themselves.

Access is decided by ``selectors.access``: everything here is reached through a plan the
user may read (``get_plan_for_user``); the functions that take a plan expect one the
caller already may read.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files import File
from django.db.models import Count, QuerySet

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.organization.models import Employee, PerformanceYear, Period
from kinerja.plans.achievement import iki_achievement
from kinerja.plans.models import (
    Evidence,
    PerformancePlan,
    Realisation,
    ResultIndicator,
    WorkResult,
    evidence_storage,
)
from kinerja.plans.selectors.access import get_plan_for_user
from kinerja.plans.workflow import PlanStatus


def realisation_period_kind(performance_year: PerformanceYear) -> str:
    """Realisation is recorded per month or per triwulan, as the year's periodic
    evaluation runs (``PerformanceYear.periodicity``)."""
    if performance_year.periodicity == PerformanceYear.Periodicity.QUARTERLY:
        return Period.Kind.QUARTER.value
    return Period.Kind.MONTH.value


def realisation_periods(performance_year: PerformanceYear) -> list[Period]:
    """The months (or triwulan) of the year in order."""
    return list(
        Period.objects.filter(
            performance_year=performance_year, kind=realisation_period_kind(performance_year)
        ).order_by("starts_on")
    )


def is_realisation_period(plan: PerformancePlan, period: Period) -> bool:
    """Whether realisation of ``plan`` is recorded for ``period``: a month (or triwulan) of
    the plan's own year."""
    return period.performance_year_id == plan.performance_year_id and period.kind == (
        realisation_period_kind(plan.performance_year)
    )


def has_started(period: Period, *, today: date) -> bool:
    return period.starts_on <= today


def current_approved_plan(employee: Employee, *, today: date) -> PerformancePlan | None:
    """The employee's approved SKP (the one in force) for this year, or else the most
    recent approved one of an earlier year."""
    return (
        PerformancePlan.objects.filter(
            employee=employee,
            status=PlanStatus.APPROVED,
            performance_year__year__lte=today.year,
        )
        .select_related(
            "employee__position",
            "employee__unit",
            "employee__user",
            "appraiser__user",
            "performance_year",
        )
        .order_by("-performance_year__year")
        .first()
    )


def achievement_of(indicator: ResultIndicator, value: Decimal | None) -> Decimal | None:
    """The capaian IKI in per cent (``plans.achievement.iki_achievement``) when both the
    realisation and the target are numbers; None otherwise, and for a target no
    achievement can be computed against (zero, or a range out of order)."""
    if value is None or indicator.target_min is None:
        return None
    try:
        return iki_achievement(
            value,
            indicator.target_min,
            indicator.target_max,
            lower_is_better=indicator.lower_is_better,
        )
    except ValueError:
        return None


def plain(value: Decimal | None) -> Decimal | None:
    """A stored decimal without its trailing zeros (12.5000 → 12.5) for display."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


@dataclass(frozen=True, slots=True)
class Cell:
    """One IKI in one period."""

    period: Period
    realisation: Realisation | None
    achievement: Decimal | None
    evidence_count: int
    is_open: bool  # the period has started: realisation can be recorded

    @property
    def value(self) -> Decimal | None:
        return plain(self.realisation.value) if self.realisation else None

    @property
    def has_realisation(self) -> bool:
        return self.realisation is not None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: ResultIndicator
    work_result: WorkResult
    number: str  # "1", "1", "2" … for the RHK; shown on its first IKI only
    is_first_of_result: bool
    result_size: int
    cells: tuple[Cell, ...]

    @property
    def target_low(self) -> Decimal | None:
        return plain(self.indicator.target_min)

    @property
    def target_high(self) -> Decimal | None:
        return plain(self.indicator.target_max)


@dataclass(frozen=True, slots=True)
class RealisationGrid:
    plan: PerformancePlan
    periods: tuple[Period, ...]
    rows: tuple[IndicatorRow, ...]
    selected: Period | None
    today: date

    @property
    def selected_cells(self) -> list[tuple[IndicatorRow, Cell]]:
        """Each IKI with its cell in the selected period."""
        if self.selected is None:
            return []
        index = next(i for i, period in enumerate(self.periods) if period.pk == self.selected.pk)
        return [(row, row.cells[index]) for row in self.rows]

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def accepts_realisation(self) -> bool:
        return self.plan.status == PlanStatus.APPROVED.value


def _indicators(plan: PerformancePlan) -> list[ResultIndicator]:
    return list(
        ResultIndicator.objects.filter(work_result__plan=plan)
        .select_related("work_result")
        .order_by("work_result__kind", "work_result__order", "work_result__pk", "order", "pk")
    )


def _default_period(periods: Sequence[Period], today: date) -> Period | None:
    """The period running today, else the last one that has started, else the first."""
    started = [period for period in periods if period.starts_on <= today]
    for period in started:
        if period.ends_on >= today:
            return period
    if started:
        return started[-1]
    return periods[0] if periods else None


def realisation_grid(
    plan: PerformancePlan, *, today: date, period_code: str | None = None
) -> RealisationGrid:
    """Every IKI of ``plan`` by the periods of its year, with realisation, achievement and
    evidence count; ``period_code`` picks the period shown in detail (an unknown code
    falls back to the period running today). Four queries whatever the size."""
    periods = realisation_periods(plan.performance_year)
    indicators = _indicators(plan)
    realisations = (
        Realisation.objects.filter(indicator__in=[indicator.pk for indicator in indicators])
        .annotate(evidence_count=Count("evidence"))
        .order_by()
    )
    by_key = {(r.indicator_id, r.period_id): r for r in realisations}
    result_sizes: dict[int, int] = {}
    for indicator in indicators:
        result_sizes[indicator.work_result_id] = result_sizes.get(indicator.work_result_id, 0) + 1
    rows = []
    seen_results: list[int] = []
    for indicator in indicators:
        is_first = indicator.work_result_id not in seen_results
        if is_first:
            seen_results.append(indicator.work_result_id)
        cells = []
        for period in periods:
            realisation = by_key.get((indicator.pk, period.pk))
            cells.append(
                Cell(
                    period=period,
                    realisation=realisation,
                    achievement=achievement_of(indicator, realisation.value)
                    if realisation
                    else None,
                    evidence_count=getattr(realisation, "evidence_count", 0),
                    is_open=has_started(period, today=today),
                )
            )
        rows.append(
            IndicatorRow(
                indicator=indicator,
                work_result=indicator.work_result,
                number=str(len(seen_results)),
                is_first_of_result=is_first,
                result_size=result_sizes[indicator.work_result_id],
                cells=tuple(cells),
            )
        )
    selected = next((p for p in periods if p.code == period_code), None)
    return RealisationGrid(
        plan=plan,
        periods=tuple(periods),
        rows=tuple(rows),
        selected=selected or _default_period(periods, today),
        today=today,
    )


@dataclass(frozen=True, slots=True)
class RealisationPage:
    """What the realisation page of one IKI in one period shows."""

    plan: PerformancePlan
    indicator: ResultIndicator
    period: Period
    realisation: Realisation | None
    evidence: tuple[Evidence, ...]
    achievement: Decimal | None

    @property
    def target_low(self) -> Decimal | None:
        return plain(self.indicator.target_min)

    @property
    def target_high(self) -> Decimal | None:
        return plain(self.indicator.target_max)

    @property
    def value(self) -> Decimal | None:
        return plain(self.realisation.value) if self.realisation else None


def get_realisation_page_for_user(
    user: User, plan_id: int, indicator_id: int, period_code: str
) -> RealisationPage:
    """The IKI ``indicator_id`` of plan ``plan_id`` in the period ``period_code``; NotFound
    when the user may not read the plan, the IKI is not the plan's or the period is not
    one of its year's realisation periods."""
    plan = get_plan_for_user(user, plan_id)
    indicator = (
        ResultIndicator.objects.select_related("work_result")
        .filter(pk=indicator_id, work_result__plan=plan)
        .first()
    )
    period = Period.objects.filter(code=period_code).first()
    if indicator is None or period is None or not is_realisation_period(plan, period):
        raise NotFound
    realisation = (
        Realisation.objects.filter(indicator=indicator, period=period)
        .select_related("updated_by")
        .first()
    )
    evidence: tuple[Evidence, ...] = ()
    if realisation is not None:
        evidence = tuple(realisation.evidence.select_related("uploaded_by").order_by("pk"))
    return RealisationPage(
        plan=plan,
        indicator=indicator,
        period=period,
        realisation=realisation,
        evidence=evidence,
        achievement=achievement_of(indicator, realisation.value if realisation else None),
    )


def _evidence_with_plan() -> QuerySet[Evidence]:
    return Evidence.objects.select_related(
        "realisation__period",
        "realisation__indicator__work_result__plan",
    )


def get_evidence_for_user(user: User, evidence_id: int) -> tuple[Evidence, PerformancePlan]:
    """The evidence and its plan, if the user may read the plan; NotFound otherwise
    (whether it exists or not)."""
    evidence = _evidence_with_plan().filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound
    plan = get_plan_for_user(user, evidence.realisation.indicator.work_result.plan_id)
    return evidence, plan


def open_evidence_file(evidence: Evidence) -> File[bytes]:
    """The stored file of an evidence, opened for reading; NotFound for a link, or when the
    file is missing from the storage. Opened through ``evidence_storage()`` so that the
    configured directory is the one read."""
    name = evidence.file.name
    if not name:
        raise NotFound
    try:
        return evidence_storage().open(name, "rb")
    except FileNotFoundError:
        raise NotFound from None
