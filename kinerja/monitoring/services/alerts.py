"""What the appraiser does with an early-warning alert (domain.md 9.4): dismiss it with
a reason, or turn it into a coaching case (a new one, or the employee's active case).
Each is one transaction with one audit event; an alert is decided once.

Who may: the alert's appraiser, the employee's current direct superior, the pimpinan
over the employee's unit and the HR admin (``selectors.alerts.may_act_on``). Opening a
new coaching case is further limited by ``coaching.services.open_case`` (the direct
superior or the HR admin).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.coaching.selectors import active_case_of
from kinerja.coaching.services import open_case
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.monitoring.models import Alert
from kinerja.monitoring.selectors.alerts import alert_card, may_act_on
from kinerja.organization.selectors import get_viewer

REASON_MAX_LENGTH = 2000


class AlertRefused(DomainError):  # noqa: N818 - reads as what happened
    """The alert cannot be decided this way; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _locked(alert: Alert) -> Alert:
    return (
        Alert.objects.select_for_update(of=("self",))
        .select_related("employee__unit", "rule")
        .get(pk=alert.pk)
    )


def _require_actor(actor: User, alert: Alert) -> None:
    if not may_act_on(get_viewer(actor), alert):
        raise PermissionDenied(
            _(
                "Only the appraiser, the employee's direct superior, the pimpinan over the unit"
                " or the HR admin decides on this alert."
            )
        )


def _require_open(alert: Alert) -> None:
    if alert.status != Alert.Status.OPEN:
        raise AlertRefused(
            _("This alert was already decided (%(status)s).")
            % {"status": alert.get_status_display().lower()}
        )


@transaction.atomic
def dismiss_alert(*, actor: User, alert: Alert, reason: str) -> Alert:
    """Close the alert without a coaching case, saying why (e.g. a known, temporary
    cause). The condition stays recorded and is not raised again."""
    locked = _locked(alert)
    _require_actor(actor, locked)
    _require_open(locked)
    text = reason.strip()
    if not text:
        raise AlertRefused(_("Say why the alert needs no coaching case."), field="reason")
    if len(text) > REASON_MAX_LENGTH:
        raise AlertRefused(
            _("Keep it under %(count)d characters.") % {"count": REASON_MAX_LENGTH},
            field="reason",
        )
    locked.status = Alert.Status.DISMISSED
    locked.dismissal_reason = text
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.ALERT_DISMISSED,
        target=locked,
        changes={"status": [Alert.Status.OPEN.value, locked.status], "reason": text},
    )
    return locked


def default_reason(alert: Alert) -> str:
    """What a coaching case opened from ``alert`` says about why it was opened."""
    card = alert_card(alert)
    return _("Early warning: %(rule)s. %(summary)s") % {
        "rule": alert.get_kind_display(),
        "summary": card.summary,
    }


@transaction.atomic
def start_coaching(*, actor: User, alert: Alert, goals: str, reason: str = "") -> Alert:
    """Turn the alert into coaching: link it to the employee's active coaching case, or
    open one (``coaching.services.open_case``) with ``goals`` and ``reason`` (by default,
    the alert in words)."""
    locked = _locked(alert)
    _require_actor(actor, locked)
    _require_open(locked)
    case = active_case_of(locked.employee)
    opened = case is None
    if case is None:
        case = open_case(
            actor=actor,
            employee=locked.employee,
            reason=reason.strip() or default_reason(locked),
            goals=goals,
        )
    locked.status = Alert.Status.COACHING
    locked.coaching_case = case
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.ALERT_TO_COACHING,
        target=locked,
        changes={
            "status": [Alert.Status.OPEN.value, locked.status],
            "coaching_case": case.pk,
            "case_opened": opened,
        },
    )
    return locked
