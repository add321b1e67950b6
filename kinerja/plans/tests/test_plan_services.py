from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.notifications.models import Notification
from kinerja.organization.models import Position
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.plans.models import PerformancePlan, PlanAttachment, ResultIndicator, WorkResult
from kinerja.plans.services.plans import (
    PlanRefused,
    approve_plan,
    create_plan,
    delete_indicator,
    delete_result,
    return_plan,
    save_attachments,
    save_indicator,
    save_result,
    set_expectations,
    start_revision,
    submit_plan,
    update_plan,
)
from kinerja.plans.tests.factories import (
    Iki,
    Rhk,
    add_result,
    approve,
    approved_plan,
    draft_plan,
    performance_year,
    revise,
    send_back,
    submit,
    submitted_plan,
)
from kinerja.plans.workflow import PlanStatus

pytestmark = pytest.mark.django_db

QUANT = PerformancePlan.Approach.QUANTITATIVE
QUAL = PerformancePlan.Approach.QUALITATIVE


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def year(org):
    return performance_year(2026)


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def quantitative_iki(result: WorkResult, actor, **overrides) -> ResultIndicator:
    values = {
        "text": "Dokumen selesai",
        "aspect": ResultIndicator.Aspect.QUANTITY,
        "target_min": Decimal(100),
        "unit": "dokumen",
    }
    values.update(overrides)
    return save_indicator(actor=actor, result=result, **values)


# -- create ------------------------------------------------------------------------------


def test_an_employee_starts_their_own_draft_with_the_seven_values(org, year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)

    assert plan.employee == org.staf
    assert plan.revision == 1
    assert plan.status == PlanStatus.DRAFT
    assert plan.appraiser == org.kasi
    assert sorted(plan.behaviours.values_list("value", flat=True)) == sorted(
        v.code for v in CORE_VALUES
    )
    assert all(not b.special_expectation for b in plan.behaviours.all())
    [event] = events(AuditAction.PLAN_CREATED)
    assert event.target_id == str(plan.pk)
    assert event.changes["year"] == 2026


def test_a_second_plan_for_the_year_is_refused_and_points_to_the_first(year, pegawai):
    first = create_plan(actor=pegawai, performance_year=year, approach=QUANT)

    with pytest.raises(PlanRefused, match="already have an SKP for 2026") as refusal:
        create_plan(actor=pegawai, performance_year=year, approach=QUAL)

    assert refusal.value.plan == first
    assert PerformancePlan.objects.count() == 1


def test_an_account_without_an_employee_has_no_plan(year, outsider):
    with pytest.raises(PermissionDenied):
        create_plan(actor=outsider, performance_year=year, approach=QUANT)


def test_an_unknown_approach_is_refused(year, pegawai):
    with pytest.raises(PlanRefused, match="quantitative or the qualitative") as refusal:
        create_plan(actor=pegawai, performance_year=year, approach="BEBAS")
    assert refusal.value.field == "approach"


def test_a_subordinate_drafts_before_the_leader_has_any_plan(org, year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)
    result = save_result(actor=pegawai, plan=plan, kind=WorkResult.Kind.MAIN, text="Layanan KTP")
    quantitative_iki(result, pegawai)

    assert plan.results.count() == 1
    assert not PerformancePlan.objects.filter(employee=org.kasi).exists()


def test_the_owner_changes_the_approach_of_a_draft(year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)

    update_plan(actor=pegawai, plan=plan, approach=QUAL)

    plan.refresh_from_db()
    assert plan.approach == QUAL
    [event] = events(AuditAction.PLAN_UPDATED)
    assert event.changes == {"approach": [QUANT, QUAL]}


# -- RHK and IKI ---------------------------------------------------------------------------


def test_an_rhk_may_name_an_rhk_of_the_leaders_draft_while_drafting(org, year):
    leader = draft_plan(org.kasi, year, results=[Rhk("Pelayanan prima", link=False)])
    plan = draft_plan(org.staf, year, results=[])

    result = save_result(
        actor=org.staf.user,
        plan=plan,
        kind=WorkResult.Kind.MAIN,
        text="Layanan KTP",
        intervenes=leader.results.get(),
    )

    assert result.intervenes == leader.results.get()


