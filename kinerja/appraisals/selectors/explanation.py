"""What an evaluation says and why: "how my score was computed" (product.md 2.12, every
score explains itself down to its source records and the criteria version).

:func:`explanation_for` gathers, in a fixed number of queries whatever the number of IKI,
RHK or innovations, everything the employee's page and the API show: who rated whom, the
criteria version, each results line of the stored computation with the records it was
measured from, the two ratings against the system's suggestions, the matrix cell, the
final predicate, the organisation predicate with its distribution pattern (SE MenPANRB
3/2023), and the objection (PP 30/2019 Pasal 59). The figures come from
``Evaluation.computation``, never measured again, so the page shows what was decided.

Reading only: the caller has loaded the evaluation through
``selectors.access.get_evaluation_for_user``. :func:`as_dict` turns the result into JSON
data for the REST API.
"""

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisals.models import (
    Calibration,
    Evaluation,
    Objection,
    OrgPredicateChoice,
    PredicateChoice,
    RatingChoice,
)
from kinerja.appraisals.results import ScoredLine, line_from_dict, score_lines
from kinerja.appraisals.scoring import performance_predicate
from kinerja.appraisals.selectors.access import may_calibrate
from kinerja.appraisals.selectors.calibration import calibration_for, distribution, population
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.core.ratings import Rating
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.criteria.models import CriteriaVersion, Indicator, RubricLevel
from kinerja.criteria.rules import MINIMUM_GROUP_SIZE
from kinerja.innovations.models import Innovation, InnovationCredit
from kinerja.organization.models import Period
from kinerja.organization.selectors import Viewer, get_viewer
from kinerja.plans.models import Evidence, Realisation, ResultIndicator, WorkResult
from kinerja.plans.selectors.execution import plain

SERVICE_SOURCES = frozenset(
    {Indicator.Source.SERVICE_ON_TIME.value, Indicator.Source.SERVICE_FIRST_TIME_RIGHT.value}
)
# Rows best first as the 6/2022 matrix prints them; columns from below to above.
MATRIX_ROWS: tuple[Rating, ...] = (
    Rating.DI_ATAS_EKSPEKTASI,
    Rating.SESUAI_EKSPEKTASI,
    Rating.DI_BAWAH_EKSPEKTASI,
)
MATRIX_COLUMNS: tuple[Rating, ...] = (
    Rating.DI_BAWAH_EKSPEKTASI,
    Rating.SESUAI_EKSPEKTASI,
    Rating.DI_ATAS_EKSPEKTASI,
)


def status_label(status: str) -> str:
    labels = {
        EvaluationStatus.DRAFT.value: _("Being rated"),
        EvaluationStatus.SUBMITTED.value: _("Submitted to the calibration"),
        EvaluationStatus.DELIVERED.value: _("Delivered"),
        EvaluationStatus.OBJECTED.value: _("Objection lodged"),
        EvaluationStatus.DECIDED.value: _("Objection decided (final)"),
    }
    return labels.get(status, status)


def _label(choices: Any, value: str) -> str:
    """The display label of a stored choice, or "" for an empty value."""
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# -- the parts ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str  # an absolute path, or an external address for evidence given as a link
    is_external: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Person:
    """A party to the evaluation as it was when the evaluation was opened."""

    name: str
    nip: str
    rank: str
    position: str
    unit: str


@dataclasses.dataclass(frozen=True, slots=True)
class PeriodPart:
    code: str
    kind: str
    kind_label: str
    year: int
    starts_on: date
    ends_on: date


@dataclasses.dataclass(frozen=True, slots=True)
class CriteriaPart:
    id: int
    title: str
    number: int
    year: int
    above_threshold: Decimal
    meets_threshold: Decimal
    rating_method: str
    rating_method_label: str
    link: Link


@dataclasses.dataclass(frozen=True, slots=True)
class ServiceSource:
    """The service figures the rate was read from (kept in the computation)."""

    period: str
    tasks_completed: int
    on_time: int | None
    first_time_right: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class EvidenceItem:
    description: str
    link: Link


