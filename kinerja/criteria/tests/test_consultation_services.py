"""The consultation services: who may open and close a round, post, comment, vote and
decide; when (the round's period, an early close, an adopted version); the shape of a
proposal; and the audit events each write leaves (none naming an anonymous author or a
voter).

The helpers at the top are shared with the view and anonymity tests.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.criteria.models import (
    Comment,
    ConsultationRound,
    CriteriaVersion,
    Indicator,
    Proposal,
    Vote,
)
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.consultation import (
    ConsultationRefused,
    cast_vote,
    close_round,
    decide_proposal,
    open_round,
    post_comment,
    post_proposal,
)
from kinerja.criteria.services.versions import move_version
from kinerja.criteria.tests.factories import complete_version
from kinerja.notifications.models import Notification
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory

WIB = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 3, 10)
OPENS = date(2026, 3, 1)
CLOSES = date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _english_messages():
    """The services' messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _today():
    """Every test runs on 10 March 2026, inside the round's period."""
    with time_machine.travel(at(TODAY), tick=False):
        yield


def make_employee(
    unit: OrgUnit,
    username: str,
    *,
    name: str | None = None,
    kind: str = Position.Kind.PELAKSANA,
    **user_flags: bool,
) -> Employee:
    user = UserFactory(username=username, first_name=(name or username).title(), **user_flags)
    position = PositionFactory(name=f"Jabatan {username}", kind=kind, unit=unit)
    return EmployeeFactory(name=name or username.title(), position=position, user=user)


def team_member(org) -> User:
    """A member of the evaluation team (tim evaluasi), working in the secretariat."""
    return make_employee(org.sekretariat, "tim.evaluasi", is_evaluation_team=True).user


@pytest.fixture
def tim(org) -> User:
    return team_member(org)


@pytest.fixture
def version(org, hr_admin) -> CriteriaVersion:
    """This year's draft: two results indicators and the 21 BerAKHLAK ones."""
    return complete_version(hr_admin, org.kecamatan)


def open_consultation(
    actor: User, version: CriteriaVersion, *, opens_on: date = OPENS, closes_on: date = CLOSES
) -> ConsultationRound:
    return open_round(
        actor=actor,
        version=version,
        title="Konsultasi kriteria 2026",
        question="Apakah bobot indikator pelayanan sudah adil?",
        opens_on=opens_on,
        closes_on=closes_on,
    )


@pytest.fixture
def round_(tim, version) -> ConsultationRound:
    return open_consultation(tim, version)


def results_indicator(version: CriteriaVersion) -> Indicator:
    return Indicator.objects.get(version=version, code="hasil-1")


def behaviour_indicator(version: CriteriaVersion) -> Indicator:
    return Indicator.objects.filter(version=version).exclude(code__startswith="hasil").first()


def propose(
    actor: User, round_: ConsultationRound, *, is_anonymous: bool = False, **overrides
) -> Proposal:
    values = {
        "kind": Proposal.Kind.WEIGHT,
        "title": "Turunkan bobot ketepatan waktu",
        "body": "Bobot 60 terlalu berat untuk loket yang sepi.",
        "indicator": results_indicator(round_.version),
    }
    values.update(overrides)
    return post_proposal(actor=actor, round=round_, is_anonymous=is_anonymous, **values)


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# -- opening and closing a round ---------------------------------------------------------


def test_opening_a_round_on_a_draft_puts_the_version_into_consultation(tim, version):
    round_ = open_consultation(tim, version)

    version.refresh_from_db()
    assert version.status == Stage.CONSULTATION
    assert round_.opened_by == tim
    assert round_.version == version
    (opened,) = events(AuditAction.CONSULTATION_OPENED)
    assert opened.actor == tim
    assert opened.target_id == str(round_.pk)
    assert opened.changes["version"] == version.label
    assert opened.changes["opens_on"] == "2026-03-01"
    (moved,) = events(AuditAction.CRITERIA_VERSION_MOVED)
    assert moved.actor == tim
    assert moved.changes["status"] == [Stage.DRAFT, Stage.CONSULTATION]


def test_a_second_round_on_a_version_in_consultation_moves_nothing(tim, version):
    open_consultation(tim, version)
    open_consultation(tim, version, opens_on=date(2026, 4, 1), closes_on=date(2026, 4, 14))

    assert ConsultationRound.objects.filter(version=version).count() == 2
    assert len(events(AuditAction.CRITERIA_VERSION_MOVED)) == 1
    assert len(events(AuditAction.CONSULTATION_OPENED)) == 2


