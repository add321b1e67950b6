"""Reading the socialisation of a published version: who is in scope, the criteria one
employee must read (with a worked example of how a score comes about), the employee's
own acknowledgement tasks, the coverage per unit and who is still missing, and the
questions employees left for the evaluation team.

Nobody reads another employee's acknowledgement here except the HR admin, the pimpinan
(within the units they lead) and the evaluation team, on the coverage pages.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.core.periods import PeriodKind, parse_period
from kinerja.core.ratings import Rating
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.criteria.models import (
    Acknowledgement,
    ComprehensionQuestion,
    CriteriaQuestion,
    CriteriaVersion,
    Indicator,
    RubricLevel,
)
from kinerja.criteria.rules import (
    RESULTS_ASPECT_VALUES,
    SCORE_AT_TARGET,
    SCORE_PLACES,
    Stage,
    applies_to,
    curve_score,
    suggested_rating,
    weighted_score,
)
from kinerja.criteria.selectors.access import (
    can_see_anything,
    can_see_coverage,
    is_criteria_team,
    version_filter,
    viewer_of,
    viewer_organization,
)
from kinerja.criteria.selectors.versions import (
    get_version_for_user,
    indicators_for_employee,
    published_version,
)
from kinerja.organization.models import Employee, OrgUnit
from kinerja.organization.selectors import Viewer
from kinerja.service_metrics.models import ServiceMetric

# Versions an employee reads and acknowledges: the one in force, and the earlier ones
# they were asked to acknowledge (kept readable as a record).
SOCIALISED_STAGES = (Stage.PUBLISHED.value, Stage.RETIRED.value)
RESULTS_ASPECTS = ("EFISIENSI", "EFEKTIVITAS", "INOVASI")
PERCENT_PLACES = Decimal("0.1")
# The worked example measures a value three quarters of the way from the floor to the
# target: below target, so the reader sees the straight line of the curve at work.
EXAMPLE_POSITION = Decimal("0.75")
# The other results indicators of the example are taken to be exactly on target.
ASSUMED_SCORE = SCORE_AT_TARGET.quantize(SCORE_PLACES)
RATE_SOURCES = (Indicator.Source.SERVICE_ON_TIME, Indicator.Source.SERVICE_FIRST_TIME_RIGHT)

RATING_LABELS: dict[Rating, Promise] = {
    Rating.DI_ATAS_EKSPEKTASI: gettext_lazy("Above expectation (Di Atas Ekspektasi)"),
    Rating.SESUAI_EKSPEKTASI: gettext_lazy("Meets expectation (Sesuai Ekspektasi)"),
    Rating.DI_BAWAH_EKSPEKTASI: gettext_lazy("Below expectation (Di Bawah Ekspektasi)"),
}


def employees_in_scope(version: CriteriaVersion) -> QuerySet[Employee]:
    """Active employees of the version's organisation to whom at least one of its
    indicators applies."""
    employees = Employee.objects.filter(
        is_active=True, unit__path__startswith=version.organization.path
    ).select_related("position", "unit", "user")
    indicators = list(
        Indicator.objects.filter(version=version).values_list("position_kinds", "unit_codes")
    )
    codes = {code for _kinds, unit_codes in indicators for code in unit_codes}
    paths = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "path"))
    profiles = employees.values_list("position__kind", "unit__path").distinct()
    in_scope = [
        (kind, path)
        for kind, path in profiles
        if any(
            applies_to(
                kind,
                path,
                position_kinds=kinds,
                unit_paths=[paths[code] for code in unit_codes if code in paths],
            )
            for kinds, unit_codes in indicators
        )
    ]
    if not in_scope:
        return employees.none()
    scope = Q()
    for kind, path in in_scope:
        scope |= Q(position__kind=kind, unit__path=path)
    return employees.filter(scope)


def coverage_percent(acknowledged: int, in_scope: int) -> Decimal | None:
    """Share of the tasks done, in per cent with one place; None when nobody is in scope."""
    if not in_scope:
        return None
    share = Decimal(100) * acknowledged / in_scope
    return share.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


# -- the employee's own tasks and reading page -------------------------------------------


@dataclass(frozen=True, slots=True)
class MyTask:
    """One of the viewer's acknowledgement tasks and where it stands."""

    task: Acknowledgement

    @property
    def version(self) -> CriteriaVersion:
        return self.task.version

    @property
    def is_done(self) -> bool:
        return self.task.acknowledged_at is not None

    @property
    def is_open(self) -> bool:
        """Still to do: not acknowledged, and the version is still in force."""
        return not self.is_done and self.task.version.status == Stage.PUBLISHED

    @property
    def has_lapsed(self) -> bool:
        """Never acknowledged, and the version has since been replaced."""
        return not self.is_done and not self.is_open


