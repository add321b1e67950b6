"""Reads of the appraiser's pages (Tim Saya → Penilaian): the team's evaluations of one
evaluation period, and everything the rating page of one evaluation shows.

Who is on the list: the viewer's active direct reports, whoever the viewer is already
recorded as appraiser of for the period (a report who moved after the evaluation was
opened), and, for the HR admin, the active employees with no supervisor in the system
(the camat, rated on behalf of an appraiser outside it). One page of the list costs the
same few queries however many people it holds.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.appraisals.models import (
    BehaviourRating,
    Evaluation,
    PredicateChoice,
    RatingChoice,
    ResultRating,
)
from kinerja.appraisals.results import MeasuredLine, ResultsScore, line_from_dict, score_lines
from kinerja.appraisals.selectors.access import may_rate
from kinerja.appraisals.workflow import EvaluationStatus, is_rating_open
from kinerja.criteria.berakhlak import CORE_VALUES, CoreValue
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import RESULTS_ASPECT_VALUES
from kinerja.criteria.selectors.versions import indicators_for_employee
from kinerja.organization.models import Employee, Period
from kinerja.organization.selectors import Viewer
from kinerja.plans.models import PerformancePlan
from kinerja.plans.workflow import PlanStatus

# -- periods ------------------------------------------------------------------------------


def evaluation_periods() -> list[Period]:
    """Every evaluation period, newest year first; in a year the annual evaluation first,
    then the periodic ones from the latest."""
    periods = list(
        Period.objects.filter(is_evaluation_period=True).select_related("performance_year")
    )
    return sorted(
        periods,
        key=lambda p: (
            -p.performance_year.year,
            p.kind != Period.Kind.YEAR,
            -p.starts_on.toordinal(),
        ),
    )


def default_period(periods: Sequence[Period], today: date) -> Period | None:
    """The period the list opens on: the latest evaluation period of the newest
    performance year that has started by ``today`` (the shortest when two start on the
    same day, so January rather than the whole year). When none of that year has started
    yet, the latest one that has; failing that, the first period of the newest year."""
    if not periods:
        return None
    newest = max(p.performance_year.year for p in periods)

    def latest(candidates: list[Period]) -> Period | None:
        return max(candidates, key=lambda p: (p.starts_on, -p.ends_on.toordinal()), default=None)

    started = [p for p in periods if p.starts_on <= today]
    return (
        latest([p for p in started if p.performance_year.year == newest])
        or latest(started)
        or min(
            (p for p in periods if p.performance_year.year == newest),
            key=lambda p: (p.starts_on, p.ends_on),
        )
    )


# -- the team list ------------------------------------------------------------------------


class RowAction(enum.StrEnum):
    """What the button of a row does."""

    OPEN = "open"  # start the evaluation (POST)
    RATE = "rate"  # the rating form of a draft
    REVIEW = "review"  # the rating page, read-only, with "reopen" while submitted
    VIEW = "view"  # the evaluation page, for a reader who does not rate it


NOT_OPENED = ""

EVALUATION_STATUS_LABELS: dict[str, Promise] = {
    NOT_OPENED: gettext_lazy("Not opened yet"),
    EvaluationStatus.DRAFT.value: gettext_lazy("Being rated (draft)"),
    EvaluationStatus.SUBMITTED.value: gettext_lazy("Submitted to calibration"),
    EvaluationStatus.DELIVERED.value: gettext_lazy("Delivered to the employee"),
    EvaluationStatus.OBJECTED.value: gettext_lazy("Objection filed"),
    EvaluationStatus.DECIDED.value: gettext_lazy("Objection decided"),
}


def predicate_label(value: str) -> str:
    return str(PredicateChoice(value).label) if value else ""


def rating_label(value: str) -> str:
    return str(RatingChoice(value).label) if value else ""


@dataclass(frozen=True, slots=True)
class TeamRow:
    employee: Employee
    evaluation: Evaluation | None
    action: RowAction

    @property
    def has_approved_skp(self) -> bool:
        return bool(getattr(self.employee, "has_approved_skp", False))

    @property
    def status(self) -> str:
        return self.evaluation.status if self.evaluation else NOT_OPENED

    @property
    def status_label(self) -> Promise:
        return EVALUATION_STATUS_LABELS[self.status]

    @property
    def matrix_predicate_label(self) -> str:
        return predicate_label(self.evaluation.matrix_predicate) if self.evaluation else ""

    @property
    def final_predicate_label(self) -> str:
        return predicate_label(self.evaluation.final_predicate) if self.evaluation else ""


def team_members(viewer: Viewer, period: Period) -> QuerySet[Employee]:
    """The people the viewer appraises for ``period`` (see the module docstring)."""
    scope = Q(pk__in=[])
    if viewer.employee is not None:
        scope |= Q(supervisor=viewer.employee, is_active=True)
        scope |= Q(
            pk__in=Evaluation.objects.filter(period=period, appraiser=viewer.employee).values(
                "employee_id"
            )
        )
    if viewer.is_admin:
        scope |= Q(supervisor__isnull=True, is_active=True)
    members = Employee.objects.filter(scope)
    if viewer.employee is not None:
        members = members.exclude(pk=viewer.employee.pk)
    return members


def team_evaluations(viewer: Viewer, period: Period, *, search: str = "") -> QuerySet[Employee]:
    """The team of ``period`` ordered by name, each annotated with ``has_approved_skp``
    (an approved SKP for the period's year); ``search`` matches the name or the start of
    the NIP. Turn a page of it into rows with :func:`team_rows`."""
    approved = PerformancePlan.objects.filter(
        employee=OuterRef("pk"),
        performance_year_id=period.performance_year_id,
        status=PlanStatus.APPROVED,
    )
    members = (
        team_members(viewer, period)
        .select_related("position", "unit")
        .annotate(has_approved_skp=Exists(approved))
    )
    text = search.strip()
    if text:
        members = members.filter(Q(name__icontains=text) | Q(nip__startswith=text))
    return members.order_by("name", "pk")


def _action(viewer: Viewer, evaluation: Evaluation | None) -> RowAction:
    if evaluation is None:
        return RowAction.OPEN
    if not may_rate(viewer, evaluation):
        return RowAction.VIEW
    return RowAction.RATE if is_rating_open(evaluation.status) else RowAction.REVIEW


def team_rows(viewer: Viewer, members: Sequence[Employee], period: Period) -> list[TeamRow]:
    """The rows of one page of :func:`team_evaluations`, with their evaluations, in one
    query."""
    evaluations = {
        evaluation.employee_id: evaluation
        for evaluation in Evaluation.objects.filter(
            period=period, employee__in=[member.pk for member in members]
        )
    }
    rows = []
    for member in members:
        evaluation = evaluations.get(member.pk)
        rows.append(TeamRow(member, evaluation, _action(viewer, evaluation)))
    return rows


# -- the rating page ----------------------------------------------------------------------


def plain_number(value: Decimal) -> str:
    """A measured value as people write it: 0.9000 → "0,9" (in the active language)."""
    return str(number_format(Decimal(format(value.normalize(), "f"))))


def describe_source(line: MeasuredLine) -> str:
    """Where the measured value of a results line came from, in words."""
    detail = line.source_detail
    if line.source in (Indicator.Source.SERVICE_ON_TIME, Indicator.Source.SERVICE_FIRST_TIME_RIGHT):
        tasks = int(detail.get("tasks_completed") or 0)
        if not tasks:
            return _("No service task completed in %(period)s.") % {"period": detail.get("period")}
        if line.source == Indicator.Source.SERVICE_ON_TIME:
            return _("%(part)s of %(tasks)s tasks completed in %(period)s were on time.") % {
                "part": detail.get("on_time", 0),
                "tasks": tasks,
                "period": detail.get("period"),
            }
        return _("%(part)s of %(tasks)s tasks completed in %(period)s were right first time.") % {
            "part": detail.get("first_time_right", 0),
            "tasks": tasks,
            "period": detail.get("period"),
        }
    if line.source == Indicator.Source.IKI_ACHIEVEMENT:
        items = detail.get("iki") or []
        if not detail.get("plan_id"):
            return _("No approved SKP for the period.")
        measured = sum(1 for item in items if item.get("achievement") is not None)
        return _(
            "Mean achievement of %(measured)s of the %(total)s IKI of the SKP, from the"
            " latest realisation reported in %(period)s."
        ) % {"measured": measured, "total": len(items), "period": detail.get("period")}
    if line.source == Indicator.Source.INNOVATION_CREDIT:
        return _("Verified innovation credit of %(year)s.") % {"year": detail.get("year")}
    level = detail.get("level")
    if level is None:
        return _("The appraiser has not chosen a level yet.")
    return _("Level %(level)s, chosen by the appraiser.") % {"level": level}


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One results line of the stored computation, as the rating page shows it."""

    indicator_name: str
    code: str
    source_label: str
    value: str  # empty when nothing was measured
    target: str
    detail: str
    score: Decimal | None
    weight: Decimal
    counted_weight: Decimal
    contribution: Decimal

    @property
    def is_counted(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class BehaviourRow:
    rating: BehaviourRating
    value: CoreValue
    expectation: str  # the leader's specific expectation written in the SKP


@dataclass(frozen=True, slots=True)
class RatingPage:
    evaluation: Evaluation
    results: list[ResultRating]
    behaviours: list[BehaviourRow]
    rubrics: list[Indicator]  # the supervisor-rubric results indicators to score
    rubric_levels: dict[int, int]
    score: ResultsScore
    score_rows: list[ScoreRow]
    may_rate: bool
    is_editable: bool

    @property
    def status_label(self) -> Promise:
        return EVALUATION_STATUS_LABELS[self.evaluation.status]

    @property
    def suggested_results_label(self) -> str:
        return rating_label(self.evaluation.suggested_results_rating)

    @property
    def suggested_behaviour_label(self) -> str:
        return rating_label(self.evaluation.suggested_behaviour_rating)

    @property
    def results_rating_label(self) -> str:
        return rating_label(self.evaluation.results_rating)

    @property
    def behaviour_rating_label(self) -> str:
        return rating_label(self.evaluation.behaviour_rating)

    @property
    def matrix_predicate_label(self) -> str:
        return predicate_label(self.evaluation.matrix_predicate)

    @property
    def final_predicate_label(self) -> str:
        return predicate_label(self.evaluation.final_predicate)


def _score_rows(score: ResultsScore) -> list[ScoreRow]:
    sources = dict(Indicator.Source.choices)
    return [
        ScoreRow(
            indicator_name=scored.line.name,
            code=scored.line.code,
            source_label=str(sources.get(scored.line.source, scored.line.source)),
            value="" if scored.line.value is None else plain_number(scored.line.value),
            target=plain_number(scored.line.target),
            detail=describe_source(scored.line),
            score=scored.score,
            weight=scored.line.weight,
            counted_weight=scored.counted_weight,
            contribution=scored.contribution,
        )
        for scored in score.lines
    ]


def _rubric_indicators(evaluation: Evaluation) -> list[Indicator]:
    """The indicators of the evaluation's criteria version that apply to the employee and
    that the appraiser scores on a rubric: the weighted results ones; and, under the
    numeric method (PP 30/2019), the behaviour ones too, whose levels make the behaviour
    score. (Under the 6/2022 matrix the appraiser rates the BerAKHLAK values directly.)"""
    version = evaluation.criteria_version
    if version is None:
        return []
    numeric = version.rating_method == CriteriaVersion.RatingMethod.NUMERIC
    return [
        indicator
        for indicator in indicators_for_employee(version, evaluation.employee)
        if indicator.source == Indicator.Source.SUPERVISOR_RUBRIC
        and (
            (indicator.aspect in RESULTS_ASPECT_VALUES and indicator.weight)
            or (numeric and indicator.aspect not in RESULTS_ASPECT_VALUES)
        )
    ]


def rating_page(viewer: Viewer, evaluation: Evaluation) -> RatingPage:
    """Everything the rating page shows; ``evaluation`` comes from
    ``access.get_evaluation_for_user``. The score is the stored computation scored again
    (``results.score_lines``), the figures of record."""
    behaviour_expectations: dict[str, str] = {}
    if evaluation.plan is not None:
        behaviour_expectations = dict(
            evaluation.plan.behaviours.values_list("value", "special_expectation")
        )
    values = {value.code: value for value in CORE_VALUES}
    behaviours = [
        BehaviourRow(rating, values[rating.value], behaviour_expectations.get(rating.value, ""))
        for rating in evaluation.behaviour_ratings.all()
        if rating.value in values
    ]
    score = score_lines(
        line_from_dict(data) for data in (evaluation.computation or {}).get("lines", [])
    )
    editable = is_rating_open(evaluation.status)
    return RatingPage(
        evaluation=evaluation,
        results=list(evaluation.result_ratings.all()),
        behaviours=behaviours,
        rubrics=_rubric_indicators(evaluation) if editable else [],
        rubric_levels=dict(evaluation.rubric_scores.values_list("indicator_id", "level")),
        score=score,
        score_rows=_score_rows(score),
        may_rate=may_rate(viewer, evaluation),
        is_editable=editable,
    )
