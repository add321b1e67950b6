"""Socialisation of a published version: every employee in scope gets an
acknowledgement task, reads the criteria that apply to them and acknowledges them
(after the comprehension check, if the version has one), and may leave a question for
the evaluation team. The HR admin and the pimpinan remind those who have not
acknowledged yet.

Each function is one transaction with one audit event; notifications go out in the
same transaction (their e-mails only once it commits).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.criteria.models import (
    Acknowledgement,
    ComprehensionQuestion,
    CriteriaQuestion,
    CriteriaVersion,
)
from kinerja.criteria.rules import Stage
from kinerja.criteria.selectors.access import (
    can_participate,
    can_read_version,
    can_see_coverage,
    is_criteria_team,
    organization_filter,
    viewer_of,
)
from kinerja.criteria.selectors.socialisation import employees_in_scope
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import OrgUnit

MAX_QUESTION_LENGTH = 2000
MAX_ANSWER_LENGTH = 4000


class SocialisationRefused(DomainError):  # noqa: N818 - reads as what happened
    """A socialisation rule refused the action; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def assign_acknowledgements(*, version: CriteriaVersion, at: datetime) -> int:
    """Create the acknowledgement task of every employee in the version's scope who has
    none yet, and notify them; returns how many were created. Runs inside the caller's
    transaction (publication)."""
    employees = list(
        employees_in_scope(version).exclude(criteria_acknowledgements__version=version)
    )
    Acknowledgement.objects.bulk_create(
        Acknowledgement(
            version=version, employee=employee, unit_id=employee.unit_id, assigned_at=at
        )
        for employee in employees
    )
    notify(
        recipients=[employee.user for employee in employees if employee.user is not None],
        message=Message(
            title=_("New criteria to read: %(version)s") % {"version": version.label},
            body=_(
                "The criteria for %(year)s have been published. Read the ones that apply to"
                " you and acknowledge them."
            )
            % {"year": version.year},
            url=f"/kriteria/berlaku/{version.pk}/",
        ),
    )
    return len(employees)


def _current(version: CriteriaVersion) -> CriteriaVersion:
    """The version as stored now: the caller's copy may predate a retirement."""
    return CriteriaVersion.objects.select_related("organization").get(pk=version.pk)


def _reading_url(version: CriteriaVersion) -> str:
    return reverse("criteria:version_for_me", args=[version.pk])


# -- acknowledging -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcknowledgementResult:
    """``acknowledged`` False: the comprehension check was not passed; ``wrong`` lists
    the numbers (from 1) of the questions answered wrongly or not at all."""

    acknowledged: bool
    wrong: list[int] = field(default_factory=list)


def acknowledge(
    *, actor: User, version: CriteriaVersion, answers: Sequence[int] | None = None
) -> AcknowledgementResult:
    """Acknowledge ``version`` as the actor's own task.

    With a comprehension check every answer must be right (``answers[i]`` is the index of
    the choice picked for the i-th question, in the check's order). A failed attempt is
    counted and audited and changes nothing else; the employee may try again. Refused
    for an employee without a task (the version does not apply to them), for a version
    no longer in force, and for a task already done.
    """
    viewer = viewer_of(actor)
    if viewer.employee is None:
        raise PermissionDenied(_("Only employees acknowledge criteria."))
    with transaction.atomic():
        task = (
            Acknowledgement.objects.select_for_update(of=("self",))
            .select_related("version", "employee")
            .filter(version_id=version.pk, employee=viewer.employee)
            .first()
        )
        if task is None:
            raise SocialisationRefused(
                _(
                    "You have no acknowledgement task for this version: none of its criteria"
                    " apply to you."
                )
            )
        if task.version.status != Stage.PUBLISHED:
            raise SocialisationRefused(
                _("Version %(version)s is no longer in force; it cannot be acknowledged now.")
                % {"version": task.version.label}
            )
        if task.acknowledged_at is not None:
            raise SocialisationRefused(
                _("You already acknowledged these criteria on %(date)s.")
                % {"date": date_format(timezone.localtime(task.acknowledged_at), "j F Y")}
            )
        questions = list(
            ComprehensionQuestion.objects.filter(version_id=version.pk).order_by("order", "pk")
        )
        given = list(answers or [])
        wrong = [
            number
            for number, question in enumerate(questions, start=1)
            if number > len(given) or given[number - 1] != question.correct_choice
        ]
        if wrong:
            task.failed_attempts += 1
            task.save(update_fields=["failed_attempts"])
            record_event(
                actor=actor,
                action=AuditAction.CRITERIA_CHECK_FAILED,
                target=task,
                changes={"wrong": wrong, "attempt": task.failed_attempts},
            )
            return AcknowledgementResult(acknowledged=False, wrong=wrong)
        task.acknowledged_at = timezone.now()
        task.save(update_fields=["acknowledged_at"])
        record_event(
            actor=actor,
            action=AuditAction.CRITERIA_ACKNOWLEDGED,
            target=task,
            changes={
                "version": task.version.label,
                "questions": len(questions),
                "failed_attempts": task.failed_attempts,
            },
        )
    return AcknowledgementResult(acknowledged=True)


# -- questions for the evaluation team ---------------------------------------------------


