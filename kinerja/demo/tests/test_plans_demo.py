"""The demo's SKP: this year's plans cascaded from the camat down, their realisation with
evidence, and the appraisers' feedback (kinerja.demo.plans)."""

from collections import Counter
from datetime import datetime
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils.formats import number_format

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.demo import services
from kinerja.demo.builder import DECLINING_OFFICERS
from kinerja.organization.models import Employee
from kinerja.plans.models import (
    BehaviourExpectation,
    Evidence,
    Feedback,
    FeedbackReply,
    PerformancePlan,
    PlanAttachment,
    Realisation,
    ResultIndicator,
    WorkResult,
)
from kinerja.plans.uploads import check_upload
from kinerja.plans.workflow import PlanStatus

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 18, 9, tzinfo=JAKARTA)
TODAY = NOW.date()
PAST_MONTHS = [f"2026-{month:02d}" for month in range(1, 11)]
SNAPSHOT_KEYS = {"name", "nip", "rank", "position", "unit", "position_kind"}


@pytest.fixture(autouse=True)
def few_service_tasks(monkeypatch):
    # The plans read the front desks' service figures, but need few of them.
    monkeypatch.setattr(services, "VOLUME", 0.05)


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.KINERJA_EVIDENCE_DIR = tmp_path / "evidence"
    return settings.KINERJA_EVIDENCE_DIR


