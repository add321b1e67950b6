"""Organisasi → Tahapan penerapan: the phased rollout of Kinerja, unit by unit.

Every unit the viewer sees (``organization.selectors.unit_tree_for_user``), in tree order,
with its own rollout plan if it has one, the plan it follows otherwise, its stage today
(``organization.rollout.unit_stage``), and how far it has come: its headcount, the share
of its employees with an approved SKP this year, the share with a delivered evaluation in
the last evaluation period that has ended, and the socialisation coverage of the criteria
in force (counted as ``criteria.selectors.socialisation`` counts it). Every figure covers
the unit and the units below it, the part of the organisation its plan governs.

Everyone in the organisation reads the plan. The progress figures go to those who read
them elsewhere: the HR admin for every unit, a pimpinan for the units they lead; the
socialisation coverage, the SKP and the evaluations of a small unit would otherwise point
at single colleagues. Only the HR admin changes plans (``organization.services``).

A page costs the same queries however many units and employees there are: the tree, the
plans, the last evaluation period, one grouped count of employees, the criteria in force
(one query per organisation shown: one, except for an HR admin over several) and one
grouped count of acknowledgements.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from kinerja.accounts.models import User
from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.selectors.access import DELIVERED_STATUSES
from kinerja.core.exceptions import PermissionDenied
from kinerja.criteria.models import Acknowledgement, CriteriaVersion
from kinerja.criteria.selectors.socialisation import coverage_percent
from kinerja.criteria.selectors.versions import published_version
from kinerja.organization.models import Employee, OrgUnit, Period, UnitRollout
from kinerja.organization.rollout import RolloutStage, unit_stage
from kinerja.organization.selectors import (
    UnitNode,
    Viewer,
    can_manage_organization,
    get_unit_for_user,
    get_viewer,
    unit_ancestors,
    unit_tree_for_user,
)
from kinerja.plans.models import PerformancePlan
from kinerja.plans.workflow import PlanStatus

STAGES = (RolloutStage.NOT_STARTED, RolloutStage.PILOT, RolloutStage.ACTIVE)
STAGE_LABELS: Mapping[RolloutStage, Promise] = {
    RolloutStage.NOT_STARTED: pgettext_lazy("rollout stage", "Not started"),
    RolloutStage.PILOT: pgettext_lazy("rollout stage", "Pilot"),
    RolloutStage.ACTIVE: pgettext_lazy("rollout stage", "Live"),
}
# How many of the coming stage changes the timeline lists.
MILESTONES_SHOWN = 8

_Plans = Mapping[str, tuple[date | None, date | None]]


@dataclass(frozen=True, slots=True)
class Share:
    """``done`` of ``total`` people."""

    done: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        """In per cent with one place; None when there is nobody to count."""
        return coverage_percent(self.done, self.total)


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a unit (with the units below it) has come."""

    headcount: int
    skp: Share
    # None before any evaluation period has ended.
    evaluated: Share | None
    # None while the organisation has no criteria in force.
    socialised: Share | None


@dataclass(frozen=True, slots=True)
class RolloutRow:
    node: UnitNode
    plan: UnitRollout | None  # the unit's own plan
    governing: UnitRollout | None  # its own plan, else its nearest ancestor's
    stage: RolloutStage
    progress: Progress | None  # None when the viewer does not see the figures

    @property
    def unit(self) -> OrgUnit:
        return self.node.unit

    @property
    def depth(self) -> int:
        """How far below the top of the page the unit sits (0 for a root)."""
        return len(self.node.ancestors)

    @property
    def stage_label(self) -> Promise:
        return STAGE_LABELS[self.stage]

    @property
    def follows(self) -> OrgUnit | None:
        """The unit above whose plan this one follows, when it has none of its own."""
        if self.plan is None and self.governing is not None:
            return self.governing.unit
        return None


@dataclass(frozen=True, slots=True)
class Milestone:
    """A coming day on which a unit's own plan moves it to ``stage``."""

    day: date
    unit: OrgUnit
    stage: RolloutStage

    @property
    def stage_label(self) -> Promise:
        return STAGE_LABELS[self.stage]


@dataclass(frozen=True, slots=True)
class StageCount:
    stage: RolloutStage
    count: int

    @property
    def label(self) -> Promise:
        return STAGE_LABELS[self.stage]


@dataclass(frozen=True, slots=True)
class RolloutOverview:
    today: date
    rows: list[RolloutRow]
    stage_counts: list[StageCount]
    milestones: list[Milestone]
    # The evaluation period whose delivered evaluations are counted.
    period: Period | None
    year: int
    can_edit: bool

    @property
    def shows_progress(self) -> bool:
        return any(row.progress is not None for row in self.rows)


