"""The demo's innovation ledger (kinerja.demo.innovations): two verified innovations of
the PATEN front desk with their credits (one member capped), and one in review with one
of its two reviews in."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from kinerja.accounts.models import User
from kinerja.criteria.models import CriteriaVersion
from kinerja.demo import services
from kinerja.innovations.models import Innovation, InnovationCredit, Review, ReviewScore
from kinerja.innovations.rules import MIN_REVIEWS
from kinerja.innovations.selectors import (
    QueueFilter,
    access_of,
    queue_rows,
    review_queue_for_user,
    verified_credit,
    viewer_of,
)
from kinerja.notifications.models import Notification
from kinerja.organization.models import Employee
from kinerja.plans.models import PerformancePlan

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 18, 9, tzinfo=JAKARTA)
D = Decimal
WHATSAPP = "Antrean daring PATEN lewat WhatsApp"
CHECKLIST = "Cek kelengkapan berkas sebelum datang"
BOARD = "Papan status berkas di ruang tunggu PATEN"


@pytest.fixture(autouse=True)
def few_service_tasks(monkeypatch):
    # The innovations do not depend on the service history: keep each load quick.
    monkeypatch.setattr(services, "VOLUME", 0.05)


def load(*args: str, now: datetime = NOW) -> None:
    with time_machine.travel(now, tick=False):
        call_command("demo", *args, stdout=StringIO())


def by_title() -> dict[str, Innovation]:
    return {innovation.title: innovation for innovation in Innovation.objects.all()}


def team(innovation: Innovation) -> set[str]:
    return {
        employee.user.username if employee.user else employee.nip
        for employee in innovation.members.select_related("user")
    }


def everything() -> dict[str, Any]:
    """The ledger by natural keys, to compare two loads."""
    return {
        "innovations": sorted(
            Innovation.objects.values_list(
                "title", "status", "submitted_at", "decided_at", "panel_score", "since"
            )
        ),
        "members": sorted(
            Innovation.members.through.objects.values_list("innovation__title", "employee__nip")
        ),
        "reviews": sorted(
            Review.objects.values_list(
                "innovation__title", "reviewer__username", "score", "submitted_at"
            )
        ),
        "credits": sorted(
            InnovationCredit.objects.values_list(
                "innovation__title", "employee__nip", "points", "uncapped_points"
            )
        ),
    }


@pytest.mark.django_db
def test_two_verified_innovations_and_one_in_review():
    load()

    innovations = by_title()
    last_year = CriteriaVersion.objects.get(year=2025)
    assert set(innovations) == {WHATSAPP, CHECKLIST, BOARD}
    whatsapp, checklist, board = innovations[WHATSAPP], innovations[CHECKLIST], innovations[BOARD]
    for verified in (whatsapp, checklist):
        assert verified.status == Innovation.Status.VERIFIED
        assert verified.decision_reason.startswith("Diverifikasi.")
        assert verified.decided_by.username == "tim.evaluasi"
        assert verified.reviews.count() == MIN_REVIEWS
        assert verified.decided_at is not None
        assert verified.submitted_at < verified.decided_at <= NOW
        assert verified.since <= verified.submitted_at.date()
        assert verified.performance_year.year == 2026
    assert (whatsapp.panel_score, checklist.panel_score) == (D(80), D("72.5"))
    assert sorted(whatsapp.reviews.values_list("score", flat=True)) == [D(75), D(85)]
    assert "kasi.pelayanan" in team(whatsapp) & team(checklist)
    # In review: appointed reviewers, one of the two has scored.
    assert board.status == Innovation.Status.IN_REVIEW
    assert "staf.pelayanan" in team(board)
    assert set(board.reviewers.values_list("username", flat=True)) == {"tim.evaluasi", "admin"}
    assert list(board.reviews.values_list("reviewer__username", flat=True)) == ["tim.evaluasi"]
    # Every review is on the rubric of the criteria in force: last year's published version.
    assert set(Review.objects.values_list("criteria_version", flat=True)) == {last_year.pk}
    assert ReviewScore.objects.count() == 4 * Review.objects.count()
    for version in CriteriaVersion.objects.all():
        assert list(version.innovation_rubric.values_list("code", flat=True)) == [
            "kebaruan",
            "dampak",
            "replikasi",
            "keberlanjutan",
        ]
        assert (version.innovation_pass_score, version.innovation_credit_cap) == (D(60), D(10))


@pytest.mark.django_db
def test_every_member_is_credited_and_the_kasi_stops_at_the_cap():
    load()

    innovations = by_title()
    kasi = Employee.objects.get(user__username="kasi.pelayanan")
    credits = {
        (credit.innovation.title, credit.employee_id): credit
        for credit in InnovationCredit.objects.select_related("innovation")
    }
    assert len(credits) == 6
    for (title, _member), credit in credits.items():
        assert credit.uncapped_points == {WHATSAPP: D(8), CHECKLIST: D("7.25")}[title]
    assert credits[(CHECKLIST, kasi.pk)].points == D(2)
    assert verified_credit(kasi, 2026) == D(10)
    assert not InnovationCredit.objects.filter(innovation=innovations[BOARD]).exists()


@pytest.mark.django_db
def test_a_credit_is_a_tambahan_rhk_wherever_the_member_has_an_skp():
    load()

    for credit in InnovationCredit.objects.select_related("innovation", "work_result__plan"):
        plans = PerformancePlan.objects.filter(
            employee_id=credit.employee_id, performance_year__year=2026
        ).exclude(status=PerformancePlan.Status.SUPERSEDED)
        if not plans.exists():
            assert credit.work_result is None
            continue
        result = credit.work_result
        assert result is not None
        assert result.plan.employee_id == credit.employee_id
        assert result.kind == "TAMBAHAN"
        assert result.text.startswith(f"Inovasi: {credit.innovation.title} (kredit ")
        assert result.indicators.get().text == "Inovasi terverifikasi"
        if plans.filter(status=PerformancePlan.Status.APPROVED).exists():
            assert result.plan.status == PerformancePlan.Status.APPROVED


@pytest.mark.django_db
def test_the_hr_admin_finds_the_review_still_to_do_and_sees_no_score_yet():
    load()

    board = by_title()[BOARD]
    admin = User.objects.get(username="admin")
    tim = User.objects.get(username="tim.evaluasi")
    rows = queue_rows(viewer_of(admin), review_queue_for_user(admin, QueueFilter()))

    assert [(row.innovation.title, row.task) for row in rows] == [(BOARD, "review")]
    assert not access_of(viewer_of(admin), board).sees_reviews
    assert access_of(viewer_of(tim), board).sees_reviews
    unread = Notification.objects.filter(recipient=admin, read_at__isnull=True)
    assert unread.filter(title__contains=BOARD).exists()
    kasi_news = Notification.objects.filter(
        recipient__username="kasi.pelayanan", title__contains=CHECKLIST
    )
    assert "2 poin" in kasi_news.get().body


@pytest.mark.django_db
def test_reset_replaces_the_ledger_with_the_same_one():
    load()
    first = everything()

    load("--reset")

    assert everything() == first
    assert Innovation.objects.count() == 3


@pytest.mark.django_db
def test_early_in_january_the_story_still_happens_within_the_year():
    load(now=datetime(2026, 1, 5, 9, tzinfo=JAKARTA))

    for innovation in Innovation.objects.all():
        assert innovation.submitted_at.astimezone(JAKARTA).date() >= date(2026, 1, 1)
        assert innovation.decided_at is None or innovation.submitted_at <= innovation.decided_at
        assert innovation.decided_at is None or innovation.decided_at.date() <= date(2026, 1, 5)
    for review in Review.objects.select_related("innovation"):
        assert review.submitted_at >= review.innovation.submitted_at
        assert review.submitted_at.astimezone(JAKARTA).date() <= date(2026, 1, 5)