def test_the_hr_admin_opens_rounds_too(hr_admin, version):
    assert open_consultation(hr_admin, version).opened_by == hr_admin


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan"])
def test_only_the_team_or_the_admin_opens_a_round(request, persona, version):
    with pytest.raises(PermissionDenied):
        open_consultation(request.getfixturevalue(persona), version)
    assert not ConsultationRound.objects.exists()
    assert version.status == Stage.DRAFT


def test_the_team_of_another_organisation_cannot_open_a_round(org, version):
    org.asing.user.is_evaluation_team = True
    org.asing.user.save()

    with pytest.raises(PermissionDenied):
        open_consultation(org.asing.user, version)


def test_no_round_on_an_adopted_version(tim, hr_admin, version):
    move_version(actor=hr_admin, version=version, to=Stage.ADOPTED)

    with pytest.raises(ConsultationRefused, match="draft or a version in consultation"):
        open_consultation(tim, version)
    assert not ConsultationRound.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"question": ""}, "question"),
        ({"opens_on": date(2026, 3, 20), "closes_on": date(2026, 3, 19)}, "closes_on"),
        ({"opens_on": date(2026, 2, 1), "closes_on": date(2026, 3, 9)}, "closes_on"),
    ],
)
def test_a_round_needs_a_title_a_question_and_a_period_ahead(tim, version, changes, field):
    values = {
        "title": "Konsultasi",
        "question": "Apa yang perlu diubah?",
        "opens_on": OPENS,
        "closes_on": CLOSES,
    }
    values.update(changes)

    with pytest.raises(ConsultationRefused) as refused:
        open_round(actor=tim, version=version, **values)
    assert refused.value.field == field
    version.refresh_from_db()
    assert version.status == Stage.DRAFT


def test_a_round_closing_today_is_still_accepted(tim, version):
    round_ = open_consultation(tim, version, opens_on=TODAY, closes_on=TODAY)
    assert round_.closes_on == TODAY


def test_closing_a_round_early_is_recorded(tim, round_):
    closed = close_round(actor=tim, round=round_)

    assert closed.closed_at is not None
    (event,) = events(AuditAction.CONSULTATION_CLOSED)
    assert event.actor == tim
    assert event.target_id == str(round_.pk)


def test_a_round_closes_only_once(tim, round_):
    close_round(actor=tim, round=round_)
    with pytest.raises(ConsultationRefused):
        close_round(actor=tim, round=round_)
    assert len(events(AuditAction.CONSULTATION_CLOSED)) == 1


@pytest.mark.parametrize("persona", ["pegawai", "pimpinan"])
def test_only_the_team_closes_a_round(request, persona, round_):
    with pytest.raises(PermissionDenied):
        close_round(actor=request.getfixturevalue(persona), round=round_)
    round_.refresh_from_db()
    assert round_.closed_at is None


# -- proposals ---------------------------------------------------------------------------


def test_an_employee_posts_a_proposal_in_their_name(org, pegawai, round_):
    proposal = propose(pegawai, round_)

    assert proposal.author == pegawai
    assert proposal.author_unit == org.pelayanan
    assert proposal.kind == Proposal.Kind.WEIGHT
    assert not proposal.is_anonymous
    (event,) = events(AuditAction.PROPOSAL_POSTED)
    assert event.actor == pegawai
    assert event.actor_username == "staf"
    assert event.changes == {
        "round": round_.title,
        "kind": Proposal.Kind.WEIGHT,
        "indicator": "hasil-1",
        "anonymous": False,
    }


def test_an_anonymous_proposal_leaves_no_trace_of_its_author_in_the_audit_log(org, pegawai, round_):
    proposal = propose(pegawai, round_, is_anonymous=True)

    assert proposal.author == pegawai  # kept, so the author can follow it
    assert proposal.author_unit == org.pelayanan  # kept for the minimum-n breakdown
    (event,) = events(AuditAction.PROPOSAL_POSTED)
    assert event.actor is None
    assert event.actor_username == ""
    assert event.changes == {
        "round": round_.title,
        "kind": Proposal.Kind.WEIGHT,
        "indicator": "hasil-1",
        "anonymous": True,
    }
    recorded = str(event.chain_content())
    for trace in ("staf", org.staf.name, org.staf.nip, org.pelayanan.name, org.pelayanan.code):
        assert trace not in recorded


