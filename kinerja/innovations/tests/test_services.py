"""The ledger's services: submitting and editing, appointing reviewers, independent
reviews, the decision and its credit (capped per employee per year, added to the SKP),
each with the cases it refuses and the audit trail it leaves."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.criteria.models import CriteriaVersion, InnovationRubricCriterion
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.versions import create_version, move_version
from kinerja.innovations.models import Innovation, InnovationCredit, Review, ReviewScore
from kinerja.innovations.selectors import access_of, verified_credit, verified_credits, viewer_of
from kinerja.innovations.services import (
    MAX_TEAM_SIZE,
    InnovationRefused,
    appoint_reviewers,
    attach_pending_credits,
    decide_innovation,
    submit_review,
    update_innovation,
)
from kinerja.innovations.tests.factories import (
    EIGHTY,
    FIFTY,
    SIXTY,
    innovation_input,
    make_employee,
    review,
    submitted,
    verified,
)
from kinerja.notifications.models import Notification
from kinerja.organization.models import PerformanceYear
from kinerja.organization.services import open_performance_year
from kinerja.plans.models import PerformancePlan, ResultIndicator, WorkResult

D = Decimal
pytestmark = pytest.mark.usefixtures("ledger")


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in their English source text."""
    with translation.override("en"):
        yield


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def notified(user, text: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, title__contains=text))


@pytest.fixture
def innovation(org, pegawai):
    """staf's innovation with rekan, as submitted."""
    return submitted(pegawai, co_members=[org.rekan])


def plan_of(employee, year, *, revision=1, status=PerformancePlan.Status.APPROVED):
    return PerformancePlan.objects.create(
        employee=employee, performance_year=year, revision=revision, status=status
    )


# -- submitting --------------------------------------------------------------------------


def test_an_employee_submits_with_colleagues_and_the_panel_is_told(
    org, pegawai, tim, hr_admin, year
):
    innovation = submitted(pegawai, co_members=[org.rekan], evidence_url="https://drive.example/x")

    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.SUBMITTED
    assert (innovation.organization, innovation.performance_year) == (org.kecamatan, year)
    assert innovation.submitted_by == org.staf
    assert set(innovation.members.all()) == {org.staf, org.rekan}
    assert innovation.evidence_url == "https://drive.example/x"
    (event,) = events(AuditAction.INNOVATION_SUBMITTED)
    assert event.actor == pegawai
    assert event.changes["members"] == sorted([org.staf.nip, org.rekan.nip])
    assert event.changes["performance_year"] == 2026
    assert notified(tim, "New innovation to review")
    assert notified(hr_admin, "New innovation to review")
    assert not notified(org.rekan.user, "New innovation to review")
    assert not notified(org.kasi.user, "New innovation to review")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"problem": ""}, "problem"),
        ({"change": " "}, "change"),
        ({"since": date(2026, 5, 13)}, "since"),
        ({"since": date(1999, 12, 31)}, "since"),
        ({"evidence": ""}, "evidence"),
        ({"evidence_url": "ftp://server/berkas"}, "evidence_url"),
        ({"effect": ""}, "effect"),
    ],
)
def test_a_submission_missing_something_is_refused_at_its_field(pegawai, overrides, field):
    with pytest.raises(InnovationRefused) as refused:
        submitted(pegawai, **overrides)

    assert refused.value.field == field
    assert not Innovation.objects.exists()


def test_colleagues_must_be_of_the_same_organisation(org, pegawai):
    with pytest.raises(
        InnovationRefused, match="active colleagues of your organisation"
    ) as refused:
        submitted(pegawai, co_members=[org.rekan, org.asing])

    assert refused.value.field == "co_members"


def test_a_team_has_at_most_ten_members(org, pegawai):
    colleagues = [make_employee(org.pelayanan, f"rekan{n}") for n in range(MAX_TEAM_SIZE)]

    with pytest.raises(InnovationRefused, match="at most 10 members"):
        submitted(pegawai, co_members=colleagues)
    assert submitted(pegawai, co_members=colleagues[:-1]).members.count() == MAX_TEAM_SIZE


def test_accounts_without_an_employee_record_submit_nothing(outsider):
    with pytest.raises(PermissionDenied, match="Only employees"):
        submitted(outsider)


