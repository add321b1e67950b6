"""Writes of the coaching capability (pembinaan kinerja, domain.md 9.2 and 9.4): opening a
case with its 6-month improvement window (PP 30/2019 Pasal 56), dialogue sessions, agreed
actions, the confidential counselling record of PermenPANRB 8/2021, comments, and the
outcome: improved, extended by another window, or escalated with a follow-up.

Each function is one transaction with one audit event. Counselling is confidential: its
audit events and notifications carry ids and dates only, never what was said.
"""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.coaching.models import (
    IMPROVEMENT_WINDOW_MONTHS,
    CaseComment,
    CoachingAction,
    CoachingCase,
    CoachingSession,
    CounsellingRecord,
)
from kinerja.coaching.rules import add_months
from kinerja.coaching.selectors import (
    case_chain,
    counsellor_candidates,
    due_actions,
    may_open_case_for,
    may_read_case,
    may_run_case,
)
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import Employee
from kinerja.organization.selectors import get_viewer

TEXT_MAX_LENGTH = 4000
PLACE_MAX_LENGTH = 200


class CoachingRefused(DomainError):  # noqa: N818 - reads as what happened
    """A coaching rule refused the action; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# -- helpers ----------------------------------------------------------------------------


def _clean(value: str, *, field: str, missing: str = "", max_length: int = TEXT_MAX_LENGTH) -> str:
    """The trimmed text; refused when empty (if ``missing`` is given) or too long."""
    text = (value or "").strip()
    if missing and not text:
        raise CoachingRefused(missing, field=field)
    if len(text) > max_length:
        raise CoachingRefused(
            _("Keep it under %(count)d characters.") % {"count": max_length}, field=field
        )
    return text


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _locked(case: CoachingCase) -> CoachingCase:
    return (
        CoachingCase.objects.select_for_update(of=("self",))
        .select_related("employee__user", "employee__unit", "coach__user")
        .get(pk=case.pk)
    )


def _require_active(case: CoachingCase) -> None:
    if not case.is_active:
        raise CoachingRefused(_("This coaching case is closed; it can no longer be changed."))


def _require_runner(actor: User, case: CoachingCase) -> None:
    if not may_run_case(get_viewer(actor), case):
        raise PermissionDenied(
            _("Only the coach, the employee's direct superior or the HR admin runs this case.")
        )


def _case_url(case: CoachingCase) -> str:
    return reverse("coaching:case_detail", args=[case.pk])


def _notify(people: Iterable[Employee | None], *, actor: User, title: str, url: str) -> None:
    """Notify each person's account once, leaving out the actor and people without one."""
    recipients: dict[int, User] = {}
    for person in people:
        if person is None or person.user is None or person.user.pk == actor.pk:
            continue
        recipients[person.user.pk] = person.user
    if recipients:
        notify(recipients=recipients.values(), message=Message(title=title, url=url))


def _check_held_on(case: CoachingCase, held_on: date, *, today: date) -> None:
    if held_on > today:
        raise CoachingRefused(_("The date cannot be in the future."), field="held_on")
    if held_on < case.window_starts_on:
        raise CoachingRefused(
            _("The date cannot be before the case was opened (%(date)s).")
            % {"date": _day(case.window_starts_on)},
            field="held_on",
        )


# -- opening and goals ------------------------------------------------------------------