def my_acknowledgements(user: User) -> list[MyTask]:
    """The viewer's own acknowledgement tasks, open and done, the latest version first."""
    employee = viewer_of(user).employee
    if employee is None:
        return []
    tasks = (
        Acknowledgement.objects.filter(employee=employee)
        .select_related("version")
        .order_by("-version__year", "-version__number")
    )
    return [MyTask(task) for task in tasks]


@dataclass(frozen=True, slots=True)
class MyCriteria:
    """The version in force for the viewer's organisation (None before any publication),
    the viewer's task for it (None when it does not apply to them), and all their tasks."""

    in_force: CriteriaVersion | None
    in_force_task: MyTask | None
    tasks: list[MyTask]


def my_criteria_for_user(user: User, *, year: int) -> MyCriteria:
    """What the "Criteria in force" page shows an employee in ``year``; NotFound for
    anyone without an employee record."""
    viewer = viewer_of(user)
    if viewer.employee is None:
        raise NotFound(_("That page does not exist or is not visible to you."))
    organization = viewer_organization(viewer)
    in_force = published_version(organization, year) if organization is not None else None
    tasks = my_acknowledgements(user)
    return MyCriteria(
        in_force=in_force,
        in_force_task=next((item for item in tasks if item.version == in_force), None),
        tasks=tasks,
    )


@dataclass(frozen=True, slots=True)
class ShownIndicator:
    """An indicator on the reading page, with the names of the units it is limited to."""

    indicator: Indicator
    unit_names: list[str]

    @property
    def is_for_everyone(self) -> bool:
        return not self.indicator.position_kinds and not self.indicator.unit_codes


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """The indicators of one aspect or BerAKHLAK value. The behaviour indicators of a value
    usually share their explanation and rubric: then the page says them once."""

    code: str
    label: str
    indicators: list[ShownIndicator]

    @property
    def shared_explanation(self) -> str:
        explanations = {item.indicator.explanation for item in self.indicators}
        return explanations.pop() if len(self.indicators) > 1 and len(explanations) == 1 else ""

    @property
    def shared_levels(self) -> list[RubricLevel]:
        rubrics = {
            tuple((level.level, level.descriptor) for level in item.indicator.levels.all())
            for item in self.indicators
        }
        if len(self.indicators) > 1 and len(rubrics) == 1:
            return list(self.indicators[0].indicator.levels.all())
        return []


