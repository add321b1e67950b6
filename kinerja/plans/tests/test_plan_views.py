from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.plans.models import PerformancePlan, PlanAttachment, WorkResult
from kinerja.plans.tests.factories import (
    Iki,
    Rhk,
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


@pytest.fixture
def year(org):
    return performance_year(2026)


@pytest.fixture
def draft(org, year):
    return draft_plan(org.staf, year, approve_leader=True)


def url(name: str, *args: object) -> str:
    return reverse(f"plans:{name}", args=args)


# -- who sees a plan ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staf", 200),  # the employee
        ("kasi", 200),  # the appraiser
        ("camat", 200),  # the pimpinan, above the appraiser
        ("admin", 200),  # HR admin
        ("rekan", 404),  # a colleague in the same unit
        ("lurah", 404),  # another unit of the same office
        ("asing", 404),  # another organisation
    ],
)
def test_who_may_read_a_plan(org, client_as, draft, persona, status):
    response = client_as(getattr(org, persona).user).get(url("plan_detail", draft.pk))
    assert response.status_code == status


def test_an_outsider_gets_404_everywhere(client_as, outsider, draft):
    client = client_as(outsider)
    for address in [url("plan_detail", draft.pk), *edit_urls(draft)]:
        assert client.get(address).status_code == 404, address
    for step in ("plan_submit", "plan_approve", "plan_return", "plan_revise", "behaviours_update"):
        assert client.post(url(step, draft.pk), {"reason": "x"}).status_code == 404


def test_the_plan_page_shows_the_6_2022_blocks(org, client_as, year):
    plan = approved_plan(
        org.staf,
        year,
        results=[
            Rhk("Layanan KTP"),
            Rhk("Sosialisasi", kind=WorkResult.Kind.ADDITIONAL, link=False),
        ],
        attachments={PlanAttachment.Kind.RESOURCES: ["Laptop kantor"]},
        expectations={"LOYAL": "Menjaga rahasia jabatan"},
    )

    response = client_as(org.staf.user).get(url("plan_detail", plan.pk))

    html = response.content.decode()
    for text in (
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "A. KINERJA UTAMA",
        "B. KINERJA TAMBAHAN",
        "PERILAKU KERJA",
        "LAMPIRAN SKP",
        "Layanan KTP",
        "Sosialisasi",
        "Laptop kantor",
        "Menjaga rahasia jabatan",
        org.kasi.nip,
        org.kasi.plans.get().results.get().text,  # the leader's RHK intervened in
        url("plan_realisations", plan.pk),
        url("plan_feedback", plan.pk),
        url("plan_pdf", plan.pk),
        url("plan_revise", plan.pk),
    ):
        assert text in html
    assert url("plan_approve", plan.pk) not in html


def test_the_plan_page_reads_a_fixed_number_of_queries(
    org, client_as, year, django_assert_max_num_queries
):
    small = approved_plan(org.staf, year, results=[Rhk("Satu")])
    large = approved_plan(org.rekan, year, results=[Rhk(f"RHK {n}") for n in range(12)])
    client = client_as(org.kasi.user)
    client.get(url("plan_detail", small.pk))

    with django_assert_max_num_queries(18) as small_run:
        client.get(url("plan_detail", small.pk))
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        client.get(url("plan_detail", large.pk))


def test_buttons_follow_the_role(org, client_as, year):
    plan = submitted_plan(org.staf, year)

    as_appraiser = client_as(org.kasi.user).get(url("plan_detail", plan.pk)).content.decode()
    as_employee = client_as(org.staf.user).get(url("plan_detail", plan.pk)).content.decode()
    as_pimpinan = client_as(org.camat.user).get(url("plan_detail", plan.pk)).content.decode()

    assert url("plan_approve", plan.pk) in as_appraiser
    assert url("plan_return", plan.pk) in as_appraiser
    assert url("behaviours_update", plan.pk) in as_appraiser
    for html in (as_employee, as_pimpinan):
        assert url("plan_approve", plan.pk) not in html
        assert url("behaviours_update", plan.pk) not in html
    assert url("result_create", plan.pk) not in as_employee  # submitted: read-only


# -- SKP saya and starting one -----------------------------------------------------------------


def test_my_plans_offers_to_start_one(org, client_as, year):
    response = client_as(org.staf.user).get(url("my_plans"))
    assert response.status_code == 200
    assert url("plan_create") in response.content.decode()


def test_my_plans_lists_the_current_plan_and_every_revision(org, client_as, year):
    plan = approved_plan(org.staf, year)
    revision = revise(plan, "Pindah loket")

    html = client_as(org.staf.user).get(url("my_plans")).content.decode()

    assert url("plan_detail", plan.pk) in html
    assert url("plan_detail", revision.pk) in html
    assert "Pindah loket" in html
    assert url("plan_create") not in html