def _viewer_or_denied(user: User) -> Viewer:
    viewer = get_viewer(user)
    if viewer.is_outsider:
        raise PermissionDenied(_("The rollout is visible to the people of the organisation."))
    return viewer


def _sees_progress(viewer: Viewer, unit: OrgUnit) -> bool:
    if viewer.is_admin:
        return True
    led = viewer.pimpinan_path
    return led is not None and unit.path.startswith(led)


def _progress_scope(viewer: Viewer) -> Q:
    """The employees whose figures the viewer sees (see ``_sees_progress``)."""
    if viewer.is_admin:
        return Q()
    led = viewer.pimpinan_path
    return Q(unit__path__startswith=led) if led is not None else Q(pk__in=[])


def _plan_dates(plans: Iterable[UnitRollout]) -> _Plans:
    return {plan.unit.path: (plan.pilot_from, plan.active_from) for plan in plans}


def _governing(
    node: UnitNode | None, plans_by_path: Mapping[str, UnitRollout]
) -> UnitRollout | None:
    while node is not None:
        plan = plans_by_path.get(node.unit.path)
        if plan is not None:
            return plan
        node = node.parent
    return None


def last_evaluation_period(today: date) -> Period | None:
    """The evaluation period that ended last before ``today`` (of two ending on the same
    day, the shorter: December rather than the whole year)."""
    return (
        Period.objects.filter(is_evaluation_period=True, ends_on__lt=today)
        .order_by("-ends_on", "-starts_on")
        .first()
    )


_Counts = Counter[str]


def _by_unit(rows: Iterable[Mapping[str, Any]]) -> dict[int, _Counts]:
    return {
        row["unit_id"]: Counter({key: value for key, value in row.items() if key != "unit_id"})
        for row in rows
    }


def _employee_counts(scope: Q, *, year: int, period: Period | None) -> dict[int, _Counts]:
    """Per unit: active employees, those with an approved SKP for ``year`` and those with
    a delivered evaluation for ``period``. One query."""
    approved = PerformancePlan.objects.filter(
        employee=OuterRef("pk"), performance_year__year=year, status=PlanStatus.APPROVED
    )
    figures = {
        "headcount": Count("pk"),
        "skp": Count("pk", filter=Q(Exists(approved))),
    }
    if period is not None:
        delivered = Evaluation.objects.filter(
            employee=OuterRef("pk"), period=period, status__in=DELIVERED_STATUSES
        )
        figures["evaluated"] = Count("pk", filter=Q(Exists(delivered)))
    rows = (
        Employee.objects.filter(scope, is_active=True)
        .values("unit_id")
        .annotate(**figures)
        .order_by()
    )
    return _by_unit(rows)


def _versions_in_force(roots: Iterable[OrgUnit], year: int) -> list[CriteriaVersion]:
    return [version for root in roots if (version := published_version(root, year)) is not None]


