"""Writes on the innovation ledger: submitting and editing an innovation, appointing its
reviewers, reviewing it, deciding on it (and crediting its team), and adding a credit to
an SKP that did not exist yet when the credit was earned.

Each public function is one transaction with its audit events; the notifications are
written in it too (their e-mails leave on commit). Who may do what is asked of
``selectors``; the arithmetic of scores and credits is ``rules``.

Credit in the SKP: a verified innovation becomes, for every member, a tambahan RHK
"Inovasi: <title> (kredit N poin)" with one IKI "Inovasi terverifikasi" (target 1
inovasi) in each of that member's SKP revisions of the year that is in force or still
being prepared. A member without an SKP for the year keeps the credit (it counts in the
criteria all the same) and adds it from "My innovations" once the SKP exists.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.innovations.models import Innovation, InnovationCredit, Review, ReviewScore
from kinerja.innovations.rules import (
    MIN_REVIEWS,
    RubricPoints,
    VerificationProblem,
    capped_credit,
    credit_points,
    panel_score,
    points_problem,
    review_score,
    verification_problem,
)
from kinerja.innovations.selectors import (
    InnovationAccess,
    access_of,
    earned_credit,
    member_users,
    organization_of,
    panel_recipients,
    plans_to_credit,
    reviewer_candidates,
    rubric_of,
    rubric_version,
    team_candidates,
    viewer_of,
)
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import Employee, PerformanceYear
from kinerja.organization.selectors import Viewer
from kinerja.plans.models import PerformancePlan, ResultIndicator, WorkResult

# The submitter and at most nine colleagues: a larger group is a unit's work, not a team's.
MAX_TEAM_SIZE = 10
EARLIEST_SINCE = date(2000, 1, 1)
_URL_VALIDATOR = URLValidator(schemes=["http", "https"])


class InnovationRefused(DomainError):  # noqa: N818 - reads as what happened
    """A ledger rule refused the change; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class InnovationInput:
    title: str
    problem: str
    change: str
    since: date
    evidence: str
    effect: str
    evidence_url: str = ""
    co_members: Sequence[int] = ()  # employee ids, besides the submitter


def _detail_url(innovation: Innovation) -> str:
    return reverse("innovations:innovation_detail", kwargs={"innovation_id": innovation.pk})


def _locked(innovation: Innovation) -> Innovation:
    """The innovation re-read under a row lock, so that two writers apply in turn."""
    return (
        Innovation.objects.select_for_update(of=("self",))
        .select_related("organization", "performance_year", "criteria_version")
        .get(pk=innovation.pk)
    )


# -- submitting --------------------------------------------------------------------------


def _require_text(value: str, field: str, message: str) -> None:
    if not value.strip():
        raise InnovationRefused(message, field=field)


def _checked_co_members(viewer: Viewer, data: InnovationInput, *, today: date) -> list[Employee]:
    """Check ``data`` in the order of the form; return the co-members."""
    _require_text(data.title, "title", _("An innovation needs a title."))
    _require_text(data.problem, "problem", _("Describe the problem the innovation solves."))
    _require_text(data.change, "change", _("Describe what changed."))
    if not EARLIEST_SINCE <= data.since <= today:
        raise InnovationRefused(
            _(
                "An innovation is submitted once it is in use: give the date it started, not"
                " later than today."
            ),
            field="since",
        )
    _require_text(
        data.evidence, "evidence", _("Describe the evidence: what shows that it is in use?")
    )
    if data.evidence_url.strip():
        try:
            _URL_VALIDATOR(data.evidence_url.strip())
        except ValidationError:
            raise InnovationRefused(
                _("Give a web address starting with http:// or https://."), field="evidence_url"
            ) from None
    _require_text(
        data.effect, "effect", _("Describe the measured effect, with numbers where you have them.")
    )
    wanted = set(data.co_members)
    if len(wanted) + 1 > MAX_TEAM_SIZE:
        raise InnovationRefused(
            _("A team has at most %(count)s members, you included.") % {"count": MAX_TEAM_SIZE},
            field="co_members",
        )
    co_members = list(team_candidates(viewer).filter(pk__in=wanted))
    if len(co_members) != len(wanted):
        raise InnovationRefused(
            _("Team members must be active colleagues of your organisation (not you)."),
            field="co_members",
        )
    return co_members


