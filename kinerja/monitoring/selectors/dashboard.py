"""The two dashboards of Beranda (product.md capability 8 and section 6).

- The **leader's control room**: for the people a leader may follow (a pimpinan: everyone
  in the units they lead; a penilai: everyone below them in the reporting line; the HR
  admin: their organisation), unit by unit down the tree: live service numbers with a
  six-month trend, how far each step of the SKP and of the latest evaluation has got
  (and who is missing what), the distribution of predicates against the allowed curve,
  open coaching cases, new early-warning alerts, innovations in the pipeline and the
  socialisation of the criteria in force. A unit's people are listed with their own
  figures, and every count has the list of people behind it.
- The **employee's own dashboard** ("Kinerja saya"): my SKP and its realisations, my
  service numbers and trend, the latest feedback, my delivered evaluations, my
  acknowledgement tasks and my coaching plan.

Who is in a leader's scope is decided by ``organization.selectors`` (the "full profile"
access); the viewer themself is left out: their own figures are on "Kinerja saya".
Everything is counted in a fixed number of queries, whatever the number of employees:
figures are grouped by unit in SQL and summed up the tree in memory (a few hundred units
at most), and a page of people is completed with one query per kind of figure.
"""

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.scoring import Predicate, allowed_pattern, distribution_violations
from kinerja.appraisals.selectors.access import DELIVERED_STATUSES, calibrations_for_user
from kinerja.appraisals.selectors.calibration import Distribution, PatternBar
from kinerja.appraisals.selectors.team import default_period, evaluation_periods
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.coaching.models import CoachingAction, CoachingCase
from kinerja.coaching.selectors import cases_for_user, own_cases_for_user
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.criteria.models import CriteriaVersion
from kinerja.criteria.selectors.access import can_see_coverage, is_criteria_team
from kinerja.criteria.selectors.socialisation import MyTask, coverage, my_acknowledgements
from kinerja.criteria.selectors.versions import published_version
from kinerja.innovations.models import Innovation
from kinerja.monitoring.models import Alert
from kinerja.monitoring.selectors.alerts import alerts_for_user
from kinerja.organization.models import Employee, OrgUnit, PerformanceYear, Period, UnitRollout
from kinerja.organization.rollout import RolloutStage, unit_stage
from kinerja.organization.selectors import (
    UnitNode,
    Viewer,
    employees_with_full_access_for_user,
    get_viewer,
    subordinate_ids,
    unit_tree_for_user,
)
from kinerja.plans.models import Feedback, PerformancePlan, Realisation, WorkResult
from kinerja.plans.selectors.execution import realisation_periods
from kinerja.plans.selectors.feedback import feedback_for_employee
from kinerja.plans.workflow import PlanStatus
from kinerja.service_metrics.models import ServiceMetric, rate
from kinerja.service_metrics.selectors.pages import Figures

PEOPLE_PAGE_SIZE = 50
TREND_MONTHS = 6
LATEST_FEEDBACK = 5
LATEST_EVALUATIONS = 3
NEXT_ACTIONS = 5


# -- the steps people are at --------------------------------------------------------------


class SkpStep(enum.StrEnum):
    """Where an employee's SKP for the year stands: the plan in force once approved, else
    the furthest an open revision got (a returned plan counts as a draft again)."""

    NONE = "NONE"
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"


class EvaluationStep(enum.StrEnum):
    """Where an employee's evaluation of the period stands; delivered includes an
    objection filed or decided afterwards."""

    NOT_OPENED = "NOT_OPENED"
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    DELIVERED = "DELIVERED"


SKP_LABELS: dict[SkpStep, Promise] = {
    SkpStep.NONE: _("No SKP"),
    SkpStep.DRAFT: _("Draft"),
    SkpStep.SUBMITTED: _("Submitted"),
    SkpStep.APPROVED: _("Approved"),
}
EVALUATION_LABELS: dict[EvaluationStep, Promise] = {
    EvaluationStep.NOT_OPENED: _("Not opened"),
    EvaluationStep.DRAFT: _("Draft"),
    EvaluationStep.SUBMITTED: _("Submitted"),
    EvaluationStep.DELIVERED: _("Delivered"),
}
_EVALUATION_STEP_OF = {
    EvaluationStatus.DRAFT.value: EvaluationStep.DRAFT,
    EvaluationStatus.SUBMITTED.value: EvaluationStep.SUBMITTED,
    **dict.fromkeys(DELIVERED_STATUSES, EvaluationStep.DELIVERED),
}


def evaluation_step(status: str | None) -> EvaluationStep:
    return _EVALUATION_STEP_OF.get(status or "", EvaluationStep.NOT_OPENED)


class Show(enum.StrEnum):
    """The lists behind the numbers of the control room (``?show=`` of the people list)."""

    ALL = "all"
    SKP_NONE = "skp-none"
    SKP_DRAFT = "skp-draft"
    SKP_SUBMITTED = "skp-submitted"
    SKP_APPROVED = "skp-approved"
    EVALUATION_NOT_OPENED = "evaluation-not-opened"
    EVALUATION_DRAFT = "evaluation-draft"
    EVALUATION_SUBMITTED = "evaluation-submitted"
    EVALUATION_DELIVERED = "evaluation-delivered"
    SERVICE = "service"
    OVERDUE = "overdue"
    COACHING = "coaching"
    ALERTS = "alerts"


