"""Realisation per IKI and period, and its evidence: the services' rules (who, which plan,
which periods, number or narrative, file or link), their audit events, the storage of the
files, and the realisation pages."""

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.organization.models import PerformanceYear, Period
from kinerja.plans.models import Evidence, PerformancePlan, Realisation, ResultIndicator
from kinerja.plans.services import execution as execution_services
from kinerja.plans.services.execution import (
    MAX_EVIDENCE_PER_REALISATION,
    ExecutionRefused,
    add_evidence,
    delete_evidence,
    save_realisation,
)
from kinerja.plans.tests.factories import (
    Iki,
    Rhk,
    approved_plan,
    draft_plan,
    performance_year,
    submitted_plan,
)
from kinerja.plans.tests.test_uploads import HTML, pdf_bytes, png_bytes
from kinerja.plans.uploads import UploadRefused

WIB = ZoneInfo("Asia/Jakarta")
TODAY = datetime(2026, 4, 15, 10, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def evidence_dir(settings, tmp_path) -> Path:
    directory: Path = tmp_path / "evidence"
    settings.KINERJA_EVIDENCE_DIR = directory
    return directory


@pytest.fixture
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def plan(org) -> PerformancePlan:
    """staf's approved SKP 2026: one RHK with an IKI of 100 dokumen."""
    return approved_plan(org.staf, 2026)


def indicator_of(plan: PerformancePlan) -> ResultIndicator:
    return ResultIndicator.objects.filter(work_result__plan=plan).order_by("pk").first()


def period(code: str) -> Period:
    return Period.objects.get(code=code)


def stored_files(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if path.is_file()] if directory.exists() else []


def record(plan, code="2026-03", value=Decimal(80), narrative="") -> Realisation:
    return save_realisation(
        actor=plan.employee.user,
        indicator=indicator_of(plan),
        period=period(code),
        value=value,
        narrative=narrative,
    )


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# -- save_realisation ----------------------------------------------------------------------


def test_the_owner_records_the_realisation_of_a_started_month(org, plan):
    realisation = record(plan, "2026-03", Decimal("80.5"), "Dua berkas menunggu tanda tangan")

    assert realisation.value == Decimal("80.5000")
    assert realisation.narrative == "Dua berkas menunggu tanda tangan"
    assert realisation.updated_by == org.staf.user
    event = AuditEvent.objects.get(action=AuditAction.REALISATION_SAVED)
    assert event.actor == org.staf.user
    assert event.target_id == str(realisation.pk)
    assert event.changes["period"] == "2026-03"
    assert event.changes["value"] == [None, "80.5000"]


def test_a_correction_records_old_and_new_and_an_unchanged_save_records_nothing(plan):
    record(plan, value=Decimal(80))
    record(plan, value=Decimal(80))
    realisation = record(plan, value=Decimal(95))

    events = AuditEvent.objects.filter(action=AuditAction.REALISATION_SAVED).order_by("seq")
    assert events.count() == 2
    assert events.last().changes["value"] == ["80.0000", "95.0000"]
    assert Realisation.objects.get().pk == realisation.pk


def test_the_current_month_is_open(plan):
    assert record(plan, "2026-04").period.code == "2026-04"


@pytest.mark.usefixtures("_english_messages")
def test_refuses_a_month_that_has_not_started(plan):
    with pytest.raises(ExecutionRefused, match="2026-05 has not started yet"):
        record(plan, "2026-05")
    assert not Realisation.objects.exists()


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize("code", ["2026-Q1", "2026"])
def test_a_monthly_year_is_realised_per_month(plan, code):
    with pytest.raises(ExecutionRefused, match="recorded per period of 2026"):
        record(plan, code)


@pytest.mark.usefixtures("_english_messages")
def test_refuses_a_period_of_another_year(plan):
    performance_year(2025)
    with pytest.raises(ExecutionRefused, match="per period of 2026"):
        record(plan, "2025-11")


def test_a_quarterly_year_is_realised_per_triwulan(org):
    PerformanceYear.objects.filter(year=2026).delete()
    year = performance_year(2026)
    year.periodicity = PerformanceYear.Periodicity.QUARTERLY
    year.save()
    plan = approved_plan(org.staf, year)

    assert record(plan, "2026-Q1").period.code == "2026-Q1"
    with pytest.raises(ExecutionRefused):
        record(plan, "2026-03")


@pytest.mark.usefixtures("_english_messages")
def test_only_the_owner_records(org, plan):
    for other in (org.kasi, org.camat, org.rekan, org.admin):
        with pytest.raises(PermissionDenied, match="Only the employee whose SKP"):
            save_realisation(
                actor=other.user,
                indicator=indicator_of(plan),
                period=period("2026-03"),
                value=Decimal(1),
                narrative="",
            )
    assert not Realisation.objects.exists()


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize("make", [draft_plan, submitted_plan])
def test_refuses_a_plan_that_is_not_approved(org, make):
    plan = make(org.rekan, 2026)

    with pytest.raises(ExecutionRefused, match="on the approved SKP in force"):
        record(plan)


@pytest.mark.usefixtures("_english_messages")
def test_a_numeric_target_needs_a_number(plan):
    with pytest.raises(ExecutionRefused, match="as a number") as refused:
        record(plan, value=None, narrative="Sudah banyak")
    assert refused.value.field == "value"


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize("value", [Decimal(-1), Decimal("NaN"), Decimal("1e12")])
def test_refuses_values_that_are_not_a_realisation(plan, value):
    with pytest.raises(ExecutionRefused) as refused:
        record(plan, value=value)
    assert refused.value.field == "value"


@pytest.mark.usefixtures("_english_messages")
def test_a_qualitative_plan_is_realised_in_words(org):
    plan = approved_plan(org.staf, 2026, approach=PerformancePlan.Approach.QUALITATIVE)

    with pytest.raises(ExecutionRefused, match="in words, not as a number"):
        record(plan, value=Decimal(3), narrative="Selesai")
    with pytest.raises(ExecutionRefused, match="Describe what was achieved"):
        record(plan, value=None, narrative="  ")
    assert record(plan, value=None, narrative="Semua arsip tertata").value is None


@pytest.mark.usefixtures("_english_messages")
def test_an_iki_with_only_a_described_target_takes_a_narrative(plan):
    ResultIndicator.objects.filter(pk=indicator_of(plan).pk).update(target_min=None)

    with pytest.raises(ExecutionRefused, match="Describe what was achieved"):
        record(plan, value=None, narrative="")
    assert record(plan, value=None, narrative="Arsip 2025 sudah tertata").narrative


# -- add_evidence --------------------------------------------------------------------------


def test_the_owner_attaches_a_link(org, plan, evidence_dir):
    realisation = record(plan)

    evidence = add_evidence(
        actor=org.staf.user,
        realisation=realisation,
        description=" Notulen rapat Maret ",
        url="https://drive.example.go.id/notulen-maret",
    )

    assert evidence.description == "Notulen rapat Maret"
    assert evidence.url == "https://drive.example.go.id/notulen-maret"
    assert not evidence.file
    assert stored_files(evidence_dir) == []
    event = AuditEvent.objects.get(action=AuditAction.EVIDENCE_ADDED)
    assert event.changes["url"] == evidence.url


def test_the_owner_uploads_a_file_stored_under_a_generated_name(org, plan, evidence_dir):
    realisation = record(plan)

    evidence = add_evidence(
        actor=org.staf.user,
        realisation=realisation,
        description="Laporan bulanan",
        upload=upload(pdf_bytes(), "Laporan Maret.pdf"),
    )

    files = stored_files(evidence_dir)
    assert len(files) == 1
    assert files[0].read_bytes() == pdf_bytes()
    assert files[0].name == evidence.file.name
    assert "Laporan" not in evidence.file.name
    assert evidence.original_name == "Laporan Maret.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(pdf_bytes())
    assert evidence.uploaded_by == org.staf.user
    event = AuditEvent.objects.get(action=AuditAction.EVIDENCE_ADDED)
    assert event.changes["file"] == evidence.file.name
    assert event.changes["original_name"] == "Laporan Maret.pdf"


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize(
    "case",
    [
        (HTML, "bukti.pdf", "its content is not PDF"),
        (png_bytes(), "bukti.pdf", "its content is PNG"),
        (pdf_bytes(), "../../etc/passwd.pdf", "contains folder names"),
        (pdf_bytes(), "..\\..\\bukti.pdf", "contains folder names"),
    ],
)
def test_a_refused_file_leaves_nothing_behind(org, plan, evidence_dir, case):
    content, name, message = case
    realisation = record(plan)
    AuditEvent.objects.all().delete()

    with pytest.raises(UploadRefused, match=message):
        add_evidence(
            actor=org.staf.user,
            realisation=realisation,
            description="Bukti",
            upload=File(io.BytesIO(content), name=name),
        )

    assert stored_files(evidence_dir) == []
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.usefixtures("_english_messages")
def test_a_file_over_the_limit_is_refused_with_the_limit(org, plan, evidence_dir, settings):
    settings.KINERJA_EVIDENCE_MAX_BYTES = 1024 * 1024
    realisation = record(plan)

    with pytest.raises(UploadRefused, match="files up to 1 MB are accepted"):
        add_evidence(
            actor=org.staf.user,
            realisation=realisation,
            description="Bukti",
            upload=upload(pdf_bytes(padding=1024 * 1024), "besar.pdf"),
        )
    assert stored_files(evidence_dir) == []
    assert not Evidence.objects.exists()


@pytest.mark.usefixtures("_english_messages")
def test_the_appraiser_cannot_attach_and_nothing_is_stored(org, plan, evidence_dir):
    realisation = record(plan)

    with pytest.raises(PermissionDenied):
        add_evidence(
            actor=org.kasi.user,
            realisation=realisation,
            description="Bukti",
            upload=upload(pdf_bytes(), "bukti.pdf"),
        )
    assert stored_files(evidence_dir) == []


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize(
    "case",
    [
        (True, "https://example.go.id/x", "either a file or a link, not both"),
        (False, "", "Attach a file or give a link"),
        (False, "javascript:alert(1)", "full web address"),
        (False, "ftp://example.go.id/x", "full web address"),
    ],
)
def test_evidence_is_one_file_or_one_link(org, plan, evidence_dir, case):
    with_file, url, message = case
    realisation = record(plan)

    with pytest.raises(ExecutionRefused, match=message):
        add_evidence(
            actor=org.staf.user,
            realisation=realisation,
            description="Bukti",
            upload=upload(pdf_bytes(), "bukti.pdf") if with_file else None,
            url=url,
        )
    assert stored_files(evidence_dir) == []
    assert not Evidence.objects.exists()


@pytest.mark.usefixtures("_english_messages")
def test_evidence_needs_a_description(org, plan):
    with pytest.raises(ExecutionRefused, match="Say what this evidence shows") as refused:
        add_evidence(
            actor=org.staf.user, realisation=record(plan), description=" ", url="https://a.id"
        )
    assert refused.value.field == "description"


def test_a_failure_after_storing_removes_the_file(org, plan, evidence_dir, monkeypatch):
    realisation = record(plan)

    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(execution_services, "record_event", broken)
    with pytest.raises(RuntimeError):
        add_evidence(
            actor=org.staf.user,
            realisation=realisation,
            description="Bukti",
            upload=upload(pdf_bytes(), "bukti.pdf"),
        )

    assert stored_files(evidence_dir) == []
    assert not Evidence.objects.exists()


@pytest.mark.usefixtures("_english_messages")
def test_a_realisation_takes_a_bounded_number_of_pieces(org, plan, evidence_dir):
    realisation = record(plan)
    for n in range(MAX_EVIDENCE_PER_REALISATION):
        add_evidence(
            actor=org.staf.user,
            realisation=realisation,
            description=f"Bukti {n}",
            url=f"https://a.id/{n}",
        )

    with pytest.raises(ExecutionRefused, match="shared folder"):
        add_evidence(
            actor=org.staf.user,
            realisation=realisation,
            description="Satu lagi",
            upload=upload(pdf_bytes(), "bukti.pdf"),
        )
    assert stored_files(evidence_dir) == []


# -- delete_evidence -----------------------------------------------------------------------


def test_deleting_removes_the_file_once_committed(
    org, plan, evidence_dir, django_capture_on_commit_callbacks
):
    evidence = add_evidence(
        actor=org.staf.user,
        realisation=record(plan),
        description="Bukti",
        upload=upload(pdf_bytes(), "bukti.pdf"),
    )

    with django_capture_on_commit_callbacks() as callbacks:
        delete_evidence(actor=org.staf.user, evidence=evidence)
        # given the row is gone, the file stays until the transaction commits
        assert not Evidence.objects.exists()
        assert len(stored_files(evidence_dir)) == 1
    for callback in callbacks:
        callback()

    assert stored_files(evidence_dir) == []
    event = AuditEvent.objects.get(action=AuditAction.EVIDENCE_DELETED)
    assert event.changes["original_name"] == "bukti.pdf"


@pytest.mark.usefixtures("_english_messages")
def test_only_the_owner_deletes(org, plan, evidence_dir, django_capture_on_commit_callbacks):
    evidence = add_evidence(
        actor=org.staf.user,
        realisation=record(plan),
        description="Bukti",
        upload=upload(pdf_bytes(), "bukti.pdf"),
    )

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        delete_evidence(actor=org.kasi.user, evidence=evidence)

    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert len(stored_files(evidence_dir)) == 1


# -- pages ---------------------------------------------------------------------------------


def my_url(**query) -> str:
    base = reverse("plans:my_realisations")
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def edit_url(plan, code="2026-03") -> str:
    return reverse(
        "plans:realisation_edit",
        kwargs={"plan_id": plan.pk, "indicator_id": indicator_of(plan).pk, "period": code},
    )


def test_without_an_approved_plan_the_page_points_to_my_skp(org, client_as):
    draft_plan(org.staf, 2026)

    response = client_as(org.staf.user).get(my_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-empty="no-approved-plan"' in page
    assert f'href="{reverse("plans:my_plans")}"' in page


def test_an_account_without_an_employee_gets_the_empty_state(org, client_as):
    response = client_as(org.outsider).get(my_url())

    assert response.status_code == 200
    assert 'data-empty="no-approved-plan"' in response.content.decode()


def test_my_page_shows_each_iki_by_month_with_achievement_and_evidence(
    org, plan, client_as, evidence_dir
):
    realisation = record(plan, "2026-03", Decimal(80))
    add_evidence(actor=org.staf.user, realisation=realisation, description="B", url="https://a.id")

    response = client_as(org.staf.user).get(my_url(period="2026-03"))

    page = response.content.decode()
    assert response.status_code == 200
    grid = response.context["grid"]
    assert [p.code for p in grid.periods] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert grid.selected.code == "2026-03"
    ((_row, cell),) = grid.selected_cells
    assert cell.achievement == Decimal("80.00")
    assert cell.evidence_count == 1
    assert 'data-period="2026-03" aria-current="page"' in page
    assert 'data-evidence-count="1"' in page
    assert f'href="{edit_url(plan)}"' in page


def test_the_period_shown_by_default_is_the_running_month(plan, client_as):
    response = client_as(plan.employee.user).get(my_url())

    assert response.context["grid"].selected.code == "2026-04"


def test_a_target_no_achievement_can_be_computed_against_shows_none(plan, client_as):
    ResultIndicator.objects.filter(pk=indicator_of(plan).pk).update(target_min=0)
    record(plan, "2026-03", Decimal(5))

    response = client_as(plan.employee.user).get(my_url(period="2026-03"))

    assert response.status_code == 200
    ((_row, cell),) = response.context["grid"].selected_cells
    assert cell.achievement is None
    assert cell.value == Decimal(5)


def test_lower_is_better_and_ranges_use_the_regulation(org, client_as):
    plan = approved_plan(
        org.staf,
        2026,
        results=[
            Rhk(
                indicators=[
                    Iki(
                        text="Waktu layanan",
                        target_min=Decimal(7),
                        target_max=Decimal(8),
                        unit="hari",
                        lower_is_better=True,
                    ),
                ]
            )
        ],
    )
    record(plan, "2026-03", Decimal("6.5"))

    response = client_as(org.staf.user).get(my_url(period="2026-03"))

    ((_row, cell),) = response.context["grid"].selected_cells
    assert cell.achievement == Decimal("107.14")


@pytest.mark.parametrize("who", ["kasi", "camat", "admin"])
def test_the_chain_sees_the_plan_realisation(org, plan, client_as, who):
    record(plan)

    response = client_as(getattr(org, who).user).get(
        reverse("plans:plan_realisations", kwargs={"plan_id": plan.pk})
    )

    assert response.status_code == 200
    assert response.context["grid"].rows


@pytest.mark.parametrize("who", ["rekan", "lurah", "asing", "outsider"])
def test_others_do_not_learn_the_plan_exists(org, plan, client_as, who):
    user = org.outsider if who == "outsider" else getattr(org, who).user
    client = client_as(user)

    assert (
        client.get(reverse("plans:plan_realisations", kwargs={"plan_id": plan.pk})).status_code
        == 404
    )
    assert client.get(edit_url(plan)).status_code == 404


def test_the_owner_saves_through_the_page(plan, client_as):
    response = client_as(plan.employee.user).post(
        edit_url(plan), {"action": "realisation", "value": "75,5", "narrative": "Catatan"}
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(plan)
    realisation = Realisation.objects.get()
    assert realisation.value == Decimal("75.5")
    assert realisation.narrative == "Catatan"


def test_a_refused_save_shows_the_form_again(plan, client_as):
    response = client_as(plan.employee.user).post(
        edit_url(plan), {"action": "realisation", "value": "", "narrative": "Tanpa angka"}
    )

    assert response.status_code == 200
    assert response.context["realisation_form"].errors["value"]
    assert not Realisation.objects.exists()


def test_the_appraiser_reads_but_does_not_record(org, plan, client_as):
    record(plan)
    client = client_as(org.kasi.user)

    page = client.get(edit_url(plan))
    post = client.post(edit_url(plan), {"action": "realisation", "value": "1"})

    assert page.status_code == 200
    assert page.context["realisation_form"] is None
    assert post.status_code == 403
    assert Realisation.objects.get().value == Decimal(80)


def test_a_future_period_is_shown_read_only(plan, client_as):
    response = client_as(plan.employee.user).get(edit_url(plan, "2026-06"))

    assert response.status_code == 200
    assert response.context["may_record"] is False


@pytest.mark.parametrize("code", ["2026-Q1", "2025-03", "bukan-periode"])
def test_periods_that_are_not_the_plans_are_not_found(plan, client_as, code):
    performance_year(2025)
    assert client_as(plan.employee.user).get(edit_url(plan, code)).status_code == 404


def test_an_iki_of_another_plan_is_not_found(org, plan, client_as):
    other = approved_plan(org.rekan, 2026)
    url = reverse(
        "plans:realisation_edit",
        kwargs={"plan_id": plan.pk, "indicator_id": indicator_of(other).pk, "period": "2026-03"},
    )

    assert client_as(org.staf.user).get(url).status_code == 404


def test_evidence_forms_wait_for_the_realisation(plan, client_as, evidence_dir):
    client = client_as(plan.employee.user)

    response = client.post(
        edit_url(plan),
        {"action": "link", "link-description": "Notulen", "link-url": "https://a.id/n"},
    )

    assert response.status_code == 200
    assert response.context["link_form"].non_field_errors()
    assert not Evidence.objects.exists()


def test_the_owner_adds_a_link_and_a_file_through_the_page(plan, client_as, evidence_dir):
    record(plan)
    client = client_as(plan.employee.user)

    link = client.post(
        edit_url(plan),
        {"action": "link", "link-description": "Notulen", "link-url": "https://a.id/n"},
    )
    file = client.post(
        edit_url(plan),
        {
            "action": "file",
            "file-description": "Laporan",
            "file-upload": SimpleUploadedFile("laporan.pdf", pdf_bytes()),
        },
    )

    assert link.status_code == file.status_code == 302
    assert Evidence.objects.count() == 2
    assert len(stored_files(evidence_dir)) == 1
    page = client.get(edit_url(plan)).content.decode()
    assert 'href="https://a.id/n" rel="noopener noreferrer nofollow"' in page
    evidence = Evidence.objects.exclude(file="").get()
    assert reverse("plans:evidence_delete", kwargs={"evidence_id": evidence.pk}) in page


def test_deleting_through_the_page_asks_first(plan, client_as, evidence_dir):
    evidence = add_evidence(
        actor=plan.employee.user,
        realisation=record(plan),
        description="Bukti",
        upload=upload(pdf_bytes(), "bukti.pdf"),
    )
    client = client_as(plan.employee.user)
    url = reverse("plans:evidence_delete", kwargs={"evidence_id": evidence.pk})

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert Evidence.objects.exists()

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == edit_url(plan)
    assert not Evidence.objects.exists()


def test_an_unknown_action_is_a_bad_request(plan, client_as):
    assert client_as(plan.employee.user).post(edit_url(plan), {"action": "x"}).status_code == 400


def _grid_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_pages_read_as_many_queries_for_twelve_iki_as_for_one(org, client_as, evidence_dir):
    small = approved_plan(org.staf, 2026)
    record(small)
    large = approved_plan(
        org.rekan,
        2026,
        results=[
            Rhk(text=f"RHK {n}", indicators=[Iki(text=f"IKI {n}.{m}") for m in range(2)])
            for n in range(6)
        ],
    )
    for indicator in ResultIndicator.objects.filter(work_result__plan=large):
        for code in ("2026-01", "2026-02", "2026-03"):
            realisation = save_realisation(
                actor=org.rekan.user,
                indicator=indicator,
                period=period(code),
                value=Decimal(50),
                narrative="",
            )
            add_evidence(
                actor=org.rekan.user, realisation=realisation, description="B", url="https://a.id"
            )

    small_count = _grid_queries(client_as(org.staf.user), my_url())
    large_count = _grid_queries(client_as(org.rekan.user), my_url())
    kasi = client_as(org.kasi.user)
    small_team = _grid_queries(kasi, reverse("plans:plan_realisations", args=[small.pk]))
    large_team = _grid_queries(kasi, reverse("plans:plan_realisations", args=[large.pk]))

    assert large_count == small_count
    assert large_team == small_team