def test_the_year_of_the_submission_must_be_open(org, pegawai):
    PerformanceYear.objects.all().delete()

    with pytest.raises(InnovationRefused, match="performance year 2026 is not open"):
        submitted(pegawai)


def test_an_innovation_in_use_since_last_year_counts_in_the_year_it_is_submitted(pegawai, year):
    open_performance_year(actor=None, year=2025)

    innovation = submitted(pegawai, since=date(2025, 9, 1))

    assert innovation.performance_year == year


# -- editing -----------------------------------------------------------------------------


def test_the_submitter_edits_while_submitted(org, pegawai, innovation):
    data = innovation_input(title="Antrean daring PATEN", co_members=[])

    update_innovation(actor=pegawai, innovation=innovation, data=data)

    innovation.refresh_from_db()
    assert innovation.title == "Antrean daring PATEN"
    assert list(innovation.members.all()) == [org.staf]
    (event,) = events(AuditAction.INNOVATION_UPDATED)
    assert event.changes["title"] == ["Antrean daring lewat WhatsApp", "Antrean daring PATEN"]
    assert event.changes["members"] == [sorted([org.staf.nip, org.rekan.nip]), [org.staf.nip]]


def test_saving_without_a_change_writes_no_event(org, pegawai, innovation):
    data = innovation_input(co_members=[org.rekan.pk])

    update_innovation(actor=pegawai, innovation=innovation, data=data)

    assert events(AuditAction.INNOVATION_UPDATED) == []


@pytest.mark.parametrize("persona", ["rekan", "kasi", "camat", "admin"])
def test_nobody_but_the_submitter_edits(org, innovation, persona):
    actor = getattr(org, persona).user

    with pytest.raises(PermissionDenied, match="Only the employee who submitted"):
        update_innovation(actor=actor, innovation=innovation, data=innovation_input(title="X"))


def test_once_reviewed_the_innovation_no_longer_changes(pegawai, tim, innovation):
    review(innovation, tim)

    with pytest.raises(InnovationRefused, match="can no longer be changed"):
        update_innovation(actor=pegawai, innovation=innovation, data=innovation_input(title="X"))


# -- appointing reviewers ----------------------------------------------------------------


def test_the_team_appoints_reviewers_who_become_the_panel(org, tim, innovation):
    appoint_reviewers(actor=tim, innovation=innovation, reviewer_ids=[org.kasi.user.pk])

    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.IN_REVIEW
    assert list(innovation.reviewers.all()) == [org.kasi.user]
    (event,) = events(AuditAction.INNOVATION_UPDATED)
    assert event.changes == {"reviewers": [[], ["kasi"]], "status": ["DIAJUKAN", "DINILAI"]}
    assert notified(org.kasi.user, "You are asked to review")
    assert access_of(viewer_of(org.kasi.user), innovation).on_panel
    assert not access_of(viewer_of(tim), innovation).on_panel


def test_appointed_reviewers_score_and_the_team_no_longer_does(org, tim, innovation):
    appoint_reviewers(actor=tim, innovation=innovation, reviewer_ids=[org.kasi.user.pk])

    review(innovation, org.kasi.user)
    with pytest.raises(PermissionDenied, match="Only the innovation's panel"):
        review(innovation, tim)


def test_a_member_of_the_team_cannot_be_appointed(org, tim, innovation):
    with pytest.raises(InnovationRefused, match="not on the team") as refused:
        appoint_reviewers(actor=tim, innovation=innovation, reviewer_ids=[org.rekan.user.pk])

    assert refused.value.field == "reviewers"


@pytest.mark.parametrize("persona", ["staf", "rekan", "kasi", "camat", "asing"])
def test_only_the_team_and_the_hr_admin_appoint(org, innovation, persona):
    with pytest.raises(PermissionDenied):
        appoint_reviewers(actor=getattr(org, persona).user, innovation=innovation, reviewer_ids=[])


# -- reviewing ---------------------------------------------------------------------------