def _content(innovation: Innovation) -> dict[str, Any]:
    return {
        "title": innovation.title,
        "problem": innovation.problem,
        "change": innovation.change,
        "since": innovation.since,
        "evidence": innovation.evidence,
        "evidence_url": innovation.evidence_url,
        "effect": innovation.effect,
    }


def _apply(innovation: Innovation, data: InnovationInput) -> None:
    innovation.title = data.title.strip()
    innovation.problem = data.problem.strip()
    innovation.change = data.change.strip()
    innovation.since = data.since
    innovation.evidence = data.evidence.strip()
    innovation.evidence_url = data.evidence_url.strip()
    innovation.effect = data.effect.strip()


def _nips(employees: Sequence[Employee]) -> list[str]:
    return sorted(employee.nip for employee in employees)


def submit_innovation(*, actor: User, data: InnovationInput) -> Innovation:
    """Submit an innovation of the actor (and the colleagues named) for the performance
    year of the submission date, and tell the panel."""
    viewer = viewer_of(actor)
    employee = viewer.employee
    organization = organization_of(viewer)
    if employee is None or organization is None:
        raise PermissionDenied(_("Only employees submit innovations."))
    now = timezone.now()
    today = timezone.localdate(now)
    co_members = _checked_co_members(viewer, data, today=today)
    # The year of the submission, not of "since": an innovation in use since last year
    # is credited in the year it is verified, never in a year already appraised.
    performance_year = PerformanceYear.objects.filter(year=today.year).first()
    if performance_year is None:
        raise InnovationRefused(
            _(
                "The performance year %(year)s is not open yet. Ask the HR admin to open it,"
                " then submit the innovation."
            )
            % {"year": today.year}
        )
    with transaction.atomic():
        innovation = Innovation(
            organization=organization,
            performance_year=performance_year,
            submitted_by=employee,
            status=Innovation.Status.SUBMITTED,
            submitted_at=now,
        )
        _apply(innovation, data)
        innovation.save()
        innovation.members.set([employee, *co_members])
        record_event(
            actor=actor,
            action=AuditAction.INNOVATION_SUBMITTED,
            target=innovation,
            changes={
                **_content(innovation),
                "members": _nips([employee, *co_members]),
                "performance_year": performance_year.year,
            },
        )
        notify(
            recipients=panel_recipients(innovation),
            message=Message(
                title=_("New innovation to review: %(title)s") % {"title": innovation.title[:120]},
                body=_("%(name)s submitted it for %(year)s. Score it on the rubric.")
                % {"name": employee.name, "year": performance_year.year},
                url=_detail_url(innovation),
            ),
        )
    return innovation


def update_innovation(*, actor: User, innovation: Innovation, data: InnovationInput) -> Innovation:
    """Change a submitted innovation; only its submitter, and only until the panel starts
    (a reviewer appointed or a review in)."""
    viewer = viewer_of(actor)
    if viewer.employee is None or viewer.employee.pk != innovation.submitted_by_id:
        raise PermissionDenied(_("Only the employee who submitted the innovation changes it."))
    with transaction.atomic():
        target = _locked(innovation)
        if target.status != Innovation.Status.SUBMITTED:
            raise InnovationRefused(
                _("The panel has started on this innovation: it can no longer be changed.")
            )
        co_members = _checked_co_members(viewer, data, today=timezone.localdate())
        members_before = list(target.members.all())
        before = {**_content(target), "members": _nips(members_before)}
        _apply(target, data)
        members = [viewer.employee, *co_members]
        changes = changed_fields(before, {**_content(target), "members": _nips(members)})
        if changes:
            target.save()
            target.members.set(members)
            record_event(
                actor=actor,
                action=AuditAction.INNOVATION_UPDATED,
                target=target,
                changes=changes,
            )
    return target


# -- the panel ---------------------------------------------------------------------------


def _require_decider(
    viewer: Viewer, innovation: Innovation, *, own: str, not_team: str
) -> InnovationAccess:
    """The viewer's access, if they may decide on (and appoint reviewers for) the
    innovation; PermissionDenied with ``own`` or ``not_team`` otherwise."""
    access = access_of(viewer, innovation)
    if access.is_member:
        raise PermissionDenied(own)
    if not access.is_team:
        raise PermissionDenied(not_team)
    return access


