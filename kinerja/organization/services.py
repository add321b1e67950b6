"""Writes on the organisation: units, employees, performance years, the appraisers
snapshotted per period and the rollout plan of each unit. Each function is one
transaction and one audit event.

Bulk imports live in ``kinerja.organization.importers``; they share the tree rules in
``kinerja.organization.tree``.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.core.periods import PeriodKind, periods_of_year
from kinerja.organization.models import (
    AppraisalChain,
    Employee,
    OrgUnit,
    PerformanceYear,
    Period,
    UnitRollout,
)
from kinerja.organization.nip import InvalidNip, check_shape, parse_pns_nip
from kinerja.organization.rollout import plan_problem
from kinerja.organization.selectors import can_manage_organization
from kinerja.organization.tree import depth_of

UNIT_FIELDS = ("code", "name", "parent_id", "kind")
EMPLOYEE_FIELDS = (
    "nip",
    "name",
    "asn_status",
    "rank",
    "position_id",
    "unit_id",
    "supervisor_id",
    "email",
    "user_id",
    "is_active",
)


def _snapshot(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: getattr(instance, field) for field in fields}


def check_unit(unit: OrgUnit) -> None:
    """Raise DomainError if ``unit`` would be placed under itself or its own subtree."""
    if unit.parent_id is None:
        return
    old_path = OrgUnit.objects.filter(pk=unit.pk).values_list("path", flat=True).first()
    if old_path is None:
        return
    parent_path = OrgUnit.objects.filter(pk=unit.parent_id).values_list("path", flat=True).first()
    if unit.parent_id == unit.pk or (parent_path or "").startswith(old_path):
        raise DomainError(_("A unit cannot be placed under itself or one of its sub-units."))


def check_employee(employee: Employee) -> None:
    """Raise DomainError for a NIP invalid for the ASN status or a looping reporting line."""
    try:
        if employee.asn_status == Employee.AsnStatus.PNS:
            parse_pns_nip(employee.nip)
        else:
            check_shape(employee.nip)
    except InvalidNip as error:
        raise DomainError(_("The NIP %(nip)s is not valid.") % {"nip": employee.nip}) from error
    if employee.pk and _reports_to(employee.supervisor_id, employee.pk):
        raise DomainError(
            _("%(name)s cannot report to %(supervisor)s: the reporting line would loop.")
            % {"name": employee.name, "supervisor": employee.supervisor}
        )


def check(instance: OrgUnit | Employee) -> None:
    """The rule check of whichever object this is (used by the admin's forms)."""
    if isinstance(instance, OrgUnit):
        check_unit(instance)
    elif isinstance(instance, Employee):
        check_employee(instance)


@transaction.atomic
def save_unit(*, actor: User | None, unit: OrgUnit) -> OrgUnit:
    """Create or update one unit, keeping the materialised paths of its subtree right.

    Refuses a parent that would make the tree cyclic.
    """
    check_unit(unit)
    stored = OrgUnit.objects.select_for_update().filter(pk=unit.pk).first() if unit.pk else None
    before = _snapshot(stored, UNIT_FIELDS) if stored else {}
    old_path = stored.path if stored else None
    if unit.parent_id is not None:
        parent = OrgUnit.objects.get(pk=unit.parent_id)
        unit.path = f"{parent.path}{unit.code}/"
    else:
        unit.path = f"/{unit.code}/"
    unit.depth = depth_of(unit.path)
    unit.save()
    if old_path and old_path != unit.path:
        # Move the whole subtree: every descendant's path starts with the old prefix.
        for descendant in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            descendant.path = unit.path + descendant.path[len(old_path) :]
            descendant.depth = depth_of(descendant.path)
            descendant.save(update_fields=["path", "depth"])
    after = _snapshot(unit, UNIT_FIELDS)
    record_event(
        actor=actor,
        action=AuditAction.UNIT_UPDATED if before else AuditAction.UNIT_CREATED,
        target=unit,
        changes=changed_fields(before, after),
    )
    return unit


@transaction.atomic
def save_employee(*, actor: User | None, employee: Employee) -> Employee:
    """Create or update one employee: valid NIP for the status, the unit taken from the
    position, and a reporting line without cycles."""
    check_employee(employee)
    employee.unit_id = employee.position.unit_id
    before = (
        _snapshot(Employee.objects.select_for_update().get(pk=employee.pk), EMPLOYEE_FIELDS)
        if employee.pk
        else {}
    )
    employee.save()
    record_event(
        actor=actor,
        action=AuditAction.EMPLOYEE_UPDATED if before else AuditAction.EMPLOYEE_CREATED,
        target=employee,
        changes=changed_fields(before, _snapshot(employee, EMPLOYEE_FIELDS)),
    )
    return employee


def _reports_to(start_id: int | None, employee_id: int) -> bool:
    """Whether walking up the reporting line from ``start_id`` reaches ``employee_id``.
    The line is a few levels deep, so this is a handful of indexed lookups."""
    seen: set[int] = set()
    node = start_id
    while node is not None and node not in seen:
        if node == employee_id:
            return True
        seen.add(node)
        node = Employee.objects.filter(pk=node).values_list("supervisor_id", flat=True).first()
    return False


def _is_evaluation_period(kind: PeriodKind, periodicity: str) -> bool:
    if kind == PeriodKind.YEAR:
        return True
    if periodicity == PerformanceYear.Periodicity.MONTHLY:
        return kind == PeriodKind.MONTH
    return kind == PeriodKind.QUARTER


@transaction.atomic
def open_performance_year(
    *,
    actor: User | None,
    year: int,
    periodicity: str = PerformanceYear.Periodicity.MONTHLY,
    rating_method: str = PerformanceYear.RatingMethod.QUADRANT_6_2022,
    skp_deadline: date | None = None,
) -> PerformanceYear:
    """Create a performance year with its 17 periods and snapshot the appraisers of every
    active employee for each evaluation period.

    The SKP deadline defaults to 31 January (PermenPANRB 8/2021 §E.4, carried into 6/2022
    practice; domain.md 2.2).
    """
    if PerformanceYear.objects.filter(year=year).exists():
        raise DomainError(_("Performance year %(year)s already exists.") % {"year": year})
    performance_year = PerformanceYear.objects.create(
        year=year,
        periodicity=periodicity,
        rating_method=rating_method,
        skp_deadline=skp_deadline or date(year, 1, 31),
    )
    periods = Period.objects.bulk_create(
        Period(
            performance_year=performance_year,
            code=span.code,
            kind=span.kind.name,
            starts_on=span.starts_on,
            ends_on=span.ends_on,
            is_evaluation_period=_is_evaluation_period(span.kind, periodicity),
        )
        for span in periods_of_year(year)
    )
    snapshotted = sum(_snapshot_chains(period) for period in periods if period.is_evaluation_period)
    record_event(
        actor=actor,
        action=AuditAction.PERFORMANCE_YEAR_OPENED,
        target=performance_year,
        changes={
            "periodicity": periodicity,
            "rating_method": rating_method,
            "skp_deadline": performance_year.skp_deadline,
            "periods": len(periods),
            "appraisal_chains": snapshotted,
        },
    )
    return performance_year


def _snapshot_chains(period: Period) -> int:
    """Write (or rewrite) the appraiser and appraiser's superior of every active employee
    for ``period`` from today's reporting line, in bulk."""
    now = timezone.now()
    rows = Employee.objects.filter(is_active=True).values_list(
        "pk", "unit_id", "position_id", "supervisor_id", F("supervisor__supervisor_id")
    )
    chains = [
        AppraisalChain(
            period=period,
            employee_id=pk,
            unit_id=unit_id,
            position_id=position_id,
            appraiser_id=supervisor_id,
            appraiser_superior_id=superior_id,
            snapshotted_at=now,
        )
        for pk, unit_id, position_id, supervisor_id, superior_id in rows.iterator()
    ]
    AppraisalChain.objects.bulk_create(
        chains,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["period", "employee"],
        update_fields=[
            "unit",
            "position",
            "appraiser",
            "appraiser_superior",
            "snapshotted_at",
        ],
    )
    return len(chains)


@transaction.atomic
def snapshot_appraisal_chains(*, actor: User | None, period: Period) -> int:
    """Refresh the appraisers of ``period`` from the current reporting line, e.g. after a
    reorganisation before the period's evaluation. Returns the number of employees."""
    count = _snapshot_chains(period)
    record_event(
        actor=actor,
        action=AuditAction.APPRAISAL_CHAINS_SNAPSHOTTED,
        target=period,
        changes={"employees": count},
    )
    return count


# -- the phased rollout ------------------------------------------------------------------

ROLLOUT_FIELDS = ("pilot_from", "active_from", "note")
ROLLOUT_NOTE_MAX_LENGTH = 2000


class RolloutRefused(DomainError):  # noqa: N818 - reads as what happened
    """A rollout plan that cannot work; ``field`` names the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _day(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value is not None else ""


def _require_rollout_manager(actor: User) -> None:
    if not can_manage_organization(actor):
        raise PermissionDenied(_("Only the HR admin plans the rollout."))


@transaction.atomic
def save_rollout(
    *,
    actor: User,
    unit: OrgUnit,
    pilot_from: date | None,
    active_from: date | None,
    note: str,
) -> UnitRollout:
    """Create or change the rollout plan of ``unit`` (and of the units below it that have
    none of their own): when its pilot (uji coba) starts and when it goes live. Either day
    may be left open; the pilot cannot start after going live (``rollout.plan_problem``).
    """
    _require_rollout_manager(actor)
    if plan_problem(pilot_from, active_from) == "active_before_pilot":
        raise RolloutRefused(
            _(
                "The unit cannot go live (%(active)s) before its pilot starts (%(pilot)s)."
                " Move the live date to the start of the pilot or later."
            )
            % {"active": _day(active_from), "pilot": _day(pilot_from)},
            field="active_from",
        )
    text = note.strip()
    if len(text) > ROLLOUT_NOTE_MAX_LENGTH:
        raise RolloutRefused(
            _("Keep the note under %(count)d characters.") % {"count": ROLLOUT_NOTE_MAX_LENGTH},
            field="note",
        )
    # Lock the unit, not only its plan: two first plans of one unit would otherwise race.
    OrgUnit.objects.select_for_update().only("pk").get(pk=unit.pk)
    plan = UnitRollout.objects.select_for_update().filter(unit=unit).first()
    before = _snapshot(plan, ROLLOUT_FIELDS) if plan is not None else {}
    if plan is None:
        plan = UnitRollout(unit=unit)
    plan.pilot_from, plan.active_from, plan.note = pilot_from, active_from, text
    changes = changed_fields(before, _snapshot(plan, ROLLOUT_FIELDS))
    if before and not changes:
        return plan
    plan.updated_by = actor
    plan.save()
    record_event(actor=actor, action=AuditAction.ROLLOUT_PLANNED, target=plan, changes=changes)
    return plan


@transaction.atomic
def clear_rollout(*, actor: User, unit: OrgUnit) -> bool:
    """Remove the rollout plan of ``unit``, which then follows its nearest ancestor's plan
    (or is live when there is none). Returns False when it had no plan of its own."""
    _require_rollout_manager(actor)
    plan = UnitRollout.objects.select_for_update().filter(unit=unit).first()
    if plan is None:
        return False
    before = _snapshot(plan, ROLLOUT_FIELDS)
    record_event(
        actor=actor,
        action=AuditAction.ROLLOUT_PLANNED,
        target=plan,
        changes={**changed_fields(before, dict.fromkeys(ROLLOUT_FIELDS)), "removed": True},
    )
    plan.delete()
    return True