def test_a_review_scores_the_rubric_of_the_criteria_in_force(tim, criteria, innovation):
    submit_review(
        actor=tim,
        innovation=innovation,
        points={"kebaruan": 4, "dampak": 5, "replikasi": 4, "keberlanjutan": 4},
        comment=" Baru di kecamatan ini. ",
    )

    stored = Review.objects.get()
    assert (stored.reviewer, stored.score, stored.comment) == (
        tim,
        D("85.00"),
        "Baru di kecamatan ini.",
    )
    assert stored.criteria_version == criteria
    assert dict(stored.scores.values_list("criterion__code", "points")) == {
        "kebaruan": 4,
        "dampak": 5,
        "replikasi": 4,
        "keberlanjutan": 4,
    }
    innovation.refresh_from_db()
    assert (innovation.status, innovation.criteria_version) == (
        Innovation.Status.IN_REVIEW,
        criteria,
    )
    (event,) = events(AuditAction.INNOVATION_REVIEWED)
    assert event.changes["score"] == "85.00"
    assert event.changes["status"] == ["DIAJUKAN", "DINILAI"]


def test_a_member_of_the_team_never_reviews_their_own_innovation(org, innovation):
    # rekan sits on the evaluation team too, and is on this innovation's team.
    org.rekan.user.is_evaluation_team = True
    org.rekan.user.save()

    with pytest.raises(PermissionDenied, match="cannot review their own innovation"):
        review(innovation, org.rekan.user)
    # Not even once appointed.
    with pytest.raises(InnovationRefused):
        appoint_reviewers(
            actor=org.admin.user, innovation=innovation, reviewer_ids=[org.rekan.user.pk]
        )
    assert not Review.objects.exists()


@pytest.mark.parametrize("persona", ["kasi", "camat", "lurah", "asing"])
def test_people_outside_the_panel_review_nothing(org, innovation, persona):
    with pytest.raises(PermissionDenied, match="Only the innovation's panel"):
        review(innovation, getattr(org, persona).user)


def test_a_review_is_final_once_submitted(tim, innovation):
    review(innovation, tim)

    with pytest.raises(InnovationRefused, match="already reviewed"):
        review(innovation, tim, SIXTY)
    assert Review.objects.get().score == D(80)


@pytest.mark.parametrize(
    ("points", "field"),
    [
        ({**EIGHTY, "dampak": 6}, "points_dampak"),
        ({"kebaruan": 4, "dampak": 4, "replikasi": 4}, "points_keberlanjutan"),
        ({**EIGHTY, "kebaruan": -1}, "points_kebaruan"),
    ],
)
def test_points_outside_the_rubric_are_refused_at_their_criterion(tim, innovation, points, field):
    with pytest.raises(InnovationRefused, match="between 0 and 5 points") as refused:
        review(innovation, tim, points)

    assert refused.value.field == field


def test_a_criterion_the_rubric_does_not_have_is_refused(tim, innovation):
    with pytest.raises(InnovationRefused, match="only the criteria of the rubric"):
        review(innovation, tim, {**EIGHTY, "keindahan": 5})


def test_a_review_needs_a_comment(tim, innovation):
    with pytest.raises(InnovationRefused, match="comment") as refused:
        submit_review(actor=tim, innovation=innovation, points=EIGHTY, comment=" ")

    assert refused.value.field == "comment"


def test_without_a_rubric_in_force_nothing_can_be_scored(tim, criteria, innovation):
    InnovationRubricCriterion.objects.filter(version=criteria).delete()

    with pytest.raises(InnovationRefused, match="have no innovation rubric"):
        review(innovation, tim)


def test_later_reviews_use_the_rubric_of_the_first_even_when_a_new_version_is_published(
    org, tim, hr_admin, criteria, innovation
):
    review(innovation, tim)
    newer = create_version(actor=hr_admin, year=2026, title="Revisi", based_on=criteria)
    move_version(actor=hr_admin, version=newer, to=Stage.ADOPTED)
    move_version(actor=hr_admin, version=newer, to=Stage.PUBLISHED)

    review(innovation, hr_admin)

    newer.refresh_from_db()
    assert newer.status == Stage.PUBLISHED
    assert set(Review.objects.values_list("criteria_version", flat=True)) == {criteria.pk}
    assert set(ReviewScore.objects.values_list("criterion__version", flat=True)) == {criteria.pk}