@transaction.atomic
def open_case(
    *,
    actor: User,
    employee: Employee,
    reason: str,
    goals: str,
    today: date | None = None,
) -> CoachingCase:
    """Open a coaching case for ``employee`` with the improvement window starting
    ``today`` (the local date when None) and ending IMPROVEMENT_WINDOW_MONTHS calendar
    months later. Only the employee's appraiser (direct superior) or the HR admin opens
    one, and an employee has at most one active case."""
    locked = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("user", "supervisor__user")
        .get(pk=employee.pk)
    )
    if not may_open_case_for(get_viewer(actor), locked):
        raise PermissionDenied(
            _("Only the employee's appraiser (direct superior) or the HR admin opens a case.")
        )
    if not locked.is_active:
        raise CoachingRefused(_("%(name)s is no longer active.") % {"name": locked.name})
    existing = CoachingCase.objects.filter(
        employee=locked, status=CoachingCase.Status.ACTIVE
    ).first()
    if existing is not None:
        raise CoachingRefused(
            _(
                "%(name)s already has an active coaching case (no. %(number)s, opened on"
                " %(opened)s, window until %(until)s). Continue that case, or close it first."
            )
            % {
                "name": locked.name,
                "number": existing.pk,
                "opened": _day(existing.window_starts_on),
                "until": _day(existing.window_ends_on),
            },
            field="employee",
        )
    reason_text = _clean(reason, field="reason", missing=_("Say why the case is opened."))
    goals_text = _clean(goals, field="goals", missing=_("Write the goals of the case."))
    starts_on = today or timezone.localdate()
    ends_on = add_months(starts_on, IMPROVEMENT_WINDOW_MONTHS)
    try:
        with transaction.atomic():
            case = CoachingCase.objects.create(
                employee=locked,
                coach=locked.supervisor,
                opened_by=actor,
                reason=reason_text,
                goals=goals_text,
                window_starts_on=starts_on,
                window_ends_on=ends_on,
            )
    except IntegrityError:  # another case was opened at the same moment
        raise CoachingRefused(
            _("%(name)s already has an active coaching case.") % {"name": locked.name},
            field="employee",
        ) from None
    record_event(
        actor=actor,
        action=AuditAction.COACHING_CASE_OPENED,
        target=case,
        changes={
            "employee": locked.pk,
            "coach": case.coach_id,
            "window_starts_on": starts_on,
            "window_ends_on": ends_on,
        },
    )
    url = _case_url(case)
    _notify([locked], actor=actor, title=_("A coaching case was opened for you"), url=url)
    _notify(
        [case.coach],
        actor=actor,
        title=_("A coaching case was opened for %(name)s") % {"name": locked.name},
        url=url,
    )
    return case


