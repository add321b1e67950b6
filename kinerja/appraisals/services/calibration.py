"""Writes of the calibration (SE MenPANRB 3/2023, three steps): the leader one level above
sets the unit's organisation predicate for the period; the unit's leader adjusts the
employees' final predicates against the distribution pattern it allows, giving a reason
for every departure from the matrix; finalising delivers every result to its employee,
and is refused while the pattern is violated unless the leader records why.
"""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisals.models import Calibration, Evaluation, OrgPredicateChoice, PredicateChoice
from kinerja.appraisals.selectors.access import may_calibrate, may_set_org_predicate
from kinerja.appraisals.selectors.calibration import distribution, population
from kinerja.appraisals.services.evaluations import EvaluationRefused, compute
from kinerja.appraisals.workflow import EvaluationStatus, Step, next_status, objection_deadline
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core import hooks
from kinerja.core.exceptions import PermissionDenied
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import OrgUnit, Period
from kinerja.organization.selectors import get_viewer
from kinerja.workcalendar.selectors import load_working_calendar

NOTE_MAX_LENGTH = 2000


def _clean(value: str, *, field: str, missing: str) -> str:
    text = value.strip()
    if not text:
        raise EvaluationRefused(missing, field=field)
    if len(text) > NOTE_MAX_LENGTH:
        raise EvaluationRefused(
            _("Keep it under %(count)d characters.") % {"count": NOTE_MAX_LENGTH}, field=field
        )
    return text


def _locked(calibration: Calibration) -> Calibration:
    return (
        Calibration.objects.select_for_update(of=("self",))
        .select_related("unit", "period")
        .get(pk=calibration.pk)
    )


def _require_open(calibration: Calibration) -> None:
    if calibration.is_final:
        raise EvaluationRefused(_("This calibration has been finalised; it can no longer change."))


@transaction.atomic
def set_org_predicate(
    *, actor: User, unit: OrgUnit, period: Period, predicate: str, note: str
) -> Calibration:
    """Set (or correct, while the calibration is open) the organisation predicate of
    ``unit`` for ``period``; this opens the unit's calibration."""
    if not may_set_org_predicate(get_viewer(actor), unit):
        raise PermissionDenied(
            _(
                "The organisation predicate is set by the leader one level above the unit"
                " (or the HR admin on their behalf)."
            )
        )
    if predicate not in OrgPredicateChoice.values:
        raise EvaluationRefused(
            _("Choose one of the five organisation predicates."), field="predicate"
        )
    if not period.is_evaluation_period:
        raise EvaluationRefused(
            _("%(period)s is not an evaluation period.") % {"period": period.code}, field="period"
        )
    text = _clean(note, field="note", missing=_("Say what the organisation predicate rests on."))
    existing = Calibration.objects.select_for_update().filter(unit=unit, period=period).first()
    now = timezone.now()
    if existing is None:
        calibration = Calibration.objects.create(
            unit=unit,
            period=period,
            org_predicate=predicate,
            org_predicate_note=text,
            org_predicate_set_by=actor,
            org_predicate_set_at=now,
        )
        before = None
    else:
        _require_open(existing)
        before = existing.org_predicate
        existing.org_predicate, existing.org_predicate_note = predicate, text
        existing.org_predicate_set_by, existing.org_predicate_set_at = actor, now
        existing.save()
        calibration = existing
    # The head of the unit takes the organisation's achievement as their results rating:
    # refresh their suggestion while they are still being rated.
    for head in Evaluation.objects.filter(
        heads_unit=unit, period=period, status=EvaluationStatus.DRAFT
    ).select_related("employee", "period", "criteria_version"):
        compute(head)
        head.save()
    record_event(
        actor=actor,
        action=AuditAction.ORG_PREDICATE_SET,
        target=calibration,
        changes={"org_predicate": [before, predicate], "note": text},
    )
    return calibration