@pytest.mark.parametrize("persona", ["atasan", "pimpinan", "hr_admin", "tim"])
def test_leaders_the_admin_and_the_team_propose_too(request, persona, round_):
    assert propose(request.getfixturevalue(persona), round_).pk is not None


def test_outsiders_and_other_organisations_cannot_propose(org, outsider, round_):
    for actor in (outsider, org.asing.user):
        with pytest.raises(PermissionDenied):
            propose(actor, round_)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [(date(2026, 2, 28), "opens on 01-03-2026"), (date(2026, 4, 1), "closed")],
)
def test_proposals_only_while_the_round_is_open(pegawai, round_, day, message):
    with (
        time_machine.travel(at(day), tick=False),
        pytest.raises(ConsultationRefused, match=message),
    ):
        propose(pegawai, round_)
    assert not Proposal.objects.exists()


def test_the_first_and_the_last_day_are_open(pegawai, round_):
    for day in (OPENS, CLOSES):
        with time_machine.travel(at(day, 23), tick=False):
            propose(pegawai, round_)
    assert Proposal.objects.count() == 2


def test_no_proposal_after_an_early_close(tim, pegawai, round_):
    close_round(actor=tim, round=round_)
    with pytest.raises(ConsultationRefused, match="closed"):
        propose(pegawai, round_)


def test_no_proposal_once_the_version_is_adopted(hr_admin, pegawai, round_):
    move_version(actor=hr_admin, version=round_.version, to=Stage.ADOPTED)
    round_.refresh_from_db()

    with pytest.raises(ConsultationRefused, match="adopted"):
        propose(pegawai, round_)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "LAIN"}, "kind"),
        ({"kind": Proposal.Kind.CHANGE, "indicator": None}, "indicator"),
        ({"kind": Proposal.Kind.REMOVE, "indicator": None}, "indicator"),
        ({"kind": Proposal.Kind.TARGET, "indicator": None}, "indicator"),
        ({"kind": Proposal.Kind.WEIGHT, "indicator": None}, "indicator"),
        ({"kind": Proposal.Kind.ADD}, "indicator"),
        ({"title": " "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
    ],
)
def test_the_shape_of_a_proposal(pegawai, round_, overrides, field):
    with pytest.raises(ConsultationRefused) as refused:
        propose(pegawai, round_, **overrides)
    assert refused.value.field == field
    assert not Proposal.objects.exists()
    assert not events(AuditAction.PROPOSAL_POSTED)


def test_a_new_indicator_is_proposed_without_one(pegawai, round_):
    proposal = propose(pegawai, round_, kind=Proposal.Kind.ADD, indicator=None)
    assert proposal.indicator is None


def test_the_indicator_must_be_in_the_version_under_consultation(org, hr_admin, pegawai, round_):
    other = complete_version(hr_admin, org.kecamatan, year=2027, title="Kriteria 2027")

    with pytest.raises(ConsultationRefused) as refused:
        propose(pegawai, round_, indicator=results_indicator(other))
    assert refused.value.field == "indicator"


def test_a_behaviour_indicator_has_no_weight_to_change(pegawai, round_):
    indicator = behaviour_indicator(round_.version)

    with pytest.raises(ConsultationRefused) as refused:
        propose(pegawai, round_, kind=Proposal.Kind.WEIGHT, indicator=indicator)
    assert refused.value.field == "kind"
    changed = propose(pegawai, round_, kind=Proposal.Kind.CHANGE, indicator=indicator)
    assert changed.indicator == indicator


# -- comments ----------------------------------------------------------------------------


def test_comments_in_ones_name_and_anonymously(org, pegawai, atasan, round_):
    proposal = propose(pegawai, round_)

    named = post_comment(actor=atasan, proposal=proposal, body="Setuju, dengan catatan.")
    hidden = post_comment(actor=pegawai, proposal=proposal, body="Saya juga.", is_anonymous=True)

    assert named.author_unit == org.pelayanan
    assert hidden.is_anonymous
    first, second = events(AuditAction.PROPOSAL_COMMENTED)
    assert first.actor == atasan
    assert second.actor is None
    assert second.actor_username == ""
    assert second.changes == {"proposal": proposal.pk, "anonymous": True}
    assert "staf" not in str(second.chain_content())