# -- independence ------------------------------------------------------------------------


def test_reviewers_see_each_others_scores_only_after_submitting_their_own(
    tim, hr_admin, innovation
):
    review(innovation, tim, EIGHTY)
    innovation.refresh_from_db()

    admin_before = access_of(viewer_of(hr_admin), innovation)
    tim_after = access_of(viewer_of(tim), innovation)
    review(innovation, hr_admin, SIXTY)
    admin_after = access_of(viewer_of(hr_admin), innovation)

    assert (admin_before.on_panel, admin_before.sees_reviews) == (True, False)
    assert tim_after.sees_reviews
    assert admin_after.sees_reviews


def test_the_team_sees_the_reviews_only_once_decided(org, pegawai, tim, hr_admin, innovation):
    review(innovation, tim)
    review(innovation, hr_admin)
    undecided = access_of(viewer_of(pegawai), innovation)

    decide_innovation(actor=tim, innovation=innovation, verify=False, reason="Belum terukur.")
    innovation.refresh_from_db()

    assert not undecided.sees_reviews
    assert access_of(viewer_of(pegawai), innovation).sees_reviews
    assert not access_of(viewer_of(org.kasi.user), innovation).sees_reviews


# -- deciding ----------------------------------------------------------------------------


def test_verification_credits_every_member_and_adds_an_rhk_to_the_skp(
    org, tim, hr_admin, year, innovation
):
    # given: staf has an approved SKP for the year, rekan has none yet
    plan = plan_of(org.staf, year)

    # when
    verified(innovation, [(tim, EIGHTY), (hr_admin, SIXTY)], decider=tim)

    # then
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.VERIFIED
    assert innovation.panel_score == D(70)
    assert (innovation.decided_by, innovation.decision_reason) == (
        tim,
        "Terbukti mempercepat layanan.",
    )
    credits = {credit.employee: credit for credit in InnovationCredit.objects.all()}
    assert {employee: credit.points for employee, credit in credits.items()} == {
        org.staf: D("7.00"),
        org.rekan: D("7.00"),
    }
    result = credits[org.staf].work_result
    assert result is not None
    assert (result.plan, result.kind) == (plan, WorkResult.Kind.ADDITIONAL)
    assert result.text == "Inovasi: Antrean daring lewat WhatsApp (kredit 7 poin)"
    (indicator,) = ResultIndicator.objects.filter(work_result=result)
    assert (indicator.text, indicator.target_min, indicator.unit, indicator.aspect) == (
        "Inovasi terverifikasi",
        D(1),
        "inovasi",
        ResultIndicator.Aspect.QUANTITY,
    )
    assert credits[org.rekan].work_result is None
    assert verified_credit(org.staf, 2026) == D("7.00")
    (decided,) = events(AuditAction.INNOVATION_DECIDED)
    assert decided.changes["status"] == ["DINILAI", "TERVERIFIKASI"]
    credited = events(AuditAction.INNOVATION_CREDITED)
    assert sorted((event.changes["employee"], event.changes["plan"]) for event in credited) == (
        sorted([(org.staf.nip, plan.pk), (org.rekan.nip, None)])
    )
    assert "It is in your SKP" in notified(org.staf.user, "Your innovation is verified")[0].body
    assert "once your SKP for 2026 exists" in (
        notified(org.rekan.user, "Your innovation is verified")[0].body
    )


def test_the_skp_text_is_indonesian_whatever_the_deciders_language(
    org, tim, hr_admin, year, innovation
):
    plan_of(org.staf, year)
    for reviewer, points in [(tim, EIGHTY), (hr_admin, {**EIGHTY, "dampak": 5})]:
        review(innovation, reviewer, points)

    decide_innovation(actor=tim, innovation=innovation, verify=True, reason="Bagus.")

    assert WorkResult.objects.get().text == (
        "Inovasi: Antrean daring lewat WhatsApp (kredit 8,25 poin)"
    )