def test_my_plans_for_an_account_without_employee(client_as, outsider, year):
    response = client_as(outsider).get(url("my_plans"))
    assert response.status_code == 200
    assert url("plan_create") not in response.content.decode()


def test_starting_a_plan(org, client_as, year):
    response = client_as(org.staf.user).post(
        url("plan_create"),
        {"performance_year": year.pk, "approach": PerformancePlan.Approach.QUALITATIVE},
    )

    plan = PerformancePlan.objects.get(employee=org.staf)
    assert response.status_code == 302
    assert response["Location"] == url("plan_detail", plan.pk)
    assert plan.approach == PerformancePlan.Approach.QUALITATIVE


def test_starting_a_second_plan_leads_to_the_first(org, client_as, draft, year):
    response = client_as(org.staf.user).post(
        url("plan_create"),
        {"performance_year": year.pk, "approach": PerformancePlan.Approach.QUANTITATIVE},
    )
    assert response["Location"] == url("plan_detail", draft.pk)
    assert PerformancePlan.objects.filter(employee=org.staf).count() == 1


def test_an_outsider_cannot_start_a_plan(client_as, outsider, year):
    assert client_as(outsider).get(url("plan_create")).status_code == 404


# -- editing -------------------------------------------------------------------------------------


def edit_urls(plan: PerformancePlan) -> list[str]:
    result = plan.results.first()
    indicator = result.indicators.first()
    return [
        url("plan_update", plan.pk),
        url("result_create", plan.pk),
        url("result_update", plan.pk, result.pk),
        url("result_delete", plan.pk, result.pk),
        url("indicator_create", plan.pk, result.pk),
        url("indicator_update", plan.pk, indicator.pk),
        url("indicator_delete", plan.pk, indicator.pk),
        url("attachments_update", plan.pk),
    ]


def test_the_employee_opens_every_edit_page_of_a_draft(org, client_as, draft):
    client = client_as(org.staf.user)
    for address in edit_urls(draft):
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize(
    ("persona", "status"),
    [("kasi", 403), ("camat", 403), ("admin", 403), ("rekan", 404), ("asing", 404)],
)
def test_others_cannot_edit_the_draft(org, client_as, draft, persona, status):
    client = client_as(getattr(org, persona).user)
    for address in edit_urls(draft):
        assert client.get(address).status_code == status, address
        assert client.post(address, {"text": "x"}).status_code == status, address


def test_a_submitted_plan_is_not_editable_by_the_employee(org, client_as, year):
    plan = submitted_plan(org.staf, year)
    client = client_as(org.staf.user)
    for address in edit_urls(plan):
        assert client.get(address).status_code == 403, address


def test_an_rhk_of_another_plan_is_not_found(org, client_as, draft, year):
    other = draft_plan(org.rekan, year)
    client = client_as(org.staf.user)
    foreign = other.results.get()
    assert client.get(url("result_update", draft.pk, foreign.pk)).status_code == 404
    assert (
        client.get(url("indicator_update", draft.pk, foreign.indicators.get().pk)).status_code
        == 404
    )


def test_adding_an_rhk_that_intervenes_then_its_iki(org, client_as, year):
    leader = approved_plan(org.kasi, year)
    plan = draft_plan(org.staf, year, results=[])
    client = client_as(org.staf.user)
    leader_rhk = leader.results.get()

    form_page = client.get(url("result_create", plan.pk)).content.decode()
    assert leader_rhk.text in form_page
    response = client.post(
        url("result_create", plan.pk),
        {"kind": WorkResult.Kind.MAIN, "text": "Layanan KTP", "intervenes": str(leader_rhk.pk)},
    )
    result = plan.results.get()
    assert response["Location"] == url("indicator_create", plan.pk, result.pk)
    assert result.intervenes == leader_rhk

    response = client.post(
        url("indicator_create", plan.pk, result.pk),
        {
            "text": "Dokumen selesai",
            "aspect": "KUANTITAS",
            "target_min": "7",
            "target_max": "8",
            "unit": "bulan",
            "lower_is_better": "on",
        },
    )
    assert response.status_code == 302
    iki = result.indicators.get()
    assert (iki.target_min, iki.target_max, iki.lower_is_better) == (Decimal(7), Decimal(8), True)


def test_a_refused_iki_shows_the_error_at_its_field(org, client_as, draft):
    result = draft.results.get()
    response = client_as(org.staf.user).post(
        url("indicator_create", draft.pk, result.pk),
        {
            "text": "Dokumen",
            "aspect": "KUANTITAS",
            "target_min": "9",
            "target_max": "3",
            "unit": "x",
        },
    )
    assert response.status_code == 200
    assert "target_max" in response.context["form"].errors
    assert result.indicators.count() == 1