def test_no_comment_on_a_closed_round_nor_an_empty_one(tim, pegawai, atasan, round_):
    proposal = propose(pegawai, round_)
    with pytest.raises(ConsultationRefused) as refused:
        post_comment(actor=atasan, proposal=proposal, body="  ")
    assert refused.value.field == "body"

    close_round(actor=tim, round=round_)
    with pytest.raises(ConsultationRefused, match="closed"):
        post_comment(actor=atasan, proposal=proposal, body="Terlambat.")
    assert not Comment.objects.exists()


def test_other_organisations_cannot_comment(org, pegawai, round_):
    proposal = propose(pegawai, round_)
    with pytest.raises(PermissionDenied):
        post_comment(actor=org.asing.user, proposal=proposal, body="Dari luar.")


# -- votes -------------------------------------------------------------------------------


def test_one_vote_per_person_changed_by_voting_again_and_withdrawn(org, pegawai, atasan, round_):
    proposal = propose(pegawai, round_)

    first = cast_vote(actor=atasan, proposal=proposal, stance=Vote.Stance.SUPPORT)
    second = cast_vote(actor=atasan, proposal=proposal, stance=Vote.Stance.OPPOSE)

    assert first is not None
    assert second is not None
    assert second.pk == first.pk
    assert Vote.objects.get().stance == Vote.Stance.OPPOSE
    assert Vote.objects.get().voter_unit == org.pelayanan

    assert cast_vote(actor=atasan, proposal=proposal, stance=None) is None
    assert not Vote.objects.exists()
    stances = [event.changes["stance"] for event in events(AuditAction.PROPOSAL_VOTED)]
    assert stances == [[None, "DUKUNG"], ["DUKUNG", "TOLAK"], ["TOLAK", None]]


def test_a_vote_event_names_neither_the_voter_nor_their_unit(org, pegawai, atasan, round_):
    proposal = propose(pegawai, round_)
    cast_vote(actor=atasan, proposal=proposal, stance=Vote.Stance.SUPPORT)

    (event,) = events(AuditAction.PROPOSAL_VOTED)
    assert event.actor is None
    assert event.actor_username == ""
    recorded = str(event.chain_content())
    for trace in ("kasi", org.kasi.name, org.kasi.nip, org.pelayanan.name):
        assert trace not in recorded


def test_voting_the_same_way_again_changes_nothing(pegawai, atasan, round_):
    proposal = propose(pegawai, round_)
    cast_vote(actor=atasan, proposal=proposal, stance=Vote.Stance.SUPPORT)
    cast_vote(actor=atasan, proposal=proposal, stance=Vote.Stance.SUPPORT)
    assert cast_vote(actor=pegawai, proposal=proposal, stance=None) is None

    assert Vote.objects.count() == 1
    assert len(events(AuditAction.PROPOSAL_VOTED)) == 1


def test_votes_are_support_or_oppose(pegawai, atasan, round_):
    proposal = propose(pegawai, round_)
    with pytest.raises(ConsultationRefused) as refused:
        cast_vote(actor=atasan, proposal=proposal, stance="NETRAL")
    assert refused.value.field == "stance"


def test_no_vote_on_a_decided_proposal_nor_in_a_closed_round(tim, pegawai, atasan, round_):
    decided = propose(pegawai, round_)
    open_one = propose(pegawai, round_, title="Usulan kedua")
    decide_proposal(
        actor=tim, proposal=decided, decision=Proposal.Decision.REJECTED, reason="Sudah adil."
    )

    with pytest.raises(ConsultationRefused, match="decided"):
        cast_vote(actor=atasan, proposal=decided, stance=Vote.Stance.SUPPORT)
    close_round(actor=tim, round=round_)
    with pytest.raises(ConsultationRefused, match="closed"):
        cast_vote(actor=atasan, proposal=open_one, stance=Vote.Stance.SUPPORT)
    assert not Vote.objects.exists()


def test_outsiders_cannot_vote(outsider, pegawai, round_):
    proposal = propose(pegawai, round_)
    with pytest.raises(PermissionDenied):
        cast_vote(actor=outsider, proposal=proposal, stance=Vote.Stance.SUPPORT)


# -- decisions ---------------------------------------------------------------------------


