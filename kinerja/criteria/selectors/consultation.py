"""Reading the consultation rounds: the rounds of the viewer's organisation, the
proposals of a round with their support, one proposal with its comments, and a round's
summary (participation by unit under the minimum-n rule, top proposals, decisions).

Anonymity is decided here, once: pages receive display values (``ProposalCard``,
``CommentCard``), never the author of an anonymous post. Only the author is told that a
post is theirs. Votes are only ever counted, never listed per person.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.criteria.models import (
    Comment,
    ConsultationRound,
    CriteriaVersion,
    Indicator,
    Proposal,
    Vote,
)
from kinerja.criteria.rules import Breakdown, Stage, breakdown
from kinerja.criteria.selectors.access import (
    can_see_anything,
    is_criteria_team,
    organization_filter,
    version_filter,
    viewer_of,
)
from kinerja.organization.models import OrgUnit
from kinerja.organization.selectors import Viewer

TOP_PROPOSALS = 10
MAX_SEARCH_LENGTH = 100
# A round may be opened on a version still being prepared.
OPENABLE_STAGES = (Stage.DRAFT.value, Stage.CONSULTATION.value)


class RoundState(models.TextChoices):
    UPCOMING = "akan-datang", gettext_lazy("Not open yet")
    OPEN = "dibuka", gettext_lazy("Open")
    CLOSED = "ditutup", gettext_lazy("Closed")


def round_state(round_: ConsultationRound, *, today: date) -> RoundState:
    """Open from ``opens_on`` to ``closes_on`` inclusive, unless the team closed it early."""
    if round_.closed_at is not None or today > round_.closes_on:
        return RoundState.CLOSED
    if today < round_.opens_on:
        return RoundState.UPCOMING
    return RoundState.OPEN


_STATE_BADGES = {
    RoundState.UPCOMING: "badge-open",
    RoundState.OPEN: "badge-ok",
    RoundState.CLOSED: "",
}


@dataclass(frozen=True, slots=True)
class RoundStatus:
    """A round's state as the pages show it."""

    state: RoundState

    @property
    def label(self) -> str:
        return str(self.state.label)

    @property
    def badge(self) -> str:
        return _STATE_BADGES[self.state]

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED


def round_status(round_: ConsultationRound, *, today: date) -> RoundStatus:
    return RoundStatus(round_state(round_, today=today))


def _state_filter(state: str, today: date) -> Q | None:
    ended = Q(closed_at__isnull=False) | Q(closes_on__lt=today)
    if state == RoundState.OPEN:
        return ~ended & Q(opens_on__lte=today)
    if state == RoundState.UPCOMING:
        return ~ended & Q(opens_on__gt=today)
    if state == RoundState.CLOSED:
        return ended
    return None


def in_organization(viewer: Viewer, organization: OrgUnit) -> bool:
    """Whether ``organization`` is the viewer's own (an HR admin without an employee
    record belongs to every organisation)."""
    if viewer.org_root_path is not None:
        return organization.path == viewer.org_root_path
    return viewer.is_admin


def _scope(viewer: Viewer, organization_field: str) -> Q:
    """Rows of the viewer's organisation (reached through ``organization_field``); none
    for an outsider."""
    if not can_see_anything(viewer):
        return Q(pk__in=[])
    scope = organization_filter(viewer, organization_field)
    return Q() if scope is None else scope


# -- rounds ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoundFilter:
    search: str = ""
    state: str = ""


def rounds_for_user(
    user: User, filters: RoundFilter, *, today: date
) -> QuerySet[ConsultationRound]:
    """The rounds of the viewer's organisation, newest first, with their proposal counts;
    none for an outsider."""
    rounds = (
        ConsultationRound.objects.filter(_scope(viewer_of(user), "version__organization"))
        .select_related("version", "version__organization")
        .annotate(
            proposal_count=Count("proposals", distinct=True),
            undecided_count=Count("proposals", filter=Q(proposals__decision=""), distinct=True),
        )
        .order_by("-opens_on", "-pk")
    )
    state = _state_filter(filters.state, today)
    if state is not None:
        rounds = rounds.filter(state)
    search = filters.search.strip()[:MAX_SEARCH_LENGTH]
    if search:
        rounds = rounds.filter(
            Q(title__icontains=search)
            | Q(question__icontains=search)
            | Q(version__title__icontains=search)
        )
    return rounds


def get_round_for_user(user: User, round_id: int) -> ConsultationRound:
    """The round, if it belongs to the viewer's organisation; NotFound otherwise."""
    round_ = (
        ConsultationRound.objects.filter(
            _scope(viewer_of(user), "version__organization"), pk=round_id
        )
        .select_related("version", "version__organization")
        .first()
    )
    if round_ is None:
        raise NotFound(_("That consultation round does not exist or is not visible to you."))
    return round_