def appoint_reviewers(
    *, actor: User, innovation: Innovation, reviewer_ids: Sequence[int]
) -> Innovation:
    """Make the given colleagues the innovation's panel (none: the evaluation team and
    the HR admin again). The innovation is in review from the first appointment on.
    Reviews already in stay."""
    viewer = viewer_of(actor)
    with transaction.atomic():
        target = _locked(innovation)
        _require_decider(
            viewer,
            target,
            own=_("A member of the team cannot appoint reviewers for their own innovation."),
            not_team=_(
                "Only the evaluation team or the HR admin of the organisation appoint reviewers."
            ),
        )
        if not target.is_undecided:
            raise InnovationRefused(_("This innovation is already decided."))
        wanted = set(reviewer_ids)
        reviewers = list(reviewer_candidates(target).filter(pk__in=wanted))
        if len(reviewers) != len(wanted):
            raise InnovationRefused(
                _("Appoint active colleagues of the organisation who are not on the team."),
                field="reviewers",
            )
        before = sorted(target.reviewers.values_list("username", flat=True))
        after = sorted(reviewer.username for reviewer in reviewers)
        if before == after:
            return target
        changes: dict[str, Any] = {"reviewers": [before, after]}
        if reviewers and target.status == Innovation.Status.SUBMITTED:
            changes["status"] = [target.status, Innovation.Status.IN_REVIEW.value]
            target.status = Innovation.Status.IN_REVIEW
            target.save(update_fields=["status", "updated_at"])
        target.reviewers.set(reviewers)
        record_event(
            actor=actor, action=AuditAction.INNOVATION_UPDATED, target=target, changes=changes
        )
        notify(
            recipients=[reviewer for reviewer in reviewers if reviewer.username not in before],
            message=appointment_message(target),
        )
    return target


def submit_review(
    *, actor: User, innovation: Innovation, points: Mapping[str, int], comment: str
) -> Review:
    """Record the actor's review: points for every criterion of the rubric (by code) and
    a comment. Final once submitted. The first review fixes the rubric's version for all
    later reviews and puts the innovation in review."""
    viewer = viewer_of(actor)
    with transaction.atomic():
        target = _locked(innovation)
        access = access_of(viewer, target)
        if access.is_member:
            raise PermissionDenied(_("A member of the team cannot review their own innovation."))
        if not access.on_panel:
            raise PermissionDenied(_("Only the innovation's panel reviews it."))
        if not access.is_undecided:
            raise InnovationRefused(_("This innovation is already decided."))
        if access.has_reviewed:
            raise InnovationRefused(
                _("You have already reviewed this innovation; a review is final once submitted.")
            )
        version = rubric_version(target)
        rubric = rubric_of(version)
        if version is None or not rubric:
            raise InnovationRefused(
                _(
                    "The criteria in force for %(year)s have no innovation rubric, so the"
                    " innovation cannot be scored yet."
                )
                % {"year": target.performance_year.year}
            )
        unknown = set(points) - {criterion.code for criterion in rubric}
        if unknown:
            raise InnovationRefused(_("Score only the criteria of the rubric."))
        for criterion in rubric:
            given = points.get(criterion.code)
            if given is None or points_problem(given, criterion.max_points):
                raise InnovationRefused(
                    _("Give %(criterion)s between 0 and %(max)s points.")
                    % {"criterion": criterion.name, "max": criterion.max_points},
                    field=f"points_{criterion.code}",
                )
        _require_text(
            comment, "comment", _("Explain your scores in a comment: the panel reads it.")
        )
        score = review_score(
            [
                RubricPoints(points[criterion.code], criterion.max_points, criterion.weight)
                for criterion in rubric
            ]
        )
        review = Review.objects.create(
            innovation=target,
            reviewer=actor,
            criteria_version=version,
            score=score,
            comment=comment.strip(),
            submitted_at=timezone.now(),
        )
        ReviewScore.objects.bulk_create(
            ReviewScore(review=review, criterion=criterion, points=points[criterion.code])
            for criterion in rubric
        )
        changes: dict[str, Any] = {
            "score": score,
            "points": {criterion.code: points[criterion.code] for criterion in rubric},
            "criteria_version": version.label,
        }
        if target.status == Innovation.Status.SUBMITTED:
            changes["status"] = [target.status, Innovation.Status.IN_REVIEW.value]
        target.status = Innovation.Status.IN_REVIEW
        target.criteria_version = version
        target.save(update_fields=["status", "criteria_version", "updated_at"])
        record_event(
            actor=actor,
            action=AuditAction.INNOVATION_REVIEWED,
            target=target,
            changes=changes,
        )
    return review