@transaction.atomic
def update_goals(*, actor: User, case: CoachingCase, goals: str) -> CoachingCase:
    locked = _locked(case)
    _require_runner(actor, locked)
    _require_active(locked)
    text = _clean(goals, field="goals", missing=_("Write the goals of the case."))
    if text == locked.goals:
        return locked
    before = locked.goals
    locked.goals = text
    locked.save(update_fields=["goals", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.COACHING_CASE_UPDATED,
        target=locked,
        changes={"goals": [before, text]},
    )
    _notify(
        [locked.employee],
        actor=actor,
        title=_("The goals of your coaching case changed"),
        url=_case_url(locked),
    )
    return locked


# -- sessions and actions ---------------------------------------------------------------


@transaction.atomic
def record_session(
    *,
    actor: User,
    case: CoachingCase,
    held_on: date,
    participants: str,
    notes: str,
    agreements: str = "",
) -> CoachingSession:
    """A performance dialogue held on ``held_on``: who took part, what was said, what was
    agreed."""
    locked = _locked(case)
    _require_runner(actor, locked)
    _require_active(locked)
    _check_held_on(locked, held_on, today=timezone.localdate())
    session = CoachingSession.objects.create(
        case=locked,
        held_on=held_on,
        participants=_clean(participants, field="participants", missing=_("Say who took part.")),
        notes=_clean(notes, field="notes", missing=_("Write what was discussed.")),
        agreements=_clean(agreements, field="agreements"),
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=AuditAction.COACHING_SESSION_RECORDED,
        target=locked,
        changes={"session": session.pk, "held_on": held_on},
    )
    _notify(
        [locked.employee],
        actor=actor,
        title=_("A coaching session of %(date)s was recorded") % {"date": _day(held_on)},
        url=_case_url(locked),
    )
    return session


@transaction.atomic
def save_action(
    *,
    actor: User,
    case: CoachingCase,
    text: str,
    owner: Employee,
    due_on: date,
    action: CoachingAction | None = None,
) -> CoachingAction:
    """Add an agreed action, or change ``action`` while it is open. The owner is the
    employee or someone in the case's chain (the coach, a superior up the reporting
    line); the due date is not before the case was opened."""
    locked = _locked(case)
    _require_runner(actor, locked)
    _require_active(locked)
    if action is not None:
        action = CoachingAction.objects.select_for_update().get(pk=action.pk)
        if action.case_id != locked.pk:
            raise CoachingRefused(_("That action does not belong to this case."))
        if action.is_done:
            raise CoachingRefused(_("This action is done; it can no longer be changed."))
    clean_text = _clean(text, field="text", missing=_("Describe the action."))
    if owner.pk not in {person.pk for person in case_chain(locked)}:
        raise CoachingRefused(
            _(
                "The owner must be the employee, the coach or a superior in the employee's"
                " reporting line."
            ),
            field="owner",
        )
    if due_on < locked.window_starts_on:
        raise CoachingRefused(
            _("The due date cannot be before the case was opened (%(date)s).")
            % {"date": _day(locked.window_starts_on)},
            field="due_on",
        )
    if action is None:
        action = CoachingAction.objects.create(
            case=locked, text=clean_text, owner=owner, due_on=due_on
        )
        changes: dict[str, object] = {
            "action": action.pk,
            "owner": owner.pk,
            "due_on": due_on,
        }
    else:
        changes = {"action": action.pk}
        if action.owner_id != owner.pk:
            changes["owner"] = [action.owner_id, owner.pk]
        if action.due_on != due_on:
            changes["due_on"] = [action.due_on, due_on]
        action.text, action.owner, action.due_on = clean_text, owner, due_on
        action.save(update_fields=["text", "owner", "due_on"])
    record_event(
        actor=actor, action=AuditAction.COACHING_ACTION_SAVED, target=locked, changes=changes
    )
    _notify(
        [owner],
        actor=actor,
        title=_("A coaching action for you is due on %(date)s") % {"date": _day(due_on)},
        url=_case_url(locked),
    )
    return action


@transaction.atomic
def mark_action_done(*, actor: User, action: CoachingAction) -> CoachingAction:
    """The action's owner or the case's coach marks it done."""
    locked = _locked(action.case)
    current = CoachingAction.objects.select_for_update().select_related("owner").get(pk=action.pk)
    me = get_viewer(actor).employee
    if me is None or me.pk not in (current.owner_id, locked.coach_id):
        raise PermissionDenied(_("Only the action's owner or the coach marks it done."))
    _require_active(locked)
    if current.is_done:
        raise CoachingRefused(_("This action is already done."))
    current.done_at = timezone.now()
    current.save(update_fields=["done_at"])
    record_event(
        actor=actor,
        action=AuditAction.COACHING_ACTION_DONE,
        target=locked,
        changes={"action": current.pk},
    )
    _notify(
        [locked.coach, locked.employee],
        actor=actor,
        title=_("A coaching action of %(name)s is done") % {"name": locked.employee.name},
        url=_case_url(locked),
    )
    return current


# -- counselling (confidential) ---------------------------------------------------------


@transaction.atomic
def record_counselling(
    *,
    actor: User,
    case: CoachingCase,
    counsellor: Employee,
    held_on: date,
    place: str,
    problems: str,
    causes: str,
    solutions: str,
    follow_up: str = "",
) -> CounsellingRecord:
    """The Format Pelaksanaan Konseling Kinerja (PermenPANRB 8/2021 §D). Whoever runs the
    case records it and names the counsellor: the coach, or any active employee of the
    organisation. The record is signed at once when the counsellor records it.

    Confidential: the audit event and the notifications name ids and dates only."""
    locked = _locked(case)
    _require_runner(actor, locked)
    _require_active(locked)
    if not counsellor_candidates(locked).filter(pk=counsellor.pk).exists():
        raise CoachingRefused(
            _("The counsellor must be an active employee of the organisation, not the employee."),
            field="counsellor",
        )
    _check_held_on(locked, held_on, today=timezone.localdate())
    if follow_up and follow_up not in CoachingCase.FollowUp.values:
        raise CoachingRefused(_("Choose one of the follow-ups."), field="follow_up")
    signs_now = counsellor.user_id is not None and counsellor.user_id == actor.pk
    record = CounsellingRecord.objects.create(
        case=locked,
        counsellor=counsellor,
        held_on=held_on,
        place=_clean(
            place, field="place", missing=_("Say where it took place."), max_length=PLACE_MAX_LENGTH
        ),
        problems=_clean(problems, field="problems", missing=_("Write the problems identified.")),
        causes=_clean(causes, field="causes", missing=_("Write their causes.")),
        solutions=_clean(solutions, field="solutions", missing=_("Write the solutions agreed.")),
        follow_up=follow_up,
        signed_at=timezone.now() if signs_now else None,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=AuditAction.COUNSELLING_RECORDED,
        target=record,
        changes={
            "case": locked.pk,
            "counsellor": counsellor.pk,
            "held_on": held_on,
            "signed": signs_now,
        },
    )
    url = _case_url(locked)
    _notify(
        [locked.employee],
        actor=actor,
        title=_("A counselling record was added to your coaching case"),
        url=url,
    )
    if not signs_now:
        _notify(
            [counsellor],
            actor=actor,
            title=_("You are named counsellor on a coaching case: please check and sign"),
            url=url,
        )
    return record


@transaction.atomic
def sign_counselling(*, actor: User, record: CounsellingRecord) -> CounsellingRecord:
    """The counsellor signs the record they are named on, once."""
    current = (
        CounsellingRecord.objects.select_for_update(of=("self",))
        .select_related("counsellor", "case")
        .get(pk=record.pk)
    )
    if current.counsellor.user_id is None or current.counsellor.user_id != actor.pk:
        raise PermissionDenied(_("Only the counsellor named on the record signs it."))
    if current.signed_at is not None:
        raise CoachingRefused(_("This record is already signed."))
    current.signed_at = timezone.now()
    current.save(update_fields=["signed_at"])
    record_event(
        actor=actor,
        action=AuditAction.COUNSELLING_RECORDED,
        target=current,
        changes={"case": current.case_id, "signed": True},
    )
    return current


# -- comments and the outcome -----------------------------------------------------------


@transaction.atomic
def comment(*, actor: User, case: CoachingCase, text: str) -> CaseComment:
    """A comment by anyone who reads the case (the employee included), while it is open."""
    locked = _locked(case)
    if not may_read_case(actor, locked):
        raise PermissionDenied(_("You cannot comment on this case."))
    _require_active(locked)
    note = CaseComment.objects.create(
        case=locked,
        author=actor,
        text=_clean(text, field="text", missing=_("Write your comment.")),
    )
    record_event(
        actor=actor,
        action=AuditAction.COACHING_COMMENTED,
        target=locked,
        changes={"comment": note.pk},
    )
    supervisor_id = locked.employee.supervisor_id
    supervisor = (
        Employee.objects.select_related("user").filter(pk=supervisor_id).first()
        if supervisor_id is not None
        else None
    )
    _notify(
        [locked.employee, locked.coach, supervisor],
        actor=actor,
        title=_("New comment on the coaching case of %(name)s") % {"name": locked.employee.name},
        url=_case_url(locked) + f"#comment-{note.pk}",
    )
    return note


@transaction.atomic
def close_case(
    *,
    actor: User,
    case: CoachingCase,
    outcome: str,
    note: str,
    follow_up: str = "",
) -> CoachingCase:
    """Decide the outcome of the case (domain.md 9.2, 9.4):

    - IMPROVED closes it;
    - EXTENDED keeps it active and moves the end of the window another
      IMPROVEMENT_WINDOW_MONTHS months on;
    - ESCALATED closes it with one of the follow-ups of PermenPANRB 8/2021 (guidance,
      training, special assignment, proposed transfer, disciplinary recommendation).

    A note explaining the decision is always required.
    """
    locked = _locked(case)
    _require_runner(actor, locked)
    _require_active(locked)
    if outcome not in CoachingCase.Outcome.values:
        raise CoachingRefused(_("Choose the outcome."), field="outcome")
    text = _clean(note, field="note", missing=_("Explain the decision in a note."))
    if outcome == CoachingCase.Outcome.ESCALATED:
        if follow_up not in CoachingCase.FollowUp.values:
            raise CoachingRefused(_("An escalated case needs its follow-up."), field="follow_up")
    else:
        follow_up = ""
    url = _case_url(locked)
    if outcome == CoachingCase.Outcome.EXTENDED:
        before = locked.window_ends_on
        locked.window_ends_on = add_months(before, IMPROVEMENT_WINDOW_MONTHS)
        locked.outcome, locked.follow_up, locked.outcome_note = outcome, "", text
        locked.save(
            update_fields=["window_ends_on", "outcome", "follow_up", "outcome_note", "updated_at"]
        )
        record_event(
            actor=actor,
            action=AuditAction.COACHING_CASE_UPDATED,
            target=locked,
            changes={"outcome": outcome, "window_ends_on": [before, locked.window_ends_on]},
        )
        _notify(
            [locked.employee, locked.coach],
            actor=actor,
            title=_("The improvement window was extended to %(date)s")
            % {"date": _day(locked.window_ends_on)},
            url=url,
        )
        return locked
    locked.status = CoachingCase.Status.CLOSED
    locked.outcome, locked.follow_up, locked.outcome_note = outcome, follow_up, text
    locked.closed_by, locked.closed_at = actor, timezone.now()
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.COACHING_CASE_CLOSED,
        target=locked,
        changes={"outcome": outcome, "follow_up": follow_up or None},
    )
    _notify(
        [locked.employee, locked.coach],
        actor=actor,
        title=_("The coaching case was closed: %(outcome)s")
        % {"outcome": locked.get_outcome_display()},
        url=url,
    )
    return locked