def test_the_team_decides_with_a_reason_and_the_author_is_told(tim, pegawai, round_):
    proposal = propose(pegawai, round_)

    decided = decide_proposal(
        actor=tim,
        proposal=proposal,
        decision=Proposal.Decision.PARTLY_ACCEPTED,
        reason="Bobot turun ke 50, bukan 40.",
    )

    assert decided.decision == Proposal.Decision.PARTLY_ACCEPTED
    assert decided.decision_reason == "Bobot turun ke 50, bukan 40."
    assert decided.decided_by == tim
    assert decided.decided_at is not None
    (event,) = events(AuditAction.PROPOSAL_DECIDED)
    assert event.actor == tim
    assert event.changes == {
        "decision": ["", "DITERIMA_SEBAGIAN"],
        "reason": ["", "Bobot turun ke 50, bukan 40."],
    }
    (notification,) = Notification.objects.filter(recipient=pegawai)
    assert notification.url == f"/kriteria/usulan/{proposal.pk}/"
    assert proposal.title in notification.title


def test_the_author_of_an_anonymous_proposal_is_told_too(tim, pegawai, round_):
    proposal = propose(pegawai, round_, is_anonymous=True)
    decide_proposal(actor=tim, proposal=proposal, decision="DITOLAK", reason="Tidak sesuai.")

    assert Notification.objects.filter(recipient=pegawai).count() == 1
    (event,) = events(AuditAction.PROPOSAL_DECIDED)
    assert "staf" not in str(event.chain_content())


def test_a_decision_can_be_revised_and_the_audit_log_keeps_both(tim, hr_admin, pegawai, round_):
    proposal = propose(pegawai, round_)
    decide_proposal(actor=tim, proposal=proposal, decision="DITOLAK", reason="Belum ada data.")
    decide_proposal(
        actor=hr_admin, proposal=proposal, decision="DITERIMA", reason="Data sudah lengkap."
    )

    proposal.refresh_from_db()
    assert proposal.decision == Proposal.Decision.ACCEPTED
    assert proposal.decided_by == hr_admin
    first, second = events(AuditAction.PROPOSAL_DECIDED)
    assert first.changes["decision"] == ["", "DITOLAK"]
    assert second.changes["decision"] == ["DITOLAK", "DITERIMA"]
    assert second.changes["reason"] == ["Belum ada data.", "Data sudah lengkap."]
    assert Notification.objects.filter(recipient=pegawai).count() == 2


def test_deciding_the_same_again_records_nothing(tim, pegawai, round_):
    proposal = propose(pegawai, round_)
    decide_proposal(actor=tim, proposal=proposal, decision="DITOLAK", reason="Belum.")
    decide_proposal(actor=tim, proposal=proposal, decision="DITOLAK", reason=" Belum. ")

    assert len(events(AuditAction.PROPOSAL_DECIDED)) == 1


def test_decisions_are_possible_after_the_round_closed(tim, pegawai, round_):
    proposal = propose(pegawai, round_)
    close_round(actor=tim, round=round_)
    with time_machine.travel(at(date(2026, 5, 2)), tick=False):
        decided = decide_proposal(
            actor=tim, proposal=proposal, decision="DITERIMA", reason="Diterapkan di versi 2."
        )
    assert decided.decision == Proposal.Decision.ACCEPTED


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan"])
def test_only_the_team_or_the_admin_decides(request, persona, pegawai, round_):
    proposal = propose(pegawai, round_)
    with pytest.raises(PermissionDenied):
        decide_proposal(
            actor=request.getfixturevalue(persona),
            proposal=proposal,
            decision="DITERIMA",
            reason="Saya setuju.",
        )
    proposal.refresh_from_db()
    assert proposal.decision == ""
    assert not events(AuditAction.PROPOSAL_DECIDED)


def test_the_team_of_another_organisation_does_not_decide(org, pegawai, round_):
    org.asing.user.is_evaluation_team = True
    org.asing.user.save()
    proposal = propose(pegawai, round_)
    with pytest.raises(PermissionDenied):
        decide_proposal(actor=org.asing.user, proposal=proposal, decision="DITOLAK", reason="x")


@pytest.mark.parametrize(
    "case",
    [
        ("DITERIMA", "   ", "reason"),
        ("MUNGKIN", "Alasan.", "decision"),
        ("", "Alasan.", "decision"),
    ],
)
def test_a_decision_needs_a_verdict_and_a_reason(tim, pegawai, round_, case):
    decision, reason, field = case
    proposal = propose(pegawai, round_)
    with pytest.raises(ConsultationRefused) as refused:
        decide_proposal(actor=tim, proposal=proposal, decision=decision, reason=reason)
    assert refused.value.field == field
    assert not Notification.objects.filter(recipient=pegawai).exists()
