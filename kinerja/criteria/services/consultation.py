"""Writes of the consultation rounds (analisis kebutuhan): the evaluation team opens and
closes a round on a version being prepared; employees and leaders post proposals,
comment and vote while it is open; the team answers every proposal with a decision and
a reason, which the author is told about.

Each function is one transaction with one audit event. Anonymity holds in the audit log
too: the event of an anonymous proposal or comment has no actor and nothing in its
changes that names the author or their unit. Votes are ballots: their events name
neither the voter nor the voter's unit, only the stance.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.criteria.models import (
    Comment,
    ConsultationRound,
    CriteriaVersion,
    Indicator,
    Proposal,
    Vote,
)
from kinerja.criteria.rules import Stage, is_editable
from kinerja.criteria.selectors.access import (
    can_decide_proposals,
    can_participate,
    viewer_of,
)
from kinerja.criteria.selectors.consultation import (
    OPENABLE_STAGES,
    RoundState,
    in_organization,
    round_state,
)
from kinerja.criteria.services.versions import move_version
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import Employee

TITLE_MAX_LENGTH = 200
# Proposals of these kinds are about one indicator of the version; adding one is not.
KINDS_ABOUT_AN_INDICATOR = frozenset(
    {
        Proposal.Kind.CHANGE.value,
        Proposal.Kind.REMOVE.value,
        Proposal.Kind.WEIGHT.value,
        Proposal.Kind.TARGET.value,
    }
)


class ConsultationRefused(DomainError):  # noqa: N818 - reads as what happened
    """A consultation rule refused the action; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _require_team(actor: User, version: CriteriaVersion) -> None:
    viewer = viewer_of(actor)
    if not can_decide_proposals(viewer) or not in_organization(viewer, version.organization):
        raise PermissionDenied(
            _("Only the evaluation team or the HR admin run consultations and decide proposals.")
        )


def _require_participant(actor: User, round_: ConsultationRound) -> Employee:
    """The actor's employee record, if they work in the round's organisation."""
    viewer = viewer_of(actor)
    if (
        not can_participate(viewer)
        or viewer.employee is None
        or not in_organization(viewer, round_.version.organization)
    ):
        raise PermissionDenied(
            _("Only the employees of the organisation take part in its consultations.")
        )
    return viewer.employee


def _require_open(round_: ConsultationRound) -> None:
    """Posting, commenting and voting happen while the round is open and the version can
    still change."""
    state = round_state(round_, today=timezone.localdate())
    if state == RoundState.UPCOMING:
        raise ConsultationRefused(
            _("This consultation opens on %(date)s.")
            % {"date": round_.opens_on.strftime("%d-%m-%Y")}
        )
    if state == RoundState.CLOSED:
        raise ConsultationRefused(
            _("This consultation is closed; proposals, comments and votes are no longer taken.")
        )
    if not is_editable(round_.version.status):
        raise ConsultationRefused(
            _("Version %(version)s has been adopted; it no longer takes proposals.")
            % {"version": round_.version.label}
        )


def _locked_round(round_: ConsultationRound) -> ConsultationRound:
    return (
        ConsultationRound.objects.select_for_update()
        .select_related("version", "version__organization")
        .get(pk=round_.pk)
    )


def _locked_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update()
        .select_related("round", "round__version", "round__version__organization", "author")
        .get(pk=proposal.pk)
    )


def _contribution_event_actor(actor: User, *, is_anonymous: bool) -> User | None:
    """Who the audit event names: nobody for an anonymous post."""
    return None if is_anonymous else actor


# -- rounds ------------------------------------------------------------------------------