def versions_to_consult(user: User) -> QuerySet[CriteriaVersion]:
    """The versions the evaluation team may open a round on: its organisation's drafts and
    versions in consultation. Empty for anyone else."""
    viewer = viewer_of(user)
    if not is_criteria_team(viewer):
        return CriteriaVersion.objects.none()
    return (
        CriteriaVersion.objects.filter(version_filter(viewer), status__in=OPENABLE_STAGES)
        .select_related("organization")
        .order_by("-year", "-number")
    )


def get_version_to_consult(user: User, version_id: int) -> CriteriaVersion:
    """A version of the viewer's organisation the viewer may read; NotFound otherwise.
    Whether a round may be opened on it is the service's to decide."""
    version = (
        CriteriaVersion.objects.filter(version_filter(viewer_of(user)), pk=version_id)
        .select_related("organization")
        .first()
    )
    if version is None:
        raise NotFound(_("That criteria version does not exist or is not visible to you."))
    return version


# -- proposals ---------------------------------------------------------------------------


class DecisionStatus(models.TextChoices):
    UNDECIDED = "belum", gettext_lazy("Awaiting a decision")
    ACCEPTED = "diterima", gettext_lazy("Accepted")
    PARTLY_ACCEPTED = "sebagian", gettext_lazy("Partly accepted")
    REJECTED = "ditolak", gettext_lazy("Rejected")


_DECISION_OF_STATUS = {
    DecisionStatus.UNDECIDED: "",
    DecisionStatus.ACCEPTED: Proposal.Decision.ACCEPTED,
    DecisionStatus.PARTLY_ACCEPTED: Proposal.Decision.PARTLY_ACCEPTED,
    DecisionStatus.REJECTED: Proposal.Decision.REJECTED,
}


_DECISION_BADGES = {
    Proposal.Decision.ACCEPTED.value: "badge-ok",
    Proposal.Decision.PARTLY_ACCEPTED.value: "badge-warn",
    Proposal.Decision.REJECTED.value: "badge-error",
}


class ProposalSort(models.TextChoices):
    NEWEST = "terbaru", gettext_lazy("Newest first")
    SUPPORT = "dukungan", gettext_lazy("Most support first")


@dataclass(frozen=True, slots=True)
class ProposalFilter:
    search: str = ""
    kind: str = ""
    status: str = ""
    sort: str = ProposalSort.NEWEST