def test_the_intervenes_choice_groups_the_appraisers_rhk_by_plan_status(org, client_as, year):
    leader = approved_plan(org.kasi, year, results=[Rhk("RHK disetujui")])
    revision = revise(leader)
    plan = draft_plan(org.staf, year, results=[])

    response = client_as(org.staf.user).get(url("result_create", plan.pk))

    choices = response.context["form"].fields["intervenes"].choices
    groups = [label for label, options in choices if isinstance(options, list)]
    assert len(groups) == 2
    assert str(revision.results.get().pk) in {
        value for _label, options in choices[1:] for value, _text in options
    }


def test_removing_an_rhk_and_an_iki_through_their_pages(org, client_as, year):
    plan = draft_plan(org.staf, year, approve_leader=True, results=["Satu", "Dua"])
    client = client_as(org.staf.user)
    first, second = plan.results.order_by("order")

    client.post(url("indicator_delete", plan.pk, second.indicators.get().pk))
    response = client.post(url("result_delete", plan.pk, first.pk))

    assert response.status_code == 302
    assert list(plan.results.all()) == [second]
    assert not second.indicators.exists()


def test_the_lampiran_form_saves_one_line_per_item(org, client_as, draft):
    client_as(org.staf.user).post(
        url("attachments_update", draft.pk),
        {
            "DUKUNGAN_SUMBER_DAYA": "Laptop\r\n\r\nInternet",
            "SKEMA_PERTANGGUNGJAWABAN": "Laporan bulanan",
            "KONSEKUENSI": "",
        },
    )
    assert list(draft.attachments.values_list("text", flat=True)) == [
        "Laptop",
        "Internet",
        "Laporan bulanan",
    ]


def test_changing_the_approach(org, client_as, draft):
    client_as(org.staf.user).post(url("plan_update", draft.pk), {"approach": "KUALITATIF"})
    draft.refresh_from_db()
    assert draft.approach == "KUALITATIF"


# -- expectations --------------------------------------------------------------------------------


def test_the_appraiser_writes_the_expectations(org, client_as, year):
    plan = submitted_plan(org.staf, year)
    client = client_as(org.kasi.user)

    assert client.get(url("behaviours_update", plan.pk)).status_code == 200
    client.post(url("behaviours_update", plan.pk), {"ADAPTIF": "Mencoba aplikasi antrean"})

    assert plan.behaviours.get(value="ADAPTIF").special_expectation == "Mencoba aplikasi antrean"


@pytest.mark.parametrize(("persona", "status"), [("staf", 403), ("camat", 403), ("rekan", 404)])
def test_only_the_appraiser_writes_expectations(org, client_as, year, persona, status):
    plan = submitted_plan(org.staf, year)
    client = client_as(getattr(org, persona).user)
    assert client.get(url("behaviours_update", plan.pk)).status_code == status
    assert client.post(url("behaviours_update", plan.pk), {"LOYAL": "x"}).status_code == status
    assert not plan.behaviours.filter(special_expectation="x").exists()


# -- the workflow ------------------------------------------------------------------------------


def test_submit_shows_what_is_missing(org, client_as, year):
    plan = draft_plan(org.staf, year, results=[Rhk("Layanan KTP", indicators=())])

    response = client_as(org.staf.user).get(url("plan_submit", plan.pk))

    assert response.status_code == 200
    assert len(response.context["problems"]) == 2  # no IKI; the leader's plan is not approved
    assert 'class="submission-problems"' in response.content.decode()