def open_round(
    *,
    actor: User,
    version: CriteriaVersion,
    title: str,
    question: str,
    opens_on: date,
    closes_on: date,
) -> ConsultationRound:
    """Open a consultation round on a draft or a version in consultation. A draft moves
    into consultation with it (``services.versions.move_version``, audited there)."""
    _require_team(actor, version)
    if not title.strip():
        raise ConsultationRefused(_("A consultation round needs a title."), field="title")
    if len(title.strip()) > TITLE_MAX_LENGTH:
        raise ConsultationRefused(_("The title can be at most 200 characters long."), field="title")
    if not question.strip():
        raise ConsultationRefused(
            _("Put a question to the participants: what should they think about?"),
            field="question",
        )
    if closes_on < opens_on:
        raise ConsultationRefused(
            _("The round must close on or after the day it opens."), field="closes_on"
        )
    if closes_on < timezone.localdate():
        raise ConsultationRefused(
            _("The closing day has already passed: nobody could take part."), field="closes_on"
        )
    with transaction.atomic():
        locked = (
            CriteriaVersion.objects.select_for_update()
            .select_related("organization")
            .get(pk=version.pk)
        )
        if locked.status not in OPENABLE_STAGES:
            raise ConsultationRefused(
                _(
                    "Version %(version)s is %(status)s: consultation rounds are opened on a"
                    " draft or a version in consultation."
                )
                % {"version": locked.label, "status": locked.get_status_display().lower()}
            )
        if locked.status == Stage.DRAFT:
            locked = move_version(
                actor=actor,
                version=locked,
                to=Stage.CONSULTATION,
                note=_("Consultation round opened: %(title)s") % {"title": title.strip()},
            )
        round_ = ConsultationRound.objects.create(
            version=locked,
            title=title.strip(),
            question=question.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            opened_by=actor,
        )
        record_event(
            actor=actor,
            action=AuditAction.CONSULTATION_OPENED,
            target=round_,
            changes={
                "version": locked.label,
                "question": round_.question,
                "opens_on": opens_on,
                "closes_on": closes_on,
            },
        )
    version.status = locked.status
    return round_


def close_round(*, actor: User, round: ConsultationRound) -> ConsultationRound:
    """Close a round before its closing day. Decisions remain possible afterwards."""
    _require_team(actor, round.version)
    with transaction.atomic():
        target = _locked_round(round)
        if target.closed_at is not None:
            raise ConsultationRefused(_("This consultation round is already closed."))
        target.closed_at = timezone.now()
        target.save(update_fields=["closed_at", "updated_at"])
        record_event(
            actor=actor,
            action=AuditAction.CONSULTATION_CLOSED,
            target=target,
            changes={"closes_on": target.closes_on, "closed_at": target.closed_at},
        )
    return target


# -- proposals, comments, votes ----------------------------------------------------------


def _check_proposal(
    round_: ConsultationRound, kind: str, title: str, body: str, indicator: Indicator | None
) -> None:
    if kind not in Proposal.Kind.values:
        raise ConsultationRefused(_("Choose what the proposal is about."), field="kind")
    if kind == Proposal.Kind.ADD and indicator is not None:
        raise ConsultationRefused(
            _("A new indicator does not replace an existing one: leave the indicator empty."),
            field="indicator",
        )
    if kind in KINDS_ABOUT_AN_INDICATOR and indicator is None:
        raise ConsultationRefused(
            _("Choose the indicator this proposal is about."), field="indicator"
        )
    if indicator is not None and indicator.version_id != round_.version_id:
        raise ConsultationRefused(
            _("That indicator is not part of the version under consultation."),
            field="indicator",
        )
    if kind == Proposal.Kind.WEIGHT and indicator is not None and not indicator.is_results:
        raise ConsultationRefused(
            _("Behaviour indicators carry no weight; propose a change to the indicator instead."),
            field="kind",
        )
    if not title.strip():
        raise ConsultationRefused(_("Give the proposal a short title."), field="title")
    if len(title.strip()) > TITLE_MAX_LENGTH:
        raise ConsultationRefused(_("The title can be at most 200 characters long."), field="title")
    if not body.strip():
        raise ConsultationRefused(_("Describe the proposal and the reasons for it."), field="body")


def post_proposal(
    *,
    actor: User,
    round: ConsultationRound,
    kind: str,
    title: str,
    body: str,
    indicator: Indicator | None = None,
    is_anonymous: bool = False,
) -> Proposal:
    """Post a proposal in an open round, in the author's name or anonymously."""
    employee = _require_participant(actor, round)
    with transaction.atomic():
        target = _locked_round(round)
        _require_open(target)
        _check_proposal(target, kind, title, body, indicator)
        proposal = Proposal.objects.create(
            round=target,
            kind=kind,
            indicator=indicator,
            title=title.strip(),
            body=body.strip(),
            author=actor,
            author_unit_id=employee.unit_id,
            is_anonymous=is_anonymous,
        )
        record_event(
            actor=_contribution_event_actor(actor, is_anonymous=is_anonymous),
            action=AuditAction.PROPOSAL_POSTED,
            target=proposal,
            changes={
                "round": target.title,
                "kind": kind,
                "indicator": indicator.code if indicator is not None else None,
                "anonymous": is_anonymous,
            },
        )
    return proposal