# -- reminders --------------------------------------------------------------------------


@transaction.atomic
def remind_due_actions(*, today: date) -> int:
    """Remind the owner (and the coach) of every open action due on ``today`` or earlier,
    once: ``reminded_at`` is set, so running again the same day, or any later day, sends
    nothing new unless the due date is moved. Returns the number of actions reminded.

    ``today`` is the local date of the run: a reminder counts as sent on the day its
    ``reminded_at`` falls on, so it must not lie ahead of the clock.

    Called by ``kinerja run_checks``, which records the run in the audit log; a reminder
    changes nothing but its own bookkeeping, so it records no event of its own."""
    actions = list(due_actions(today).select_for_update(of=("self",)))
    now = timezone.now()
    for action in actions:
        case = action.case
        title = _("A coaching action was due on %(date)s") % {"date": _day(action.due_on)}
        people = [action.owner, case.coach]
        recipients = {
            person.user.pk: person.user
            for person in people
            if person is not None and person.user is not None
        }
        if recipients:
            notify(
                recipients=recipients.values(),
                message=Message(
                    title=title,
                    body=action.text[:500],
                    url=_case_url(case) + f"#action-{action.pk}",
                ),
            )
        action.reminded_at = now
    CoachingAction.objects.bulk_update(actions, ["reminded_at"])
    return len(actions)