def test_submit_return_correct_and_approve(org, client_as, draft):
    employee, appraiser = client_as(org.staf.user), client_as(org.kasi.user)

    assert employee.post(url("plan_submit", draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED

    response = appraiser.post(url("plan_return", draft.pk), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    appraiser.post(url("plan_return", draft.pk), {"reason": "Target terlalu rendah"})
    draft.refresh_from_db()
    assert draft.status == PlanStatus.RETURNED

    page = employee.get(url("plan_detail", draft.pk)).content.decode()
    assert 'id="return-reason"' in page
    assert "Target terlalu rendah" in page

    employee.post(url("plan_submit", draft.pk))
    assert appraiser.get(url("plan_approve", draft.pk)).status_code == 200
    appraiser.post(url("plan_approve", draft.pk))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.APPROVED


@pytest.mark.parametrize("step", ["plan_approve", "plan_return"])
@pytest.mark.parametrize(("persona", "status"), [("staf", 403), ("camat", 403), ("rekan", 404)])
def test_only_the_appraiser_decides(org, client_as, year, *, step, persona, status):
    plan = submitted_plan(org.staf, year)
    client = client_as(getattr(org, persona).user)

    assert client.get(url(step, plan.pk)).status_code == status
    assert client.post(url(step, plan.pk), {"reason": "x"}).status_code == status
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_approving_a_draft_is_forbidden(org, client_as, draft):
    assert client_as(org.kasi.user).post(url("plan_approve", draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_the_appraiser_cannot_submit_for_the_employee(org, client_as, draft):
    assert client_as(org.kasi.user).post(url("plan_submit", draft.pk)).status_code == 403


def test_a_revision_from_its_confirmation_page(org, client_as, year):
    plan = approved_plan(org.staf, year)
    client = client_as(org.staf.user)

    response = client.post(url("plan_revise", plan.pk), {"reason": ""})
    assert response.status_code == 200
    response = client.post(url("plan_revise", plan.pk), {"reason": "Tugas baru dari camat"})

    revision = PerformancePlan.objects.get(employee=org.staf, revision=2)
    assert response["Location"] == url("plan_detail", revision.pk)
    assert client.get(url("plan_revise", plan.pk)).status_code == 403  # one open at a time
    html = client.get(url("plan_detail", revision.pk)).content.decode()
    assert "Tugas baru dari camat" in html
    assert url("plan_detail", plan.pk) in html  # the history links the old revision


def test_the_appraiser_cannot_start_a_revision(org, client_as, year):
    plan = approved_plan(org.staf, year)
    assert client_as(org.kasi.user).get(url("plan_revise", plan.pk)).status_code == 403


def test_an_old_revision_is_read_only(org, client_as, year):
    plan = approved_plan(org.staf, year)
    revision = submit(revise(plan))
    client_as(org.kasi.user).post(url("plan_approve", revision.pk))

    html = client_as(org.staf.user).get(url("plan_detail", plan.pk)).content.decode()
    assert 'data-status="DIGANTI"' in html
    assert url("plan_revise", plan.pk) not in html
    assert url("result_create", plan.pk) not in html


# -- SKP bawahan -----------------------------------------------------------------------------------


def test_team_plans_lists_the_direct_reports_to_approve_first(org, client_as, year):
    draft_plan(org.rekan, year)
    submitted = submitted_plan(org.staf, year)

    response = client_as(org.kasi.user).get(url("team_plans"))

    rows = response.context["rows"]
    assert [(row.employee, row.status) for row in rows] == [
        (org.staf, "DIAJUKAN"),
        (org.rekan, "DRAFT"),
    ]
    assert rows[0].plan == submitted
    assert url("plan_detail", submitted.pk) in response.content.decode()


def test_team_plans_filters_by_status_and_search(org, client_as, year):
    send_back(submitted_plan(org.staf, year))
    client = client_as(org.kasi.user)

    by_status = client.get(url("team_plans"), {"status": "DIKEMBALIKAN"}).context["rows"]
    nobody = client.get(url("team_plans"), {"status": "NONE"}).context["rows"]
    by_name = client.get(url("team_plans"), {"q": "rekan"}).context["rows"]

    assert [row.employee for row in by_status] == [org.staf]
    assert [row.employee for row in nobody] == [org.rekan]
    assert [row.employee for row in by_name] == [org.rekan]


def test_an_approved_plan_with_an_open_revision_shows_both(org, client_as, year):
    plan = approved_plan(org.staf, year)
    revision = revise(plan)

    [row] = client_as(org.kasi.user).get(url("team_plans"), {"q": "staf"}).context["rows"]

    assert (row.status, row.plan, row.open_revision) == ("DISETUJUI", plan, revision)


def test_the_pimpinan_sees_their_direct_reports(org, client_as, year):
    rows = client_as(org.camat.user).get(url("team_plans")).context["rows"]
    assert {row.employee for row in rows} == {org.admin, org.kasi, org.lurah}


def test_someone_without_a_team_sees_an_empty_list(org, client_as, year):
    response = client_as(org.staf.user).get(url("team_plans"))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_team_plans_reads_a_fixed_number_of_queries(
    org, client_as, year, django_assert_max_num_queries
):
    def grow(count: int) -> None:
        for _ in range(count):
            member = EmployeeFactory(
                position=PositionFactory(unit=org.pelayanan),
                supervisor=org.kasi,
                user=UserFactory(),
            )
            draft_plan(member, year, results=[Rhk("X", indicators=())])

    client = client_as(org.kasi.user)
    grow(3)
    client.get(url("team_plans"))
    with django_assert_max_num_queries(20) as small:
        client.get(url("team_plans"))
    grow(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("team_plans"))
    assert len(response.context["rows"]) == 25  # staf, rekan and the 23 new ones


def test_target_numbers_are_shown_without_trailing_zeros(org, client_as, year):
    plan = approved_plan(
        org.staf,
        year,
        results=[Rhk(indicators=[Iki(target_min=Decimal("97.5"), target_max=Decimal(99))])],
    )
    html = client_as(org.staf.user).get(url("plan_detail", plan.pk)).content.decode()
    assert "97,5 – 99 dokumen" in html