def test_the_credit_goes_into_the_plan_in_force_and_a_revision_in_preparation(
    org, tim, hr_admin, year, innovation
):
    old = plan_of(org.staf, year, revision=1, status=PerformancePlan.Status.SUPERSEDED)
    in_force = plan_of(org.staf, year, revision=2)
    draft = plan_of(org.staf, year, revision=3, status=PerformancePlan.Status.DRAFT)

    verified(innovation, [(tim, EIGHTY), (hr_admin, EIGHTY)], decider=tim)

    assert not WorkResult.objects.filter(plan=old).exists()
    assert WorkResult.objects.filter(plan=in_force).count() == 1
    assert WorkResult.objects.filter(plan=draft).count() == 1
    credit = InnovationCredit.objects.get(employee=org.staf)
    assert credit.work_result.plan == in_force


def test_verification_needs_two_reviews(tim, innovation):
    review(innovation, tim)

    with pytest.raises(InnovationRefused, match="at least 2 reviews; 1 are in"):
        decide_innovation(actor=tim, innovation=innovation, verify=True, reason="Bagus.")
    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.IN_REVIEW


def test_verification_needs_the_pass_score_of_the_version(tim, hr_admin, innovation):
    review(innovation, tim, SIXTY)
    review(innovation, hr_admin, FIFTY)

    with pytest.raises(InnovationRefused, match=r"score of 55 is below the 60"):
        decide_innovation(actor=tim, innovation=innovation, verify=True, reason="Bagus.")
    assert not InnovationCredit.objects.exists()


def test_the_pass_score_is_the_versions_own(org, pegawai, tim, hr_admin, criteria):
    # given: criteria whose pass score is 50
    CriteriaVersion.objects.filter(pk=criteria.pk).update(innovation_pass_score=D(50))
    innovation = submitted(pegawai)

    verified(innovation, [(tim, SIXTY), (hr_admin, FIFTY)], decider=tim)

    innovation.refresh_from_db()
    assert (innovation.status, innovation.panel_score) == (Innovation.Status.VERIFIED, D(55))


def test_a_rejection_needs_a_reason_and_credits_nobody(pegawai, tim, hr_admin, innovation):
    review(innovation, tim, FIFTY)
    with pytest.raises(InnovationRefused, match="reason") as refused:
        decide_innovation(actor=tim, innovation=innovation, verify=False, reason=" ")
    assert refused.value.field == "reason"

    decide_innovation(
        actor=tim, innovation=innovation, verify=False, reason="Dampaknya belum diukur."
    )

    innovation.refresh_from_db()
    assert innovation.status == Innovation.Status.REJECTED
    assert innovation.decision_reason == "Dampaknya belum diukur."
    assert not InnovationCredit.objects.exists()
    (message,) = notified(pegawai, "Your innovation was not verified")
    assert message.body == "Reason: Dampaknya belum diukur."
    with pytest.raises(InnovationRefused, match="already decided"):
        review(innovation, hr_admin)
    with pytest.raises(InnovationRefused, match="already decided"):
        decide_innovation(actor=hr_admin, innovation=innovation, verify=True, reason="Lagi.")


@pytest.mark.parametrize("persona", ["staf", "kasi", "camat", "lurah", "asing"])
def test_only_the_team_and_the_hr_admin_decide(org, tim, hr_admin, innovation, persona):
    review(innovation, tim)
    review(innovation, hr_admin)

    with pytest.raises(PermissionDenied):
        decide_innovation(
            actor=getattr(org, persona).user, innovation=innovation, verify=True, reason="Ya."
        )


def test_a_team_member_on_the_evaluation_team_cannot_decide_their_own(
    org, tim, hr_admin, innovation
):
    org.rekan.user.is_evaluation_team = True
    org.rekan.user.save()
    review(innovation, tim)
    review(innovation, hr_admin)

    with pytest.raises(PermissionDenied, match="cannot decide on their own innovation"):
        decide_innovation(actor=org.rekan.user, innovation=innovation, verify=True, reason="Ya.")


def test_a_decider_on_the_panel_scores_before_deciding(tim, hr_admin, innovation):
    review(innovation, tim)
    review(innovation, tim.__class__.objects.get(username="admin"))

    other = make_employee(innovation.organization.children.first(), "tim2", is_evaluation_team=True)
    with pytest.raises(InnovationRefused, match="score it yourself before deciding"):
        decide_innovation(actor=other.user, innovation=innovation, verify=True, reason="Ya.")