@dataclass(frozen=True, slots=True)
class ExampleLine:
    indicator: Indicator
    weight: Decimal
    score: Decimal
    is_example: bool

    @property
    def contribution(self) -> Decimal:
        return (self.score * self.weight / 100).quantize(SCORE_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class WorkedExample:
    """How one measured value becomes a score, how the weights combine the scores, and
    the results rating the total suggests. ``period`` is set when ``value`` is the
    employee's own figure of that month (its first day) rather than an illustrative one."""

    indicator: Indicator
    value: Decimal
    score: Decimal
    period: date | None
    lines: list[ExampleLine]
    total: Decimal
    rating: Rating
    above: Decimal
    meets: Decimal

    @property
    def is_real(self) -> bool:
        return self.period is not None

    @property
    def rating_label(self) -> str:
        return str(RATING_LABELS[self.rating])

    @property
    def has_other_indicators(self) -> bool:
        return len(self.lines) > 1


@dataclass(frozen=True, slots=True)
class CriteriaPage:
    version: CriteriaVersion
    employee: Employee
    task: Acknowledgement | None
    results: list[IndicatorGroup]
    behaviour: list[IndicatorGroup]
    results_weight: Decimal
    example: WorkedExample | None
    check: list[ComprehensionQuestion]
    my_questions: list[CriteriaQuestion]

    @property
    def is_in_force(self) -> bool:
        return self.version.status == Stage.PUBLISHED

    @property
    def can_acknowledge(self) -> bool:
        return self.is_in_force and self.task is not None and self.task.acknowledged_at is None

    @property
    def indicator_count(self) -> int:
        return sum(len(group.indicators) for group in [*self.results, *self.behaviour])

    @property
    def is_numeric_method(self) -> bool:
        return self.version.rating_method == CriteriaVersion.RatingMethod.NUMERIC

    @property
    def behaviour_weight(self) -> int:
        return 100 - self.version.numeric_results_weight


def get_socialised_version_for_user(user: User, version_id: int) -> CriteriaVersion:
    """A published (or since retired) version of the viewer's own organisation, for an
    employee to read; NotFound for anyone without an employee record and for versions
    still being prepared."""
    version = get_version_for_user(user, version_id)
    _check_socialised(viewer_of(user), version)
    return version


def _check_socialised(viewer: Viewer, version: CriteriaVersion) -> None:
    if (
        viewer.employee is None
        or version.status not in SOCIALISED_STAGES
        or version.organization.path != viewer.org_root_path
    ):
        raise NotFound(_("That criteria version does not exist or is not visible to you."))


def criteria_page_for(user: User, version: CriteriaVersion) -> CriteriaPage:
    """What ``user`` reads on the page of ``version``: only the indicators that apply to
    them, the results side grouped by aspect and the behaviour side by BerAKHLAK value,
    a worked example, the comprehension check (while the task is open), and their own
    questions with the team's answers."""
    viewer = viewer_of(user)
    _check_socialised(viewer, version)
    employee = viewer.employee
    assert employee is not None  # noqa: S101 - checked by _check_socialised
    indicators = indicators_for_employee(version, employee)
    results = [indicator for indicator in indicators if indicator.aspect in RESULTS_ASPECT_VALUES]
    task = (
        Acknowledgement.objects.filter(version=version, employee=employee)
        .select_related("unit")
        .first()
    )
    open_task = task is not None and task.acknowledged_at is None
    check = (
        list(ComprehensionQuestion.objects.filter(version=version).order_by("order", "pk"))
        if open_task and version.status == Stage.PUBLISHED
        else []
    )
    codes = {code for indicator in indicators for code in indicator.unit_codes}
    names = {}
    if codes:
        names = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "name"))
    shown = [
        ShownIndicator(indicator, [names.get(code, code) for code in indicator.unit_codes])
        for indicator in indicators
    ]
    return CriteriaPage(
        version=version,
        employee=employee,
        task=task,
        results=_groups(shown, RESULTS_ASPECTS),
        behaviour=_groups(shown, tuple(value.code for value in CORE_VALUES)),
        results_weight=sum((i.weight or Decimal(0) for i in results), Decimal(0)),
        example=worked_example(version, employee, results),
        check=check,
        my_questions=list(
            CriteriaQuestion.objects.filter(version=version, asked_by=employee)
            .select_related("answered_by")
            .order_by("-asked_at", "-pk")
        ),
    )


def _groups(shown: list[ShownIndicator], aspects: tuple[str, ...]) -> list[IndicatorGroup]:
    labels = dict(Indicator.Aspect.choices)
    return [
        IndicatorGroup(aspect, str(labels[aspect]), members)
        for aspect in aspects
        if (members := [item for item in shown if item.indicator.aspect == aspect])
    ]