def appointment_message(innovation: Innovation) -> Message:
    """What an appointed reviewer hears."""
    return Message(
        title=_("You are asked to review an innovation: %(title)s")
        % {"title": innovation.title[:120]},
        body=_(
            "Score it on the rubric on your own: you see the other reviews once you have"
            " submitted yours."
        ),
        url=_detail_url(innovation),
    )


# -- the decision ------------------------------------------------------------------------


def decide_innovation(
    *, actor: User, innovation: Innovation, verify: bool, reason: str
) -> Innovation:
    """Verify or reject an undecided innovation, with a written reason.

    The evaluation team or the HR admin decides, never on an innovation of their own; a
    decider who is on the panel scores it first. Verification needs ``MIN_REVIEWS``
    reviews and a panel score of at least the version's pass score, and credits every
    member (``rules.credit_points`` capped by ``rules.capped_credit``) in the same
    transaction. The team is told either way.
    """
    viewer = viewer_of(actor)
    with transaction.atomic():
        target = _locked(innovation)
        access = _require_decider(
            viewer,
            target,
            own=_("A member of the team cannot decide on their own innovation."),
            not_team=_(
                "Only the evaluation team or the HR admin of the organisation decide on"
                " innovations."
            ),
        )
        if not access.is_undecided:
            raise InnovationRefused(_("This innovation is already decided."))
        if access.on_panel and not access.has_reviewed:
            raise InnovationRefused(
                _(
                    "You are on this innovation's panel: score it yourself before deciding."
                    " The reviews are shown to those who have scored."
                )
            )
        _require_text(
            reason,
            "reason",
            _("Write the reason for the decision: the team reads it, and everyone if verified."),
        )
        scores = list(Review.objects.filter(innovation=target).values_list("score", flat=True))
        score = panel_score(scores)
        version = rubric_version(target)
        if verify:
            if version is None:
                raise InnovationRefused(_("No criteria version is in force for this year."))
            problem = verification_problem(len(scores), score, version.innovation_pass_score)
            if problem is VerificationProblem.TOO_FEW_REVIEWS:
                raise InnovationRefused(
                    _("Verification needs at least %(needed)s reviews; %(done)s are in.")
                    % {"needed": MIN_REVIEWS, "done": len(scores)}
                )
            if problem is VerificationProblem.SCORE_TOO_LOW:
                raise InnovationRefused(
                    _(
                        "The panel's score of %(score)s is below the %(pass)s needed to verify"
                        " an innovation."
                    )
                    % {
                        "score": _number(score or Decimal(0)),
                        "pass": _number(version.innovation_pass_score),
                    }
                )
        before = target.status
        target.status = Innovation.Status.VERIFIED if verify else Innovation.Status.REJECTED
        target.panel_score = score
        target.decision_reason = reason.strip()
        target.decided_by = actor
        target.decided_at = timezone.now()
        target.save()
        record_event(
            actor=actor,
            action=AuditAction.INNOVATION_DECIDED,
            target=target,
            changes={
                "status": [before, target.status],
                "reason": target.decision_reason,
                "panel_score": score,
                "reviews": len(scores),
            },
        )
        if verify and version is not None and score is not None:
            _credit_members(actor, target, cap=version.innovation_credit_cap, score=score)
        else:
            notify(
                recipients=member_users(target),
                message=Message(
                    title=_("Your innovation was not verified: %(title)s")
                    % {"title": target.title[:120]},
                    body=_("Reason: %(reason)s") % {"reason": target.decision_reason},
                    url=_detail_url(target),
                ),
            )
    return target


def _credit_members(actor: User, innovation: Innovation, *, cap: Decimal, score: Decimal) -> None:
    uncapped = credit_points(score)
    member_ids = list(innovation.members.values_list("pk", flat=True))
    # Locking the members serialises decisions that credit the same person, so that two
    # at once cannot both fill the room left under the cap.
    members = list(Employee.objects.select_for_update().filter(pk__in=member_ids).order_by("pk"))
    for member in members:
        earned = earned_credit(member.pk, innovation.performance_year)
        points = capped_credit(uncapped, earned=earned, cap=cap)
        credit = InnovationCredit.objects.create(
            innovation=innovation, employee=member, points=points, uncapped_points=uncapped
        )
        result = write_credit_result(
            credit=credit, plans=plans_to_credit(member, innovation.performance_year)
        )
        record_event(
            actor=actor,
            action=AuditAction.INNOVATION_CREDITED,
            target=credit,
            target_label=f"{member.name}: {innovation.title}"[:255],
            changes={
                "employee": member.nip,
                "points": points,
                "uncapped_points": uncapped,
                "earned_before": earned,
                "cap": cap,
                "plan": result.plan_id if result is not None else None,
                "work_result": result.pk if result is not None else None,
            },
        )
        if member.user is not None:
            notify(recipients=[member.user], message=credit_message(innovation, credit, result))