def _count_per_proposal(rows: QuerySet[Vote] | QuerySet[Comment]) -> Coalesce:
    """A correlated count of ``rows`` for each proposal: one subquery per column, so that
    votes and comments are not joined together (which would multiply the rows)."""
    counted = (
        rows.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def _annotated(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.select_related(
        "indicator", "author__employee", "author_unit", "decided_by__employee"
    ).annotate(
        support=_count_per_proposal(Vote.objects.filter(stance=Vote.Stance.SUPPORT)),
        oppose=_count_per_proposal(Vote.objects.filter(stance=Vote.Stance.OPPOSE)),
        comment_count=_count_per_proposal(Comment.objects.all()),
        net_support=F("support") - F("oppose"),
    )


def proposals_of_round(round_: ConsultationRound, filters: ProposalFilter) -> QuerySet[Proposal]:
    """The proposals of a round the viewer may see (callers load the round through
    :func:`get_round_for_user`), narrowed by ``filters``, with their vote and comment
    counts. Turn them into :class:`ProposalCard` before showing them."""
    proposals = _annotated(Proposal.objects.filter(round=round_))
    if filters.kind in Proposal.Kind.values:
        proposals = proposals.filter(kind=filters.kind)
    if filters.status in DecisionStatus.values:
        proposals = proposals.filter(decision=_DECISION_OF_STATUS[DecisionStatus(filters.status)])
    search = filters.search.strip()[:MAX_SEARCH_LENGTH]
    if search:
        proposals = proposals.filter(
            Q(title__icontains=search)
            | Q(body__icontains=search)
            | Q(indicator__name__icontains=search)
            | Q(indicator__code__icontains=search)
        )
    if filters.sort == ProposalSort.SUPPORT:
        return proposals.order_by(
            F("net_support").desc(), F("support").desc(), "-created_at", "-pk"
        )
    return proposals.order_by("-created_at", "-pk")


def _person_label(user: User | None) -> str:
    if user is None:
        return ""
    employee = getattr(user, "employee", None)
    return employee.name if employee is not None else str(user)


@dataclass(frozen=True, slots=True)
class Authorship:
    """Who posted something, as the viewer may see it."""

    label: str
    unit: str
    is_mine: bool
    is_anonymous: bool


def authorship(
    *, author: User, author_unit: OrgUnit | None, is_anonymous: bool, viewer: User
) -> Authorship:
    """The author as shown to ``viewer``: "Anonymous" (and no unit) for an anonymous post,
    "You (anonymous)" to its own author, the name and unit otherwise."""
    is_mine = author.pk == viewer.pk
    if is_anonymous:
        label = _("You (anonymous)") if is_mine else _("Anonymous")
        return Authorship(label=label, unit="", is_mine=is_mine, is_anonymous=True)
    return Authorship(
        label=_person_label(author),
        unit=author_unit.name if author_unit is not None else "",
        is_mine=is_mine,
        is_anonymous=False,
    )


@dataclass(frozen=True, slots=True)
class IndicatorRef:
    pk: int
    code: str
    name: str
    version_id: int


@dataclass(frozen=True, slots=True)
class ProposalCard:
    """A proposal as a page shows it: display values only."""

    pk: int
    round_id: int
    kind: str
    kind_label: str
    title: str
    body: str
    indicator: IndicatorRef | None
    author: Authorship
    created_at: datetime
    decision: str
    decision_label: str
    decision_reason: str
    decided_by: str
    decided_at: datetime | None
    support: int
    oppose: int
    comment_count: int
    my_stance: str

    @property
    def net_support(self) -> int:
        return self.support - self.oppose

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    @property
    def decision_badge(self) -> str:
        """The badge class of the decision (the colour is in the stylesheet)."""
        return _DECISION_BADGES.get(self.decision, "badge-open")


def _indicator_ref(indicator: Indicator | None) -> IndicatorRef | None:
    if indicator is None:
        return None
    return IndicatorRef(indicator.pk, indicator.code, indicator.name, indicator.version_id)


def _card(proposal: Proposal, viewer: User, my_stance: str) -> ProposalCard:
    return ProposalCard(
        pk=proposal.pk,
        round_id=proposal.round_id,
        kind=proposal.kind,
        kind_label=proposal.get_kind_display(),
        title=proposal.title,
        body=proposal.body,
        indicator=_indicator_ref(proposal.indicator),
        author=authorship(
            author=proposal.author,
            author_unit=proposal.author_unit,
            is_anonymous=proposal.is_anonymous,
            viewer=viewer,
        ),
        created_at=proposal.created_at,
        decision=proposal.decision,
        decision_label=proposal.get_decision_display() if proposal.decision else "",
        decision_reason=proposal.decision_reason,
        decided_by=_person_label(proposal.decided_by),
        decided_at=proposal.decided_at,
        support=getattr(proposal, "support", 0),
        oppose=getattr(proposal, "oppose", 0),
        comment_count=getattr(proposal, "comment_count", 0),
        my_stance=my_stance,
    )


def proposal_cards(proposals: Iterable[Proposal], *, viewer: User) -> list[ProposalCard]:
    """Cards for proposals loaded by :func:`proposals_of_round` (one more query: the
    viewer's own votes on them)."""
    proposals = list(proposals)
    mine = dict(
        Vote.objects.filter(
            voter=viewer, proposal_id__in=[proposal.pk for proposal in proposals]
        ).values_list("proposal_id", "stance")
    )
    return [_card(proposal, viewer, mine.get(proposal.pk, "")) for proposal in proposals]


def proposal_card(user: User, proposal: Proposal) -> ProposalCard:
    """The card of one proposal, with fresh counts."""
    return proposal_cards(_annotated(Proposal.objects.filter(pk=proposal.pk)), viewer=user)[0]


def get_proposal_for_user(user: User, proposal_id: int) -> Proposal:
    """The proposal, if its round belongs to the viewer's organisation; NotFound otherwise."""
    proposal = (
        Proposal.objects.filter(
            _scope(viewer_of(user), "round__version__organization"), pk=proposal_id
        )
        .select_related("round", "round__version", "round__version__organization")
        .first()
    )
    if proposal is None:
        raise NotFound(_("That proposal does not exist or is not visible to you."))
    return proposal


@dataclass(frozen=True, slots=True)
class CommentCard:
    pk: int
    body: str
    author: Authorship
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ProposalPage:
    card: ProposalCard
    comments: list[CommentCard]
    shaped: list[Indicator]


def proposal_page(user: User, proposal: Proposal) -> ProposalPage:
    """One proposal with its counts, its comments (oldest first) and the indicators it
    shaped that the viewer may read."""
    comments = Comment.objects.filter(proposal=proposal).select_related(
        "author__employee", "author_unit"
    )
    readable = CriteriaVersion.objects.filter(version_filter(viewer_of(user)))
    shaped = (
        Indicator.objects.filter(shaped_by=proposal, version__in=readable)
        .select_related("version")
        .order_by("-version__year", "-version__number", "order", "code")
    )
    return ProposalPage(
        card=proposal_card(user, proposal),
        comments=[
            CommentCard(
                pk=comment.pk,
                body=comment.body,
                author=authorship(
                    author=comment.author,
                    author_unit=comment.author_unit,
                    is_anonymous=comment.is_anonymous,
                    viewer=user,
                ),
                created_at=comment.created_at,
            )
            for comment in comments
        ],
        shaped=list(shaped),
    )


# -- summary -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KindDecisions:
    kind: str
    label: str
    undecided: int
    accepted: int
    partly_accepted: int
    rejected: int

    @property
    def total(self) -> int:
        return self.undecided + self.accepted + self.partly_accepted + self.rejected


@dataclass(frozen=True, slots=True)
class RoundSummary:
    people: int
    proposals: int
    anonymous_proposals: int
    comments: int
    votes: int
    by_unit: Breakdown
    top: list[ProposalCard]
    decisions: list[KindDecisions]

    @property
    def decided(self) -> int:
        return sum(row.total - row.undecided for row in self.decisions)


@dataclass(frozen=True, slots=True)
class Participation:
    people: int
    groups: dict[str, int]
    anonymous_proposals: int
    comments: int
    votes: int


def participation_in(round_: ConsultationRound) -> Participation:
    """Who took part in the round: how many distinct people proposed, commented or voted,
    and how many of them per unit (a person counts once, in the unit of their latest
    contribution); with the number of anonymous proposals, comments and votes."""
    proposal_rows = list(
        Proposal.objects.filter(round=round_).values_list(
            "author_id", "author_unit_id", "created_at", "is_anonymous"
        )
    )
    comment_rows = list(
        Comment.objects.filter(proposal__round=round_).values_list(
            "author_id", "author_unit_id", "created_at"
        )
    )
    vote_rows = list(
        Vote.objects.filter(proposal__round=round_).values_list(
            "voter_id", "voter_unit_id", "updated_at"
        )
    )
    latest: dict[int, tuple[datetime, int | None]] = {}
    contributions = [row[:3] for row in proposal_rows] + comment_rows + vote_rows
    for person, unit, at in contributions:
        if person not in latest or at > latest[person][0]:
            latest[person] = (at, unit)
    per_unit = Counter(unit for _at, unit in latest.values())
    labels = _unit_labels([unit for unit in per_unit if unit is not None])
    groups = {
        labels[unit] if unit is not None else _("Unit not recorded"): count
        for unit, count in per_unit.items()
    }
    return Participation(
        people=len(latest),
        groups=groups,
        anonymous_proposals=sum(1 for row in proposal_rows if row[3]),
        comments=len(comment_rows),
        votes=len(vote_rows),
    )


def participants_by_unit(round_: ConsultationRound) -> tuple[int, dict[str, int]]:
    """The number of participants and their count per unit (see :func:`participation_in`)."""
    participation = participation_in(round_)
    return participation.people, participation.groups


def _unit_labels(unit_ids: Sequence[int]) -> dict[int, str]:
    units = list(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "code", "name"))
    names = Counter(name for _pk, _code, name in units)
    # Two kelurahan may each have a "Seksi Pemerintahan": their code tells them apart.
    return {pk: name if names[name] == 1 else f"{name} ({code})" for pk, code, name in units}


def _decisions_by_kind(round_: ConsultationRound) -> list[KindDecisions]:
    counts: dict[tuple[str, str], int] = {
        (kind, decision): count
        for kind, decision, count in Proposal.objects.filter(round=round_)
        .values_list("kind", "decision")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return [
        KindDecisions(
            kind=kind,
            label=str(label),
            undecided=counts.get((kind, ""), 0),
            accepted=counts.get((kind, Proposal.Decision.ACCEPTED), 0),
            partly_accepted=counts.get((kind, Proposal.Decision.PARTLY_ACCEPTED), 0),
            rejected=counts.get((kind, Proposal.Decision.REJECTED), 0),
        )
        for kind, label in Proposal.Kind.choices
    ]


def summary_of_round(user: User, round_: ConsultationRound) -> RoundSummary:
    """The summary of a round: participation (by unit only for groups of at least
    ``rules.MINIMUM_GROUP_SIZE`` people), the proposals with the most net support, and
    the decisions per kind of proposal."""
    participation = participation_in(round_)
    decisions = _decisions_by_kind(round_)
    top = proposals_of_round(round_, ProposalFilter(sort=ProposalSort.SUPPORT))[:TOP_PROPOSALS]
    return RoundSummary(
        people=participation.people,
        proposals=sum(row.total for row in decisions),
        anonymous_proposals=participation.anonymous_proposals,
        comments=participation.comments,
        votes=participation.votes,
        by_unit=breakdown(participation.groups),
        top=proposal_cards(top, viewer=user),
        decisions=decisions,
    )
