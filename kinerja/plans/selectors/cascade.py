"""The role-and-result matrix (matriks peran hasil, domain.md 3.5–3.6): which RHK of a
team intervene in each RHK of their leader, and who in the team has none linked.

For one leader the matrix reads the leader's plan of the year (the approved one, else the
latest revision) and the current plans of their direct reports; for the office it walks
the whole reporting line below the pimpinan. Both read a fixed number of queries, however
many people the office has: the plans and RHK of everyone concerned are fetched at once
and the tree is put together in memory.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from kinerja.organization.models import Employee, PerformanceYear
from kinerja.organization.selectors import Viewer, subordinate_ids
from kinerja.plans.models import PerformancePlan, WorkResult
from kinerja.plans.selectors.plans import current_of
from kinerja.plans.workflow import PlanStatus


def current_plans(
    employee_ids: Iterable[int], performance_year: PerformanceYear
) -> dict[int, PerformancePlan]:
    """Each employee's plan of the year that the cascade shows: the approved revision, else
    the newest one. One query."""
    by_employee: dict[int, list[PerformancePlan]] = {}
    plans = (
        PerformancePlan.objects.filter(
            employee_id__in=list(employee_ids), performance_year=performance_year
        )
        .exclude(status=PlanStatus.SUPERSEDED)
        .order_by("-revision")
    )
    for plan in plans:
        by_employee.setdefault(plan.employee_id, []).append(plan)
    chosen = {employee_id: current_of(revisions) for employee_id, revisions in by_employee.items()}
    return {employee_id: plan for employee_id, plan in chosen.items() if plan is not None}


def _results_of(plans: Iterable[PerformancePlan]) -> list[WorkResult]:
    return list(
        WorkResult.objects.filter(plan__in=[plan.pk for plan in plans])
        .select_related("intervenes__plan")
        .order_by("plan_id", "-kind", "order", "pk")
    )


# -- one leader ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """A team member's RHK that intervenes in one of the leader's RHK."""

    employee: Employee
    plan: PerformancePlan
    result: WorkResult


@dataclass(slots=True)
class LeaderRow:
    result: WorkResult
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Unlinked:
    employee: Employee
    plan: PerformancePlan | None


@dataclass(frozen=True, slots=True)
class LeaderCascade:
    leader: Employee
    performance_year: PerformanceYear
    plan: PerformancePlan | None
    rows: list[LeaderRow]
    unlinked: list[Unlinked]
    # Links to an RHK of an earlier revision of the leader's SKP, changed since.
    stale: list[Link]
    team_size: int


def leader_cascade(leader: Employee, performance_year: PerformanceYear) -> LeaderCascade:
    """The matrix of one leader and their direct reports for the year (five queries)."""
    plan = current_plans([leader.pk], performance_year).get(leader.pk)
    leader_results = _results_of([plan]) if plan else []
    team = list(
        Employee.objects.filter(supervisor=leader, is_active=True)
        .select_related("position")
        .order_by("name", "pk")
    )
    team_plans = current_plans([member.pk for member in team], performance_year)
    by_id = {member.pk: member for member in team}
    rows = {result.pk: LeaderRow(result) for result in leader_results}
    plan_by_id = {member_plan.pk: member_plan for member_plan in team_plans.values()}
    stale: list[Link] = []
    linked_members: set[int] = set()
    for result in _results_of(team_plans.values()):
        if result.intervenes is None:
            continue
        member_plan = plan_by_id[result.plan_id]
        member = by_id[member_plan.employee_id]
        link = Link(member, member_plan, result)
        if result.intervenes.pk in rows:
            rows[result.intervenes.pk].links.append(link)
            linked_members.add(member.pk)
        elif result.intervenes.plan.employee_id == leader.pk:
            stale.append(link)
            linked_members.add(member.pk)
    unlinked = [
        Unlinked(member, team_plans.get(member.pk))
        for member in team
        if member.pk not in linked_members
    ]
    return LeaderCascade(
        leader=leader,
        performance_year=performance_year,
        plan=plan,
        rows=list(rows.values()),
        unlinked=unlinked,
        stale=stale,
        team_size=len(team),
    )


# -- the whole office ----------------------------------------------------------------------


@dataclass(slots=True)
class ResultNode:
    employee: Employee
    plan: PerformancePlan
    result: WorkResult
    children: list["ResultNode"] = field(default_factory=list)


@dataclass(slots=True)
class PersonNode:
    """An employee in the office tree: their RHK with what intervenes in each."""

    employee: Employee
    plan: PerformancePlan | None
    results: list[ResultNode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class OfficeCascade:
    performance_year: PerformanceYear
    roots: list[PersonNode]
    # Everyone below the roots with no RHK linked to their leader's plan: their own node
    # (with what hangs below them) and their leader.
    unlinked: list[tuple[PersonNode, Employee | None]]
    people: int
    with_plan: int
    approved: int


def office_roots(viewer: Viewer) -> list[Employee]:
    """Where the office tree starts: the pimpinan themselves; for an HR admin, the heads
    of their organisation (employees without a superior in it)."""
    if viewer.is_pimpinan and viewer.employee is not None:
        return [viewer.employee]
    if viewer.is_admin and viewer.org_root_path is not None:
        return list(
            Employee.objects.filter(unit__path__startswith=viewer.org_root_path, is_active=True)
            .filter(
                Q(supervisor__isnull=True)
                | ~Q(supervisor__unit__path__startswith=viewer.org_root_path)
            )
            .select_related("position", "unit")
            .order_by("name", "pk")
        )
    return []


def office_cascade(roots: Sequence[Employee], performance_year: PerformanceYear) -> OfficeCascade:
    """The tree of RHK from the roots down the reporting line: every RHK with the RHK of
    the direct reports that intervene in it, recursively. Four queries per root batch."""
    if not roots:
        return OfficeCascade(performance_year, [], [], 0, 0, 0)
    below = Q()
    for root in roots:
        below |= Q(pk__in=subordinate_ids(root))
    people = {root.pk: root for root in roots}
    for employee in (
        Employee.objects.filter(below, is_active=True)
        .select_related("position", "unit")
        .order_by("name", "pk")
    ):
        people.setdefault(employee.pk, employee)
    plans = current_plans(people, performance_year)
    plan_owner = {plan.pk: employee_id for employee_id, plan in plans.items()}
    nodes = {pk: PersonNode(employee, plans.get(pk)) for pk, employee in people.items()}
    result_nodes: dict[int, ResultNode] = {}
    for result in _results_of(plans.values()):
        owner = plan_owner[result.plan_id]
        node = ResultNode(people[owner], plans[owner], result)
        result_nodes[result.pk] = node
        nodes[owner].results.append(node)
    linked: set[int] = set()
    for node in result_nodes.values():
        employee = node.employee
        parent = result_nodes.get(node.result.intervenes_id or 0)
        # A link counts in the tree when it goes to the leader's plan shown here.
        if parent is not None and parent.employee.pk == employee.supervisor_id:
            parent.children.append(node)
            linked.add(employee.pk)
    unlinked = [
        (nodes[pk], people.get(employee.supervisor_id or 0))
        for pk, employee in people.items()
        if pk not in linked and pk not in {root.pk for root in roots}
    ]
    return OfficeCascade(
        performance_year=performance_year,
        roots=[nodes[root.pk] for root in roots],
        unlinked=unlinked,
        people=len(people),
        with_plan=len(plans),
        approved=sum(1 for plan in plans.values() if plan.status == PlanStatus.APPROVED),
    )