@dataclasses.dataclass(frozen=True, slots=True)
class IkiSource:
    """One IKI of the SKP behind the IKI achievement: its target, the realisation the
    achievement was computed from and the evidence attached to it."""

    iki_id: int
    work_result: str
    text: str
    unit: str
    target_min: Decimal | None
    target_max: Decimal | None
    target_text: str
    lower_is_better: bool
    realisation_period: str | None
    realisation: Decimal | None
    achievement: Decimal | None
    link: Link | None
    evidence: tuple[EvidenceItem, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class InnovationSource:
    innovation_id: int
    title: str
    points: Decimal
    uncapped_points: Decimal
    link: Link


@dataclasses.dataclass(frozen=True, slots=True)
class RubricChoice:
    level: int
    descriptor: str
    is_chosen: bool


@dataclasses.dataclass(frozen=True, slots=True)
class RubricSource:
    level: int | None
    descriptor: str
    levels: tuple[RubricChoice, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class ResultsLine:
    """One results indicator of the stored computation, scored on its curve, with the
    records it was measured from."""

    indicator_id: int
    code: str
    name: str
    aspect: str
    aspect_label: str
    source: str
    source_label: str
    weight: Decimal
    counted_weight: Decimal
    floor: Decimal
    target: Decimal
    ceiling: Decimal
    lower_is_better: bool
    value: Decimal | None
    score: Decimal | None
    contribution: Decimal
    # The line counts in the score.
    is_counted: bool
    # No measurement in the period: the line does not count, the others are scaled up.
    is_left_out: bool
    # Extra credit (verified innovation) counts only when it raises the score.
    is_extra_credit: bool
    service: ServiceSource | None
    iki: tuple[IkiSource, ...]
    innovations: tuple[InnovationSource, ...]
    rubric: RubricSource | None
    links: tuple[Link, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class RatingDecision:
    """A rating as the system suggested it and as the appraiser set it."""

    suggested: str
    suggested_label: str
    final: str
    final_label: str
    reason: str
    # The appraiser departed from the suggestion.
    is_override: bool


@dataclasses.dataclass(frozen=True, slots=True)
class LineRating:
    """The appraiser's judgement of one RHK."""

    kind: str
    kind_label: str
    text: str
    rating: str
    rating_label: str
    feedback: str


@dataclasses.dataclass(frozen=True, slots=True)
class ValueRating:
    """The appraiser's judgement of one BerAKHLAK value."""

    code: str
    name: str
    rating: str
    rating_label: str
    feedback: str


@dataclasses.dataclass(frozen=True, slots=True)
class MatrixCell:
    behaviour: str
    predicate: str
    predicate_label: str
    is_selected: bool


@dataclasses.dataclass(frozen=True, slots=True)
class MatrixRow:
    results: str
    results_label: str
    cells: tuple[MatrixCell, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Matrix:
    """The three-by-three matrix of PermenPANRB 6/2022 with the evaluation's cell marked."""

    columns: tuple[tuple[str, str], ...]
    rows: tuple[MatrixRow, ...]
    selected_results: str
    selected_behaviour: str


@dataclasses.dataclass(frozen=True, slots=True)
class PredicateDecision:
    matrix: str
    matrix_label: str
    final: str
    final_label: str
    reason: str
    # The final predicate departs from the matrix (set in calibration or on objection).
    is_changed: bool
    numeric_score: Decimal | None


@dataclasses.dataclass(frozen=True, slots=True)
class PatternRow:
    predicate: str
    label: str
    minimum: int
    maximum: int
    # None when the population is too small to show counts (privacy).
    count: int | None
    is_own: bool


@dataclasses.dataclass(frozen=True, slots=True)
class GroupPart:
    labels: tuple[str, ...]
    minimum: int


@dataclasses.dataclass(frozen=True, slots=True)
class OrganisationPart:
    """The calibration the evaluation is (or will be) part of: the unit's organisation
    predicate and the distribution pattern it allows (SE MenPANRB 3/2023)."""

    unit: str
    org_predicate: str
    org_predicate_label: str
    note: str
    is_final: bool
    # How many predicates the pattern is counted over.
    population: int
    # Counts per predicate are shown only from MINIMUM_GROUP_SIZE people on, or to
    # whoever calibrates the unit; below that only the allowed pattern is shown.
    shows_counts: bool
    minimum_group_size: int
    rows: tuple[PatternRow, ...]
    groups: tuple[GroupPart, ...]
    largest: str
    largest_label: str
    # None when the counts are hidden.
    fits_pattern: bool | None


@dataclasses.dataclass(frozen=True, slots=True)
class HeadedUnitPart:
    """For a unit head: the unit's organisation predicate, which sets the suggested
    results rating (SE MenPANRB 3/2023)."""

    unit: str
    org_predicate: str
    org_predicate_label: str


@dataclasses.dataclass(frozen=True, slots=True)
class ObjectionPart:
    reasons: str
    filed_at: datetime
    explanation: str
    explained_at: datetime | None
    decision: str
    decision_label: str
    decision_reason: str
    decided_at: datetime | None
    decided_by: str
    previous_predicate: str
    previous_predicate_label: str
    is_explained: bool
    is_decided: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Explanation:
    evaluation_id: int
    status: str
    status_label: str
    # The viewer is the employee evaluated ("my score").
    is_own: bool
    employee: Person
    appraiser: Person | None
    superior: Person | None
    period: PeriodPart
    criteria: CriteriaPart | None
    lines: tuple[ResultsLine, ...]
    left_out_count: int
    results_score: Decimal | None
    results_rating: RatingDecision
    result_ratings: tuple[LineRating, ...]
    behaviour_ratings: tuple[ValueRating, ...]
    behaviour_rating: RatingDecision
    matrix: Matrix
    predicate: PredicateDecision
    headed_unit: HeadedUnitPart | None
    organisation: OrganisationPart | None
    notes: str
    delivered_at: datetime | None
    objection_deadline: date | None
    objection: ObjectionPart | None


# -- building -----------------------------------------------------------------------------


def _person(snapshot: Mapping[str, Any], fallback: Any = None) -> Person | None:
    if not snapshot and fallback is None:
        return None

    def pick(key: str, value: Any) -> str:
        return str(snapshot.get(key) or value or "")

    return Person(
        name=pick("name", getattr(fallback, "name", "")),
        nip=pick("nip", getattr(fallback, "nip", "")),
        rank=pick("rank", getattr(fallback, "rank", "")),
        position=pick("position", ""),
        unit=pick("unit", ""),
    )


def _period(period: Period) -> PeriodPart:
    return PeriodPart(
        code=period.code,
        kind=period.kind,
        kind_label=_label(Period.Kind, period.kind),
        year=period.starts_on.year,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )


def _criteria(version: CriteriaVersion | None) -> CriteriaPart | None:
    if version is None:
        return None
    return CriteriaPart(
        id=version.pk,
        title=version.title,
        number=version.number,
        year=version.year,
        above_threshold=version.above_threshold,
        meets_threshold=version.meets_threshold,
        rating_method=version.rating_method,
        rating_method_label=_label(CriteriaVersion.RatingMethod, version.rating_method),
        link=Link(
            label=_("Read the criteria %(version)s") % {"version": version.label},
            href=reverse("criteria:version_for_me", args=[version.pk]),
        ),
    )


def _path(name: str, args: Sequence[Any], query: Mapping[str, Any] | None = None) -> str:
    path = reverse(name, args=list(args))
    return f"{path}?{urlencode(query)}" if query else path


@dataclasses.dataclass(frozen=True, slots=True)
class _Sources:
    """The records behind the lines, each kind loaded in one query."""

    indicators: Mapping[int, ResultIndicator]
    realisations: Mapping[int, Realisation]
    evidence: Mapping[int, list[Evidence]]
    credits: Sequence[InnovationCredit]
    levels: Mapping[int, list[RubricLevel]]


def _iki_entries(lines: Iterable[ScoredLine]) -> list[Mapping[str, Any]]:
    return [
        entry
        for line in lines
        if line.line.source == Indicator.Source.IKI_ACHIEVEMENT
        for entry in line.line.source_detail.get("iki") or []
    ]


def _load_sources(evaluation: Evaluation, lines: Sequence[ScoredLine]) -> _Sources:
    sources = {line.line.source for line in lines}
    entries = _iki_entries(lines)
    iki_ids = {int(entry["iki_id"]) for entry in entries if entry.get("iki_id")}
    realisation_ids = {
        int(entry["realisation_id"]) for entry in entries if entry.get("realisation_id")
    }
    indicators: dict[int, ResultIndicator] = {}
    realisations: dict[int, Realisation] = {}
    evidence: dict[int, list[Evidence]] = {}
    if iki_ids:
        indicators = {
            item.pk: item
            for item in ResultIndicator.objects.filter(pk__in=iki_ids).select_related("work_result")
        }
    if realisation_ids:
        realisations = {
            item.pk: item
            for item in Realisation.objects.filter(pk__in=realisation_ids).select_related("period")
        }
        for item in Evidence.objects.filter(realisation_id__in=realisation_ids).order_by(
            "uploaded_at", "pk"
        ):
            evidence.setdefault(item.realisation_id, []).append(item)
    credits: list[InnovationCredit] = []
    if Indicator.Source.INNOVATION_CREDIT in sources:
        credits = list(_credits(evaluation))
    levels: dict[int, list[RubricLevel]] = {}
    rubric_ids = [
        line.line.indicator_id
        for line in lines
        if line.line.source == Indicator.Source.SUPERVISOR_RUBRIC
    ]
    if rubric_ids:
        for level in RubricLevel.objects.filter(indicator_id__in=rubric_ids).order_by("level"):
            levels.setdefault(level.indicator_id, []).append(level)
    return _Sources(indicators, realisations, evidence, credits, levels)


def _credits(evaluation: Evaluation) -> QuerySet[InnovationCredit]:
    """The verified innovation credit of the employee in the year, as it stood when the
    score was computed (credit earned later is not part of this evaluation)."""
    credits = InnovationCredit.objects.filter(
        employee_id=evaluation.employee_id,
        innovation__status=Innovation.Status.VERIFIED,
        innovation__performance_year__year=evaluation.period.starts_on.year,
    )
    if evaluation.computed_at is not None:
        credits = credits.filter(created_at__lte=evaluation.computed_at)
    return credits.select_related("innovation").order_by("innovation__decided_at", "pk")


def _evidence_item(item: Evidence) -> EvidenceItem:
    if item.file:
        return EvidenceItem(
            description=item.description,
            link=Link(
                label=item.original_name or item.description,
                href=reverse("plans:evidence_download", args=[item.pk]),
            ),
        )
    return EvidenceItem(
        description=item.description,
        link=Link(label=item.url, href=item.url, is_external=True),
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _iki_sources(line: ScoredLine, sources: _Sources) -> tuple[IkiSource, ...]:
    plan_id = line.line.source_detail.get("plan_id")
    items: list[IkiSource] = []
    for entry in line.line.source_detail.get("iki") or []:
        indicator = sources.indicators.get(int(entry["iki_id"]))
        realisation_id = entry.get("realisation_id")
        realisation = sources.realisations.get(int(realisation_id)) if realisation_id else None
        period = entry.get("period")
        work_result: WorkResult | None = indicator.work_result if indicator else None
        items.append(
            IkiSource(
                iki_id=int(entry["iki_id"]),
                work_result=work_result.text if work_result else "",
                text=indicator.text if indicator else _("(removed from the SKP)"),
                unit=indicator.unit if indicator else "",
                target_min=plain(indicator.target_min) if indicator else None,
                target_max=plain(indicator.target_max) if indicator else None,
                target_text=indicator.target_text if indicator else "",
                lower_is_better=indicator.lower_is_better if indicator else False,
                realisation_period=period,
                # The value measured when the score was computed; the live one for
                # evaluations computed before it was stored.
                realisation=(
                    plain(_decimal(entry["value"]))
                    if entry.get("value") is not None
                    else plain(realisation.value)
                    if realisation
                    else None
                ),
                achievement=_decimal(entry.get("achievement")),
                link=(
                    Link(
                        label=_("Realisation %(period)s") % {"period": period},
                        href=_path("plans:plan_realisations", [plan_id], {"period": period}),
                    )
                    if plan_id and period
                    else None
                ),
                evidence=tuple(
                    _evidence_item(item)
                    for item in sources.evidence.get(realisation.pk if realisation else -1, [])
                ),
            )
        )
    return tuple(items)


def _service_source(detail: Mapping[str, Any], period: Period) -> ServiceSource:
    on_time, first_time_right = detail.get("on_time"), detail.get("first_time_right")
    return ServiceSource(
        period=str(detail.get("period") or period.code),
        tasks_completed=int(detail.get("tasks_completed") or 0),
        on_time=None if on_time is None else int(on_time),
        first_time_right=None if first_time_right is None else int(first_time_right),
    )


def _service_links(source: str, employee_id: int, period: Period) -> tuple[Link, ...]:
    tasks = "service_metrics:employee_tasks"
    links = [
        Link(
            label=_("Service figures %(year)s") % {"year": period.starts_on.year},
            href=_path(
                "service_metrics:employee_services", [employee_id], {"year": period.starts_on.year}
            ),
        ),
        Link(
            label=_("Tasks completed in %(period)s") % {"period": period.code},
            href=_path(tasks, [employee_id], {"period": period.code}),
        ),
    ]
    if source == Indicator.Source.SERVICE_ON_TIME:
        links.append(
            Link(
                label=_("Late tasks"),
                href=_path(tasks, [employee_id], {"period": period.code, "show": "late"}),
            )
        )
    else:
        links += [
            Link(
                label=_("Tasks returned for correction"),
                href=_path(tasks, [employee_id], {"period": period.code, "show": "returned"}),
            ),
            Link(
                label=_("Tasks with a complaint"),
                href=_path(tasks, [employee_id], {"period": period.code, "show": "complaint"}),
            ),
        ]
    return tuple(links)


def _innovation_sources(sources: _Sources) -> tuple[InnovationSource, ...]:
    return tuple(
        InnovationSource(
            innovation_id=credit.innovation_id,
            title=credit.innovation.title,
            points=credit.points,
            uncapped_points=credit.uncapped_points,
            link=Link(
                label=credit.innovation.title,
                href=reverse("innovations:innovation_detail", args=[credit.innovation_id]),
            ),
        )
        for credit in sources.credits
    )


def _rubric_source(line: ScoredLine, sources: _Sources) -> RubricSource:
    raw = line.line.source_detail.get("level")
    level = None if raw is None else int(raw)
    levels = sources.levels.get(line.line.indicator_id, [])
    return RubricSource(
        level=level,
        descriptor=next((item.descriptor for item in levels if item.level == level), ""),
        levels=tuple(
            RubricChoice(
                level=item.level, descriptor=item.descriptor, is_chosen=item.level == level
            )
            for item in levels
        ),
    )


def _results_line(evaluation: Evaluation, line: ScoredLine, sources: _Sources) -> ResultsLine:
    measured = line.line
    service: ServiceSource | None = None
    iki: tuple[IkiSource, ...] = ()
    innovations: tuple[InnovationSource, ...] = ()
    rubric: RubricSource | None = None
    links: tuple[Link, ...] = ()
    if measured.source in SERVICE_SOURCES:
        service = _service_source(measured.source_detail, evaluation.period)
        links = _service_links(measured.source, evaluation.employee_id, evaluation.period)
    elif measured.source == Indicator.Source.IKI_ACHIEVEMENT:
        iki = _iki_sources(line, sources)
        plan_id = measured.source_detail.get("plan_id")
        if plan_id:
            links = (
                Link(
                    label=_("Realisation and evidence"),
                    href=_path(
                        "plans:plan_realisations", [plan_id], {"period": evaluation.period.code}
                    ),
                ),
            )
    elif measured.source == Indicator.Source.INNOVATION_CREDIT:
        innovations = _innovation_sources(sources)
    elif measured.source == Indicator.Source.SUPERVISOR_RUBRIC:
        rubric = _rubric_source(line, sources)
    return ResultsLine(
        indicator_id=measured.indicator_id,
        code=measured.code,
        name=measured.name,
        aspect=measured.aspect,
        aspect_label=_label(Indicator.Aspect, measured.aspect),
        source=measured.source,
        source_label=_label(Indicator.Source, measured.source),
        weight=_plain(measured.weight),
        counted_weight=line.counted_weight,
        floor=_plain(measured.floor),
        target=_plain(measured.target),
        ceiling=_plain(measured.ceiling),
        lower_is_better=measured.lower_is_better,
        value=plain(measured.value),
        score=line.score,
        contribution=line.contribution,
        is_counted=line.is_counted,
        is_left_out=measured.value is None,
        is_extra_credit=measured.is_extra_credit,
        service=service,
        iki=iki,
        innovations=innovations,
        rubric=rubric,
        links=links,
    )


def _plain(value: Decimal) -> Decimal:
    """A stored figure without its trailing zeros (0.5000 → 0.5, 30.00 → 30)."""
    return plain(value) or Decimal(0)


def _rating(suggested: str, final: str, reason: str) -> RatingDecision:
    return RatingDecision(
        suggested=suggested,
        suggested_label=_label(RatingChoice, suggested),
        final=final,
        final_label=_label(RatingChoice, final),
        reason=reason,
        is_override=bool(suggested and final and suggested != final),
    )


def _matrix(results: str, behaviour: str) -> Matrix:
    has_cell = results in RatingChoice.values and behaviour in RatingChoice.values
    rows = []
    for row in MATRIX_ROWS:
        cells = []
        for column in MATRIX_COLUMNS:
            predicate = performance_predicate(row, column).value
            cells.append(
                MatrixCell(
                    behaviour=column.value,
                    predicate=predicate,
                    predicate_label=_label(PredicateChoice, predicate),
                    is_selected=has_cell and (row.value, column.value) == (results, behaviour),
                )
            )
        rows.append(
            MatrixRow(
                results=row.value,
                results_label=_label(RatingChoice, row.value),
                cells=tuple(cells),
            )
        )
    return Matrix(
        columns=tuple(
            (column.value, _label(RatingChoice, column.value)) for column in MATRIX_COLUMNS
        ),
        rows=tuple(rows),
        selected_results=results if has_cell else "",
        selected_behaviour=behaviour if has_cell else "",
    )


def _predicate(evaluation: Evaluation) -> PredicateDecision:
    final = evaluation.final_predicate
    return PredicateDecision(
        matrix=evaluation.matrix_predicate,
        matrix_label=_label(PredicateChoice, evaluation.matrix_predicate),
        final=final,
        final_label=_label(PredicateChoice, final),
        reason=evaluation.final_predicate_reason,
        is_changed=bool(
            final and evaluation.matrix_predicate and final != evaluation.matrix_predicate
        ),
        numeric_score=evaluation.numeric_score,
    )


def _organisation(evaluation: Evaluation, viewer: Viewer) -> OrganisationPart | None:
    calibration = calibration_for(evaluation)
    if calibration is None:
        return None
    spread = distribution(calibration, population(calibration))
    shows_counts = spread.total >= MINIMUM_GROUP_SIZE or may_calibrate(viewer, calibration)
    own = evaluation.predicate if evaluation.status != EvaluationStatus.DRAFT else ""
    pattern = spread.pattern
    return OrganisationPart(
        unit=calibration.unit.name,
        org_predicate=calibration.org_predicate,
        org_predicate_label=_label(OrgPredicateChoice, calibration.org_predicate),
        note=calibration.org_predicate_note,
        is_final=calibration.is_final,
        population=spread.total,
        shows_counts=shows_counts,
        minimum_group_size=MINIMUM_GROUP_SIZE,
        rows=tuple(
            PatternRow(
                predicate=bar.predicate.value,
                label=_label(PredicateChoice, bar.predicate.value),
                minimum=bar.minimum,
                maximum=bar.maximum,
                count=bar.count if shows_counts else None,
                is_own=bar.predicate.value == own,
            )
            for bar in spread.bars
        ),
        groups=tuple(
            GroupPart(
                labels=tuple(_label(PredicateChoice, item.value) for item in group.predicates),
                minimum=group.minimum,
            )
            for group in pattern.group_minimums
            # A unit too small for the group's share needs nobody in it.
            if group.minimum > 0
        ),
        largest=pattern.largest.value if pattern.largest else "",
        largest_label=_label(PredicateChoice, pattern.largest.value) if pattern.largest else "",
        fits_pattern=spread.is_clean if shows_counts else None,
    )


def _headed_unit(evaluation: Evaluation) -> HeadedUnitPart | None:
    if evaluation.heads_unit_id is None:
        return None
    calibration = (
        Calibration.objects.filter(unit_id=evaluation.heads_unit_id, period_id=evaluation.period_id)
        .select_related("unit")
        .first()
    )
    if calibration is None:
        return None
    return HeadedUnitPart(
        unit=calibration.unit.name,
        org_predicate=calibration.org_predicate,
        org_predicate_label=_label(OrgPredicateChoice, calibration.org_predicate),
    )


def _decider_name(user: User | None) -> str:
    if user is None:
        return ""
    employee = getattr(user, "employee", None)
    if employee is not None:
        return str(employee.name)
    return user.get_full_name() or user.get_username()


def _objection(evaluation: Evaluation) -> ObjectionPart | None:
    objection = (
        Objection.objects.filter(evaluation_id=evaluation.pk)
        .select_related("decided_by__employee")
        .first()
    )
    if objection is None:
        return None
    previous = str((objection.previous or {}).get("final_predicate") or "")
    return ObjectionPart(
        reasons=objection.reasons,
        filed_at=objection.filed_at,
        explanation=objection.appraiser_explanation,
        explained_at=objection.explained_at,
        decision=objection.decision,
        decision_label=_label(Objection.Decision, objection.decision),
        decision_reason=objection.decision_reason,
        decided_at=objection.decided_at,
        decided_by=_decider_name(objection.decided_by),
        previous_predicate=previous,
        previous_predicate_label=_label(PredicateChoice, previous),
        is_explained=bool(objection.appraiser_explanation),
        is_decided=bool(objection.decision),
    )


def explanation_for(evaluation: Evaluation, viewer: Viewer | User) -> Explanation:
    """Everything that explains ``evaluation`` to ``viewer`` (see the module docstring).

    ``evaluation`` comes from ``get_evaluation_for_user``, with its parties, period,
    criteria version and calibration already joined. The number of queries does not
    depend on how many IKI, RHK, evidence items or innovations there are.
    """
    viewer = viewer if isinstance(viewer, Viewer) else get_viewer(viewer)
    scored = score_lines(line_from_dict(data) for data in evaluation.computation.get("lines", []))
    sources = _load_sources(evaluation, scored.lines)
    lines = tuple(_results_line(evaluation, line, sources) for line in scored.lines)
    names = {value.code: value.name for value in CORE_VALUES}
    return Explanation(
        evaluation_id=evaluation.pk,
        status=evaluation.status,
        status_label=status_label(evaluation.status),
        is_own=viewer.employee is not None and viewer.employee.pk == evaluation.employee_id,
        employee=_person(evaluation.employee_snapshot, evaluation.employee)
        or Person("", "", "", "", ""),
        appraiser=_person(evaluation.appraiser_snapshot),
        superior=_person(evaluation.superior_snapshot),
        period=_period(evaluation.period),
        criteria=_criteria(evaluation.criteria_version),
        lines=lines,
        left_out_count=sum(1 for line in lines if line.is_left_out),
        results_score=evaluation.results_score,
        results_rating=_rating(
            evaluation.suggested_results_rating,
            evaluation.results_rating,
            evaluation.results_rating_reason,
        ),
        result_ratings=tuple(
            LineRating(
                kind=item.kind,
                kind_label=_label(WorkResult.Kind, item.kind),
                text=item.text,
                rating=item.rating,
                rating_label=_label(RatingChoice, item.rating),
                feedback=item.feedback,
            )
            for item in evaluation.result_ratings.all()
        ),
        behaviour_ratings=tuple(
            ValueRating(
                code=item.value,
                name=names.get(item.value, item.value),
                rating=item.rating,
                rating_label=_label(RatingChoice, item.rating),
                feedback=item.feedback,
            )
            for item in evaluation.behaviour_ratings.all()
        ),
        behaviour_rating=_rating(
            evaluation.suggested_behaviour_rating,
            evaluation.behaviour_rating,
            evaluation.behaviour_rating_reason,
        ),
        matrix=_matrix(evaluation.results_rating, evaluation.behaviour_rating),
        predicate=_predicate(evaluation),
        headed_unit=_headed_unit(evaluation),
        organisation=_organisation(evaluation, viewer),
        notes=evaluation.notes,
        delivered_at=evaluation.delivered_at,
        objection_deadline=evaluation.objection_deadline,
        objection=_objection(evaluation),
    )


# -- the employee's list ------------------------------------------------------------------


def own_evaluations_for_user(user: User) -> QuerySet[Evaluation]:
    """The user's own evaluations that have been delivered to them, newest period first
    (an evaluation still with the appraiser or in calibration is not theirs to see yet)."""
    viewer = get_viewer(user)
    if viewer.employee is None:
        return Evaluation.objects.none()
    return (
        Evaluation.objects.filter(
            employee=viewer.employee,
            status__in=[
                EvaluationStatus.DELIVERED.value,
                EvaluationStatus.OBJECTED.value,
                EvaluationStatus.DECIDED.value,
            ],
        )
        .select_related("period")
        .order_by("-period__ends_on", "period__starts_on", "-pk")
    )


# -- JSON ---------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def as_dict(explanation: Explanation) -> dict[str, Any]:
    """The explanation as JSON data: decimals as strings (no precision lost), dates and
    times in ISO 8601, links as absolute paths (evidence given as a link keeps its
    address)."""
    data: dict[str, Any] = _jsonable(dataclasses.asdict(explanation))
    return data
