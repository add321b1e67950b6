"""Reads of SKPs: the employee's own plans, one plan with everything its page shows, the
RHK a plan may intervene in, the revisions of a year and the appraiser's team list.

Access is decided by ``selectors.access``; the functions here that take a user are the
permission-checked entry points, the others take objects the caller already may read.
"""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.criteria.berakhlak import CORE_VALUES, CoreValue
from kinerja.organization.models import Employee, PerformanceYear, Position
from kinerja.organization.selectors import Viewer, get_viewer
from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanAttachment,
    ResultIndicator,
    WorkResult,
)
from kinerja.plans.selectors.access import is_appraiser, is_owner
from kinerja.plans.workflow import PlanStatus, Step, is_editable_by_owner, next_status

OPEN_STATUSES = frozenset(
    {PlanStatus.DRAFT.value, PlanStatus.SUBMITTED.value, PlanStatus.RETURNED.value}
)


def is_jpt(employee: Employee) -> bool:
    """JPT and unit heads take their RHK from the Perjanjian Kinerja (domain.md 3.3): they
    name who assigned an RHK instead of a leader's RHK they intervene in."""
    return employee.position.kind == Position.Kind.JPT_PRATAMA


def needs_intervention(plan: PerformancePlan) -> bool:
    """Whether the plan's RHK utama must each intervene in an RHK of the appraiser: for
    everyone but JPT whose appraiser works in the system."""
    return plan.appraiser_id is not None and not is_jpt(plan.employee)


def may_decide(viewer: Viewer, plan: PerformancePlan) -> bool:
    """Who approves or returns the plan and writes the ekspektasi khusus pimpinan: its
    appraiser. When the appraiser works outside the system (the camat's Sekda, a JPT's
    Kepala Daerah), the HR admin records their decision (domain.md 1.3)."""
    if is_appraiser(viewer, plan):
        return True
    return plan.appraiser_id is None and viewer.is_admin and not is_owner(viewer, plan)


def approved_plan(employee_id: int, performance_year_id: int) -> PerformancePlan | None:
    """The plan in force for the employee and year, if one is approved."""
    return (
        PerformancePlan.objects.filter(
            employee_id=employee_id,
            performance_year_id=performance_year_id,
            status=PlanStatus.APPROVED,
        )
        .select_related("employee")
        .first()
    )


def latest_plan(employee_id: int, performance_year_id: int) -> PerformancePlan | None:
    return (
        PerformancePlan.objects.filter(
            employee_id=employee_id, performance_year_id=performance_year_id
        )
        .order_by("-revision")
        .first()
    )


def intervention_candidates(plan: PerformancePlan) -> QuerySet[WorkResult]:
    """The appraiser's RHK of the same year that ``plan`` may name while it is drafted:
    those of the approved plan and of an open revision (a subordinate may start before
    the leader's SKP is approved; submitting needs the approved one)."""
    if plan.appraiser_id is None:
        return WorkResult.objects.none()
    return (
        WorkResult.objects.filter(
            plan__employee_id=plan.appraiser_id,
            plan__performance_year_id=plan.performance_year_id,
        )
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .select_related("plan")
        .order_by("-plan__revision", "-kind", "order", "pk")
    )


@dataclass(frozen=True, slots=True)
class CandidateGroup:
    plan: PerformancePlan
    results: list[WorkResult]


def intervention_choices(plan: PerformancePlan) -> list[CandidateGroup]:
    """``intervention_candidates`` grouped by the appraiser's plan, the approved one first."""
    groups: dict[int, CandidateGroup] = {}
    for result in intervention_candidates(plan):
        group = groups.setdefault(result.plan_id, CandidateGroup(result.plan, []))
        group.results.append(result)
    return sorted(groups.values(), key=lambda g: g.plan.status != PlanStatus.APPROVED)


# -- what a plan needs before it is submitted ----------------------------------------------


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def indicator_problem(plan: PerformancePlan, indicator: ResultIndicator) -> tuple[str, str] | None:
    """What is missing from an IKI under the plan's approach: (field, message), or None.

    Quantitative (domain.md 3.2): an aspect and a positive numeric target, a range running
    from low to high, in a unit. Qualitative: the success described in words.
    """
    if indicator.target_min is not None and indicator.target_min <= 0:
        return "target_min", _("The target must be greater than zero.")
    if indicator.target_max is not None:
        if indicator.target_min is None:
            return "target_min", _("A range needs its lower bound too.")
        if indicator.target_max <= indicator.target_min:
            return "target_max", _("The upper bound of a range must be above its lower bound.")
    if plan.approach == PerformancePlan.Approach.QUANTITATIVE:
        if indicator.aspect not in ResultIndicator.Aspect.values:
            return "aspect", _("Choose the aspect (quantity, quality, time or cost).")
        if indicator.target_min is None:
            return "target_min", _("A quantitative SKP needs a numeric target.")
        if not indicator.unit:
            return "unit", _("Give the unit of the target (documents, days, per cent…).")
    elif not indicator.target_text:
        return "target_text", _("A qualitative SKP describes the target in words.")
    return None