def worked_example(
    version: CriteriaVersion, employee: Employee, results: list[Indicator]
) -> WorkedExample | None:
    """The example of the reading page, built with the version's own curve, weights and
    thresholds (``rules``). The measured value is the employee's latest monthly service
    figure when the example indicator is measured by one and the figure exists, else an
    illustrative value three quarters of the way from the floor to the target. The other
    results indicators are assumed exactly on target (score 100). None when no results
    indicator applies to the employee."""
    if not results:
        return None
    metric = _latest_service_metric(employee) if _uses_rates(results) else None
    chosen, value, period = results[0], _illustrative_value(results[0]), None
    if metric is not None:
        measured = [(i, _metric_value(metric, i)) for i in results]
        real = [(indicator, figure) for indicator, figure in measured if figure is not None]
        if real:
            (chosen, value), period = real[0], parse_period(metric.period).starts_on
    score = curve_score(
        value,
        floor=chosen.floor,
        target=chosen.target,
        ceiling=chosen.ceiling,
        lower_is_better=chosen.lower_is_better,
    )
    lines = [
        ExampleLine(
            indicator,
            indicator.weight or Decimal(0),
            score if indicator is chosen else ASSUMED_SCORE,
            indicator is chosen,
        )
        for indicator in results
    ]
    total = weighted_score((line.score, line.weight) for line in lines)
    above, meets = version.above_threshold, version.meets_threshold
    return WorkedExample(
        indicator=chosen,
        value=value,
        score=score,
        period=period,
        lines=lines,
        total=total,
        rating=suggested_rating(total, above=above, meets=meets),
        above=above,
        meets=meets,
    )


def _uses_rates(results: list[Indicator]) -> bool:
    return any(indicator.source in RATE_SOURCES for indicator in results)


def _latest_service_metric(employee: Employee) -> ServiceMetric | None:
    return (
        ServiceMetric.objects.filter(
            employee=employee, period_kind=PeriodKind.MONTH.value, tasks_completed__gt=0
        )
        .order_by("-period")
        .first()
    )


def _metric_value(metric: ServiceMetric, indicator: Indicator) -> Decimal | None:
    if indicator.source == Indicator.Source.SERVICE_ON_TIME:
        rate = metric.on_time_rate
    elif indicator.source == Indicator.Source.SERVICE_FIRST_TIME_RIGHT:
        rate = metric.first_time_right_rate
    else:
        return None
    if rate is None:
        return None
    # Rates are stored as fractions (0.85); a curve written in per cent (target 90)
    # reads them as per cent.
    return rate * 100 if max(indicator.target, indicator.ceiling) > 1 else rate


def _illustrative_value(indicator: Indicator) -> Decimal:
    value = indicator.floor + (indicator.target - indicator.floor) * EXAMPLE_POSITION
    return value.normalize() if value == value.to_integral_value() else value


# -- coverage ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitRef:
    code: str
    name: str
    path: str
    depth: int


@dataclass(frozen=True, slots=True)
class CoverageRow:
    unit: UnitRef | None  # None: the total
    in_scope: int
    acknowledged: int

    @property
    def missing(self) -> int:
        return self.in_scope - self.acknowledged

    @property
    def percent(self) -> Decimal | None:
        return coverage_percent(self.acknowledged, self.in_scope)


@dataclass(frozen=True, slots=True)
class Coverage:
    version: CriteriaVersion
    scope: UnitRef
    rows: list[CoverageRow]
    total: CoverageRow
    may_remind: bool

    @property
    def is_in_force(self) -> bool:
        return self.version.status == Stage.PUBLISHED

    @property
    def can_send_reminders(self) -> bool:
        return self.may_remind and self.is_in_force


def _coverage_viewer(user: User) -> Viewer:
    """The viewer, if they may see coverage at all: the HR admin and the pimpinan, and
    the evaluation team (read-only). Outsiders learn nothing (NotFound)."""
    viewer = viewer_of(user)
    if not can_see_anything(viewer):
        raise NotFound(_("That page does not exist or is not visible to you."))
    if not (can_see_coverage(viewer) or is_criteria_team(viewer)):
        raise PermissionDenied(
            _("Only the HR admin, the pimpinan and the evaluation team see the coverage.")
        )
    return viewer


def coverage_scope_path(viewer: Viewer, version: CriteriaVersion) -> str:
    """The units whose tasks the viewer sees: the whole organisation for the HR admin
    and the evaluation team, the units a pimpinan leads for a pimpinan."""
    if viewer.is_admin or is_criteria_team(viewer):
        return version.organization.path
    path = viewer.pimpinan_path
    if path is None or not path.startswith(version.organization.path):
        raise PermissionDenied(_("You do not lead any unit of this organisation."))
    return path