SHOW_LABELS: dict[Show, Promise] = {
    Show.ALL: _("Everyone"),
    Show.SKP_NONE: _("SKP: none yet"),
    Show.SKP_DRAFT: _("SKP: draft"),
    Show.SKP_SUBMITTED: _("SKP: waiting for approval"),
    Show.SKP_APPROVED: _("SKP: approved"),
    Show.EVALUATION_NOT_OPENED: _("Evaluation: not opened"),
    Show.EVALUATION_DRAFT: _("Evaluation: being rated"),
    Show.EVALUATION_SUBMITTED: _("Evaluation: submitted"),
    Show.EVALUATION_DELIVERED: _("Evaluation: delivered"),
    Show.SERVICE: _("Service tasks this month"),
    Show.OVERDUE: _("Overdue service tasks"),
    Show.COACHING: _("Active coaching case"),
    Show.ALERTS: _("New alerts"),
}
SHOW_GROUPS: tuple[tuple[Promise, tuple[Show, ...]], ...] = (
    (_("People"), (Show.ALL,)),
    (_("SKP"), (Show.SKP_NONE, Show.SKP_DRAFT, Show.SKP_SUBMITTED, Show.SKP_APPROVED)),
    (
        _("Evaluation"),
        (
            Show.EVALUATION_NOT_OPENED,
            Show.EVALUATION_DRAFT,
            Show.EVALUATION_SUBMITTED,
            Show.EVALUATION_DELIVERED,
        ),
    ),
    (_("Services and attention"), (Show.SERVICE, Show.OVERDUE, Show.ALERTS, Show.COACHING)),
)
# The short names of the lists where their group already says what they are about.
_CHIP_LABELS: dict[Show, Promise] = {
    Show.ALL: _("Everyone"),
    Show.SKP_NONE: _("No SKP"),
    Show.SKP_DRAFT: _("Draft"),
    Show.SKP_SUBMITTED: _("Waiting for approval"),
    Show.SKP_APPROVED: _("Approved"),
    Show.EVALUATION_NOT_OPENED: _("Not opened"),
    Show.EVALUATION_DRAFT: _("Being rated"),
    Show.EVALUATION_SUBMITTED: _("Submitted"),
    Show.EVALUATION_DELIVERED: _("Delivered"),
    Show.SERVICE: _("Tasks this month"),
    Show.OVERDUE: _("Overdue tasks"),
    Show.ALERTS: _("New alerts"),
    Show.COACHING: _("Active coaching case"),
}
SKP_SHOWS = {
    SkpStep.NONE: Show.SKP_NONE,
    SkpStep.DRAFT: Show.SKP_DRAFT,
    SkpStep.SUBMITTED: Show.SKP_SUBMITTED,
    SkpStep.APPROVED: Show.SKP_APPROVED,
}
EVALUATION_SHOWS = {
    EvaluationStep.NOT_OPENED: Show.EVALUATION_NOT_OPENED,
    EvaluationStep.DRAFT: Show.EVALUATION_DRAFT,
    EvaluationStep.SUBMITTED: Show.EVALUATION_SUBMITTED,
    EvaluationStep.DELIVERED: Show.EVALUATION_DELIVERED,
}


# -- the figures of a unit ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkedCount:
    """A count behind a link: the number and the ``?show=`` of its list."""

    value: int
    show: Show
    label: Promise


@dataclass(slots=True)
class Tally:
    """Everything counted for a set of people (a unit, its subtree, the whole scope).
    Tallies add up, so a unit's subtree is the sum of its own and its sub-units'."""

    people: int = 0
    skp: Counter[SkpStep] = field(default_factory=Counter)
    evaluation: Counter[EvaluationStep] = field(default_factory=Counter)
    months: dict[str, Figures] = field(default_factory=dict)  # period code → figures
    service_people: int = 0  # with tasks completed this month
    overdue_people: int = 0  # with open overdue tasks at this month's end
    coaching: int = 0
    alerts: int = 0
    alert_people: int = 0
    innovations: Counter[str] = field(default_factory=Counter)
    acknowledged: int = 0
    to_acknowledge: int = 0

    def add(self, other: "Tally") -> None:
        self.people += other.people
        self.skp.update(other.skp)
        self.evaluation.update(other.evaluation)
        for code, figures in other.months.items():
            self.months[code] = Figures.total([self.months.get(code, Figures()), figures])
        self.service_people += other.service_people
        self.overdue_people += other.overdue_people
        self.coaching += other.coaching
        self.alerts += other.alerts
        self.alert_people += other.alert_people
        self.innovations.update(other.innovations)
        self.acknowledged += other.acknowledged
        self.to_acknowledge += other.to_acknowledge