def test_with_appointed_reviewers_the_team_decides_without_scoring(org, tim, innovation):
    lurah = org.lurah.user
    appoint_reviewers(actor=tim, innovation=innovation, reviewer_ids=[org.kasi.user.pk, lurah.pk])
    review(innovation, org.kasi.user)
    review(innovation, lurah, SIXTY)

    decide_innovation(actor=tim, innovation=innovation, verify=True, reason="Layak.")

    innovation.refresh_from_db()
    assert (innovation.status, innovation.panel_score) == (Innovation.Status.VERIFIED, D(70))


# -- the yearly cap ----------------------------------------------------------------------


def test_a_members_credit_in_a_year_never_exceeds_the_cap(org, pegawai, tim, hr_admin):
    # given: staf earns 8 points with rekan, then 7 alone, then 8 with kasi
    first = submitted(pegawai, co_members=[org.rekan])
    verified(first, [(tim, EIGHTY), (hr_admin, EIGHTY)], decider=tim)
    second = submitted(pegawai, title="Cek kelengkapan berkas")
    verified(second, [(tim, EIGHTY), (hr_admin, SIXTY)], decider=tim)
    third = submitted(pegawai, title="Papan status berkas", co_members=[org.kasi])

    # when
    verified(third, [(tim, EIGHTY), (hr_admin, EIGHTY)], decider=tim)

    # then: staf's credit stops at the cap of 10; kasi and rekan are not affected
    def points(innovation):
        return dict(
            InnovationCredit.objects.filter(innovation=innovation).values_list(
                "employee__name", "points"
            )
        )

    assert points(first) == {"Staf": D(8), "Rekan": D(8)}
    assert points(second) == {"Staf": D(2)}
    assert points(third) == {"Staf": D(0), "Kasi": D(8)}
    assert InnovationCredit.objects.get(innovation=second).uncapped_points == D(7)
    assert verified_credit(org.staf, 2026) == D("10.00")
    assert verified_credits([org.staf.pk, org.rekan.pk, org.kasi.pk, org.camat.pk], 2026) == {
        org.staf.pk: D(10),
        org.rekan.pk: D(8),
        org.kasi.pk: D(8),
        org.camat.pk: D(0),
    }
    capped = events(AuditAction.INNOVATION_CREDITED)[2].changes
    assert [capped[key] for key in ("points", "uncapped_points", "earned_before", "cap")] == [
        "2.00",
        "7.00",
        "8.00",
        "10.00",
    ]


def test_the_cap_is_the_versions_own_and_counts_per_year(org, pegawai, tim, hr_admin, criteria):
    CriteriaVersion.objects.filter(pk=criteria.pk).update(innovation_credit_cap=D(5))
    innovation = submitted(pegawai)

    verified(innovation, [(tim, EIGHTY), (hr_admin, EIGHTY)], decider=tim)

    assert InnovationCredit.objects.get().points == D(5)
    assert verified_credit(org.staf, 2026) == D(5)
    assert verified_credit(org.staf, 2025) == D(0)


# -- a credit waiting for its SKP --------------------------------------------------------


def test_a_pending_credit_is_added_once_the_skp_exists(org, tim, hr_admin, year, innovation):
    verified(innovation, [(tim, EIGHTY), (hr_admin, EIGHTY)], decider=tim)
    rekan = org.rekan.user
    with pytest.raises(InnovationRefused, match="no SKP yet"):
        attach_pending_credits(actor=rekan)

    plan = plan_of(org.rekan, year, status=PerformancePlan.Status.DRAFT)
    assert attach_pending_credits(actor=rekan) == 1

    credit = InnovationCredit.objects.get(employee=org.rekan)
    assert credit.work_result.plan == plan
    assert credit.work_result.text.endswith("(kredit 8 poin)")
    last = events(AuditAction.INNOVATION_CREDITED)[-1]
    assert (last.actor, last.changes["added_later"], last.changes["plan"]) == (rekan, True, plan.pk)
    with pytest.raises(InnovationRefused, match="no SKP yet"):
        attach_pending_credits(actor=rekan)