def test_an_rhk_of_someone_else_than_the_appraiser_is_refused(org, year):
    other = draft_plan(org.lurah, year, results=[Rhk("Kelurahan bersih", link=False)])
    plan = draft_plan(org.staf, year, results=[])

    with pytest.raises(PlanRefused, match="appraiser's SKP for the same year") as refusal:
        save_result(
            actor=org.staf.user,
            plan=plan,
            kind=WorkResult.Kind.MAIN,
            text="Layanan KTP",
            intervenes=other.results.get(),
        )
    assert refusal.value.field == "intervenes"


def test_a_jpt_names_who_assigned_the_rhk_instead_of_intervening(org, year):
    jpt = EmployeeFactory(
        position=PositionFactory(kind=Position.Kind.JPT_PRATAMA, unit=org.kecamatan),
        supervisor=org.camat,
        user=UserFactory(username="jpt"),
    )
    leader = approved_plan(org.camat, year)
    plan = draft_plan(jpt, year, results=[])

    with pytest.raises(PlanRefused, match="Perjanjian Kinerja"):
        save_result(
            actor=jpt.user,
            plan=plan,
            kind=WorkResult.Kind.MAIN,
            text="IKU kecamatan",
            intervenes=leader.results.first(),
        )
    result = add_result(plan, Rhk("IKU kecamatan", assigned_by="Perjanjian Kinerja 2026"))
    submit(plan)

    assert result.assigned_by == "Perjanjian Kinerja 2026"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_an_rhk_needs_a_text_and_a_kind(year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)

    with pytest.raises(PlanRefused, match="planned work result") as refusal:
        save_result(actor=pegawai, plan=plan, kind=WorkResult.Kind.MAIN, text="  ")
    assert refusal.value.field == "text"
    with pytest.raises(PlanRefused, match="main or additional"):
        save_result(actor=pegawai, plan=plan, kind="LAIN", text="Layanan")


def test_editing_an_rhk_is_audited_with_what_changed(year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)
    result = save_result(actor=pegawai, plan=plan, kind=WorkResult.Kind.MAIN, text="Lama")

    save_result(actor=pegawai, plan=plan, kind=WorkResult.Kind.MAIN, text="Baru", result=result)

    result.refresh_from_db()
    assert result.text == "Baru"
    last = events(AuditAction.PLAN_UPDATED)[-1]
    assert last.changes["text"] == ["Lama", "Baru"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"aspect": ""}, "aspect", "Choose the aspect"),
        ({"target_min": None}, "target_min", "numeric target"),
        ({"unit": ""}, "unit", "unit of the target"),
        ({"target_min": Decimal(0)}, "target_min", "greater than zero"),
        ({"target_max": Decimal(50)}, "target_max", "above its lower bound"),
        ({"target_max": Decimal(100)}, "target_max", "above its lower bound"),
        ({"target_min": None, "target_max": Decimal(5)}, "target_min", "lower bound too"),
    ],
)
def test_a_quantitative_iki_needs_an_aspect_and_an_ordered_numeric_target(
    year, pegawai, overrides, field, message
):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)
    result = save_result(actor=pegawai, plan=plan, kind=WorkResult.Kind.MAIN, text="Layanan")

    with pytest.raises(PlanRefused, match=message) as refusal:
        quantitative_iki(result, pegawai, **overrides)

    assert refusal.value.field == field
    assert not ResultIndicator.objects.exists()


def test_a_range_target_is_saved(year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)
    result = save_result(actor=pegawai, plan=plan, kind=WorkResult.Kind.MAIN, text="Layanan")

    iki = quantitative_iki(
        result, pegawai, target_min=Decimal(7), target_max=Decimal(8), lower_is_better=True
    )

    assert (iki.target_min, iki.target_max, iki.lower_is_better) == (Decimal(7), Decimal(8), True)


def test_a_qualitative_iki_describes_its_target(year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUAL)
    result = save_result(actor=pegawai, plan=plan, kind=WorkResult.Kind.MAIN, text="Layanan")

    with pytest.raises(PlanRefused, match="describes the target") as refusal:
        save_indicator(actor=pegawai, result=result, text="Kepuasan warga")
    assert refusal.value.field == "target_text"

    iki = save_indicator(
        actor=pegawai, result=result, text="Kepuasan warga", target_text="Tanpa keluhan"
    )
    assert iki.target_text == "Tanpa keluhan"


def test_an_rhk_that_the_team_hangs_on_cannot_be_removed(org, year):
    leader = draft_plan(org.kasi, year, results=[Rhk("Pelayanan prima", link=False)])
    draft_plan(org.staf, year, results=[Rhk("Layanan KTP", intervenes=leader.results.get())])

    with pytest.raises(PlanRefused, match="1 RHK of your team intervene"):
        delete_result(actor=org.kasi.user, result=leader.results.get())
    assert leader.results.count() == 1