@dataclass(frozen=True, slots=True)
class Month:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """A tally as the pages show it, for the months of the trend."""

    tally: Tally
    months: Sequence[Month]  # oldest first; the last one is the current month

    @property
    def people(self) -> int:
        return self.tally.people

    @property
    def service(self) -> Figures:
        return self.tally.months.get(self.months[-1].code, Figures())

    @property
    def has_service(self) -> bool:
        return any(figures.tasks_completed for figures in self.tally.months.values()) or bool(
            self.service.open_overdue
        )

    @property
    def trend(self) -> list[Decimal | None]:
        """The on-time rate of each month of the trend (None for a month without tasks)."""
        return [self.tally.months.get(month.code, Figures()).on_time_rate for month in self.months]

    @property
    def trend_labels(self) -> list[str]:
        return [month.label for month in self.months]

    @property
    def skp(self) -> list[LinkedCount]:
        return [
            LinkedCount(self.tally.skp[step], SKP_SHOWS[step], SKP_LABELS[step]) for step in SkpStep
        ]

    @property
    def skp_done(self) -> Decimal | None:
        return rate(self.tally.skp[SkpStep.APPROVED], self.people)

    @property
    def evaluation(self) -> list[LinkedCount]:
        return [
            LinkedCount(
                self.tally.evaluation[step], EVALUATION_SHOWS[step], EVALUATION_LABELS[step]
            )
            for step in EvaluationStep
        ]

    @property
    def evaluation_done(self) -> Decimal | None:
        done = self.tally.evaluation[EvaluationStep.SUBMITTED]
        done += self.tally.evaluation[EvaluationStep.DELIVERED]
        return rate(done, self.people)

    @property
    def coaching(self) -> int:
        return self.tally.coaching

    @property
    def alerts(self) -> int:
        return self.tally.alerts

    def people_at(self, show: Show) -> int:
        """How many people the list ``show`` holds."""
        tally = self.tally
        for step, name in SKP_SHOWS.items():
            if show is name:
                return tally.skp[step]
        for evaluation, name in EVALUATION_SHOWS.items():
            if show is name:
                return tally.evaluation[evaluation]
        return {
            Show.SERVICE: tally.service_people,
            Show.OVERDUE: tally.overdue_people,
            Show.COACHING: tally.coaching,
            Show.ALERTS: tally.alert_people,
        }.get(show, tally.people)

    @property
    def coverage(self) -> Decimal | None:
        return rate(self.tally.acknowledged, self.tally.to_acknowledge)

    @property
    def not_acknowledged(self) -> int:
        return self.tally.to_acknowledge - self.tally.acknowledged


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A sub-unit in the table of a unit page, with the figures of its whole subtree."""

    unit: OrgUnit
    stage: RolloutStage
    figures: UnitFigures

    @property
    def is_pilot(self) -> bool:
        return self.stage is RolloutStage.PILOT


@dataclass(frozen=True, slots=True)
class InnovationCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person of a unit page or of a list behind a number."""

    employee: Employee
    skp: SkpStep
    plan_id: int | None
    evaluation: Evaluation | None
    service: ServiceMetric | None
    coaching_case_id: int | None
    alerts: int

    @property
    def skp_label(self) -> Promise:
        return SKP_LABELS[self.skp]

    @property
    def evaluation_step(self) -> EvaluationStep:
        return evaluation_step(self.evaluation.status if self.evaluation else None)

    @property
    def evaluation_label(self) -> Promise:
        return EVALUATION_LABELS[self.evaluation_step]


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose figures a leader follows: ``root`` is the unit at the top of the scope (the
    unit a pimpinan leads, the organisation of an HR admin, the lowest unit holding all of
    a penilai's reports); None for an HR admin without an organisation (every root)."""

    viewer: Viewer
    employees: QuerySet[Employee]
    root_path: str | None

    def holds(self, unit: OrgUnit) -> bool:
        return self.root_path is None or unit.path.startswith(self.root_path)


@dataclass(frozen=True, slots=True)
class Context:
    """The periods the dashboards are about, fixed once per request."""

    today: date
    performance_year: PerformanceYear | None
    period: Period | None  # the evaluation period of the completion figures
    months: list[Month]  # the trend, oldest first; the last one is this month

    @property
    def month(self) -> str:
        return self.months[-1].code


@dataclass(frozen=True, slots=True)
class LeaderDashboard:
    """One unit of the control room (the top of the viewer's scope on Beranda)."""

    viewer: Viewer
    context: Context
    unit: OrgUnit | None  # None: every organisation (an HR admin without one)
    ancestors: list[OrgUnit]  # from the top of the scope down to the unit's parent
    stage: RolloutStage
    figures: UnitFigures
    units: list[UnitRow]
    show: Show | None  # the list ``people`` holds; None: the unit's own people
    people: Page[PersonRow]
    unit_count: int
    calibration: Calibration | None
    spread: Distribution | None
    innovations: list[InnovationCount] | None  # None: not shown to this viewer
    may_open_innovation_queue: bool
    criteria_version: CriteriaVersion | None  # whose socialisation is shown, if any

    @property
    def is_pilot(self) -> bool:
        return self.stage is RolloutStage.PILOT

    @property
    def code(self) -> str:
        return self.unit.code if self.unit is not None else ""

    @property
    def show_groups(self) -> list[tuple[Promise, list[tuple[Show, Promise, int]]]]:
        """The lists of people of the unit, by topic, each with how many it holds."""
        return [
            (title, [(show, _CHIP_LABELS[show], self.figures.people_at(show)) for show in shows])
            for title, shows in SHOW_GROUPS
        ]

    @property
    def show_label(self) -> Promise | None:
        return SHOW_LABELS[self.show] if self.show is not None else None

    @property
    def innovation_pipeline(self) -> int:
        return sum(
            item.count for item in self.innovations or [] if item.status in _UNDECIDED_INNOVATIONS
        )


_UNDECIDED_INNOVATIONS = (Innovation.Status.SUBMITTED.value, Innovation.Status.IN_REVIEW.value)


# -- who a leader follows ------------------------------------------------------------------


def is_leader(viewer: Viewer) -> bool:
    """Who gets the control room on Beranda: pimpinan, penilai and the HR admin."""
    return viewer.is_admin or viewer.is_pimpinan or viewer.is_penilai


def _common_path(paths: Iterable[str]) -> str | None:
    """The path of the lowest unit above (or equal to) every one of ``paths``."""
    common: list[str] | None = None
    for path in paths:
        parts = [part for part in path.split("/") if part]
        if common is None:
            common = parts
            continue
        length = 0
        for mine, theirs in zip(common, parts, strict=False):
            if mine != theirs:
                break
            length += 1
        common = common[:length]
    if not common:
        return None
    return "/" + "/".join(common) + "/"


def leader_scope(user: User, *, viewer: Viewer | None = None) -> Scope:
    """The people ``user`` follows on the control room, active, without the viewer;
    NotFound for anyone who leads nobody."""
    viewer = viewer or get_viewer(user)
    if not is_leader(viewer):
        raise NotFound
    employees = employees_with_full_access_for_user(user, viewer=viewer).filter(is_active=True)
    if viewer.employee is not None:
        employees = employees.exclude(pk=viewer.employee.pk)
    if viewer.is_admin:
        root_path = viewer.org_root_path
    elif viewer.pimpinan_path is not None:
        root_path = viewer.pimpinan_path
    else:
        assert viewer.employee is not None  # noqa: S101 - a penilai has an employee record
        paths = (
            OrgUnit.objects.filter(
                pk__in=Employee.objects.filter(
                    pk__in=subordinate_ids(viewer.employee), is_active=True
                ).values("unit_id")
            )
            .values_list("path", flat=True)
            .distinct()
        )
        root_path = _common_path(paths) or viewer.org_root_path
    if root_path is not None:
        employees = employees.filter(unit__path__startswith=root_path)
    return Scope(viewer=viewer, employees=employees, root_path=root_path)


# -- the periods ---------------------------------------------------------------------------


def _month_codes(today: date, count: int) -> list[str]:
    year, month = today.year, today.month
    codes = []
    for _index in range(count):
        codes.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return codes[::-1]


def dashboard_context(today: date) -> Context:
    """This year's SKP (the latest year when this one is not opened yet), the latest
    evaluation period that has ended, and the last six months. Two queries."""
    performance_year = (
        PerformanceYear.objects.filter(year__lte=today.year).order_by("-year").first()
        or PerformanceYear.objects.order_by("year").first()
    )
    periods = evaluation_periods()
    # The latest period whose evaluation is due: the last one that has ended (a year's
    # annual evaluation before its December), else the one under way.
    ended = [p for p in periods if p.ends_on < today]
    period = (
        max(ended, key=lambda p: (p.ends_on, -p.starts_on.toordinal()))
        if ended
        else default_period(periods, today)
    )
    months = [
        Month(code, formats.date_format(date(int(code[:4]), int(code[5:]), 1), "M Y"))
        for code in _month_codes(today, TREND_MONTHS)
    ]
    return Context(today=today, performance_year=performance_year, period=period, months=months)


# -- the annotations every count and list is built on --------------------------------------


def _skp_step(performance_year: PerformanceYear | None) -> Combinable:
    if performance_year is None:
        return Value(SkpStep.NONE.value, output_field=CharField())
    plans = PerformancePlan.objects.filter(
        employee=OuterRef("pk"), performance_year=performance_year
    )
    return Case(
        When(Exists(plans.filter(status=PlanStatus.APPROVED)), then=Value(SkpStep.APPROVED.value)),
        When(
            Exists(plans.filter(status=PlanStatus.SUBMITTED)), then=Value(SkpStep.SUBMITTED.value)
        ),
        When(Exists(plans.exclude(status=PlanStatus.SUPERSEDED)), then=Value(SkpStep.DRAFT.value)),
        default=Value(SkpStep.NONE.value),
        output_field=CharField(),
    )


def _skp_filter(step: SkpStep, performance_year: PerformanceYear | None) -> Q:
    """The employees whose SKP is at ``step``, as ``_skp_step`` decides, written as
    semi-joins the database runs once for the whole list rather than once per row."""
    if performance_year is None:
        return Q() if step is SkpStep.NONE else Q(pk__in=[])
    plans = PerformancePlan.objects.filter(
        employee=OuterRef("pk"), performance_year=performance_year
    )
    approved = Exists(plans.filter(status=PlanStatus.APPROVED))
    submitted = Exists(plans.filter(status=PlanStatus.SUBMITTED))
    live = Exists(plans.exclude(status=PlanStatus.SUPERSEDED))
    return {
        SkpStep.APPROVED: Q(approved),
        SkpStep.SUBMITTED: ~Q(approved) & Q(submitted),
        SkpStep.DRAFT: ~Q(approved) & ~Q(submitted) & Q(live),
        SkpStep.NONE: ~Q(live),
    }[step]


def _evaluation_status(period: Period | None) -> Combinable:
    if period is None:
        return Value(None, output_field=CharField())
    return Subquery(
        Evaluation.objects.filter(employee=OuterRef("pk"), period=period).values("status")[:1],
        output_field=CharField(),
    )


def _with_steps(employees: QuerySet[Employee], context: Context) -> QuerySet[Employee]:
    return employees.annotate(
        skp_step=_skp_step(context.performance_year),
        evaluation_status=_evaluation_status(context.period),
    )


_EVALUATION_FILTERS: dict[Show, Q] = {
    Show.EVALUATION_NOT_OPENED: Q(evaluation_status__isnull=True),
    Show.EVALUATION_DRAFT: Q(evaluation_status=EvaluationStatus.DRAFT.value),
    Show.EVALUATION_SUBMITTED: Q(evaluation_status=EvaluationStatus.SUBMITTED.value),
    Show.EVALUATION_DELIVERED: Q(evaluation_status__in=DELIVERED_STATUSES),
}


def _filtered(
    employees: QuerySet[Employee], show: Show, context: Context, viewer: Viewer
) -> QuerySet[Employee]:
    """``employees`` (annotated by ``_with_steps``) narrowed to the list ``show`` names."""
    for step, name in SKP_SHOWS.items():
        if show is name:
            return employees.filter(_skp_filter(step, context.performance_year))
    if show in _EVALUATION_FILTERS:
        return employees.filter(_EVALUATION_FILTERS[show])
    month = ServiceMetric.objects.filter(employee=OuterRef("pk"), period=context.month)
    if show is Show.SERVICE:
        return employees.filter(Exists(month.filter(tasks_completed__gt=0)))
    if show is Show.OVERDUE:
        return employees.filter(Exists(month.filter(open_overdue__gt=0)))
    if show is Show.COACHING:
        return employees.filter(Exists(_active_cases().filter(employee=OuterRef("pk"))))
    if show is Show.ALERTS:
        return employees.filter(Exists(_new_alerts(viewer).filter(employee=OuterRef("pk"))))
    return employees


# Coaching cases are only ever counted for people of the viewer's scope: people whose
# full profile the viewer reads, and with it their cases (``coaching.selectors
# .cases_for_user``), so the scope alone decides. Alerts have a narrower rule (the
# appraiser, the direct superior, the pimpinan, the HR admin): they go through theirs.


def _active_cases() -> QuerySet[CoachingCase]:
    return CoachingCase.objects.filter(status=CoachingCase.Status.ACTIVE)


def _new_alerts(viewer: Viewer) -> QuerySet[Alert]:
    return alerts_for_user(viewer.user, viewer=viewer).filter(status=Alert.Status.OPEN)


# -- counting by unit ----------------------------------------------------------------------


def _figures_of(row: Mapping[str, Any]) -> Figures:
    return Figures(
        tasks_completed=row["tasks_completed"] or 0,
        on_time=row["on_time"] or 0,
        first_time_right=row["first_time_right"] or 0,
        open_overdue=row["open_overdue"] or 0,
    )


_COUNT_SUMS = {
    "tasks_completed": Sum("tasks_completed"),
    "on_time": Sum("on_time"),
    "first_time_right": Sum("first_time_right"),
    "open_overdue": Sum("open_overdue"),
}


def _tallies(
    viewer: Viewer,
    employees: QuerySet[Employee],
    context: Context,
    *,
    with_office: bool,
    version: CriteriaVersion | None,
    unit_ids: Mapping[str, int],
) -> dict[int, Tally]:
    """The figures of ``employees`` grouped by the unit each works in (not summed up the
    tree yet). Four queries, three more with the office figures (innovations and the
    socialisation coverage, for a pimpinan and the HR admin); ``unit_ids`` maps the
    codes of the units shown to their ids."""
    tallies: dict[int, Tally] = defaultdict(Tally)
    steps = (
        _with_steps(employees, context)
        .values("unit_id", "skp_step", "evaluation_status")  # type: ignore[misc]
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in steps:
        tally = tallies[row["unit_id"]]
        tally.people += row["count"]
        tally.skp[SkpStep(row["skp_step"])] += row["count"]
        tally.evaluation[evaluation_step(row["evaluation_status"])] += row["count"]
    ids = employees.values("pk")
    service = (
        ServiceMetric.objects.filter(
            period__in=[month.code for month in context.months], employee__in=ids
        )
        .values("employee__unit_id", "period")
        .annotate(
            people=Count("pk", filter=Q(tasks_completed__gt=0)),
            overdue_people=Count("pk", filter=Q(open_overdue__gt=0)),
            **_COUNT_SUMS,
        )
        .order_by()
    )
    for row in service:
        tally = tallies[row["employee__unit_id"]]
        tally.months[row["period"]] = _figures_of(row)
        if row["period"] == context.month:
            tally.service_people += row["people"]
            tally.overdue_people += row["overdue_people"]
    cases = (
        _active_cases()
        .filter(employee__in=ids)
        .values("employee__unit_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in cases:
        tallies[row["employee__unit_id"]].coaching += row["count"]
    alerts = (
        _new_alerts(viewer)
        .filter(employee__in=ids)
        .values("employee__unit_id")
        .annotate(count=Count("pk"), people=Count("employee", distinct=True))
        .order_by()
    )
    for row in alerts:
        tallies[row["employee__unit_id"]].alerts += row["count"]
        tallies[row["employee__unit_id"]].alert_people += row["people"]
    if with_office:
        _count_innovations(tallies, ids)
        if version is not None:
            _count_coverage(tallies, viewer, version, unit_ids)
    return tallies


def _count_innovations(tallies: dict[int, Tally], ids: QuerySet[Any]) -> None:
    """Innovations by the unit of the employee who submitted them. Only the counts: an
    innovation not yet verified stays readable to its team and the panel alone."""
    rows = (
        Innovation.objects.filter(submitted_by__in=ids)
        .values("submitted_by__unit_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        tallies[row["submitted_by__unit_id"]].innovations[row["status"]] += row["count"]


def _count_coverage(
    tallies: dict[int, Tally], viewer: Viewer, version: CriteriaVersion, units: Mapping[str, int]
) -> None:
    """The acknowledgement tasks of ``version`` per unit (the unit each person worked in
    when it was published), through the socialisation's own coverage reading."""
    try:
        rows = coverage(version, viewer).rows
    except (NotFound, PermissionDenied):
        return
    for row in rows:
        if row.unit is None or row.unit.code not in units:
            continue
        tally = tallies[units[row.unit.code]]
        tally.to_acknowledge += row.in_scope
        tally.acknowledged += row.acknowledged


def _subtree_tallies(nodes: Sequence[UnitNode], own: Mapping[int, Tally]) -> dict[int, Tally]:
    """Each unit's tally with its sub-units' added, deepest first."""
    totals: dict[int, Tally] = {}
    for node in sorted(nodes, key=lambda n: n.unit.path.count("/"), reverse=True):
        total = totals.setdefault(node.unit.pk, Tally())
        if node.unit.pk in own:
            total.add(own[node.unit.pk])
        if node.parent is not None:
            totals.setdefault(node.parent.unit.pk, Tally()).add(total)
    return totals


def _rollout_plans() -> dict[str, tuple[date | None, date | None]]:
    return {
        path: (pilot_from, active_from)
        for path, pilot_from, active_from in UnitRollout.objects.values_list(
            "unit__path", "pilot_from", "active_from"
        )
    }


# -- a page of people ----------------------------------------------------------------------


def person_rows(employees: Sequence[Employee], context: Context, viewer: Viewer) -> list[PersonRow]:
    """The rows of a page of people (annotated by ``_with_steps``), completed with their
    plan, evaluation, service figures of the month, coaching case and alerts: five
    queries, whatever the page size."""
    ids = [employee.pk for employee in employees]
    if not ids:
        return []
    plans: dict[int, int] = {}
    if context.performance_year is not None:
        # The plan the step is about: the approved one, else the newest open revision.
        for employee_id, plan_id, status in (
            PerformancePlan.objects.filter(
                employee_id__in=ids, performance_year=context.performance_year
            )
            .exclude(status=PlanStatus.SUPERSEDED)
            .order_by("employee_id", "-revision")
            .values_list("employee_id", "pk", "status")
        ):
            if employee_id not in plans or status == PlanStatus.APPROVED:
                plans[employee_id] = plan_id
    evaluations: dict[int, Evaluation] = {}
    if context.period is not None:
        evaluations = {
            evaluation.employee_id: evaluation
            for evaluation in Evaluation.objects.filter(
                employee_id__in=ids, period=context.period
            ).only("pk", "employee_id", "status", "final_predicate", "matrix_predicate")
        }
    metrics = {
        metric.employee_id: metric
        for metric in ServiceMetric.objects.filter(employee_id__in=ids, period=context.month)
    }
    cases = dict(_active_cases().filter(employee_id__in=ids).values_list("employee_id", "pk"))
    alerts = dict(
        _new_alerts(viewer)
        .filter(employee_id__in=ids)
        .values("employee_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("employee_id", "count")
    )
    return [
        PersonRow(
            employee=employee,
            skp=SkpStep(employee.skp_step),  # type: ignore[attr-defined]
            plan_id=plans.get(employee.pk),
            evaluation=evaluations.get(employee.pk),
            service=metrics.get(employee.pk),
            coaching_case_id=cases.get(employee.pk),
            alerts=alerts.get(employee.pk, 0),
        )
        for employee in employees
    ]


def _people_page(
    employees: QuerySet[Employee], context: Context, viewer: Viewer, page: str | int | None
) -> Page[PersonRow]:
    """A page of ``employees`` (annotated by ``_with_steps``) by name, as rows."""
    paginator = Paginator(
        employees.select_related("position", "unit").order_by("name", "pk"), PEOPLE_PAGE_SIZE
    )
    people = paginator.get_page(page)
    rows = person_rows(list(people.object_list), context, viewer)
    return Page(rows, people.number, paginator)  # type: ignore[arg-type]


def parse_show(value: str | None) -> Show | None:
    """The list a ``?show=`` names; None for none or an unknown one."""
    return next((show for show in Show if show.value == value), None)


# -- the control room ----------------------------------------------------------------------


def _find_node(nodes: Sequence[UnitNode], scope: Scope, unit_code: str | None) -> UnitNode | None:
    """The node of ``unit_code`` (of the top of the scope when None); NotFound for a
    unit outside the scope. None for the top of an HR admin's every organisation."""
    for node in nodes:
        if unit_code is not None and node.unit.code == unit_code:
            if not scope.holds(node.unit):
                raise NotFound
            return node
        if unit_code is None and node.unit.path == scope.root_path:
            return node
    if unit_code is not None or scope.root_path is not None:
        raise NotFound
    return None


def leader_dashboard(
    user: User,
    *,
    context: Context,
    unit_code: str | None = None,
    show: Show | None = None,
    page: str | int | None = None,
) -> LeaderDashboard:
    """The control room of one unit of the viewer's scope (the top of it by default):
    the unit's figures, its sub-units with theirs, and a page of its own people, or,
    with ``show``, of the people of the unit and its sub-units behind that number.

    NotFound for a viewer who leads nobody and for a unit outside their scope, or one
    where they follow nobody. About twenty queries, whatever the number of employees."""
    scope = leader_scope(user)
    viewer = scope.viewer
    tree = unit_tree_for_user(user, viewer=viewer)
    node = _find_node(tree.nodes, scope, unit_code)
    if node is None:
        subtree, children, employees = tree.nodes, tree.roots, scope.employees
    else:
        subtree = [n for n in tree.nodes if n.unit.path.startswith(node.unit.path)]
        children = node.children
        employees = scope.employees.filter(unit__path__startswith=node.unit.path)
    with_office = viewer.is_admin or viewer.is_pimpinan
    version = _version_in_force(viewer, tree.nodes, context) if with_office else None
    own = _tallies(
        viewer,
        employees,
        context,
        with_office=with_office,
        version=version,
        unit_ids={n.unit.code: n.unit.pk for n in subtree},
    )
    totals = _subtree_tallies(subtree, own)
    total = Tally()
    for top in children if node is None else [node]:
        total.add(totals.get(top.unit.pk, Tally()))
    if unit_code is not None and total.people == 0:
        raise NotFound
    plans = _rollout_plans()
    units = [
        UnitRow(
            unit=child.unit,
            stage=unit_stage(child.unit.path, context.today, plans),
            figures=UnitFigures(totals[child.unit.pk], context.months),
        )
        for child in children
        if totals.get(child.unit.pk, Tally()).people
    ]
    if show is not None:
        listed = _filtered(_with_steps(employees, context), show, context, viewer)
    elif node is not None:
        listed = _with_steps(scope.employees.filter(unit_id=node.unit.pk), context)
    else:
        listed = scope.employees.none()
    calibration, spread = _calibration(user, viewer, node, plans) if show is None else (None, None)
    innovations = None
    if with_office:
        labels = dict(Innovation.Status.choices)
        innovations = [
            InnovationCount(status, str(labels[status]), total.innovations[status])
            for status in Innovation.Status.values
        ]
    return LeaderDashboard(
        viewer=viewer,
        context=context,
        unit=node.unit if node is not None else None,
        ancestors=[] if node is None else [n.unit for n in node.ancestors if scope.holds(n.unit)],
        stage=(
            unit_stage(node.unit.path, context.today, plans)
            if node is not None
            else RolloutStage.ACTIVE
        ),
        figures=UnitFigures(total, context.months),
        units=units,
        show=show,
        people=_people_page(listed, context, viewer, page),
        unit_count=sum(1 for n in subtree if totals.get(n.unit.pk, Tally()).people),
        calibration=calibration,
        spread=spread,
        innovations=innovations,
        may_open_innovation_queue=is_criteria_team(viewer),
        criteria_version=version,
    )


def _version_in_force(
    viewer: Viewer, nodes: Sequence[UnitNode], context: Context
) -> CriteriaVersion | None:
    """The criteria version in force in the viewer's organisation, whose socialisation a
    pimpinan and the HR admin follow."""
    if not can_see_coverage(viewer) or context.performance_year is None:
        return None
    organisation = next((n.unit for n in nodes if n.unit.path == viewer.org_root_path), None)
    if organisation is None:
        return None
    return published_version(organisation, context.performance_year.year)


def _calibration(
    user: User,
    viewer: Viewer,
    node: UnitNode | None,
    plans: Mapping[str, tuple[date | None, date | None]],
) -> tuple[Calibration | None, Distribution | None]:
    """The latest calibration of the unit (a year's annual one before its months), and
    its curve: for those who may open it, a pimpinan over the unit and the HR admin."""
    if node is None:
        return None, None
    calibration = (
        calibrations_for_user(user, viewer=viewer)
        .filter(unit=node.unit)
        .order_by("-period__ends_on", "-period__starts_on")
        .first()
    )
    if calibration is None:
        return None, None
    return calibration, counted_distribution(calibration, plans)


def counted_distribution(
    calibration: Calibration, plans: Mapping[str, tuple[date | None, date | None]]
) -> Distribution:
    """``appraisals.selectors.calibration.distribution`` of the calibration's population,
    counted in SQL by unit, status and predicate rather than loaded row by row (a city's
    calibration covers thousands of evaluations). The population follows the same rules:
    once final, the evaluations it stamped; before, those of its period under its unit
    that no deeper calibration takes, without the unit's own head, and without the pilot
    results (undelivered, of a unit not live at the period's end by ``plans``, the rollout
    plans by unit path). Two queries."""
    fields = ("status", "final_predicate", "matrix_predicate")
    evaluations = Evaluation.objects.order_by()
    if calibration.is_final:
        groups = evaluations.filter(calibration=calibration).values(*fields).annotate(n=Count("pk"))
        members = [(row, True) for row in groups]
    else:
        groups = (
            evaluations.filter(
                period_id=calibration.period_id,
                unit__path__startswith=calibration.unit.path,
                calibration__isnull=True,
            )
            .values("unit__path", "heads_unit_id", *fields)
            .annotate(n=Count("pk"))
        )
        others = list(
            Calibration.objects.filter(
                period_id=calibration.period_id, unit__path__startswith=calibration.unit.path
            ).values_list("pk", "unit_id", "unit__path")
        )
        period_end = calibration.period.ends_on
        members = []
        for row in groups:
            covering = [
                (len(path), pk)
                for pk, unit_id, path in others
                if row["unit__path"].startswith(path) and row["heads_unit_id"] != unit_id
            ]
            if not covering or max(covering)[1] != calibration.pk:
                continue
            live = unit_stage(row["unit__path"], period_end, plans) is RolloutStage.ACTIVE
            members.append((row, live or row["status"] in DELIVERED_STATUSES))
    counts: Counter[Predicate] = Counter()
    pending = 0
    for row, counted in members:
        if not counted:
            continue  # a pilot result: shown beside the curve, not in it
        predicate = row["final_predicate"] or row["matrix_predicate"]
        if row["status"] != EvaluationStatus.DRAFT.value and predicate:
            counts[Predicate(predicate)] += row["n"]
        else:
            pending += row["n"]
    predicates = list(counts.elements())
    bounds = allowed_pattern(calibration.org_predicate, len(predicates))
    return Distribution(
        total=len(predicates),
        bars=tuple(
            PatternBar(
                predicate=item.predicate,
                count=counts.get(item.predicate, 0),
                minimum=item.minimum,
                maximum=item.maximum,
            )
            for item in bounds.predicates
        ),
        violations=tuple(distribution_violations(calibration.org_predicate, predicates)),
        pending=pending,
        pattern=bounds,
    )


# -- the employee's own dashboard ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkpProgress:
    performance_year: PerformanceYear
    plan: PerformancePlan | None  # the plan in force, else the newest revision
    open_revision: PerformancePlan | None
    results: int = 0
    indicators: int = 0
    realisations: int = 0
    periods_passed: int = 0

    @property
    def expected_realisations(self) -> int:
        return self.indicators * self.periods_passed

    @property
    def realisation_rate(self) -> Decimal | None:
        return rate(min(self.realisations, self.expected_realisations), self.expected_realisations)

    @property
    def step(self) -> SkpStep:
        if self.plan is None:
            return SkpStep.NONE
        status = self.plan.status
        if status == PlanStatus.APPROVED:
            return SkpStep.APPROVED
        if status == PlanStatus.SUBMITTED:
            return SkpStep.SUBMITTED
        return SkpStep.DRAFT

    @property
    def step_label(self) -> Promise:
        return SKP_LABELS[self.step]


@dataclass(frozen=True, slots=True)
class ServiceTrend:
    months: list[Month]
    figures: list[Figures]  # one per month, oldest first

    @property
    def current(self) -> Figures:
        return self.figures[-1]

    @property
    def month(self) -> Month:
        return self.months[-1]

    @property
    def on_time(self) -> list[Decimal | None]:
        return [figures.on_time_rate for figures in self.figures]

    @property
    def labels(self) -> list[str]:
        return [month.label for month in self.months]


@dataclass(frozen=True, slots=True)
class CoachingPlan:
    case: CoachingCase
    next_actions: list[CoachingAction]
    today: date

    @property
    def days_left(self) -> int:
        return (self.case.window_ends_on - self.today).days


@dataclass(frozen=True, slots=True)
class MyDashboard:
    """What an employee sees of themself ("Kinerja saya"), or what a leader sees of one
    of their people on the person page (without the acknowledgements, which only the
    employee and the coverage pages read)."""

    employee: Employee
    is_self: bool
    supervisor: Employee | None
    supervisor_is_linkable: bool
    skp: SkpProgress | None
    service: ServiceTrend | None
    feedback: list[Feedback]
    evaluations: list[Evaluation]
    acknowledgements: list[MyTask]
    coaching: CoachingPlan | None
    alerts: int = 0
    context: Context | None = None

    @property
    def open_acknowledgements(self) -> list[MyTask]:
        return [task for task in self.acknowledgements if task.is_open]


def _skp_progress(employee: Employee, context: Context) -> SkpProgress | None:
    year = context.performance_year
    if year is None:
        return None
    revisions = list(
        PerformancePlan.objects.filter(employee=employee, performance_year=year).order_by(
            "-revision"
        )
    )
    approved = next((p for p in revisions if p.status == PlanStatus.APPROVED), None)
    live = [p for p in revisions if p.status != PlanStatus.SUPERSEDED]
    plan = approved or (live[0] if live else None)
    newest = live[0] if live else None
    open_revision = newest if newest is not None and newest is not plan else None
    if plan is None:
        return SkpProgress(year, None, None)
    counts = WorkResult.objects.filter(plan=plan).aggregate(
        results=Count("pk", distinct=True), indicators=Count("indicators")
    )
    passed = [p for p in realisation_periods(year) if p.ends_on < context.today]
    recorded = 0
    if passed and counts["indicators"]:
        recorded = Realisation.objects.filter(
            indicator__work_result__plan=plan, period__in=passed
        ).count()
    return SkpProgress(
        performance_year=year,
        plan=plan,
        open_revision=open_revision,
        results=counts["results"],
        indicators=counts["indicators"],
        realisations=recorded,
        periods_passed=len(passed),
    )


def _service_trend(employee: Employee, context: Context) -> ServiceTrend | None:
    """The last six months of the employee's service figures; None for someone without
    any (no front-desk work in the period)."""
    stored = {
        metric.period: metric
        for metric in ServiceMetric.objects.filter(
            employee=employee, period__in=[month.code for month in context.months]
        )
    }
    if not any(metric.tasks_completed or metric.open_overdue for metric in stored.values()):
        return None
    figures = [
        Figures.total([stored[month.code]]) if month.code in stored else Figures()
        for month in context.months
    ]
    return ServiceTrend(months=context.months, figures=figures)


def _delivered_evaluations(employee: Employee) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(employee=employee, status__in=DELIVERED_STATUSES)
        .select_related("period")
        .order_by("-period__ends_on", "-period__starts_on")[:LATEST_EVALUATIONS]
    )


def _coaching_plan(case: CoachingCase | None, today: date) -> CoachingPlan | None:
    if case is None:
        return None
    actions = list(
        CoachingAction.objects.filter(case=case, done_at__isnull=True)
        .select_related("owner")
        .order_by("due_on", "pk")[:NEXT_ACTIONS]
    )
    return CoachingPlan(case=case, next_actions=actions, today=today)


def _supervisor(viewer: Viewer, employee: Employee) -> tuple[Employee | None, bool]:
    if employee.supervisor_id is None:
        return None, False
    supervisor = (
        Employee.objects.select_related("position", "unit")
        .filter(pk=employee.supervisor_id)
        .first()
    )
    # Linked only where the directory lets the viewer open the atasan's page.
    linkable = bool(
        supervisor is not None
        and supervisor.is_active
        and viewer.org_root_path
        and supervisor.unit.path.startswith(viewer.org_root_path)
    )
    return supervisor, linkable


def my_dashboard(user: User, *, context: Context) -> MyDashboard:
    """The viewer's own dashboard; NotFound for an account without an employee record.
    About a dozen queries, whatever the organisation's size."""
    viewer = get_viewer(user)
    employee = viewer.employee
    if employee is None:
        raise NotFound
    supervisor, linkable = _supervisor(viewer, employee)
    case = (
        own_cases_for_user(user, today=context.today)
        .filter(status=CoachingCase.Status.ACTIVE)
        .first()
    )
    return MyDashboard(
        employee=employee,
        is_self=True,
        supervisor=supervisor,
        supervisor_is_linkable=linkable,
        skp=_skp_progress(employee, context),
        service=_service_trend(employee, context),
        feedback=list(feedback_for_employee(user)[:LATEST_FEEDBACK]),
        evaluations=_delivered_evaluations(employee),
        acknowledgements=my_acknowledgements(user),
        coaching=_coaching_plan(case, context.today),
        context=context,
    )


def person_dashboard(user: User, *, employee_id: int, context: Context) -> MyDashboard:
    """One of the viewer's people as their dashboard shows them: SKP, service numbers,
    the latest feedback and evaluations, the coaching case (as ``cases_for_user`` lets
    the viewer read it) and the new alerts the viewer may act on. Only for someone the
    viewer follows on the control room (never the viewer themself); NotFound otherwise
    (unknown and hidden look the same)."""
    scope = leader_scope(user)
    viewer = scope.viewer
    employee = (
        scope.employees.select_related("position", "unit", "user").filter(pk=employee_id).first()
    )
    if employee is None:
        raise NotFound
    supervisor, linkable = _supervisor(viewer, employee)
    case = (
        cases_for_user(user, viewer=viewer)
        .filter(employee=employee, status=CoachingCase.Status.ACTIVE)
        .select_related("coach")
        .first()
    )
    feedback = list(
        Feedback.objects.filter(plan__employee=employee)
        .select_related("work_result", "author__employee", "plan")
        .order_by("-created_at", "-pk")[:LATEST_FEEDBACK]
    )
    return MyDashboard(
        employee=employee,
        is_self=False,
        supervisor=supervisor,
        supervisor_is_linkable=linkable,
        skp=_skp_progress(employee, context),
        service=_service_trend(employee, context),
        feedback=feedback,
        evaluations=_delivered_evaluations(employee),
        acknowledgements=[],
        coaching=_coaching_plan(case, context.today),
        alerts=_new_alerts(viewer).filter(employee=employee).count(),
        context=context,
    )