def submission_problems(plan: PerformancePlan) -> list[str]:
    """Why the plan cannot be submitted yet, in the order the employee fixes them."""
    results = list(
        plan.results.select_related("intervenes")
        .prefetch_related("indicators")
        .order_by("-kind", "order", "pk")
    )
    problems: list[str] = []
    if not any(r.kind == WorkResult.Kind.MAIN for r in results):
        problems.append(_("Add at least one main RHK (kinerja utama)."))
    for result in results:
        indicators = list(result.indicators.all())
        if not indicators:
            problems.append(_("RHK “%(rhk)s” has no IKI yet.") % {"rhk": _short(result.text)})
        for indicator in indicators:
            problem = indicator_problem(plan, indicator)
            if problem is not None:
                problems.append(
                    _("IKI “%(iki)s”: %(problem)s")
                    % {"iki": _short(indicator.text), "problem": problem[1]}
                )
    if needs_intervention(plan):
        leader_plan = approved_plan(plan.appraiser_id, plan.performance_year_id)  # type: ignore[arg-type]
        if leader_plan is None:
            problems.append(
                _(
                    "Your appraiser's SKP for %(year)s is not approved yet; you can submit once"
                    " the RHK you intervene in are approved."
                )
                % {"year": plan.performance_year.year}
            )
        else:
            for result in results:
                linked = result.intervenes
                if linked is not None and linked.plan_id == leader_plan.pk:
                    continue
                if linked is None and result.kind == WorkResult.Kind.ADDITIONAL:
                    continue
                problems.append(
                    _(
                        "RHK “%(rhk)s” does not name an RHK of your appraiser's approved SKP"
                        " that it intervenes in."
                    )
                    % {"rhk": _short(result.text)}
                )
    return problems


# -- one plan, as its page shows it -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class BehaviourRow:
    value: CoreValue
    expectation: BehaviourExpectation | None

    @property
    def special_expectation(self) -> str:
        return self.expectation.special_expectation if self.expectation else ""


@dataclass(frozen=True, slots=True)
class Actions:
    """What the viewer may do with the plan, for the buttons of its page."""

    edit: bool = False
    submit: bool = False
    decide: bool = False  # approve or return
    write_expectations: bool = False
    revise: bool = False


@dataclass(frozen=True, slots=True)
class PlanPage:
    plan: PerformancePlan
    main_results: list[WorkResult]
    additional_results: list[WorkResult]
    behaviours: list[BehaviourRow]
    attachments: dict[str, list[PlanAttachment]]
    revisions: list[PerformancePlan]
    actions: Actions
    is_owner: bool
    open_revision: PerformancePlan | None
    needs_intervention: bool


def plan_actions(viewer: Viewer, plan: PerformancePlan, *, has_open_revision: bool) -> Actions:
    owner = is_owner(viewer, plan)
    decider = may_decide(viewer, plan)
    status = PlanStatus(plan.status)
    return Actions(
        edit=owner and is_editable_by_owner(status),
        submit=owner and next_status(status, Step.SUBMIT) is not None,
        decide=decider and next_status(status, Step.APPROVE) is not None,
        write_expectations=decider and status != PlanStatus.SUPERSEDED,
        revise=owner and status == PlanStatus.APPROVED and not has_open_revision,
    )


def actions_for(user: User, plan: PerformancePlan) -> Actions:
    """``plan_actions`` for the user, with one query for the open revision."""
    has_open = PerformancePlan.objects.filter(supersedes=plan, status__in=OPEN_STATUSES).exists()
    return plan_actions(get_viewer(user), plan, has_open_revision=has_open)


def plain_number(value: Decimal) -> str:
    """A stored target (four decimal places) as people write it: 97.5000 → "97,5"."""
    digits = format(value.normalize(), "f")
    return str(number_format(Decimal(digits)))


def target_label(indicator: ResultIndicator) -> str:
    """The numeric target of an IKI in its unit, "100 dokumen" or "7 – 8 bulan"; empty
    when it has none."""
    if indicator.target_min is None:
        return ""
    label = plain_number(indicator.target_min)
    if indicator.target_max is not None:
        label = f"{label} – {plain_number(indicator.target_max)}"
    return f"{label} {indicator.unit}".strip()