def ask_question(*, actor: User, version: CriteriaVersion, text: str) -> CriteriaQuestion:
    """Leave a question about a published version for the evaluation team, who are
    notified (the team members of the version's organisation, with a link to answer)."""
    viewer = viewer_of(actor)
    if not can_participate(viewer) or not can_read_version(viewer, version):
        raise PermissionDenied(_("Only employees of the organisation ask about its criteria."))
    version = _current(version)
    if version.status != Stage.PUBLISHED:
        raise SocialisationRefused(_("Questions are asked about the criteria in force."))
    text = text.strip()
    if not text:
        raise SocialisationRefused(_("Write your question."), field="text")
    if len(text) > MAX_QUESTION_LENGTH:
        raise SocialisationRefused(
            _("A question has at most %(count)s characters.") % {"count": MAX_QUESTION_LENGTH},
            field="text",
        )
    assert viewer.employee is not None  # noqa: S101 - can_participate
    with transaction.atomic():
        question = CriteriaQuestion.objects.create(
            version=version, asked_by=viewer.employee, text=text
        )
        record_event(
            actor=actor,
            action=AuditAction.CRITERIA_QUESTION_ASKED,
            target=question,
            changes={"version": version.label, "text": text},
        )
        team = User.objects.filter(
            is_evaluation_team=True,
            is_active=True,
            employee__is_active=True,
            employee__unit__path__startswith=version.organization.path,
        ).exclude(pk=actor.pk)
        url = reverse("criteria:questions", args=[version.pk])
        notify(
            recipients=team,
            message=Message(
                title=_("New question about the criteria %(version)s") % {"version": version.label},
                body=_("%(name)s asks: %(text)s")
                % {"name": viewer.employee.name, "text": _shorten(text)},
                url=f"{url}?show=open#question-{question.pk}",
            ),
        )
    return question


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_question(*, actor: User, question: CriteriaQuestion, answer: str) -> CriteriaQuestion:
    """Answer (or correct the answer to) an employee's question: the evaluation team of
    the version's organisation, or the HR admin. The asker is notified."""
    viewer = viewer_of(actor)
    if not is_criteria_team(viewer):
        raise PermissionDenied(_("Only the evaluation team answers questions."))
    answer = answer.strip()
    if not answer:
        raise SocialisationRefused(_("Write the answer."), field="answer")
    if len(answer) > MAX_ANSWER_LENGTH:
        raise SocialisationRefused(
            _("An answer has at most %(count)s characters.") % {"count": MAX_ANSWER_LENGTH},
            field="answer",
        )
    visible = CriteriaQuestion.objects.filter(pk=question.pk)
    organization = organization_filter(viewer, "version__organization")
    if organization is not None:
        visible = visible.filter(organization)
    with transaction.atomic():
        target = (
            visible.select_for_update(of=("self",))
            .select_related("version", "version__organization", "asked_by", "asked_by__user")
            .first()
        )
        if target is None:
            raise NotFound(_("That question does not exist or is not visible to you."))
        previous = target.answer
        if previous == answer:
            return target
        target.answer = answer
        target.answered_by = actor
        target.answered_at = timezone.now()
        target.save(update_fields=["answer", "answered_by", "answered_at"])
        record_event(
            actor=actor,
            action=AuditAction.CRITERIA_QUESTION_ANSWERED,
            target=target,
            changes={"answer": [previous, answer]} if previous else {"answer": answer},
        )
        asker = target.asked_by.user
        if asker is not None:
            title = (
                _("The answer to your question about %(version)s was corrected")
                if previous
                else _("Your question about %(version)s has an answer")
            )
            notify(
                recipients=[asker],
                message=Message(
                    title=title % {"version": target.version.label},
                    body=_shorten(answer),
                    url=f"{_reading_url(target.version)}#question-{target.pk}",
                ),
            )
    return target


# -- reminders ---------------------------------------------------------------------------


def send_reminders(*, actor: User, version: CriteriaVersion, unit: OrgUnit | None = None) -> int:
    """Remind every employee in scope who has not acknowledged ``version`` yet (only
    those of ``unit`` and its sub-units, if given), by notification and, when e-mail is
    configured, by e-mail; returns how many were reminded.

    For the HR admin and the pimpinan; a pimpinan only within the units they lead.
    Employees without an account cannot be reached and are not counted.
    """
    viewer = viewer_of(actor)
    if not can_see_coverage(viewer):
        raise PermissionDenied(_("Only the HR admin and the pimpinan send reminders."))
    if not can_read_version(viewer, version):
        raise NotFound(_("That criteria version does not exist or is not visible to you."))
    version = _current(version)
    if version.status != Stage.PUBLISHED:
        raise SocialisationRefused(_("Reminders are sent for the criteria in force only."))
    path = version.organization.path if viewer.is_admin else viewer.pimpinan_path
    if path is None or not path.startswith(version.organization.path):
        raise PermissionDenied(_("You do not lead any unit of this organisation."))
    if unit is not None:
        if not unit.path.startswith(path):
            raise PermissionDenied(_("You may only remind the people of the units you lead."))
        path = unit.path
    now = timezone.now()
    with transaction.atomic():
        pending = (
            Acknowledgement.objects.select_for_update(of=("self",))
            .filter(
                version=version,
                acknowledged_at__isnull=True,
                employee__is_active=True,
                employee__user__isnull=False,
                unit__path__startswith=path,
            )
            .select_related("employee__user")
        )
        tasks = list(pending)
        Acknowledgement.objects.filter(pk__in=[task.pk for task in tasks]).update(
            reminders_sent=F("reminders_sent") + 1, last_reminded_at=now
        )
        count = notify(
            recipients=[task.employee.user for task in tasks if task.employee.user is not None],
            message=Message(
                title=_("Reminder: please read and acknowledge the criteria %(version)s")
                % {"version": version.label},
                body=_(
                    "You have not acknowledged the criteria for %(year)s yet. Read the ones"
                    " that apply to you and acknowledge them."
                )
                % {"year": version.year},
                url=_reading_url(version),
            ),
        )
        record_event(
            actor=actor,
            action=AuditAction.CRITERIA_REMINDERS_SENT,
            target=version,
            changes={"count": count, "unit": unit.code if unit is not None else None},
        )
    return count
