"""The demo's criteria: last year's published version and its acknowledgements, this
year's version in consultation (kinerja.demo.criteria)."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.criteria.diff import diff_versions
from kinerja.criteria.models import (
    Acknowledgement,
    Comment,
    ConsultationRound,
    CriteriaQuestion,
    CriteriaVersion,
    Indicator,
    Proposal,
    Vote,
)
from kinerja.criteria.rules import MINIMUM_GROUP_SIZE, RESULTS_ASPECT_VALUES
from kinerja.criteria.selectors.versions import (
    indicators_for_employee,
    results_weight_gaps,
    snapshot_of,
)
from kinerja.criteria.services.versions import adoption_problems
from kinerja.demo import services
from kinerja.notifications.models import Notification
from kinerja.organization.models import Employee

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 18, 9, tzinfo=JAKARTA)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def few_service_tasks(monkeypatch):
    # The criteria do not depend on the service history: keep each load quick.
    monkeypatch.setattr(services, "VOLUME", 0.05)


def load(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


def versions() -> tuple[CriteriaVersion, CriteriaVersion]:
    last, current = CriteriaVersion.objects.order_by("year")
    return last, current


def participants_by_unit(round_: ConsultationRound) -> dict[str, int]:
    people: dict[str, set[int]] = defaultdict(set)
    rows = [
        *Proposal.objects.filter(round=round_).values_list("author_id", "author_unit__code"),
        *Comment.objects.filter(proposal__round=round_).values_list(
            "author_id", "author_unit__code"
        ),
        *Vote.objects.filter(proposal__round=round_).values_list("voter_id", "voter_unit__code"),
    ]
    for person, unit in rows:
        people[unit].add(person)
    return {unit: len(members) for unit, members in people.items()}


def everything() -> dict[str, Any]:
    """The criteria data by natural keys, to compare two loads."""
    return {
        "versions": list(
            CriteriaVersion.objects.order_by("year").values_list(
                "year", "number", "title", "status", "published_at", "created_at"
            )
        ),
        "indicators": sorted(
            Indicator.objects.values_list("version__year", "code", "weight", "floor", "rationale")
        ),
        "acknowledgements": sorted(
            Acknowledgement.objects.values_list(
                "employee__nip", "unit__code", "acknowledged_at", "failed_attempts"
            )
        ),
        "questions": sorted(
            CriteriaQuestion.objects.values_list("asked_by__nip", "asked_at", "answered_at")
        ),
        "rounds": list(ConsultationRound.objects.values_list("title", "opens_on", "closes_on")),
        "proposals": sorted(
            Proposal.objects.values_list(
                "title", "author__username", "is_anonymous", "created_at", "decision"
            )
        ),
        "comments": sorted(
            Comment.objects.values_list("proposal__title", "author__username", "created_at")
        ),
        "votes": sorted(
            Vote.objects.values_list("proposal__title", "voter__username", "stance", "updated_at")
        ),
        "shaped_by": sorted(
            Indicator.objects.filter(shaped_by__isnull=False).values_list(
                "code", "shaped_by__title"
            )
        ),
    }


@pytest.mark.django_db
def test_last_year_is_published_and_this_year_is_a_copy_in_an_open_consultation():
    load()

    last, current = versions()
    assert (last.year, last.status) == (2025, CriteriaVersion.Status.PUBLISHED)
    assert last.title == "Kriteria Kinerja Kecamatan Binawidya 2025"
    assert last.published_at is not None
    assert last.published_at.astimezone(JAKARTA).date() == date(2025, 1, 6)
    assert (last.above_threshold, last.meets_threshold) == (Decimal(110), Decimal(90))
    assert (current.year, current.status) == (2026, CriteriaVersion.Status.CONSULTATION)
    assert current.based_on == last
    assert current.created_by == User.objects.get(username="tim.evaluasi")
    for version in (last, current):
        assert results_weight_gaps(version) == []
        assert adoption_problems(version) == []
        assert version.indicators.exclude(aspect__in=RESULTS_ASPECT_VALUES).count() == 21
        assert version.questions.count() == 3
    round_ = ConsultationRound.objects.get()
    assert round_.version == current
    assert timedelta(weeks=3) <= TODAY - round_.opens_on <= timedelta(weeks=4)
    assert timedelta(weeks=1) <= round_.closes_on - TODAY <= timedelta(weeks=2)
    assert round_.closed_at is None
    assert round_.question.startswith("Kriteria apa yang perlu diubah untuk tahun 2026?")


@pytest.mark.django_db
def test_the_front_desk_and_everyone_else_are_weighed_differently():
    load()

    last, current = versions()
    staf = Employee.objects.get(user__username="staf.pelayanan")
    sekcam = Employee.objects.get(user__username="sekcam")
    kelurahan_desk = Employee.objects.get(
        unit__code="KEL-DELIMA-PELAYANAN", position__name="Pengelola Layanan Kelurahan"
    )

    def weights(version: CriteriaVersion, employee: Employee) -> dict[str, Decimal]:
        return {
            indicator.source: indicator.weight
            for indicator in indicators_for_employee(version, employee)
            if indicator.is_results and indicator.weight is not None
        }

    assert weights(last, staf) == {
        Indicator.Source.SERVICE_ON_TIME: 30,
        Indicator.Source.SERVICE_FIRST_TIME_RIGHT: 20,
        Indicator.Source.IKI_ACHIEVEMENT: 40,
        Indicator.Source.INNOVATION_CREDIT: 10,
    }
    for employee in (sekcam, kelurahan_desk):
        assert weights(last, employee) == {
            Indicator.Source.IKI_ACHIEVEMENT: 90,
            Indicator.Source.INNOVATION_CREDIT: 10,
        }
        assert weights(current, employee) == {
            Indicator.Source.IKI_ACHIEVEMENT: 85,
            Indicator.Source.INNOVATION_CREDIT: 15,
        }
    on_time = last.indicators.get(source=Indicator.Source.SERVICE_ON_TIME)
    assert (on_time.floor, on_time.target, on_time.ceiling) == (
        Decimal("0.6"),
        Decimal("0.9"),
        Decimal(1),
    )


@pytest.mark.django_db
def test_the_comprehension_check_is_answered_by_the_criteria_page():
    load()

    last, _current = versions()
    staf = Employee.objects.get(user__username="staf.pelayanan")
    shown = {indicator.source: indicator for indicator in indicators_for_employee(last, staf)}
    weight_question, score_question, source_question = last.questions.order_by("order")
    innovation = shown[Indicator.Source.INNOVATION_CREDIT]
    iki = shown[Indicator.Source.IKI_ACHIEVEMENT]
    assert weight_question.choices[weight_question.correct_choice] == f"{innovation.weight:.0f} %"
    assert score_question.choices[score_question.correct_choice] == "100"
    assert iki.target == 100
    assert "diverifikasi panel inovasi" in source_question.choices[source_question.correct_choice]
    assert "diverifikasi panel inovasi" in innovation.explanation


@pytest.mark.django_db
def test_the_consultation_has_proposals_votes_and_reasoned_decisions():
    load()

    round_ = ConsultationRound.objects.get()
    proposals = Proposal.objects.filter(round=round_)
    assert 10 <= proposals.count() <= 14
    assert set(proposals.values_list("kind", flat=True)) == set(Proposal.Kind.values)
    assert 2 <= proposals.filter(is_anonymous=True).count() <= 3
    assert Comment.objects.filter(proposal__round=round_, is_anonymous=True).exists()
    decided = proposals.exclude(decision="")
    assert set(decided.values_list("decision", flat=True)) == set(Proposal.Decision.values)
    team = User.objects.get(username="tim.evaluasi")
    for proposal in decided:
        assert proposal.decision_reason
        assert proposal.decided_by == team
        assert proposal.decided_at is not None
        assert proposal.created_at < proposal.decided_at
    supports = sorted(
        (proposal.votes.filter(stance=Vote.Stance.SUPPORT).count() for proposal in proposals),
        reverse=True,
    )
    assert supports[0] >= 2 * supports[len(supports) // 2]
    assert Vote.objects.filter(stance=Vote.Stance.OPPOSE).exists()
    groups = participants_by_unit(round_)
    large = {unit for unit, count in groups.items() if count >= MINIMUM_GROUP_SIZE}
    assert large == {"BINAWIDYA-PELAYANAN", "BINAWIDYA-UMPEG"}
    opened = datetime.combine(round_.opens_on, datetime.min.time(), tzinfo=JAKARTA)
    moments = [
        *proposals.values_list("created_at", flat=True),
        *Comment.objects.values_list("created_at", flat=True),
        *Vote.objects.values_list("updated_at", flat=True),
    ]
    assert all(opened <= moment < NOW for moment in moments)


@pytest.mark.django_db
def test_changed_criteria_carry_their_reason_and_the_proposals_behind_them():
    load()

    last, current = versions()
    diff = diff_versions(snapshot_of(last), snapshot_of(current))
    assert diff.changed
    assert not diff.added
    assert not diff.removed
    for change in diff.changed:
        assert change.new.rationale, change.new.code
        indicator = current.indicators.get(code=change.new.code)
        shaped_by = list(indicator.shaped_by.all())
        assert shaped_by, change.new.code
        assert all(
            proposal.decision in {Proposal.Decision.ACCEPTED, Proposal.Decision.PARTLY_ACCEPTED}
            for proposal in shaped_by
        )
    innovation = next(change for change in diff.changed if change.new.code == "kredit-inovasi")
    assert (innovation.old.weight, innovation.new.weight) == (Decimal(10), Decimal(15))


@pytest.mark.django_db
def test_about_two_thirds_have_acknowledged_last_years_criteria():
    load()

    last, _current = versions()
    tasks = Acknowledgement.objects.filter(version=last)
    assert tasks.count() == Employee.objects.filter(is_active=True).count()
    done = tasks.filter(acknowledged_at__isnull=False)
    assert 0.55 <= done.count() / tasks.count() <= 0.80
    by_unit: dict[str, list[bool]] = defaultdict(list)
    for unit, acknowledged_at in tasks.values_list("unit__code", "acknowledged_at"):
        by_unit[unit].append(acknowledged_at is not None)
    assert all(by_unit["BINAWIDYA-UMPEG"])
    assert sum(by_unit["BINAWIDYA-TRANTIB"]) < len(by_unit["BINAWIDYA-TRANTIB"]) / 2
    assert tasks.filter(failed_attempts__gt=0, acknowledged_at__isnull=False).exists()
    assert tasks.filter(failed_attempts__gt=0, acknowledged_at__isnull=True).exists()
    published_at = last.published_at
    assert published_at is not None
    moments = [moment for moment in done.values_list("acknowledged_at", flat=True) if moment]
    assert len(moments) == done.count()
    assert all(published_at < moment < NOW for moment in moments)
    unread = Notification.objects.filter(url=f"/kriteria/berlaku/{last.pk}/", read_at=None)
    assert unread.count() == tasks.count() - done.count()
    questions = CriteriaQuestion.objects.filter(version=last)
    assert 3 <= questions.count() <= 4
    answered = questions.exclude(answer="")
    assert answered.exists()
    assert questions.filter(answer="").exists()
    assert set(answered.values_list("answered_by__username", flat=True)) == {"tim.evaluasi"}


@pytest.mark.django_db
def test_leaves_the_front_desk_persona_everything_to_do():
    load()

    last, _current = versions()
    staf = User.objects.get(username="staf.pelayanan")
    task = Acknowledgement.objects.get(version=last, employee__user=staf)
    assert task.acknowledged_at is None
    assert task.failed_attempts == 0
    assert not Proposal.objects.filter(author=staf).exists()
    assert not Comment.objects.filter(author=staf).exists()
    assert not Vote.objects.filter(voter=staf).exists()
    assert not CriteriaQuestion.objects.filter(asked_by__user=staf).exists()


@pytest.mark.django_db
def test_reset_rebuilds_the_same_criteria_and_names_no_one_in_the_audit_log():
    output = load()
    first = everything()

    load("--reset")
    load("--reset")

    assert everything() == first
    assert "2025 v1" in output
    assert "2026 v1" in output
    assert CriteriaVersion.objects.count() == 2
    # Nobody acted: the accounts are replaced by the reset, not retired.
    assert not AuditEvent.objects.exclude(actor=None).exists()
    assert User.objects.count() == Employee.objects.count()
    loaded = AuditEvent.objects.filter(action=AuditAction.DEMO_LOADED).order_by("seq").last()
    assert loaded is not None
    assert loaded.changes["removed"]["criteria_versions"] == 2
    assert loaded.changes["criteria_proposals"] == Proposal.objects.count()