def with_target_labels(indicators: Iterable[ResultIndicator]) -> None:
    """Set ``target_label`` on each indicator, for the templates."""
    for indicator in indicators:
        indicator.target_label = target_label(indicator)  # type: ignore[attr-defined]


def _results_with_indicators(plan: PerformancePlan) -> list[WorkResult]:
    results = list(
        plan.results.select_related("intervenes", "intervenes__plan__employee")
        .prefetch_related(
            Prefetch("indicators", queryset=ResultIndicator.objects.order_by("order", "pk"))
        )
        .order_by("-kind", "order", "pk")
    )
    for result in results:
        with_target_labels(result.indicators.all())
    return results


def behaviour_rows(plan: PerformancePlan) -> list[BehaviourRow]:
    """The seven BerAKHLAK values in their official order, with the plan's expectations."""
    stored = {row.value: row for row in plan.behaviours.all()}
    return [BehaviourRow(value, stored.get(value.code)) for value in CORE_VALUES]


def attachment_lines(plan: PerformancePlan) -> dict[str, list[PlanAttachment]]:
    lines: dict[str, list[PlanAttachment]] = {kind: [] for kind in PlanAttachment.Kind.values}
    for line in plan.attachments.order_by("kind", "order", "pk"):
        lines[line.kind].append(line)
    return lines


def plan_revisions(plan: PerformancePlan) -> list[PerformancePlan]:
    """Every revision of the employee's SKP for the plan's year, newest first."""
    return list(
        PerformancePlan.objects.filter(
            employee_id=plan.employee_id, performance_year_id=plan.performance_year_id
        )
        .select_related("approved_by")
        .order_by("-revision")
    )


def plan_page(user: User, plan: PerformancePlan) -> PlanPage:
    """Everything the plan page shows; ``plan`` comes from ``get_plan_for_user``."""
    viewer = get_viewer(user)
    results = _results_with_indicators(plan)
    revisions = plan_revisions(plan)
    open_revision = next(
        (r for r in revisions if r.supersedes_id == plan.pk and r.status in OPEN_STATUSES),
        None,
    )
    return PlanPage(
        plan=plan,
        main_results=[r for r in results if r.kind == WorkResult.Kind.MAIN],
        additional_results=[r for r in results if r.kind == WorkResult.Kind.ADDITIONAL],
        behaviours=behaviour_rows(plan),
        attachments=attachment_lines(plan),
        revisions=revisions,
        actions=plan_actions(viewer, plan, has_open_revision=open_revision is not None),
        is_owner=is_owner(viewer, plan),
        open_revision=open_revision,
        needs_intervention=needs_intervention(plan),
    )


# -- SKP saya -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearPlans:
    performance_year: PerformanceYear
    current: PerformancePlan | None  # the approved plan, else the latest revision
    open_revision: PerformancePlan | None  # a newer revision still being worked on
    revisions: list[PerformancePlan]


@dataclass(frozen=True, slots=True)
class MyPlans:
    employee: Employee | None
    years: list[YearPlans]
    years_without_plan: list[PerformanceYear]


def current_of(revisions: Sequence[PerformancePlan]) -> PerformancePlan | None:
    """The approved revision if there is one, else the newest."""
    approved = [r for r in revisions if r.status == PlanStatus.APPROVED]
    return approved[0] if approved else (max(revisions, key=lambda r: r.revision, default=None))


def my_plans(user: User) -> MyPlans:
    """The viewer's own SKPs by year, newest year first, and the years they have none for."""
    viewer = get_viewer(user)
    years = list(PerformanceYear.objects.order_by("-year"))
    if viewer.employee is None:
        return MyPlans(None, [], [])
    by_year: dict[int, list[PerformancePlan]] = {}
    for plan in PerformancePlan.objects.filter(employee=viewer.employee).order_by("-revision"):
        by_year.setdefault(plan.performance_year_id, []).append(plan)
    rows: list[YearPlans] = []
    missing: list[PerformanceYear] = []
    for year in years:
        revisions = by_year.get(year.pk, [])
        if not revisions:
            missing.append(year)
            continue
        current = current_of(revisions)
        newest = revisions[0]
        open_revision = newest if newest is not current and newest.status in OPEN_STATUSES else None
        rows.append(YearPlans(year, current, open_revision, revisions))
    return MyPlans(viewer.employee, rows, missing)


# -- SKP bawahan ----------------------------------------------------------------------------


class TeamStatus(enum.StrEnum):
    """Where a team member's SKP for the year stands, for the appraiser's list."""

    NONE = "NONE"
    DRAFT = "DRAFT"
    SUBMITTED = "DIAJUKAN"
    RETURNED = "DIKEMBALIKAN"
    APPROVED = "DISETUJUI"


