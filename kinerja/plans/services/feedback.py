"""Continuous feedback (umpan balik berkelanjutan, PermenPANRB 6/2022 Pasal 5): the
appraiser comments on an RHK or a BerAKHLAK value of an employee's SKP at any time of
the year, not only at the end of a period, and the employee answers.

- Only the plan's appraiser gives feedback, on a submitted or an approved plan.
- The plan's owner replies; the appraiser may answer the reply.
- The other side is notified each time; the employee sees feedback as soon as it is given.

Each function is one transaction with one audit event.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import Period
from kinerja.organization.selectors import get_viewer
from kinerja.plans.models import Feedback, FeedbackReply, PerformancePlan, WorkResult
from kinerja.plans.selectors.access import is_appraiser, is_owner
from kinerja.plans.selectors.feedback import FEEDBACK_STATUSES

TEXT_MAX_LENGTH = 5000
NOTIFICATION_EXCERPT_WORDS = 30
_VALUE_CODES = frozenset(value.code for value in CORE_VALUES)


class FeedbackRefused(DomainError):  # noqa: N818 - reads as what happened
    """A feedback rule refused the action; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise FeedbackRefused(_("Write the feedback first."), field="text")
    if len(text) > TEXT_MAX_LENGTH:
        raise FeedbackRefused(
            _("Keep it to %(max)s characters.") % {"max": TEXT_MAX_LENGTH}, field="text"
        )
    return text


def _check_subject(
    plan: PerformancePlan, work_result: WorkResult | None, behaviour_value: str
) -> None:
    if (work_result is None) == (not behaviour_value):
        raise FeedbackRefused(
            _("Choose one RHK or one BerAKHLAK value the feedback is about."), field="about"
        )
    if work_result is not None and work_result.plan_id != plan.pk:
        raise FeedbackRefused(_("That RHK is not part of this SKP."), field="about")
    if behaviour_value and behaviour_value not in _VALUE_CODES:
        raise FeedbackRefused(_("Choose one of the BerAKHLAK values."), field="about")


def _check_period(plan: PerformancePlan, period: Period | None) -> None:
    if period is None:
        return
    if period.performance_year_id != plan.performance_year_id:
        raise FeedbackRefused(_("Choose a period of the SKP's year."), field="period")
    if period.starts_on > timezone.localdate():
        raise FeedbackRefused(
            _("Period %(period)s has not started yet.") % {"period": period.code},
            field="period",
        )


def _excerpt(text: str) -> str:
    return Truncator(text).words(NOTIFICATION_EXCERPT_WORDS)


def give_feedback(
    *,
    actor: User,
    plan: PerformancePlan,
    text: str,
    work_result: WorkResult | None = None,
    behaviour_value: str = "",
    period: Period | None = None,
) -> Feedback:
    """Feedback from the plan's appraiser on one RHK or one BerAKHLAK value, optionally
    about one period; the employee is notified."""
    if not is_appraiser(get_viewer(actor), plan):
        raise PermissionDenied(_("Only the employee's appraiser gives feedback on this SKP."))
    text = _checked_text(text)
    _check_subject(plan, work_result, behaviour_value)
    _check_period(plan, period)
    with transaction.atomic():
        locked = PerformancePlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status not in FEEDBACK_STATUSES:
            raise FeedbackRefused(
                _("Feedback is given on a submitted or approved SKP; this one is %(status)s.")
                % {"status": locked.get_status_display().lower()}
            )
        feedback = Feedback.objects.create(
            plan=locked,
            work_result=work_result,
            behaviour_value=behaviour_value,
            period=period,
            author=actor,
            text=text,
        )
        record_event(
            actor=actor,
            action=AuditAction.FEEDBACK_GIVEN,
            target=feedback,
            changes={
                "plan": plan.pk,
                "work_result": work_result.pk if work_result else None,
                "behaviour_value": behaviour_value,
                "period": period.code if period else None,
                "text": text,
            },
        )
        employee_user = plan.employee.user
        if employee_user is not None:
            notify(
                recipients=[employee_user],
                message=Message(
                    title=_("New feedback on your SKP from %(name)s")
                    % {"name": plan.appraiser.name if plan.appraiser else actor},
                    body=_excerpt(text),
                    url=f"{reverse('plans:my_feedback')}#feedback-{feedback.pk}",
                ),
            )
    return feedback


def reply_to_feedback(*, actor: User, feedback: Feedback, text: str) -> FeedbackReply:
    """A reply in the thread of ``feedback``: by the employee, or by the appraiser
    answering again. The other side is notified."""
    plan = feedback.plan
    viewer = get_viewer(actor)
    by_owner = is_owner(viewer, plan)
    if not by_owner and not is_appraiser(viewer, plan):
        raise PermissionDenied(
            _("Only the employee and their appraiser take part in this conversation.")
        )
    text = _checked_text(text)
    with transaction.atomic():
        reply = FeedbackReply.objects.create(feedback=feedback, author=actor, text=text)
        record_event(
            actor=actor,
            action=AuditAction.FEEDBACK_REPLIED,
            target=reply,
            changes={"plan": plan.pk, "feedback": feedback.pk, "text": text},
        )
        if by_owner:
            other = plan.appraiser.user if plan.appraiser else None
            url = reverse("plans:plan_feedback", kwargs={"plan_id": plan.pk})
            title = _("%(name)s replied to your feedback") % {"name": plan.employee.name}
        else:
            other = plan.employee.user
            url = reverse("plans:my_feedback")
            title = _("%(name)s answered your reply") % {
                "name": plan.appraiser.name if plan.appraiser else actor
            }
        if other is not None and other.pk != actor.pk:
            notify(
                recipients=[other],
                message=Message(
                    title=title, body=_excerpt(text), url=f"{url}#feedback-{feedback.pk}"
                ),
            )
    return reply