def _acknowledgement_counts(versions: list[CriteriaVersion]) -> dict[int, _Counts]:
    """Per unit (where each person worked at publication, as the coverage pages count):
    the acknowledgement tasks of active employees, and those done. One query."""
    if not versions:
        return {}
    rows = (
        Acknowledgement.objects.filter(version__in=versions, employee__is_active=True)
        .values("unit_id")
        .annotate(
            in_scope=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by()
    )
    return _by_unit(rows)


def _subtree_totals(nodes: list[UnitNode], own: Mapping[int, _Counts]) -> dict[int, _Counts]:
    """Each unit's counts plus those of every unit below it."""
    totals = {node.unit.pk: Counter(own.get(node.unit.pk, {})) for node in nodes}
    # Deepest first, so each unit has its subtree's total before adding it to its parent.
    for node in sorted(nodes, key=lambda item: len(item.ancestors), reverse=True):
        if node.parent is not None and node.parent.unit.pk in totals:
            totals[node.parent.unit.pk].update(totals[node.unit.pk])
    return totals


def _progress(
    node: UnitNode,
    employees: _Counts,
    tasks: _Counts,
    *,
    has_period: bool,
    has_criteria: bool,
) -> Progress:
    headcount = node.subtree_headcount
    return Progress(
        headcount=headcount,
        skp=Share(employees["skp"], headcount),
        evaluated=Share(employees["evaluated"], headcount) if has_period else None,
        socialised=Share(tasks["acknowledged"], tasks["in_scope"]) if has_criteria else None,
    )


def _milestones(plans: Iterable[UnitRollout], today: date) -> list[Milestone]:
    coming = []
    for plan in plans:
        if plan.pilot_from is not None and plan.pilot_from > today:
            coming.append(Milestone(plan.pilot_from, plan.unit, RolloutStage.PILOT))
        if plan.active_from is not None and plan.active_from > today:
            coming.append(Milestone(plan.active_from, plan.unit, RolloutStage.ACTIVE))
    coming.sort(key=lambda item: (item.day, item.unit.path))
    return coming[:MILESTONES_SHOWN]


def rollout_overview(user: User, today: date) -> RolloutOverview:
    """The rollout page (see the module docstring); PermissionDenied for outsiders."""
    viewer = _viewer_or_denied(user)
    tree = unit_tree_for_user(user, viewer=viewer)
    plans = UnitRollout.objects.select_related("unit", "updated_by").order_by("unit__path")
    if not viewer.is_admin and viewer.org_root_path is not None:
        plans = plans.filter(unit__path__startswith=viewer.org_root_path)
    plan_list = list(plans)
    plans_by_path = {plan.unit.path: plan for plan in plan_list}
    dates = _plan_dates(plan_list)
    visible = {node.unit.pk for node in tree.nodes}

    shown = [node for node in tree.nodes if _sees_progress(viewer, node.unit)]
    employees: dict[int, _Counts] = {}
    tasks: dict[int, _Counts] = {}
    period = None
    versions: list[CriteriaVersion] = []
    if shown:
        period = last_evaluation_period(today)
        employees = _subtree_totals(
            tree.nodes, _employee_counts(_progress_scope(viewer), year=today.year, period=period)
        )
        versions = _versions_in_force([node.unit for node in tree.roots], today.year)
        tasks = _subtree_totals(tree.nodes, _acknowledgement_counts(versions))
    shown_ids = {node.unit.pk for node in shown}
    criteria_roots = {version.organization_id for version in versions}

    rows = []
    for node in tree.nodes:
        progress = None
        if node.unit.pk in shown_ids:
            root = node.ancestors[0].unit if node.ancestors else node.unit
            progress = _progress(
                node,
                employees.get(node.unit.pk, Counter()),
                tasks.get(node.unit.pk, Counter()),
                has_period=period is not None,
                has_criteria=root.pk in criteria_roots,
            )
        rows.append(
            RolloutRow(
                node=node,
                plan=plans_by_path.get(node.unit.path),
                governing=_governing(node, plans_by_path),
                stage=unit_stage(node.unit.path, today, dates),
                progress=progress,
            )
        )
    stages = Counter(row.stage for row in rows)
    return RolloutOverview(
        today=today,
        rows=rows,
        stage_counts=[StageCount(stage, stages[stage]) for stage in STAGES],
        milestones=_milestones((plan for plan in plan_list if plan.unit_id in visible), today),
        period=period,
        year=today.year,
        can_edit=can_manage_organization(user),
    )


@dataclass(frozen=True, slots=True)
class UnitRolloutPlan:
    """One unit's plan, for its edit page."""

    unit: OrgUnit
    ancestors: list[OrgUnit]
    plan: UnitRollout | None
    governing: UnitRollout | None
    stage: RolloutStage

    @property
    def stage_label(self) -> Promise:
        return STAGE_LABELS[self.stage]

    @property
    def follows(self) -> OrgUnit | None:
        if self.plan is None and self.governing is not None:
            return self.governing.unit
        return None


def unit_rollout_for_user(user: User, code: str, today: date) -> UnitRolloutPlan:
    """The plan of the unit with ``code`` and the plans above it; NotFound when the unit
    is not one the viewer sees, PermissionDenied for outsiders."""
    viewer = _viewer_or_denied(user)
    unit = get_unit_for_user(user, code, viewer=viewer)
    ancestors = unit_ancestors(unit)
    paths = [item.path for item in ancestors] + [unit.path]
    plans = list(
        UnitRollout.objects.filter(unit__path__in=paths).select_related("unit", "updated_by")
    )
    by_path = {plan.unit.path: plan for plan in plans}
    governing = next((by_path[path] for path in reversed(paths) if path in by_path), None)
    return UnitRolloutPlan(
        unit=unit,
        ancestors=ancestors,
        plan=by_path.get(unit.path),
        governing=governing,
        stage=unit_stage(unit.path, today, _plan_dates(plans)),
    )