def get_coverage_version_for_user(user: User, version_id: int) -> CriteriaVersion:
    """A version with acknowledgement tasks whose coverage ``user`` may see."""
    _coverage_viewer(user)
    version = get_version_for_user(user, version_id)
    if version.status not in SOCIALISED_STAGES:
        raise NotFound(_("This version has not been published: nobody acknowledges it yet."))
    return version


def _tasks(version: CriteriaVersion, path: str) -> QuerySet[Acknowledgement]:
    # Employees who have left since publication no longer count.
    return Acknowledgement.objects.filter(
        version=version, employee__is_active=True, unit__path__startswith=path
    )


def coverage(version: CriteriaVersion, viewer: Viewer) -> Coverage:
    """The acknowledgement coverage of ``version`` per unit (each person counted in the
    unit they worked in at publication, not in the units above it), in tree order, with
    the total; restricted to the units the viewer may see. Two queries."""
    path = coverage_scope_path(viewer, version)
    scope = OrgUnit.objects.filter(path=path).values_list("code", "name", "path", "depth").first()
    if scope is None:
        raise NotFound
    counts = (
        _tasks(version, path)
        .values("unit__code", "unit__name", "unit__path", "unit__depth")
        .annotate(
            in_scope=Count("pk"), acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False))
        )
        .order_by("unit__path")
    )
    rows = [
        CoverageRow(
            UnitRef(row["unit__code"], row["unit__name"], row["unit__path"], row["unit__depth"]),
            row["in_scope"],
            row["acknowledged"],
        )
        for row in counts
    ]
    total = CoverageRow(
        None, sum(row.in_scope for row in rows), sum(row.acknowledged for row in rows)
    )
    return Coverage(
        version=version,
        scope=UnitRef(*scope),
        rows=rows,
        total=total,
        may_remind=can_see_coverage(viewer),
    )


def coverage_for_user(user: User, version_id: int) -> Coverage:
    version = get_coverage_version_for_user(user, version_id)
    return coverage(version, viewer_of(user))


UNIT_LIST_FILTERS = ("missing", "done", "all")


@dataclass(frozen=True, slots=True)
class UnitCoverage:
    version: CriteriaVersion
    unit: OrgUnit
    tasks: QuerySet[Acknowledgement]
    counts: dict[str, int]
    show: str
    search: str
    may_remind: bool

    @property
    def percent(self) -> Decimal | None:
        return coverage_percent(self.counts["done"], self.counts["all"])

    @property
    def can_send_reminders(self) -> bool:
        return self.may_remind and self.version.status == Stage.PUBLISHED


def unit_coverage_for_user(
    user: User, version_id: int, unit_code: str, *, show: str = "missing", search: str = ""
) -> UnitCoverage:
    """Who in a unit (and its sub-units) has acknowledged ``version`` and who has not,
    filtered by ``show`` (missing, done or all) and a name search, alphabetically. The
    counts of the three filters follow the search."""
    version = get_coverage_version_for_user(user, version_id)
    viewer = viewer_of(user)
    path = coverage_scope_path(viewer, version)
    unit = OrgUnit.objects.filter(code=unit_code, path__startswith=path).first()
    if unit is None:
        raise NotFound(_("That unit does not exist or is not visible to you."))
    tasks = _tasks(version, unit.path)
    search = search.strip()
    if search:
        tasks = tasks.filter(employee__name__icontains=search)
    counts = tasks.aggregate(
        all=Count("pk"), done=Count("pk", filter=Q(acknowledged_at__isnull=False))
    )
    counts["missing"] = counts["all"] - counts["done"]
    show = show if show in UNIT_LIST_FILTERS else "missing"
    if show == "missing":
        tasks = tasks.filter(acknowledged_at__isnull=True)
    elif show == "done":
        tasks = tasks.filter(acknowledged_at__isnull=False)
    return UnitCoverage(
        version=version,
        unit=unit,
        tasks=tasks.select_related("employee", "employee__position", "unit").order_by(
            "employee__name", "pk"
        ),
        counts=counts,
        show=show,
        search=search,
        may_remind=can_see_coverage(viewer),
    )