def load(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


def employee(username: str) -> Employee:
    return Employee.objects.get(user__username=username)


def holder(unit: str, title: str, number: int) -> Employee:
    return Employee.objects.filter(unit__code=unit, position__name=title).order_by("pk")[number]


def everything() -> dict[str, Any]:
    """The plans by natural keys, to compare two loads."""
    return {
        "plans": sorted(
            PerformancePlan.objects.values_list(
                "employee__nip",
                "revision",
                "status",
                "approach",
                "appraiser__nip",
                "submitted_at",
                "approved_at",
                "created_at",
            )
        ),
        "results": sorted(
            WorkResult.objects.values_list(
                "plan__employee__nip", "plan__revision", "kind", "text", "intervenes__text"
            )
        ),
        "indicators": sorted(
            ResultIndicator.objects.values_list(
                "work_result__plan__employee__nip", "text", "target_min", "target_max", "unit"
            )
        ),
        "realisations": sorted(
            Realisation.objects.values_list(
                "indicator__work_result__plan__employee__nip",
                "indicator__text",
                "period__code",
                "value",
                "narrative",
                "updated_at",
            )
        ),
        "evidence": sorted(
            Evidence.objects.values_list(
                "realisation__indicator__text", "description", "url", "size", "uploaded_at"
            )
        ),
        "feedback": sorted(
            Feedback.objects.values_list(
                "plan__employee__nip", "period__code", "behaviour_value", "text", "created_at"
            )
        ),
        "replies": sorted(FeedbackReply.objects.values_list("text", "created_at")),
        "expectations": sorted(
            BehaviourExpectation.objects.exclude(special_expectation="").values_list(
                "plan__employee__nip", "value", "special_expectation"
            )
        ),
        "attachments": sorted(
            PlanAttachment.objects.values_list("plan__employee__nip", "kind", "text")
        ),
    }


@pytest.mark.django_db
def test_everyone_but_the_front_desk_persona_has_an_skp_for_this_year():
    load()

    employees = Employee.objects.filter(is_active=True)
    with_plan = set(
        PerformancePlan.objects.filter(performance_year__year=2026).values_list(
            "employee_id", flat=True
        )
    )
    persona = employee("staf.pelayanan")
    assert with_plan == {e.pk for e in employees} - {persona.pk}
    assert not PerformancePlan.objects.filter(employee=persona).exists()
    # One plan in force per employee, except the one whose draft was never submitted.
    approved = PerformancePlan.objects.filter(status=PlanStatus.APPROVED)
    assert approved.count() == employees.count() - 2
    assert Counter(PerformancePlan.objects.values_list("status", flat=True)) == {
        PlanStatus.APPROVED: employees.count() - 2,
        PlanStatus.DRAFT: 1,
        PlanStatus.SUBMITTED: 1,
        PlanStatus.SUPERSEDED: 1,
    }
    # A few chose the qualitative approach; their IKI describe success in words.
    qualitative = PerformancePlan.objects.filter(approach=PerformancePlan.Approach.QUALITATIVE)
    assert 2 <= qualitative.count() <= 5
    qualitative_iki = ResultIndicator.objects.filter(
        work_result__plan__in=qualitative, work_result__kind=WorkResult.Kind.MAIN
    )
    assert qualitative_iki.exists()
    assert not qualitative_iki.filter(Q(target_text="") | Q(target_min__isnull=False)).exists()
    quantitative_iki = ResultIndicator.objects.exclude(work_result__plan__in=qualitative).filter(
        work_result__kind=WorkResult.Kind.MAIN
    )
    assert not quantitative_iki.filter(Q(target_min__isnull=True) | Q(unit="")).exists()


@pytest.mark.django_db
def test_plans_were_approved_by_the_supervisor_in_january_with_snapshots():
    load()

    for plan in PerformancePlan.objects.exclude(status=PlanStatus.DRAFT).select_related(
        "employee__user", "appraiser__user", "approved_by"
    ):
        assert plan.appraiser == plan.employee.supervisor
        assert set(plan.employee_snapshot) == SNAPSHOT_KEYS
        assert plan.employee_snapshot["nip"] == plan.employee.nip
        assert plan.submitted_at is not None
        if plan.appraiser is not None:
            assert set(plan.appraiser_snapshot) == SNAPSHOT_KEYS
            assert plan.appraiser_snapshot["name"] == plan.appraiser.name
        if plan.revision == 1:
            assert plan.approved_at is not None
            assert plan.created_at < plan.submitted_at < plan.approved_at
            assert plan.approved_at.astimezone(JAKARTA).date().month == 1
            if plan.appraiser is not None:
                assert plan.approved_by == plan.appraiser.user
    # Submitting waited for the leader's approved plan, whose RHK it intervenes in.
    first_approved = dict(
        PerformancePlan.objects.filter(revision=1)
        .exclude(status=PlanStatus.DRAFT)
        .values_list("employee_id", "approved_at")
    )
    for plan in PerformancePlan.objects.filter(revision=1, appraiser__isnull=False).exclude(
        status=PlanStatus.DRAFT
    ):
        leader_approved = first_approved[plan.appraiser_id or 0]
        assert plan.submitted_at is not None
        assert leader_approved is not None
        assert leader_approved < plan.submitted_at
    camat = PerformancePlan.objects.get(employee__user__username="camat")
    assert camat.appraiser is None
    assert camat.appraiser_snapshot == {}
    # The camat's appraiser works outside the system: the HR admin recorded the decision.
    assert camat.approved_by is not None
    assert camat.approved_by.username == "admin"
    draft = PerformancePlan.objects.get(status=PlanStatus.DRAFT)
    assert draft.submitted_at is None
    assert draft.employee_snapshot == {}


@pytest.mark.django_db
def test_the_rhk_cascade_from_the_camat_down():
    load()

    camat = PerformancePlan.objects.get(employee__user__username="camat")
    top = list(camat.results.filter(kind=WorkResult.Kind.MAIN))
    assert 3 <= len(top) <= 4
    for result in top:
        assert result.intervenes is None
        assert result.assigned_by == "Perjanjian Kinerja Kecamatan Binawidya 2026"
        assert 1 <= result.indicators.count() <= 2
    assert ResultIndicator.objects.filter(
        work_result__plan=camat, lower_is_better=True, unit="hari kerja"
    ).exists()
    assert ResultIndicator.objects.filter(
        work_result__plan=camat, target_max__isnull=False
    ).exists()
    # Every other RHK utama intervenes in an RHK of the supervisor's approved plan.
    others = WorkResult.objects.filter(kind=WorkResult.Kind.MAIN).exclude(plan=camat)
    assert others.exists()
    for result in others.select_related(
        "plan__employee", "intervenes__plan__employee", "intervenes__plan__performance_year"
    ):
        leader_plan = result.intervenes.plan if result.intervenes else None
        assert leader_plan is not None, result.text
        assert leader_plan.employee_id == result.plan.employee.supervisor_id
        assert leader_plan.status == PlanStatus.APPROVED
        assert leader_plan.performance_year_id == result.plan.performance_year_id
        assert result.assigned_by == ""
    # Leaders plan two to four RHK; each of the camat's RHK has people working on it.
    for plan in PerformancePlan.objects.filter(
        status=PlanStatus.APPROVED, employee__position__kind__in=["ADMINISTRATOR", "PENGAWAS"]
    ).exclude(pk=camat.pk):
        assert 2 <= plan.results.filter(kind=WorkResult.Kind.MAIN).count() <= 4
    for result in top:
        assert result.interventions.count() >= 2


@pytest.mark.django_db
def test_kasi_pelayanan_has_an_approved_skp_the_front_desk_can_intervene_in():
    load()

    kasi = employee("kasi.pelayanan")
    plan = PerformancePlan.objects.get(employee=kasi)
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == employee("camat").user
    results = list(plan.results.filter(kind=WorkResult.Kind.MAIN))
    assert len(results) >= 2
    assert all(result.indicators.exists() for result in results)
    desk = Employee.objects.filter(supervisor=kasi).exclude(pk=employee("staf.pelayanan").pk)
    linked = WorkResult.objects.filter(plan__employee__in=desk, intervenes__plan=plan)
    assert set(linked.values_list("plan__employee", flat=True)) == {e.pk for e in desk}
    assert "Layanan administrasi kependudukan" in " ".join(linked.values_list("text", flat=True))


@pytest.mark.django_db
def test_a_revision_replaced_the_first_plan_and_another_awaits_approval():
    load()

    flood = holder("KEL-SUNGAISIBAM-TRANTIB", "Pengelola Ketenteraman dan Ketertiban", 0)
    first, second = PerformancePlan.objects.filter(employee=flood).order_by("revision")
    assert (first.revision, first.status) == (1, PlanStatus.SUPERSEDED)
    assert (second.revision, second.status) == (2, PlanStatus.APPROVED)
    assert second.supersedes == first
    assert "banjir" in second.revision_reason
    assert first.approved_at is not None
    assert second.submitted_at is not None
    assert second.approved_at is not None
    assert first.approved_at < second.submitted_at < second.approved_at
    first_texts = set(first.results.values_list("text", flat=True))
    second_texts = set(second.results.values_list("text", flat=True))
    assert first_texts < second_texts
    added = second.results.get(kind=WorkResult.Kind.ADDITIONAL, text__contains="banjir")
    assert added.text not in first_texts
    assert added.indicators.count() == 2
    # Each revision carries the realisation of the months it was in force.
    replaced_on = second.approved_at.date()
    before = Realisation.objects.filter(indicator__work_result__plan=first)
    after = Realisation.objects.filter(indicator__work_result__plan=second)
    assert before.exists()
    assert after.exists()
    assert not before.filter(period__ends_on__gte=replaced_on).exists()
    assert not after.filter(period__ends_on__lt=replaced_on).exists()

    pending = PerformancePlan.objects.get(status=PlanStatus.SUBMITTED)
    assert pending.revision == 2
    assert pending.supersedes is not None
    assert pending.supersedes.status == PlanStatus.APPROVED
    assert pending.revision_reason
    assert pending.approved_at is None
    assert not Realisation.objects.filter(indicator__work_result__plan=pending).exists()


@pytest.mark.django_db
def test_behaviours_and_lampiran():
    load()

    values = {value.code for value in CORE_VALUES}
    expected: Counter[int] = Counter()
    for plan in PerformancePlan.objects.prefetch_related("behaviours", "attachments"):
        assert {b.value for b in plan.behaviours.all()} == values
        written = sum(bool(b.special_expectation) for b in plan.behaviours.all())
        kinds = Counter(a.kind for a in plan.attachments.all())
        if plan.status == PlanStatus.DRAFT:
            assert written == 0
            assert not kinds
            continue
        expected[written] += 1
        assert 2 <= written <= 4
        assert set(kinds) == set(PlanAttachment.Kind.values)
        assert all(1 <= count <= 3 for count in kinds.values())
    assert len(expected) > 1  # not the same number on every plan


@pytest.mark.django_db
def test_realisation_with_evidence_only_for_past_months():
    load()

    periods = set(Realisation.objects.values_list("period__code", flat=True))
    assert periods == set(PAST_MONTHS)
    assert not Realisation.objects.filter(period__ends_on__gte=TODAY).exists()
    assert not Realisation.objects.filter(updated_at__gte=NOW).exists()
    assert not Realisation.objects.exclude(
        updated_by=F("indicator__work_result__plan__employee__user")
    ).exists()
    # Most IKI are realised each month; some are measured once a year.
    periodic = ResultIndicator.objects.filter(
        realisations__isnull=False, work_result__plan__status=PlanStatus.APPROVED
    ).distinct()
    in_force = ResultIndicator.objects.filter(work_result__plan__status=PlanStatus.APPROVED)
    assert 0.6 < periodic.count() / in_force.count() < 1
    # Quantitative realisations have values, qualitative ones words.
    assert not Realisation.objects.filter(value__isnull=True, narrative="").exists()
    # Most carry evidence, nearly all of it links; a handful are files.
    with_evidence = Realisation.objects.filter(evidence__isnull=False).distinct().count()
    assert with_evidence / Realisation.objects.count() > 0.7
    links = Evidence.objects.exclude(url="")
    assert links.count() > 10 * Evidence.objects.filter(url="").count()
    assert all(
        url.startswith("https://drive.pekanbaru.go.id/")
        for url in links.values_list("url", flat=True)
    )
    assert not Evidence.objects.filter(uploaded_at__gte=NOW).exists()


@pytest.mark.django_db
def test_evidence_files_are_real_and_leave_with_reset(
    evidence_dir: Path, django_capture_on_commit_callbacks
):
    load()

    files = list(Evidence.objects.exclude(file=""))
    assert 4 <= len(files) <= 8
    first_names: set[str] = set()
    for evidence in files:
        name = str(evidence.file.name)
        path = Path(evidence_dir) / name
        assert path.is_file()
        assert path.stat().st_size == evidence.size
        assert evidence.content_type in {"application/pdf", "image/png"}
        with path.open("rb") as handle:
            checked = check_upload(
                handle,
                name=evidence.original_name,
                max_bytes=settings.KINERJA_EVIDENCE_MAX_BYTES,
            )
        assert checked.content_type == evidence.content_type
        first_names.add(name)

    with django_capture_on_commit_callbacks(execute=True):
        load("--reset")

    kept = {path.name for path in Path(evidence_dir).iterdir()}
    assert not kept & first_names
    assert kept == set(Evidence.objects.exclude(file="").values_list("file", flat=True))
    assert len(kept) == len(files)


@pytest.mark.django_db
def test_feedback_from_appraisers_with_some_replies():
    load()

    feedback = Feedback.objects.select_related("plan__appraiser__user", "plan__employee__user")
    assert feedback.count() > 50
    for note in feedback:
        assert note.plan.appraiser is not None
        assert note.author == note.plan.appraiser.user
        assert note.period is not None
        assert note.period.code in PAST_MONTHS
        assert note.plan.approved_at is not None
        assert note.plan.approved_at < note.created_at < NOW
    assert (
        feedback.filter(work_result__isnull=False).count()
        > feedback.filter(work_result__isnull=True).count()
        > 0
    )
    replies = FeedbackReply.objects.select_related("feedback__plan__employee")
    assert replies.count() > 5
    for reply in replies:
        assert reply.author_id == reply.feedback.plan.employee.user_id
        assert reply.feedback.created_at < reply.created_at < NOW
    # Praise and corrections both: the appraisers tell a story, not a form letter.
    texts = list(feedback.values_list("text", flat=True))
    assert len(set(texts)) > 20


@pytest.mark.django_db
def test_the_declining_front_desk_officers_fall_short_in_the_last_months(monkeypatch):
    # Enough tasks for each officer's monthly figures to mean something.
    monkeypatch.setattr(services, "VOLUME", 0.3)
    load()

    for unit, title, number in DECLINING_OFFICERS:
        officer = holder(unit, title, number)
        on_time = dict(
            Realisation.objects.filter(
                indicator__work_result__plan__employee=officer,
                indicator__text__startswith="Persentase berkas yang selesai sesuai standar",
            ).values_list("period__code", "value")
        )
        # A few have not yet recorded the last month.
        recorded = [code for code in PAST_MONTHS if code in on_time]
        assert len(recorded) >= len(PAST_MONTHS) - 1
        early = [on_time[code] for code in recorded[:6]]
        late = [on_time[code] for code in recorded[-2:]]
        assert sum(late) / len(late) < sum(early) / len(early) - 10, officer.name
        # Their appraiser said so.
        assert Feedback.objects.filter(
            plan__employee=officer, period__code__in=recorded[-2:], work_result__isnull=False
        ).exists()


@pytest.mark.django_db
def test_the_same_date_gives_the_same_plans_and_the_summary_counts_them():
    output = load()
    first = everything()

    load("--reset")

    assert everything() == first
    approved = PerformancePlan.objects.filter(status=PlanStatus.APPROVED).count()
    realisations = number_format(Realisation.objects.count(), force_grouping=True)
    lines = [line for line in output.splitlines() if line.startswith("SKP 2026:")]
    assert len(lines) == 1
    assert f" {approved} " in lines[0]
    assert f" {realisations} " in lines[0]
    # No person acted in the audit log for the plans: the next reset can delete them all.
    assert not AuditEvent.objects.filter(action__startswith="plans.").exists()
    counts = AuditEvent.objects.filter(action=AuditAction.DEMO_LOADED).order_by("seq").last()
    assert counts is not None
    assert counts.changes["plans_approved"] == approved
    assert counts.changes["removed"]["plans"] == PerformancePlan.objects.count()
    assert PerformancePlan.objects.aggregate(n=Count("pk"))["n"] == counts.changes["plans"]