def post_comment(
    *, actor: User, proposal: Proposal, body: str, is_anonymous: bool = False
) -> Comment:
    """Comment on a proposal of an open round, in one's name or anonymously."""
    employee = _require_participant(actor, proposal.round)
    if not body.strip():
        raise ConsultationRefused(_("Write a comment first."), field="body")
    with transaction.atomic():
        round_ = _locked_round(proposal.round)
        _require_open(round_)
        comment = Comment.objects.create(
            proposal=proposal,
            body=body.strip(),
            author=actor,
            author_unit_id=employee.unit_id,
            is_anonymous=is_anonymous,
        )
        record_event(
            actor=_contribution_event_actor(actor, is_anonymous=is_anonymous),
            action=AuditAction.PROPOSAL_COMMENTED,
            target=comment,
            target_label=proposal.title[:255],
            changes={"proposal": proposal.pk, "anonymous": is_anonymous},
        )
    return comment


def cast_vote(*, actor: User, proposal: Proposal, stance: str | None) -> Vote | None:
    """Support or oppose a proposal (one vote per person; voting again changes it), or
    withdraw one's vote with ``stance`` None. Not once the proposal is decided."""
    employee = _require_participant(actor, proposal.round)
    if stance is not None and stance not in Vote.Stance.values:
        raise ConsultationRefused(_("Choose to support or to oppose."), field="stance")
    with transaction.atomic():
        target = _locked_proposal(proposal)
        _require_open(target.round)
        if target.decision:
            raise ConsultationRefused(
                _("This proposal has been decided; votes can no longer change.")
            )
        existing = Vote.objects.filter(proposal=target, voter=actor).first()
        before = existing.stance if existing is not None else None
        if before == stance:
            return existing
        vote: Vote | None
        if stance is None:
            if existing is not None:
                existing.delete()
            vote = None
        elif existing is not None:
            existing.stance, existing.voter_unit_id = stance, employee.unit_id
            existing.save(update_fields=["stance", "voter_unit", "updated_at"])
            vote = existing
        else:
            vote = Vote.objects.create(
                proposal=target, voter=actor, voter_unit_id=employee.unit_id, stance=stance
            )
        # A ballot: the event records that a vote changed, never whose.
        record_event(
            actor=None,
            action=AuditAction.PROPOSAL_VOTED,
            target=target,
            changes={"stance": [before, stance], "anonymous": True},
        )
    return vote


# -- decisions ---------------------------------------------------------------------------


def decide_proposal(*, actor: User, proposal: Proposal, decision: str, reason: str) -> Proposal:
    """Answer a proposal: accepted, partly accepted or rejected, with a reason everyone
    reads. Possible after the round closed; a decision may be revised (the audit log
    keeps each). The author is notified."""
    _require_team(actor, proposal.round.version)
    if decision not in Proposal.Decision.values:
        raise ConsultationRefused(
            _("Choose accepted, partly accepted or rejected."), field="decision"
        )
    if not reason.strip():
        raise ConsultationRefused(
            _("Give the reason for the decision: everyone will read it."), field="reason"
        )
    with transaction.atomic():
        target = _locked_proposal(proposal)
        before: dict[str, Any] = {
            "decision": target.decision,
            "reason": target.decision_reason,
        }
        after: dict[str, Any] = {"decision": decision, "reason": reason.strip()}
        changes = changed_fields(before, after)
        if not changes:
            return target
        target.decision, target.decision_reason = decision, reason.strip()
        target.decided_by, target.decided_at = actor, timezone.now()
        target.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        record_event(
            actor=actor,
            action=AuditAction.PROPOSAL_DECIDED,
            target=target,
            changes=changes,
        )
        if target.author_id != actor.pk:
            notify(
                recipients=[target.author],
                message=Message(
                    title=_("Your proposal was answered: %(title)s")
                    % {"title": target.title[:120]},
                    body=_("Decision: %(decision)s. Reason: %(reason)s")
                    % {"decision": target.get_decision_display(), "reason": target.decision_reason},
                    url=reverse("criteria:proposal_detail", kwargs={"proposal_id": target.pk}),
                ),
            )
    return target