def pending_reminders(version: CriteriaVersion, path: str) -> int:
    """How many people under ``path`` a reminder would reach: open tasks of employees
    with an account."""
    return (
        _tasks(version, path)
        .filter(acknowledged_at__isnull=True, employee__user__isnull=False)
        .count()
    )


@dataclass(frozen=True, slots=True)
class CoverageIndexRow:
    version: CriteriaVersion
    in_scope: int
    acknowledged: int
    open_questions: int

    @property
    def percent(self) -> Decimal | None:
        return coverage_percent(self.acknowledged, self.in_scope)


def coverage_index_for_user(user: User) -> list[CoverageIndexRow]:
    """The versions with acknowledgement tasks the viewer may follow, the latest first,
    with their coverage within the viewer's units and the unanswered questions."""
    viewer = _coverage_viewer(user)
    tasks = Q(acknowledgements__employee__is_active=True)
    if not (viewer.is_admin or is_criteria_team(viewer)):
        # A pimpinan: the tasks of the units they lead.
        led = viewer.pimpinan_path
        tasks &= Q(acknowledgements__unit__path__startswith=led) if led else Q(pk__in=[])
    versions = (
        CriteriaVersion.objects.filter(version_filter(viewer), status__in=SOCIALISED_STAGES)
        .select_related("organization")
        .annotate(
            in_scope=Count("acknowledgements", filter=tasks, distinct=True),
            acknowledged=Count(
                "acknowledgements",
                filter=tasks & Q(acknowledgements__acknowledged_at__isnull=False),
                distinct=True,
            ),
            open_questions=Count(
                "employee_questions",
                filter=Q(employee_questions__answered_at__isnull=True),
                distinct=True,
            ),
        )
        .filter(in_scope__gt=0)
        .order_by("-year", "-number")
    )
    return [
        CoverageIndexRow(version, version.in_scope, version.acknowledged, version.open_questions)
        for version in versions
    ]


# -- questions for the evaluation team ---------------------------------------------------

QUESTION_FILTERS = ("open", "answered", "all")


@dataclass(frozen=True, slots=True)
class QuestionList:
    version: CriteriaVersion
    questions: QuerySet[CriteriaQuestion]
    counts: dict[str, int]
    show: str


def questions_for_team(user: User, version_id: int, *, show: str = "all") -> QuestionList:
    """The questions employees left on ``version``, for the evaluation team (and the HR
    admin): unanswered first, then the newest."""
    viewer = viewer_of(user)
    if not can_see_anything(viewer):
        raise NotFound(_("That page does not exist or is not visible to you."))
    if not is_criteria_team(viewer):
        raise PermissionDenied(_("Only the evaluation team answers questions."))
    version = get_version_for_user(user, version_id)
    questions = CriteriaQuestion.objects.filter(version=version)
    counts = questions.aggregate(
        all=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    counts["open"] = counts["all"] - counts["answered"]
    show = show if show in QUESTION_FILTERS else "all"
    if show == "open":
        questions = questions.filter(answered_at__isnull=True)
    elif show == "answered":
        questions = questions.filter(answered_at__isnull=False)
    return QuestionList(
        version=version,
        questions=questions.select_related(
            "asked_by", "asked_by__unit", "asked_by__position", "answered_by"
        ).order_by(
            # Unanswered first; NULLs sort differently per engine, so say where they go.
            F("answered_at").desc(nulls_first=True),
            "-asked_at",
            "-pk",
        ),
        counts=counts,
        show=show,
    )


def get_question_for_team(user: User, question_id: int) -> CriteriaQuestion:
    """A question the viewer may answer: the evaluation team of its organisation, or
    the HR admin."""
    viewer = viewer_of(user)
    if not can_see_anything(viewer):
        raise NotFound(_("That question does not exist or is not visible to you."))
    if not is_criteria_team(viewer):
        raise PermissionDenied(_("Only the evaluation team answers questions."))
    question = (
        CriteriaQuestion.objects.filter(
            pk=question_id, version__in=CriteriaVersion.objects.filter(version_filter(viewer))
        )
        .select_related("version", "version__organization", "asked_by", "asked_by__user")
        .first()
    )
    if question is None:
        raise NotFound(_("That question does not exist or is not visible to you."))
    return question
