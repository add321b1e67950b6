"""What the employee does with a delivered result: sign for it (the employee's signature
of the Dokumen Evaluasi Kinerja Pegawai), or object (keberatan, PP 30/2019 Pasal 59) with
reasons within the deadline; the appraiser explains; the appraiser's superior upholds or
changes the result, and that decision is final (the evaluation is locked)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisals.models import Evaluation, Objection, PredicateChoice
from kinerja.appraisals.selectors.access import is_employee, may_decide_objection, may_rate
from kinerja.appraisals.services.evaluations import EvaluationRefused
from kinerja.appraisals.workflow import Step, is_delivered, next_status
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core.exceptions import PermissionDenied
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import Employee
from kinerja.organization.selectors import get_viewer

TEXT_MAX_LENGTH = 4000


def _clean(value: str, *, field: str, missing: str) -> str:
    text = value.strip()
    if not text:
        raise EvaluationRefused(missing, field=field)
    if len(text) > TEXT_MAX_LENGTH:
        raise EvaluationRefused(
            _("Keep it under %(count)d characters.") % {"count": TEXT_MAX_LENGTH}, field=field
        )
    return text


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("employee__user", "appraiser__user", "appraiser_superior__user")
        .get(pk=evaluation.pk)
    )


def _notify(employee: Employee | None, title: str, evaluation: Evaluation) -> None:
    if employee is None or employee.user is None:
        return
    notify(
        recipients=[employee.user],
        message=Message(
            title=title, url=reverse("appraisals:evaluation_detail", args=[evaluation.pk])
        ),
    )


@transaction.atomic
def confirm_receipt(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """The employee signs for the delivered result. Signing does not waive the right to
    object within the deadline; signing twice keeps the first date."""
    locked = _locked(evaluation)
    if not is_employee(get_viewer(actor), locked):
        raise PermissionDenied(_("Only the employee evaluated signs for the result."))
    if not is_delivered(locked.status):
        raise EvaluationRefused(_("The result has not been delivered yet."))
    if locked.received_at is not None:
        return locked
    locked.received_at = timezone.now()
    locked.revision += 1
    locked.save()
    record_event(actor=actor, action=AuditAction.EVALUATION_RECEIVED, target=locked)
    return locked


@transaction.atomic
def file_objection(*, actor: User, evaluation: Evaluation, reasons: str) -> Objection:
    locked = _locked(evaluation)
    if not is_employee(get_viewer(actor), locked):
        raise PermissionDenied(_("Only the employee evaluated can object to the result."))
    target = next_status(locked.status, Step.OBJECT)
    if target is None:
        raise EvaluationRefused(
            _("An objection can only be lodged against a delivered result, once.")
        )
    today = timezone.localdate()
    if locked.objection_deadline is None or today > locked.objection_deadline:
        raise EvaluationRefused(
            _(
                "The period for objecting ended on %(date)s. Under PP 30/2019 Pasal 59 an"
                " objection must be lodged within the period after the result is delivered."
            )
            % {"date": date_format(locked.objection_deadline, "DATE_FORMAT")}
            if locked.objection_deadline
            else _("This result has no objection period."),
            field="reasons",
        )
    text = _clean(reasons, field="reasons", missing=_("Give the reasons for your objection."))
    objection = Objection.objects.create(evaluation=locked, reasons=text, filed_at=timezone.now())
    locked.status = target.value
    locked.revision += 1
    locked.save()
    record_event(actor=actor, action=AuditAction.OBJECTION_FILED, target=locked)
    for person in (locked.appraiser, locked.appraiser_superior):
        _notify(
            person,
            _("%(name)s objected to their evaluation") % {"name": locked.employee.name},
            locked,
        )
    return objection


@transaction.atomic
def explain_objection(*, actor: User, evaluation: Evaluation, explanation: str) -> Objection:
    locked = _locked(evaluation)
    if not may_rate(get_viewer(actor), locked):
        raise PermissionDenied(_("Only the appraiser explains the result to the superior."))
    objection = Objection.objects.select_for_update().filter(evaluation=locked).first()
    if objection is None or objection.decision:
        raise EvaluationRefused(_("There is no open objection to explain."))
    objection.appraiser_explanation = _clean(
        explanation, field="explanation", missing=_("Write your explanation.")
    )
    objection.explained_at = timezone.now()
    objection.save()
    record_event(actor=actor, action=AuditAction.OBJECTION_EXPLAINED, target=locked)
    _notify(
        locked.appraiser_superior,
        _("The appraiser explained the objection of %(name)s") % {"name": locked.employee.name},
        locked,
    )
    return objection


@transaction.atomic
def decide_objection(
    *,
    actor: User,
    evaluation: Evaluation,
    decision: str,
    reason: str,
    predicate: str = "",
) -> Objection:
    """The superior's final decision: uphold the result, or change the final predicate.
    The evaluation is locked afterwards."""
    locked = _locked(evaluation)
    if not may_decide_objection(get_viewer(actor), locked):
        raise PermissionDenied(_("Only the appraiser's superior decides an objection."))
    objection = Objection.objects.select_for_update().filter(evaluation=locked).first()
    target = next_status(locked.status, Step.DECIDE)
    if objection is None or target is None:
        raise EvaluationRefused(_("There is no open objection to decide."))
    if not objection.appraiser_explanation:
        raise EvaluationRefused(
            _("Wait for the appraiser's explanation before deciding."), field="decision"
        )
    if decision not in Objection.Decision.values:
        raise EvaluationRefused(_("Uphold or change the result."), field="decision")
    text = _clean(reason, field="reason", missing=_("Give the reasons for the decision."))
    if decision == Objection.Decision.CHANGED:
        if predicate not in PredicateChoice.values:
            raise EvaluationRefused(_("Choose the new predicate."), field="predicate")
        if predicate == locked.final_predicate:
            raise EvaluationRefused(
                _("That is the predicate already given; uphold the result instead."),
                field="predicate",
            )
        objection.previous = {
            "final_predicate": locked.final_predicate,
            "final_predicate_reason": locked.final_predicate_reason,
        }
        locked.final_predicate = predicate
        locked.final_predicate_reason = text
    objection.decision, objection.decision_reason = decision, text
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.save()
    locked.status = target.value
    locked.revision += 1
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.OBJECTION_DECIDED,
        target=locked,
        changes={
            "decision": decision,
            "final_predicate": [objection.previous.get("final_predicate"), locked.final_predicate]
            if decision == Objection.Decision.CHANGED
            else None,
        },
    )
    _notify(locked.employee, _("Your objection has been decided"), locked)
    _notify(
        locked.appraiser,
        _("The objection of %(name)s has been decided") % {"name": locked.employee.name},
        locked,
    )
    return objection