def test_removing_an_rhk_and_an_iki(year, org):
    plan = draft_plan(org.staf, year, results=["Satu", Rhk("Dua", indicators=(Iki(), Iki("B")))])
    first, second = plan.results.order_by("order")

    delete_indicator(actor=org.staf.user, indicator=second.indicators.get(text="B"))
    delete_result(actor=org.staf.user, result=first)

    assert list(plan.results.all()) == [second]
    assert second.indicators.count() == 1
    removed = [e.changes for e in events(AuditAction.PLAN_UPDATED)[-2:]]
    assert "indicator_removed" in removed[0]
    assert removed[1]["text"] == "Satu"


def test_the_lampiran_is_replaced_line_by_line(year, pegawai):
    plan = create_plan(actor=pegawai, performance_year=year, approach=QUANT)
    save_attachments(
        actor=pegawai,
        plan=plan,
        lines={PlanAttachment.Kind.RESOURCES: ["Laptop", "", "  Internet  "]},
    )

    save_attachments(
        actor=pegawai,
        plan=plan,
        lines={
            PlanAttachment.Kind.RESOURCES: ["Laptop"],
            PlanAttachment.Kind.CONSEQUENCES: ["Penghargaan"],
        },
    )

    assert list(plan.attachments.values_list("kind", "text", "order")) == [
        (PlanAttachment.Kind.RESOURCES, "Laptop", 1),
        (PlanAttachment.Kind.CONSEQUENCES, "Penghargaan", 1),
    ]
    with pytest.raises(PlanRefused, match="Unknown part"):
        save_attachments(actor=pegawai, plan=plan, lines={"LAIN": ["x"]})


@pytest.mark.parametrize("persona", ["atasan", "pimpinan", "hr_admin"])
def test_only_the_employee_edits_their_plan(request, year, org, persona):
    plan = draft_plan(org.staf, year)
    actor = request.getfixturevalue(persona)
    result = plan.results.get()

    with pytest.raises(PermissionDenied):
        save_result(actor=actor, plan=plan, kind=WorkResult.Kind.MAIN, text="X")
    with pytest.raises(PermissionDenied):
        quantitative_iki(result, actor)
    with pytest.raises(PermissionDenied):
        save_attachments(actor=actor, plan=plan, lines={})
    with pytest.raises(PermissionDenied):
        update_plan(actor=actor, plan=plan, approach=QUAL)
    with pytest.raises(PermissionDenied):
        delete_result(actor=actor, result=result)


def test_a_colleague_cannot_edit_the_plan(org, year):
    plan = draft_plan(org.staf, year)
    with pytest.raises(PermissionDenied):
        save_result(actor=org.rekan.user, plan=plan, kind=WorkResult.Kind.MAIN, text="X")


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_a_plan_is_not_edited_once_submitted(org, year, state):
    plan = submitted_plan(org.staf, year) if state == "submitted" else approved_plan(org.staf, year)

    with pytest.raises(PlanRefused, match="only be changed as a draft or once returned"):
        save_result(actor=org.staf.user, plan=plan, kind=WorkResult.Kind.MAIN, text="X")
    with pytest.raises(PlanRefused, match="only be changed"):
        quantitative_iki(plan.results.get(), org.staf.user)
    with pytest.raises(PlanRefused, match="only be changed"):
        save_attachments(actor=org.staf.user, plan=plan, lines={})


# -- submit ------------------------------------------------------------------------------