TEAM_STATUS_LABELS: dict[TeamStatus, Promise] = {
    TeamStatus.NONE: gettext_lazy("No SKP yet"),
    TeamStatus.DRAFT: gettext_lazy("Draft"),
    TeamStatus.SUBMITTED: gettext_lazy("Waiting for approval"),
    TeamStatus.RETURNED: gettext_lazy("Returned"),
    TeamStatus.APPROVED: gettext_lazy("Approved"),
}


@dataclass(frozen=True, slots=True)
class TeamRow:
    employee: Employee
    status: TeamStatus
    plan: PerformancePlan | None = None  # the revision the status is about
    open_revision: PerformancePlan | None = None  # a revision of the plan in force

    @property
    def status_label(self) -> Promise:
        return TEAM_STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class TeamFilter:
    status: str = ""
    search: str = ""


# The status a member's row shows, as a number to sort and filter on in SQL; the plans
# waiting for the appraiser come first.
_STATUS_RANK = {
    TeamStatus.SUBMITTED: 0,
    TeamStatus.RETURNED: 1,
    TeamStatus.DRAFT: 2,
    TeamStatus.NONE: 3,
    TeamStatus.APPROVED: 4,
}


def team_members(viewer: Viewer) -> QuerySet[Employee]:
    """Whose SKP the viewer lists under "SKP bawahan": the people they appraise, their
    active direct reports."""
    if viewer.employee is None:
        return Employee.objects.none()
    return Employee.objects.filter(supervisor=viewer.employee, is_active=True)


def team_plans(
    user: User, performance_year: PerformanceYear, filters: TeamFilter
) -> QuerySet[Employee]:
    """The viewer's direct reports annotated with ``team_status_rank`` (see
    ``_STATUS_RANK``) for the year; submitted ones first.

    Turn a page of it into rows with ``team_rows``."""
    viewer = get_viewer(user)
    plans = PerformancePlan.objects.filter(performance_year=performance_year)
    members = team_members(viewer).select_related("position", "unit")
    # At most one revision is open at a time, so the first matching rule is the status:
    # a submitted revision (to approve), the plan in force, a returned or drafted one.
    order = (TeamStatus.SUBMITTED, TeamStatus.APPROVED, TeamStatus.RETURNED, TeamStatus.DRAFT)
    members = members.annotate(
        team_status_rank=Case(
            *(
                When(
                    pk__in=plans.filter(status=status.value).values("employee_id"),
                    then=Value(_STATUS_RANK[status]),
                )
                for status in order
            ),
            default=Value(_STATUS_RANK[TeamStatus.NONE]),
            output_field=IntegerField(),
        )
    )
    if filters.status in TeamStatus.__members__.values():
        members = members.filter(team_status_rank=_STATUS_RANK[TeamStatus(filters.status)])
    text = filters.search.strip()
    if text:
        members = members.filter(
            Q(name__icontains=text) | Q(position__name__icontains=text) | Q(nip__startswith=text)
        )
    return members.order_by("team_status_rank", "name", "pk")


def team_rows(members: Sequence[Employee], performance_year: PerformanceYear) -> list[TeamRow]:
    """The rows of one page of ``team_plans``, with their plans, in one query."""
    rank_to_status = {rank: status for status, rank in _STATUS_RANK.items()}
    plans: dict[int, list[PerformancePlan]] = {}
    for plan in PerformancePlan.objects.filter(
        performance_year=performance_year, employee__in=[m.pk for m in members]
    ).order_by("-revision"):
        plans.setdefault(plan.employee_id, []).append(plan)
    rows: list[TeamRow] = []
    for member in members:
        revisions = plans.get(member.pk, [])
        status = rank_to_status[member.team_status_rank]  # type: ignore[attr-defined]
        shown = next((p for p in revisions if p.status == status.value), None)
        newest = revisions[0] if revisions else None
        open_revision = (
            newest
            if status == TeamStatus.APPROVED
            and newest is not None
            and newest is not shown
            and newest.status in OPEN_STATUSES
            else None
        )
        rows.append(TeamRow(member, status, shown, open_revision))
    return rows


def team_counts(user: User, performance_year: PerformanceYear) -> dict[str, int]:
    """How many team members are in each status, for the filter chips."""
    counts = {status.value: 0 for status in TeamStatus}
    rank_to_status = {rank: status for status, rank in _STATUS_RANK.items()}
    members = team_plans(user, performance_year, TeamFilter())
    # The plugin does not see annotations made with a generated Case().
    for rank in members.values_list("team_status_rank", flat=True):  # type: ignore[misc]
        counts[rank_to_status[rank].value] += 1
    return counts
