"""Writes of an SKP (PermenPANRB 6/2022, perencanaan kinerja): the employee drafts the
plan — approach, RHK with their IKI and targets, lampiran — and submits it; the appraiser
writes the ekspektasi khusus pimpinan and approves it or returns it with a reason; a
change during the year is a new revision that replaces the approved plan once approved.

Each function is one transaction with one audit event; the plan row is locked first, so
two people acting on the same plan at once are served one after the other. Which step
leads from which status is ``workflow``'s table; who may take it is decided here with
``selectors.access``.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import Employee, PerformanceYear
from kinerja.organization.selectors import get_viewer
from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanAttachment,
    ResultIndicator,
    WorkResult,
)
from kinerja.plans.selectors.access import is_owner
from kinerja.plans.selectors.plans import (
    indicator_problem,
    intervention_candidates,
    is_jpt,
    may_decide,
    submission_problems,
)
from kinerja.plans.workflow import PlanStatus, Step, is_editable_by_owner, next_status

TEXT_MAX_LENGTH = 2000
ATTACHMENT_LINE_MAX_LENGTH = 500
ATTACHMENT_MAX_LINES = 30


class PlanRefused(DomainError):  # noqa: N818 - reads as what happened
    """An SKP rule refused the action; ``field`` names the input at fault, if one, and
    ``plan`` the plan the message points to (the one that already exists)."""

    def __init__(
        self, message: str, *, field: str | None = None, plan: PerformancePlan | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.plan = plan


# -- helpers ------------------------------------------------------------------------------


def _locked(plan: PerformancePlan) -> PerformancePlan:
    return (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related(
            "employee__position",
            "employee__unit",
            "employee__user",
            "employee__supervisor__position",
            "employee__supervisor__unit",
            "employee__supervisor__user",
            "appraiser__user",
            "performance_year",
        )
        .get(pk=plan.pk)
    )


def _plan_url(plan: PerformancePlan) -> str:
    return reverse("plans:plan_detail", args=[plan.pk])


def _require_owner_editing(actor: User, plan: PerformancePlan) -> PerformancePlan:
    """Lock the plan; only its employee edits it, and only as a draft or returned."""
    locked = _locked(plan)
    if not is_owner(get_viewer(actor), locked):
        raise PermissionDenied(_("Only the employee whose SKP this is can change it."))
    if not is_editable_by_owner(locked.status):
        raise PlanRefused(
            _("This SKP is %(status)s; it can only be changed as a draft or once returned.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _require_decider(actor: User, plan: PerformancePlan) -> PerformancePlan:
    locked = _locked(plan)
    if not may_decide(get_viewer(actor), locked):
        raise PermissionDenied(
            _("Only the appraiser (pejabat penilai) of this SKP can approve or return it.")
        )
    return locked


def _step(plan: PerformancePlan, step: Step, refusal: str) -> PlanStatus:
    target = next_status(plan.status, step)
    if target is None:
        raise PlanRefused(refusal % {"status": plan.get_status_display().lower()})
    return target


def _touch(plan: PerformancePlan) -> None:
    plan.save(update_fields=["updated_at"])


def _clean_text(value: str, *, field: str, missing: str) -> str:
    text = value.strip()
    if not text:
        raise PlanRefused(missing, field=field)
    if len(text) > TEXT_MAX_LENGTH:
        raise PlanRefused(
            _("Keep it under %(count)d characters.") % {"count": TEXT_MAX_LENGTH}, field=field
        )
    return text


def _snapshot(employee: Employee | None) -> dict[str, str]:
    if employee is None:
        return {}
    return {
        "name": employee.name,
        "nip": employee.nip,
        "rank": employee.rank,
        "position": employee.position.name,
        "position_kind": employee.position.kind,
        "unit": employee.unit.name,
    }


# -- the plan -----------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *, actor: User, performance_year: PerformanceYear, approach: str
) -> PerformancePlan:
    """Start the actor's own SKP for the year: revision 1, a draft, appraised by their
    direct superior, with the seven BerAKHLAK values waiting for the expectations.

    A subordinate may start before the leader's SKP is approved; only submitting waits
    for it (``submit_plan``).
    """
    employee = get_viewer(actor).employee
    if employee is None:
        raise PermissionDenied(_("Only employees have an SKP."))
    # Serialises two clicks on "start": the second finds the first one's plan.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    existing = (
        PerformancePlan.objects.filter(employee=employee, performance_year=performance_year)
        .order_by("-revision")
        .first()
    )
    if existing is not None:
        raise PlanRefused(
            _("You already have an SKP for %(year)s (revision %(revision)s); open it instead.")
            % {"year": performance_year.year, "revision": existing.revision},
            field="performance_year",
            plan=existing,
        )
    if approach not in PerformancePlan.Approach.values:
        raise PlanRefused(
            _("Choose the quantitative or the qualitative approach."), field="approach"
        )
    plan = PerformancePlan.objects.create(
        employee=employee,
        performance_year=performance_year,
        revision=1,
        approach=approach,
        status=PlanStatus.DRAFT,
        appraiser=employee.supervisor,
    )
    BehaviourExpectation.objects.bulk_create(
        BehaviourExpectation(plan=plan, value=value.code) for value in CORE_VALUES
    )
    record_event(
        actor=actor,
        action=AuditAction.PLAN_CREATED,
        target=plan,
        changes={"year": performance_year.year, "approach": approach, "revision": 1},
    )
    return plan


@transaction.atomic
def update_plan(*, actor: User, plan: PerformancePlan, approach: str) -> PerformancePlan:
    """Change the approach of a plan being drafted. The IKI are checked against the new
    approach when the plan is submitted."""
    plan = _require_owner_editing(actor, plan)
    if approach not in PerformancePlan.Approach.values:
        raise PlanRefused(
            _("Choose the quantitative or the qualitative approach."), field="approach"
        )
    changes = changed_fields({"approach": plan.approach}, {"approach": approach})
    if changes:
        plan.approach = approach
        plan.save(update_fields=["approach", "updated_at"])
        record_event(actor=actor, action=AuditAction.PLAN_UPDATED, target=plan, changes=changes)
    return plan


# -- RHK ---------------------------------------------------------------------------------


def _check_intervention(plan: PerformancePlan, intervenes: WorkResult | None) -> None:
    if intervenes is None:
        return
    if is_jpt(plan.employee):
        raise PlanRefused(
            _(
                "A JPT's RHK comes from the Perjanjian Kinerja: name who assigned it instead"
                " of a leader's RHK."
            ),
            field="intervenes",
        )
    if not intervention_candidates(plan).filter(pk=intervenes.pk).exists():
        raise PlanRefused(
            _("Choose an RHK of your appraiser's SKP for the same year."), field="intervenes"
        )


def _sync_appraiser(plan: PerformancePlan) -> None:
    """The appraiser is the employee's direct superior of the moment; a plan being drafted
    follows a change in the reporting line."""
    supervisor_id = plan.employee.supervisor_id
    if plan.appraiser_id != supervisor_id:
        plan.appraiser_id = supervisor_id
        plan.save(update_fields=["appraiser", "updated_at"])


@transaction.atomic
def save_result(
    *,
    actor: User,
    plan: PerformancePlan,
    kind: str,
    text: str,
    intervenes: WorkResult | None = None,
    assigned_by: str = "",
    result: WorkResult | None = None,
) -> WorkResult:
    """Add an RHK to the plan, or change ``result``.

    While drafting, ``intervenes`` may be any RHK of the appraiser's approved plan or of
    their plan being drafted for the year; submitting checks it is in the approved one.
    """
    plan = _require_owner_editing(actor, plan)
    _sync_appraiser(plan)
    if result is not None and result.plan_id != plan.pk:
        raise PlanRefused(_("That RHK belongs to another SKP."))
    if kind not in WorkResult.Kind.values:
        raise PlanRefused(_("Choose whether the RHK is main or additional."), field="kind")
    text = _clean_text(text, field="text", missing=_("Write the planned work result (RHK)."))
    _check_intervention(plan, intervenes)
    assigned_by = assigned_by.strip()
    if len(assigned_by) > WorkResult._meta.get_field("assigned_by").max_length:  # type: ignore[operator]
        raise PlanRefused(_("Keep it under 200 characters."), field="assigned_by")
    values: dict[str, Any] = {
        "kind": kind,
        "text": text,
        "intervenes_id": intervenes.pk if intervenes else None,
        "assigned_by": assigned_by,
    }
    if result is None:
        last = plan.results.filter(kind=kind).aggregate(last=Max("order"))["last"]
        result = WorkResult.objects.create(plan=plan, order=(last or 0) + 1, **values)
        changes: dict[str, Any] = {"result_added": result.pk, **values}
    else:
        before = {name: getattr(result, name) for name in values}
        for name, value in values.items():
            setattr(result, name, value)
        result.save()
        changes = {"result_changed": result.pk, **changed_fields(before, values)}
    _touch(plan)
    record_event(actor=actor, action=AuditAction.PLAN_UPDATED, target=plan, changes=changes)
    return result


@transaction.atomic
def delete_result(*, actor: User, result: WorkResult) -> None:
    """Remove an RHK and its IKI from a plan being drafted. Refused while RHK of the
    team intervene in it: they would lose what they hang on."""
    plan = _require_owner_editing(actor, result.plan)
    linked = result.interventions.count()
    if linked:
        raise PlanRefused(
            _(
                "%(count)d RHK of your team intervene in this RHK; they must choose another"
                " one before it can be removed."
            )
            % {"count": linked}
        )
    changes = {"result_removed": result.pk, "text": result.text}
    result.delete()
    _touch(plan)
    record_event(actor=actor, action=AuditAction.PLAN_UPDATED, target=plan, changes=changes)


# -- IKI ---------------------------------------------------------------------------------


@transaction.atomic
def save_indicator(
    *,
    actor: User,
    result: WorkResult,
    text: str,
    aspect: str = "",
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
    target_text: str = "",
    unit: str = "",
    lower_is_better: bool = False,
    indicator: ResultIndicator | None = None,
) -> ResultIndicator:
    """Add an IKI with its target to ``result``, or change ``indicator``."""
    plan = _require_owner_editing(actor, result.plan)
    if indicator is not None and indicator.work_result_id != result.pk:
        raise PlanRefused(_("That IKI belongs to another RHK."))
    if aspect and aspect not in ResultIndicator.Aspect.values:
        raise PlanRefused(_("Choose the aspect (quantity, quality, time or cost)."), field="aspect")
    values: dict[str, Any] = {
        "text": _clean_text(text, field="text", missing=_("Write the indicator (IKI).")),
        "aspect": aspect,
        "target_min": target_min,
        "target_max": target_max,
        "target_text": target_text.strip(),
        "unit": unit.strip()[:60],
        "lower_is_better": lower_is_better,
    }
    candidate = ResultIndicator(work_result=result, **values)
    problem = indicator_problem(plan, candidate)
    if problem is not None:
        raise PlanRefused(problem[1], field=problem[0])
    if indicator is None:
        last = result.indicators.aggregate(last=Max("order"))["last"]
        candidate.order = (last or 0) + 1
        candidate.save()
        indicator = candidate
        changes: dict[str, Any] = {"indicator_added": indicator.pk, "result": result.pk, **values}
    else:
        before = {name: getattr(indicator, name) for name in values}
        for name, value in values.items():
            setattr(indicator, name, value)
        indicator.save()
        changes = {"indicator_changed": indicator.pk, **changed_fields(before, values)}
    _touch(plan)
    record_event(actor=actor, action=AuditAction.PLAN_UPDATED, target=plan, changes=changes)
    return indicator


@transaction.atomic
def delete_indicator(*, actor: User, indicator: ResultIndicator) -> None:
    plan = _require_owner_editing(actor, indicator.work_result.plan)
    changes = {"indicator_removed": indicator.pk, "text": indicator.text}
    indicator.delete()
    _touch(plan)
    record_event(actor=actor, action=AuditAction.PLAN_UPDATED, target=plan, changes=changes)


# -- lampiran ----------------------------------------------------------------------------


@transaction.atomic
def save_attachments(
    *, actor: User, plan: PerformancePlan, lines: Mapping[str, Sequence[str]]
) -> PerformancePlan:
    """Replace the lampiran SKP: for each part given, its lines in order (blank lines are
    dropped). Parts not given keep their lines."""
    plan = _require_owner_editing(actor, plan)
    cleaned: dict[str, list[str]] = {}
    for kind, texts in lines.items():
        if kind not in PlanAttachment.Kind.values:
            raise PlanRefused(_("Unknown part of the lampiran."), field=kind)
        kept = [" ".join(text.split()) for text in texts if text.strip()]
        if len(kept) > ATTACHMENT_MAX_LINES:
            raise PlanRefused(
                _("Keep each part to at most %(count)d lines.") % {"count": ATTACHMENT_MAX_LINES},
                field=kind,
            )
        if any(len(text) > ATTACHMENT_LINE_MAX_LENGTH for text in kept):
            raise PlanRefused(
                _("Keep each line under %(count)d characters.")
                % {"count": ATTACHMENT_LINE_MAX_LENGTH},
                field=kind,
            )
        cleaned[kind] = kept
    before = {
        kind: list(plan.attachments.filter(kind=kind).values_list("text", flat=True))
        for kind in cleaned
    }
    plan.attachments.filter(kind__in=list(cleaned)).delete()
    PlanAttachment.objects.bulk_create(
        PlanAttachment(plan=plan, kind=kind, text=text, order=order)
        for kind, texts in cleaned.items()
        for order, text in enumerate(texts, start=1)
    )
    changes = changed_fields(before, cleaned)
    if changes:
        _touch(plan)
        record_event(
            actor=actor, action=AuditAction.PLAN_UPDATED, target=plan, changes={"lampiran": changes}
        )
    return plan


# -- the workflow ------------------------------------------------------------------------


@transaction.atomic
def submit_plan(*, actor: User, plan: PerformancePlan) -> PerformancePlan:
    """Submit the plan to the appraiser (pengajuan SKP). The employee and the appraiser are
    recorded as they are now, as the SKP document prints them."""
    plan = _locked(plan)
    if not is_owner(get_viewer(actor), plan):
        raise PermissionDenied(_("Only the employee whose SKP this is can submit it."))
    target = _step(plan, Step.SUBMIT, _("This SKP is %(status)s; it cannot be submitted."))
    _sync_appraiser(plan)
    plan.appraiser = plan.employee.supervisor
    problems = submission_problems(plan)
    if problems:
        raise PlanRefused(" ".join(problems))
    plan.status = target
    plan.submitted_at = timezone.now()
    plan.employee_snapshot = _snapshot(plan.employee)
    plan.appraiser_snapshot = _snapshot(plan.appraiser)
    plan.save()
    record_event(
        actor=actor,
        action=AuditAction.PLAN_SUBMITTED,
        target=plan,
        changes={"status": target.value, "appraiser": plan.appraiser_id},
    )
    if plan.appraiser is not None and plan.appraiser.user is not None:
        notify(
            recipients=[plan.appraiser.user],
            message=Message(
                title=_("%(name)s submitted their SKP %(year)s for your approval")
                % {"name": plan.employee.name, "year": plan.performance_year.year},
                url=_plan_url(plan),
            ),
        )
    return plan


def _notify_employee(plan: PerformancePlan, title: str, body: str = "") -> None:
    if plan.employee.user is not None:
        notify(
            recipients=[plan.employee.user],
            message=Message(title=title, body=body, url=_plan_url(plan)),
        )


@transaction.atomic
def return_plan(*, actor: User, plan: PerformancePlan, reason: str) -> PerformancePlan:
    """Send the plan back to the employee with the reason (dikembalikan)."""
    plan = _require_decider(actor, plan)
    target = _step(
        plan, Step.RETURN, _("This SKP is %(status)s; only a submitted SKP can be returned.")
    )
    reason = _clean_text(
        reason, field="reason", missing=_("Say why the SKP goes back, so it can be corrected.")
    )
    plan.status = target
    plan.returned_at = timezone.now()
    plan.return_reason = reason
    plan.save(update_fields=["status", "returned_at", "return_reason", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.PLAN_RETURNED,
        target=plan,
        changes={"status": target.value, "reason": reason},
    )
    _notify_employee(
        plan,
        _("Your SKP %(year)s was returned for correction") % {"year": plan.performance_year.year},
        reason,
    )
    return plan


def _relink_interventions(old: PerformancePlan, new: PerformancePlan) -> int:
    """Move the team's links from the RHK of the replaced plan to the same RHK (same kind
    and text) of the new revision; an RHK that changed keeps the old link, which the
    cascade shows as pointing to an earlier revision. Returns how many moved."""
    copies = {(r.kind, r.text): r.pk for r in new.results.all()}
    moved = 0
    for result in old.results.all():
        copy_id = copies.get((result.kind, result.text))
        if copy_id is None:
            continue
        moved += (
            WorkResult.objects.filter(intervenes=result)
            .exclude(plan__status=PlanStatus.SUPERSEDED)
            .update(intervenes_id=copy_id)
        )
    return moved


@transaction.atomic
def approve_plan(*, actor: User, plan: PerformancePlan) -> PerformancePlan:
    """Approve and adopt the plan (persetujuan / penetapan SKP). An approved revision
    replaces the plan it revises, which is kept as superseded."""
    plan = _require_decider(actor, plan)
    target = _step(
        plan, Step.APPROVE, _("This SKP is %(status)s; only a submitted SKP can be approved.")
    )
    changes: dict[str, Any] = {"status": target.value}
    replaced = (
        PerformancePlan.objects.select_for_update().filter(pk=plan.supersedes_id).first()
        if plan.supersedes_id
        else None
    )
    superseded = next_status(replaced.status, Step.SUPERSEDE) if replaced is not None else None
    if replaced is not None and superseded is not None:
        # First: only one plan of a year may be approved at any moment.
        replaced.status = superseded
        replaced.save(update_fields=["status", "updated_at"])
        changes["superseded"] = replaced.pk
    plan.status = target
    plan.approved_at = timezone.now()
    plan.approved_by = actor
    plan.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    if replaced is not None:
        changes["relinked"] = _relink_interventions(replaced, plan)
    record_event(actor=actor, action=AuditAction.PLAN_APPROVED, target=plan, changes=changes)
    _notify_employee(
        plan, _("Your SKP %(year)s was approved") % {"year": plan.performance_year.year}
    )
    return plan


@transaction.atomic
def set_expectations(
    *, actor: User, plan: PerformancePlan, expectations: Mapping[str, str]
) -> PerformancePlan:
    """The appraiser writes the ekspektasi khusus pimpinan per BerAKHLAK value (domain.md
    4.2), while planning or later in the year; a superseded plan is history."""
    plan = _require_decider(actor, plan)
    if plan.status == PlanStatus.SUPERSEDED:
        raise PlanRefused(_("This SKP was replaced by a newer revision; write on that one."))
    known = {value.code for value in CORE_VALUES}
    unknown = set(expectations) - known
    if unknown:
        raise PlanRefused(_("Unknown BerAKHLAK value."), field=sorted(unknown)[0])
    rows = {row.value: row for row in plan.behaviours.all()}
    changes: dict[str, list[str]] = {}
    for code, raw in expectations.items():
        text = raw.strip()
        if len(text) > TEXT_MAX_LENGTH:
            raise PlanRefused(
                _("Keep it under %(count)d characters.") % {"count": TEXT_MAX_LENGTH}, field=code
            )
        if code in rows and rows[code].special_expectation == text:
            continue
        row = rows.get(code) or BehaviourExpectation(plan=plan, value=code)
        changes[code] = [row.special_expectation, text]
        row.special_expectation = text
        row.save()
    if changes:
        _touch(plan)
        record_event(
            actor=actor,
            action=AuditAction.PLAN_EXPECTATIONS_SET,
            target=plan,
            changes={"status": plan.status, "expectations": changes},
        )
        if plan.status != PlanStatus.DRAFT:
            _notify_employee(
                plan,
                _("Your appraiser wrote expectations on your SKP %(year)s")
                % {"year": plan.performance_year.year},
            )
    return plan


@transaction.atomic
def start_revision(*, actor: User, plan: PerformancePlan, reason: str) -> PerformancePlan:
    """Open a new revision of an approved plan (perubahan SKP, domain.md 9.3): a draft copy
    of its RHK (with their links), IKI, behaviours with the expectations and lampiran.
    The approved plan stays in force until the revision is approved."""
    plan = _locked(plan)
    if not is_owner(get_viewer(actor), plan):
        raise PermissionDenied(_("Only the employee whose SKP this is can revise it."))
    if plan.status != PlanStatus.APPROVED:
        raise PlanRefused(
            _("Only the approved SKP can be revised; this one is %(status)s.")
            % {"status": plan.get_status_display().lower()}
        )
    open_revision = PerformancePlan.objects.filter(supersedes=plan).first()
    if open_revision is not None:
        raise PlanRefused(
            _("Revision %(revision)s is already being prepared; continue it instead.")
            % {"revision": open_revision.revision},
            plan=open_revision,
        )
    reason = _clean_text(reason, field="reason", missing=_("Say why the SKP changes."))
    last = PerformancePlan.objects.filter(
        employee_id=plan.employee_id, performance_year_id=plan.performance_year_id
    ).aggregate(last=Max("revision"))["last"]
    revision = PerformancePlan.objects.create(
        employee_id=plan.employee_id,
        performance_year_id=plan.performance_year_id,
        revision=(last or plan.revision) + 1,
        supersedes=plan,
        revision_reason=reason,
        approach=plan.approach,
        status=PlanStatus.DRAFT,
        appraiser=plan.employee.supervisor,
    )
    for result in plan.results.prefetch_related("indicators").order_by("-kind", "order", "pk"):
        indicators = list(result.indicators.all())
        result.pk = None
        result.plan = revision
        result.save()
        ResultIndicator.objects.bulk_create(
            ResultIndicator(
                work_result=result,
                text=i.text,
                aspect=i.aspect,
                target_min=i.target_min,
                target_max=i.target_max,
                target_text=i.target_text,
                unit=i.unit,
                lower_is_better=i.lower_is_better,
                order=i.order,
            )
            for i in indicators
        )
    BehaviourExpectation.objects.bulk_create(
        BehaviourExpectation(
            plan=revision, value=b.value, special_expectation=b.special_expectation
        )
        for b in plan.behaviours.all()
    )
    PlanAttachment.objects.bulk_create(
        PlanAttachment(plan=revision, kind=a.kind, text=a.text, order=a.order)
        for a in plan.attachments.all()
    )
    record_event(
        actor=actor,
        action=AuditAction.PLAN_REVISION_STARTED,
        target=revision,
        changes={"revises": plan.pk, "revision": revision.revision, "reason": reason},
    )
    return revision