def credit_message(
    innovation: Innovation, credit: InnovationCredit, result: WorkResult | None
) -> Message:
    """What a member hears of a verified innovation: their credit and where it went."""
    body = _("You earn %(points)s credit points. Reason: %(reason)s") % {
        "points": _number(credit.points),
        "reason": innovation.decision_reason,
    }
    if result is not None:
        where = _("It is in your SKP as a tambahan RHK.")
    else:
        where = _("It will be added to your SKP once your SKP for %(year)s exists.") % {
            "year": innovation.performance_year.year
        }
    return Message(
        title=_("Your innovation is verified: %(title)s") % {"title": innovation.title[:120]},
        body=f"{body} {where}",
        url=_detail_url(innovation),
    )


def _number(value: Decimal) -> str:
    """7.25 as "7,25" in Indonesian, 8.00 as "8"."""
    plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(plain, use_l10n=True)


def credit_result_text(title: str, points: Decimal) -> tuple[str, str, str]:
    """The RHK text, the IKI text and the IKI's unit of a credit, in the default language:
    the SKP is an official document, whoever decided and in whichever language."""
    with translation.override(settings.LANGUAGE_CODE):
        return (
            _("Innovation: %(title)s (credit %(points)s points)")
            % {"title": title, "points": _number(points)},
            _("Verified innovation"),
            pgettext("unit of measure", "innovation"),
        )


def write_credit_result(
    *, credit: InnovationCredit, plans: Sequence[PerformancePlan]
) -> WorkResult | None:
    """Add ``credit`` as a tambahan RHK with its IKI to each of ``plans`` (see the module
    docstring) and link the credit to the one in force (else the newest); None, and the
    credit left pending, without a plan. Not audited here: the callers record it."""
    rhk_text, iki_text, unit = credit_result_text(credit.innovation.title, credit.points)
    results = []
    for plan in plans:
        last = plan.results.filter(kind=WorkResult.Kind.ADDITIONAL).aggregate(last=Max("order"))
        result = WorkResult.objects.create(
            plan=plan,
            kind=WorkResult.Kind.ADDITIONAL,
            text=rhk_text,
            order=(last["last"] or 0) + 1,
        )
        ResultIndicator.objects.create(
            work_result=result,
            text=iki_text,
            aspect=ResultIndicator.Aspect.QUANTITY,
            target_min=Decimal(1),
            unit=unit,
        )
        results.append((plan, result))
    if not results:
        return None
    in_force = [
        result for plan, result in results if plan.status == PerformancePlan.Status.APPROVED
    ]
    chosen = in_force[0] if in_force else results[0][1]
    credit.work_result = chosen
    credit.save(update_fields=["work_result"])
    return chosen


def attach_pending_credits(*, actor: User) -> int:
    """Add the actor's credits that wait for an SKP to the SKP of their year that now
    exists; returns how many were added."""
    viewer = viewer_of(actor)
    if viewer.employee is None:
        raise PermissionDenied(_("Only employees have innovation credit."))
    attached = 0
    with transaction.atomic():
        credits = (
            InnovationCredit.objects.select_for_update(of=("self",))
            .filter(
                employee=viewer.employee,
                work_result__isnull=True,
                innovation__status=Innovation.Status.VERIFIED,
            )
            .select_related("innovation__performance_year")
            .order_by("pk")
        )
        for credit in credits:
            plans = plans_to_credit(viewer.employee, credit.innovation.performance_year)
            result = write_credit_result(credit=credit, plans=plans)
            if result is None:
                continue
            attached += 1
            record_event(
                actor=actor,
                action=AuditAction.INNOVATION_CREDITED,
                target=credit,
                target_label=f"{viewer.employee.name}: {credit.innovation.title}"[:255],
                changes={
                    "employee": viewer.employee.nip,
                    "points": credit.points,
                    "plan": result.plan_id,
                    "work_result": result.pk,
                    "added_later": True,
                },
            )
        if not attached:
            raise InnovationRefused(
                _(
                    "There is no SKP yet for the year of your credit: it can be added once there"
                    " is one."
                )
            )
    return attached