@transaction.atomic
def adjust_predicate(
    *, actor: User, calibration: Calibration, evaluation: Evaluation, predicate: str, reason: str
) -> Evaluation:
    """Set a submitted evaluation's final predicate in calibration. A predicate other
    than the matrix's needs a reason."""
    locked_calibration = _locked(calibration)
    if not may_calibrate(get_viewer(actor), locked_calibration):
        raise PermissionDenied(_("Only the leader of the unit can calibrate its predicates."))
    _require_open(locked_calibration)
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.pk not in {item.pk for item in population(locked_calibration)}:
        raise EvaluationRefused(_("That evaluation is not part of this calibration."))
    if locked.status != EvaluationStatus.SUBMITTED:
        raise EvaluationRefused(
            _("The appraiser has not submitted this evaluation yet."), field="predicate"
        )
    if predicate not in PredicateChoice.values:
        raise EvaluationRefused(_("Choose one of the five predicates."), field="predicate")
    text = reason.strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise EvaluationRefused(
            _("Keep it under %(count)d characters.") % {"count": NOTE_MAX_LENGTH}, field="reason"
        )
    if predicate != locked.matrix_predicate and not text:
        raise EvaluationRefused(
            _("Say why the final predicate departs from the matrix predicate."), field="reason"
        )
    if predicate == locked.matrix_predicate:
        text = ""
    before = locked.final_predicate
    locked.final_predicate, locked.final_predicate_reason = predicate, text
    locked.revision += 1
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.PREDICATE_ADJUSTED,
        target=locked,
        changes={"final_predicate": [before, predicate], "reason": text},
    )
    return locked


def _deadline(delivered: datetime) -> date:
    """The objection deadline of a result delivered at ``delivered`` (settings
    KINERJA_OBJECTION_DAYS and KINERJA_OBJECTION_WORKING_DAYS)."""
    if not settings.KINERJA_OBJECTION_WORKING_DAYS:
        return objection_deadline(
            timezone.localdate(delivered),
            settings.KINERJA_OBJECTION_DAYS,
            working_days=False,
            is_working_day=lambda day: True,
        )
    calendar = load_working_calendar()
    return objection_deadline(
        timezone.localdate(delivered),
        settings.KINERJA_OBJECTION_DAYS,
        working_days=True,
        is_working_day=lambda day: calendar.hours_on(day) is not None,
    )


@transaction.atomic
def finalise_calibration(*, actor: User, calibration: Calibration, justification: str = "") -> int:
    """Adopt the final predicates of the calibration and deliver each result to its
    employee, with the objection deadline. Refused while an evaluation is still with its
    appraiser, and while the distribution violates the pattern unless ``justification``
    says why. Returns how many results were delivered."""
    locked = _locked(calibration)
    if not may_calibrate(get_viewer(actor), locked):
        raise PermissionDenied(_("Only the leader of the unit can finalise its calibration."))
    _require_open(locked)
    members = population(locked)
    if not members:
        raise EvaluationRefused(_("No evaluation belongs to this calibration yet."))
    waiting = [item for item in members if item.status == EvaluationStatus.DRAFT]
    if waiting:
        raise EvaluationRefused(
            _("%(count)d evaluation(s) are still with their appraisers, e.g. %(name)s.")
            % {"count": len(waiting), "name": waiting[0].employee.name}
        )
    spread = distribution(locked, members)
    text = justification.strip()
    if spread.violations and not text:
        raise EvaluationRefused(
            _(
                "The predicates do not fit the distribution pattern. Adjust them, or record"
                " why this unit departs from the pattern."
            ),
            field="justification",
        )
    now = timezone.now()
    deadline = _deadline(now)
    ids = [item.pk for item in members]
    for evaluation in Evaluation.objects.select_for_update().filter(pk__in=ids):
        target = next_status(evaluation.status, Step.DELIVER)
        assert target is not None  # noqa: S101 - every member was submitted (checked above)
        evaluation.status = target.value
        evaluation.calibration = locked
        evaluation.delivered_at = now
        evaluation.objection_deadline = deadline
        evaluation.revision += 1
        evaluation.save()
    locked.status = Calibration.Status.FINAL
    locked.justification = text if spread.violations else ""
    locked.violations_at_finalisation = [violation.rule for violation in spread.violations]
    locked.finalised_by, locked.finalised_at = actor, now
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.CALIBRATION_FINALISED,
        target=locked,
        changes={
            "delivered": len(ids),
            "violations": locked.violations_at_finalisation,
            "justification": locked.justification,
        },
    )
    hooks.data_changed(hooks.EVALUATIONS, [item.employee_id for item in members])
    for item in members:
        user = item.employee.user
        if user is None:
            continue
        notify(
            recipients=[user],
            message=Message(
                title=_("Your evaluation for %(period)s is ready") % {"period": locked.period.code},
                body=_("You may object with reasons until %(date)s.") % {"date": deadline},
                url=reverse("appraisals:evaluation_detail", args=[item.pk]),
            ),
        )
    return len(ids)