def test_submitting_records_who_is_who_and_tells_the_appraiser(org, year):
    plan = draft_plan(org.staf, year, approve_leader=True)

    submit_plan(actor=org.staf.user, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.submitted_at is not None
    assert plan.employee_snapshot == {
        "name": org.staf.name,
        "nip": org.staf.nip,
        "rank": org.staf.rank,
        "position": org.staf.position.name,
        "position_kind": Position.Kind.PELAKSANA,
        "unit": org.pelayanan.name,
    }
    assert plan.appraiser_snapshot["nip"] == org.kasi.nip
    note = Notification.objects.get(recipient=org.kasi.user, title__contains="submitted")
    assert note.title == "Staf submitted their SKP 2026 for your approval"
    assert note.url == reverse("plans:plan_detail", args=[plan.pk])
    [event] = [e for e in events(AuditAction.PLAN_SUBMITTED) if e.target_id == str(plan.pk)]
    assert event.changes["status"] == PlanStatus.SUBMITTED


def test_a_plan_without_a_main_rhk_cannot_be_submitted(org, year):
    approved_plan(org.kasi, year)
    plan = draft_plan(org.staf, year, results=[Rhk("Tambahan", kind=WorkResult.Kind.ADDITIONAL)])

    with pytest.raises(PlanRefused, match=r"at least one main RHK"):
        submit_plan(actor=org.staf.user, plan=plan)


def test_an_rhk_without_iki_is_named(org, year):
    approved_plan(org.kasi, year)
    plan = draft_plan(org.staf, year, results=[Rhk("Layanan KTP", indicators=())])

    with pytest.raises(PlanRefused, match="RHK “Layanan KTP” has no IKI yet"):
        submit_plan(actor=org.staf.user, plan=plan)


def test_submitting_waits_for_the_appraisers_approved_plan(org, year):
    leader = draft_plan(org.kasi, year, results=[Rhk("Pelayanan prima", link=False)])
    plan = draft_plan(org.staf, year, results=[Rhk("Layanan KTP", intervenes=leader.results.get())])

    with pytest.raises(PlanRefused, match="appraiser's SKP for 2026 is not approved yet"):
        submit_plan(actor=org.staf.user, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_an_rhk_linked_to_a_draft_of_the_leader_is_named_on_submit(org, year):
    approved = approved_plan(org.kasi, year)
    revision = revise(approved)
    plan = draft_plan(
        org.staf, year, results=[Rhk("Layanan KTP", intervenes=revision.results.first())]
    )

    with pytest.raises(PlanRefused, match="RHK “Layanan KTP” does not name an RHK of your"):
        submit_plan(actor=org.staf.user, plan=plan)


def test_an_unlinked_main_rhk_is_named_on_submit_but_not_an_additional_one(org, year):
    approved_plan(org.kasi, year)
    plan = draft_plan(
        org.staf,
        year,
        results=[
            Rhk("Utama tanpa induk", link=False),
            Rhk("Tambahan bebas", kind=WorkResult.Kind.ADDITIONAL, link=False),
        ],
    )

    with pytest.raises(PlanRefused) as refusal:
        submit_plan(actor=org.staf.user, plan=plan)

    assert "Utama tanpa induk" in str(refusal.value)
    assert "Tambahan bebas" not in str(refusal.value)


def test_a_changed_approach_is_checked_on_submit(org, year):
    plan = draft_plan(
        org.staf, year, approve_leader=True, results=[Rhk(indicators=[Iki(target_text="")])]
    )
    update_plan(actor=org.staf.user, plan=plan, approach=QUAL)

    with pytest.raises(PlanRefused, match="describes the target in words"):
        submit_plan(actor=org.staf.user, plan=plan)


def test_someone_else_cannot_submit(org, year, atasan):
    plan = draft_plan(org.staf, year, approve_leader=True)
    with pytest.raises(PermissionDenied):
        submit_plan(actor=atasan, plan=plan)


# -- return and approve ----------------------------------------------------------------------


def test_the_appraiser_returns_a_plan_with_a_reason(org, year, atasan):
    plan = submitted_plan(org.staf, year)

    return_plan(actor=atasan, plan=plan, reason="Target belum terukur")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    assert plan.return_reason == "Target belum terukur"
    assert plan.returned_at is not None
    assert Notification.objects.filter(recipient=org.staf.user, body="Target belum terukur")
    [event] = events(AuditAction.PLAN_RETURNED)
    assert event.changes["reason"] == "Target belum terukur"


def test_returning_needs_a_reason(org, year, atasan):
    plan = submitted_plan(org.staf, year)
    with pytest.raises(PlanRefused, match="Say why") as refusal:
        return_plan(actor=atasan, plan=plan, reason="   ")
    assert refusal.value.field == "reason"


def test_a_returned_plan_is_corrected_and_submitted_again(org, year, atasan):
    plan = send_back(submitted_plan(org.staf, year))

    add_result(plan, "Tambahan perbaikan")
    submit(plan)
    approve_plan(actor=atasan, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == atasan


def test_the_appraiser_approves(org, year, atasan):
    plan = submitted_plan(org.staf, year)

    approve_plan(actor=atasan, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_at is not None
    assert Notification.objects.filter(recipient=org.staf.user, title__contains="approved")
    assert events(AuditAction.PLAN_APPROVED)[-1].target_id == str(plan.pk)


@pytest.mark.parametrize("persona", ["pegawai", "pimpinan", "hr_admin", "outsider"])
def test_only_the_appraiser_approves_or_returns(request, org, year, persona):
    plan = submitted_plan(org.staf, year)
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        approve_plan(actor=actor, plan=plan)
    with pytest.raises(PermissionDenied):
        return_plan(actor=actor, plan=plan, reason="Tidak")
    with pytest.raises(PermissionDenied):
        set_expectations(actor=actor, plan=plan, expectations={"LOYAL": "Setia"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_a_colleague_cannot_approve(org, year):
    plan = submitted_plan(org.staf, year)
    with pytest.raises(PermissionDenied):
        approve_plan(actor=org.rekan.user, plan=plan)


@pytest.mark.parametrize(
    ("state", "step", "message"),
    [
        ("draft", "approve", "is draft; only a submitted SKP can be approved"),
        ("draft", "return", "is draft; only a submitted SKP can be returned"),
        ("returned", "approve", "is returned; only a submitted SKP can be approved"),
        ("returned", "return", "only a submitted SKP can be returned"),
        ("approved", "approve", "is approved; only a submitted SKP can be approved"),
        ("approved", "return", "only a submitted SKP can be returned"),
        ("approved", "submit", "is approved; it cannot be submitted"),
        ("submitted", "submit", "is submitted; it cannot be submitted"),
        ("superseded", "submit", "is superseded; it cannot be submitted"),
        ("superseded", "approve", "only a submitted SKP can be approved"),
        ("superseded", "revise", "Only the approved SKP can be revised"),
        ("draft", "revise", "Only the approved SKP can be revised"),
        ("submitted", "revise", "Only the approved SKP can be revised"),
        ("superseded", "expect", "replaced by a newer revision"),
    ],
)
def test_forbidden_transitions_are_refused(org, year, atasan, *, state, step, message):
    # given a plan of staf in ``state``
    if state == "draft":
        plan = draft_plan(org.staf, year, approve_leader=True)
    elif state == "returned":
        plan = send_back(submitted_plan(org.staf, year))
    elif state == "submitted":
        plan = submitted_plan(org.staf, year)
    else:
        plan = approved_plan(org.staf, year)
    if state == "superseded":
        approve(submit(revise(plan)))
        plan.refresh_from_db()
    before = plan.status
    steps = {
        "approve": lambda: approve_plan(actor=atasan, plan=plan),
        "return": lambda: return_plan(actor=atasan, plan=plan, reason="Alasan"),
        "submit": lambda: submit_plan(actor=org.staf.user, plan=plan),
        "revise": lambda: start_revision(actor=org.staf.user, plan=plan, reason="Alasan"),
        "expect": lambda: set_expectations(actor=atasan, plan=plan, expectations={"LOYAL": "x"}),
    }
    # when the person allowed to take the step in general takes it
    with pytest.raises(PlanRefused, match=message):
        steps[step]()
    # then nothing changed
    plan.refresh_from_db()
    assert plan.status == before


# -- plans without an appraiser in the system ------------------------------------------------


def test_the_hr_admin_records_the_decision_of_an_appraiser_outside_the_system(org, year):
    plan = draft_plan(org.camat, year)
    assert plan.appraiser is None
    submit(plan)

    with pytest.raises(PermissionDenied):
        approve_plan(actor=org.camat.user, plan=plan)
    with pytest.raises(PermissionDenied):
        approve_plan(actor=org.kasi.user, plan=plan)
    approve_plan(actor=org.admin.user, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == org.admin.user


# -- expectations ----------------------------------------------------------------------------


def test_the_appraiser_writes_the_expectations_and_changes_are_audited(org, year, atasan):
    plan = approved_plan(org.staf, year)

    set_expectations(
        actor=atasan,
        plan=plan,
        expectations={"BERORIENTASI_PELAYANAN": "Ramah di loket", "LOYAL": ""},
    )
    set_expectations(
        actor=atasan, plan=plan, expectations={"BERORIENTASI_PELAYANAN": "Ramah di loket"}
    )

    row = plan.behaviours.get(value="BERORIENTASI_PELAYANAN")
    assert row.special_expectation == "Ramah di loket"
    [event] = events(AuditAction.PLAN_EXPECTATIONS_SET)
    assert event.changes == {
        "status": PlanStatus.APPROVED,
        "expectations": {"BERORIENTASI_PELAYANAN": ["", "Ramah di loket"]},
    }
    assert Notification.objects.filter(recipient=org.staf.user, title__contains="expectations")


def test_an_unknown_value_is_refused(org, year, atasan):
    plan = submitted_plan(org.staf, year)
    with pytest.raises(PlanRefused, match="Unknown BerAKHLAK value"):
        set_expectations(actor=atasan, plan=plan, expectations={"JUJUR": "x"})


# -- revisions -------------------------------------------------------------------------------


def test_a_revision_copies_the_approved_plan_as_a_draft(org, year, atasan):
    plan = approved_plan(
        org.staf,
        year,
        results=[
            Rhk("Layanan KTP", indicators=(Iki("A"), Iki("B", target_max=Decimal(120)))),
            Rhk("Tambahan", kind=WorkResult.Kind.ADDITIONAL, link=False),
        ],
        attachments={PlanAttachment.Kind.RESOURCES: ["Laptop"]},
        expectations={"LOYAL": "Menjaga rahasia"},
    )

    revision = start_revision(actor=org.staf.user, plan=plan, reason="Pindah loket")

    assert (revision.revision, revision.status, revision.supersedes) == (2, "DRAFT", plan)
    assert revision.revision_reason == "Pindah loket"
    copied = list(revision.results.order_by("kind", "order"))
    original = list(plan.results.order_by("kind", "order"))
    assert [(r.kind, r.text, r.intervenes_id) for r in copied] == [
        (r.kind, r.text, r.intervenes_id) for r in original
    ]
    assert {r.pk for r in copied}.isdisjoint({r.pk for r in original})
    main = revision.results.get(text="Layanan KTP")
    assert list(main.indicators.values_list("text", "target_max")) == [
        ("A", None),
        ("B", Decimal(120)),
    ]
    assert revision.behaviours.get(value="LOYAL").special_expectation == "Menjaga rahasia"
    assert list(revision.attachments.values_list("text", flat=True)) == ["Laptop"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    [event] = events(AuditAction.PLAN_REVISION_STARTED)
    assert event.changes == {"revises": plan.pk, "revision": 2, "reason": "Pindah loket"}


def test_only_one_revision_is_open_at_a_time(org, year):
    plan = approved_plan(org.staf, year)
    open_revision = revise(plan)

    with pytest.raises(PlanRefused, match="Revision 2 is already being prepared") as refusal:
        start_revision(actor=org.staf.user, plan=plan, reason="Lagi")
    assert refusal.value.plan == open_revision


def test_a_revision_needs_a_reason_and_the_owner(org, year, atasan):
    plan = approved_plan(org.staf, year)
    with pytest.raises(PlanRefused, match="Say why the SKP changes"):
        start_revision(actor=org.staf.user, plan=plan, reason="")
    with pytest.raises(PermissionDenied):
        start_revision(actor=atasan, plan=plan, reason="Atasan ingin")


def test_approving_a_revision_supersedes_the_old_plan_and_keeps_history(org, year, atasan):
    plan = approved_plan(org.staf, year)
    revision = revise(plan)
    add_result(revision, "RHK baru")
    submit(revision)

    approve_plan(actor=atasan, plan=revision)

    plan.refresh_from_db()
    revision.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    assert revision.status == PlanStatus.APPROVED
    assert list(
        PerformancePlan.objects.filter(employee=org.staf)
        .order_by("revision")
        .values_list("revision", "status")
    ) == [(1, PlanStatus.SUPERSEDED), (2, PlanStatus.APPROVED)]
    assert events(AuditAction.PLAN_APPROVED)[-1].changes["superseded"] == plan.pk
    # A later revision starts from the newest approved one.
    third = revise(revision)
    assert third.revision == 3


def test_the_teams_links_follow_the_leaders_approved_revision(org, year, atasan, pimpinan):
    # given kasi's approved plan that staf's approved plan intervenes in
    staf_plan = approved_plan(org.staf, year)
    kasi_plan = org.kasi.plans.get()
    old_rhk = kasi_plan.results.get()
    assert staf_plan.results.get().intervenes == old_rhk
    # when kasi's revision (same RHK text) is approved
    revision = submit(revise(kasi_plan))
    approve_plan(actor=pimpinan, plan=revision)
    # then staf's RHK points to the same RHK in the revision in force
    assert staf_plan.results.get().intervenes == revision.results.get()
    assert events(AuditAction.PLAN_APPROVED)[-1].changes["relinked"] == 1
