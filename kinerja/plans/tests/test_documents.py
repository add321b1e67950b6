"""The SKP document: what it prints (documents.build_skp_document), how targets and dates
are written, and the PDF served by plans:plan_pdf, rendered to images and read back."""

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageChops

from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import OrgUnit, Position
from kinerja.organization.tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    UserFactory,
)
from kinerja.plans.documents import (
    ASSIGNMENT_COLUMN,
    LEADER_COLUMN,
    build_skp_document,
    format_date,
    format_number,
    format_target,
    render_skp_html,
    render_skp_pdf,
)
from kinerja.plans.models import PerformancePlan, PlanAttachment, ResultIndicator, WorkResult
from kinerja.plans.tests.factories import (
    Iki,
    Rhk,
    approve,
    approved_plan,
    draft_plan,
    returned_plan,
    revise,
    submit,
    submitted_plan,
)
from kinerja.plans.workflow import PlanStatus

TODAY = date(2026, 1, 20)

LEADER_RESULTS = [
    Rhk(
        "Meningkatnya kualitas pelayanan administrasi terpadu kecamatan",
        indicators=[Iki("Indeks kepuasan masyarakat", target_min=Decimal(85), unit="poin")],
    ),
    Rhk(
        "Tertibnya arsip pelayanan kecamatan",
        indicators=[Iki("Arsip terdigitalisasi", target_min=Decimal(80), unit="%")],
    ),
]

ATTACHMENTS = {
    PlanAttachment.Kind.RESOURCES: ["Komputer dan printer di loket", "Akses aplikasi SIAK"],
    PlanAttachment.Kind.ACCOUNTABILITY: ["Realisasi dilaporkan setiap bulan"],
    PlanAttachment.Kind.CONSEQUENCES: ["Penghargaan bila melampaui ekspektasi"],
}


def _leader_results(org) -> list[WorkResult]:
    """kasi's approved RHK for 2026, approved with LEADER_RESULTS when missing."""
    plan = org.kasi.plans.filter(status=PlanStatus.APPROVED).first() or approved_plan(
        org.kasi, 2026, results=LEADER_RESULTS
    )
    return list(plan.results.order_by("order", "pk"))


def _staff_plan(org, *, additional: bool = True) -> PerformancePlan:
    """An approved quantitative SKP of staf: two RHK utama intervening in kasi's RHK, one
    with a range and a lower-is-better IKI, optionally one RHK tambahan."""
    leader = _leader_results(org)
    results = [
        Rhk(
            "Terlayaninya permohonan surat keterangan warga",
            intervenes=leader[0],
            indicators=[
                Iki(
                    "Jumlah surat keterangan yang diselesaikan",
                    target_min=Decimal(1200),
                    target_max=Decimal(1500),
                    unit="dokumen",
                    aspect=ResultIndicator.Aspect.QUANTITY,
                ),
                Iki(
                    "Permohonan selesai dalam 1 hari kerja",
                    target_min=Decimal("97.5"),
                    unit="%",
                    aspect=ResultIndicator.Aspect.TIME,
                ),
                Iki(
                    "Pengaduan atas kesalahan penulisan",
                    target_min=Decimal(3),
                    unit="pengaduan",
                    aspect=ResultIndicator.Aspect.QUALITY,
                    lower_is_better=True,
                ),
            ],
        ),
        Rhk(
            "Terdigitalisasinya berkas permohonan layanan",
            intervenes=leader[1],
            indicators=[
                Iki(
                    "Berkas yang dipindai",
                    target_min=Decimal(80),
                    target_max=Decimal(90),
                    unit="%",
                    aspect=ResultIndicator.Aspect.QUANTITY,
                )
            ],
        ),
    ]
    if additional:
        results.append(
            Rhk(
                "Menjadi narasumber sosialisasi layanan",
                kind=WorkResult.Kind.ADDITIONAL,
                link=False,
                indicators=[Iki("Kegiatan sosialisasi", target_min=Decimal(4), unit="kegiatan")],
            )
        )
    return approved_plan(
        org.staf,
        2026,
        results=results,
        attachments=ATTACHMENTS,
        expectations={"AKUNTABEL": "Mencatat setiap dokumen pada hari yang sama"},
    )


# -- writing targets and dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1200.0000"), "1.200"),
        (Decimal("97.5000"), "97,5"),
        (Decimal("0.25"), "0,25"),
        (Decimal(1000000), "1.000.000"),
        (Decimal(12), "12"),
        (Decimal("-0.5"), "-0,5"),
        (Decimal("1E+3"), "1.000"),
    ],
)
def test_numbers_are_written_the_indonesian_way(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("fields", "qualitative", "expected"),
    [
        ({"target_min": Decimal(100), "unit": "dokumen"}, False, "100 dokumen"),
        ({"target_min": Decimal("97.5"), "unit": "%"}, False, "97,5%"),
        (
            {"target_min": Decimal(12), "target_max": Decimal(15), "unit": "laporan"},
            False,
            "12 – 15 laporan",
        ),
        ({"target_min": Decimal(80), "target_max": Decimal(80), "unit": "%"}, False, "80%"),
        (
            {"target_min": Decimal(3), "unit": "hari", "lower_is_better": True},
            False,
            "≤ 3 hari",
        ),
        ({"target_min": Decimal(5)}, False, "5"),
        ({"target_text": "Seluruh arsip tertata"}, False, "Seluruh arsip tertata"),
        (
            {"target_min": Decimal(5), "unit": "x", "target_text": "Laporan diterima pimpinan"},
            True,
            "Laporan diterima pimpinan",
        ),
        ({"target_min": Decimal(5), "unit": "laporan"}, True, "5 laporan"),
        ({}, False, "-"),
    ],
)
def test_targets_are_a_value_a_range_or_a_description(fields, qualitative, expected):
    indicator = ResultIndicator(text="IKI", **fields)

    assert format_target(indicator, qualitative=qualitative) == expected


def test_dates_are_written_in_indonesian_whatever_the_language():
    assert format_date(date(2026, 8, 17)) == "17 Agustus 2026"


# -- what the document prints ------------------------------------------------------------


def test_a_quantitative_skp_prints_the_plan_as_approved(org):
    plan = _staff_plan(org)

    doc = build_skp_document(plan, today=TODAY)

    assert doc.title_lines == (
        "SASARAN KINERJA PEGAWAI",
        "JABATAN PELAKSANA",
        "PENDEKATAN HASIL KERJA KUANTITATIF",
    )
    assert doc.government_name == "PEMERINTAH KOTA PEKANBARU"
    assert doc.organisation_name == "KECAMATAN CONTOH"
    assert doc.period == "1 Januari – 31 Desember 2026"
    assert (doc.employee.name, doc.employee.nip) == (org.staf.name, org.staf.nip)
    assert doc.employee.position == org.staf.position.name
    assert doc.employee.unit == "Seksi Pelayanan"
    assert (doc.appraiser.name, doc.appraiser.nip) == (org.kasi.name, org.kasi.nip)
    assert doc.appraiser.rank == org.kasi.rank
    assert doc.is_quantitative
    assert doc.column_numbers == (1, 2, 3, 4, 5, 6)
    assert doc.leader_column == LEADER_COLUMN

    first, second = doc.main_results
    assert (first.number, first.text) == (1, "Terlayaninya permohonan surat keterangan warga")
    assert first.leader_result == LEADER_RESULTS[0].text
    assert [(i.aspect, i.target) for i in first.indicators] == [
        ("Kuantitas", "1.200 – 1.500 dokumen"),
        ("Waktu", "97,5%"),
        ("Kualitas", "≤ 3 pengaduan"),
    ]
    assert first.row_count == 3
    assert second.leader_result == LEADER_RESULTS[1].text
    assert second.indicators[0].target == "80 – 90%"
    (additional,) = doc.additional_results
    assert (additional.number, additional.leader_result) == (1, "-")

    assert [b.name for b in doc.behaviours] == [value.name for value in CORE_VALUES]
    assert doc.behaviours[0].indicators == CORE_VALUES[0].indicators
    expectations = {b.name: b.special_expectation for b in doc.behaviours}
    assert expectations["Akuntabel"] == "Mencatat setiap dokumen pada hari yang sama"
    assert expectations["Loyal"] == "-"

    assert doc.resources == ("Komputer dan printer di loket", "Akses aplikasi SIAK")
    assert doc.accountability == ("Realisasi dilaporkan setiap bulan",)
    assert doc.consequences == ("Penghargaan bila melampaui ekspektasi",)

    assert doc.place == "Pekanbaru"
    assert plan.approved_at is not None
    assert doc.signed_on == timezone.localdate(plan.approved_at)
    assert doc.status_mark == ""
    assert doc.revision_label == ""
    assert doc.filename == f"SKP-{org.staf.nip}-2026-rev1.pdf"


def test_a_qualitative_draft_prints_described_targets_without_aspects(org):
    plan = draft_plan(
        org.rekan,
        2026,
        approach=PerformancePlan.Approach.QUALITATIVE,
        results=[
            Rhk(
                "Tertatanya arsip surat masuk",
                link=False,
                indicators=[Iki("Arsip mudah ditemukan", target_text="Arsip ditemukan < 5 menit")],
            )
        ],
    )

    doc = build_skp_document(plan, today=TODAY)

    assert doc.title_lines[2] == "PENDEKATAN HASIL KERJA KUALITATIF"
    assert not doc.is_quantitative
    assert doc.column_numbers == (1, 2, 3, 4, 5)
    (indicator,) = doc.main_results[0].indicators
    assert (indicator.aspect, indicator.target) == ("", "Arsip ditemukan < 5 menit")
    assert doc.status_mark == "DRAFT"
    assert doc.signed_on == TODAY
    assert doc.additional_results == ()
    html = render_skp_html(doc)
    assert "ASPEK" not in html
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in html


def test_an_empty_kinerja_tambahan_gets_a_dash_row(org):
    doc = build_skp_document(_staff_plan(org, additional=False), today=TODAY)

    html = render_skp_html(doc)

    assert doc.additional_results == ()
    tambahan = html.split("B. KINERJA TAMBAHAN", 1)[1].split("</table>", 1)[0]
    assert tambahan.count('<tbody class="rhk">') == 1
    assert tambahan.count('<td class="center">-</td>') == 6


def test_the_people_are_printed_as_they_were_when_the_plan_was_submitted(org):
    plan = submitted_plan(org.staf, 2026)
    org.staf.name = "Nama Baru"
    org.staf.rank = "Penata (III/c)"
    org.staf.save()
    org.kasi.name = "Kasi Baru"
    org.kasi.save()
    draft = draft_plan(org.rekan, 2026)

    submitted = build_skp_document(PerformancePlan.objects.get(pk=plan.pk), today=TODAY)
    drafted = build_skp_document(draft, today=TODAY)

    assert (submitted.employee.name, submitted.employee.rank) == ("Staf", "Penata Muda (III/a)")
    assert submitted.appraiser.name == "Kasi"
    assert submitted.status_mark == "DIAJUKAN"
    assert drafted.appraiser.name == "Kasi Baru"


def test_returned_plans_and_revisions_are_marked(org):
    first = _staff_plan(org)
    revision = revise(first)
    returned = returned_plan(org.rekan, 2026)

    returned_doc = build_skp_document(returned, today=TODAY)
    revision_doc = build_skp_document(revision, today=TODAY)
    approve(submit(revision))
    first.refresh_from_db()
    replaced_doc = build_skp_document(first, today=TODAY)

    assert returned_doc.status_mark == "DIKEMBALIKAN"
    assert returned_doc.revision_label == ""
    assert revision_doc.status_mark == "DRAFT"
    assert revision_doc.revision_label == "Revisi 2"
    assert revision_doc.filename == f"SKP-{org.staf.nip}-2026-rev2.pdf"
    assert "Revisi 2" in render_skp_html(revision_doc)
    assert replaced_doc.status_mark == "DIGANTI"


def test_a_jpt_skp_names_who_assigned_each_result(org):
    city = OrgUnitFactory(
        code="KOTA", name="Pemerintah Kota Dumai", kind=OrgUnit.Kind.PEMERINTAH_KOTA
    )
    agency = OrgUnitFactory(code="DINAS", name="Dinas Contoh", kind=OrgUnit.Kind.DINAS, parent=city)
    head = EmployeeFactory(
        name="Kepala Dinas",
        position=PositionFactory(name="Kepala Dinas", kind=Position.Kind.JPT_PRATAMA, unit=agency),
        user=UserFactory(username="kadis"),
    )
    plan = draft_plan(
        head,
        2026,
        results=[Rhk("Meningkatnya layanan dinas", assigned_by="Perjanjian Kinerja 2026")],
    )

    doc = build_skp_document(plan, today=TODAY)

    assert doc.title_lines[1] == "JABATAN PIMPINAN TINGGI PRATAMA"
    assert doc.leader_column == ASSIGNMENT_COLUMN
    assert doc.main_results[0].leader_result == "Perjanjian Kinerja 2026"
    assert (doc.government_name, doc.organisation_name) == ("", "PEMERINTAH KOTA DUMAI")
    assert doc.place == "Dumai"
    assert doc.appraiser.name == "-"


def test_building_the_document_takes_the_same_queries_for_more_results(org):
    leader = _leader_results(org)
    small = draft_plan(org.staf, 2026, results=[Rhk(intervenes=leader[0])])
    large = draft_plan(
        org.rekan,
        2026,
        results=[
            Rhk(f"RHK {n}", intervenes=leader[n % 2], indicators=[Iki(), Iki("Kedua")])
            for n in range(6)
        ],
    )

    counts = []
    for plan_id in (small.pk, large.pk):
        plan = PerformancePlan.objects.select_related(
            "employee__position",
            "employee__unit",
            "appraiser__position",
            "appraiser__unit",
            "performance_year",
        ).get(pk=plan_id)
        with CaptureQueriesContext(connection) as queries:
            build_skp_document(plan, today=TODAY)
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1] <= 5


# -- the PDF -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staf", "kasi", "camat", "admin"])
def test_who_may_read_the_plan_gets_its_pdf(org, client_as, persona):
    plan = _staff_plan(org)

    response = client_as(getattr(org, persona).user).get(
        reverse("plans:plan_pdf", kwargs={"plan_id": plan.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="SKP-{org.staf.nip}-2026-rev1.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("persona", ["rekan", "asing", "outsider"])
def test_nobody_else_learns_that_the_plan_exists(org, client_as, persona):
    plan = _staff_plan(org)
    user = org.outsider if persona == "outsider" else getattr(org, persona).user

    response = client_as(user).get(reverse("plans:plan_pdf", kwargs={"plan_id": plan.pk}))
    missing = client_as(user).get(reverse("plans:plan_pdf", kwargs={"plan_id": plan.pk + 999}))

    assert response.status_code == 404
    assert missing.status_code == 404


def test_the_pdf_needs_a_login(org, client):
    plan = _staff_plan(org)

    response = client.get(reverse("plans:plan_pdf", kwargs={"plan_id": plan.pk}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _poppler(tool: str, *args: str) -> str:
    """Run one of poppler-utils' tools (installed by .ci/run) and return its output."""
    executable = shutil.which(tool)
    assert executable is not None, f"{tool} is missing: apt-get install poppler-utils"
    return subprocess.run(  # noqa: S603 - a fixed tool on files the test wrote
        [executable, *args], check=True, capture_output=True, text=True
    ).stdout


def _pdftotext(pdf: Path, page: int) -> str:
    """The text of one page, in reading order, with its whitespace collapsed."""
    return " ".join(_poppler("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").split())


def _render_pages(pdf: Path, directory: Path) -> list[Path]:
    _poppler("pdftoppm", "-png", "-r", "40", str(pdf), str(directory / "page"))
    return sorted(directory.glob("page-*.png"))


def _ink(page: Path) -> float:
    """The share of the page's pixels that are dark."""
    with Image.open(page) as image:
        grey = image.convert("L")
        return sum(grey.histogram()[:128]) / (grey.width * grey.height)


def _red_pixels(page: Path) -> int:
    """How many pixels are tinted red (the status mark), however faintly."""
    with Image.open(page) as image:
        red, green, blue = image.convert("RGB").split()
    redness = ImageChops.darker(ImageChops.subtract(red, green), ImageChops.subtract(red, blue))
    return sum(redness.histogram()[10:])


def test_the_pdf_renders_to_pages_with_content(org, client_as, tmp_path):
    # given a short SKP: its tables fill the first page, the last BerAKHLAK row goes
    # over with the signatures, and the lampiran starts a page of its own
    plan = _staff_plan(org, additional=False)
    response = client_as(org.staf.user).get(reverse("plans:plan_pdf", kwargs={"plan_id": plan.pk}))
    pdf = tmp_path / "skp.pdf"
    pdf.write_bytes(response.content)

    # when it is rendered to images
    pages = _render_pages(pdf, tmp_path)

    # then every page has ink on it, and each part reads back on its page
    assert len(pages) == 3
    for page in pages:
        assert _ink(page) > 0.005, page.name
    assert _ink(pages[0]) > 0.02
    first, second, third = (_pdftotext(pdf, number) for number in (1, 2, 3))
    assert "SASARAN KINERJA PEGAWAI" in first
    assert "PEGAWAI YANG DINILAI" in first
    assert "Terlayaninya permohonan surat keterangan warga" in first
    assert "1.200 – 1.500 dokumen" in first
    assert "Berorientasi Pelayanan" in first
    assert "Halaman 1 dari 3" in first
    assert "Kolaboratif" in second
    assert "Pejabat Penilai Kinerja" in second
    assert "LAMPIRAN" not in second
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in third
    assert "Komputer dan printer di loket" in third
    assert "Pegawai yang Dinilai" in third
    assert "Halaman 3 dari 3" in third
    assert _red_pixels(pages[0]) == 0  # no status mark on the SKP in force


def test_the_pdf_embeds_dejavu_sans_only(org, tmp_path):
    """The page-number footer sits in an @page margin box, which does not inherit the
    body's font: it must not fall back to a serif face."""
    pdf = tmp_path / "skp.pdf"
    pdf.write_bytes(render_skp_pdf(build_skp_document(_staff_plan(org), today=TODAY)))

    fonts = _poppler("pdffonts", str(pdf)).splitlines()[2:]

    names = {line.split()[0].split("+")[-1] for line in fonts}
    assert names == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_a_draft_pdf_carries_its_status_on_every_page(org, tmp_path):
    plan = draft_plan(org.rekan, 2026)
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(render_skp_pdf(build_skp_document(plan, today=TODAY)))

    pages = _render_pages(pdf, tmp_path)

    assert "DRAFT" in _pdftotext(pdf, 1)
    assert "DRAFT" in _pdftotext(pdf, len(pages))
    for page in pages:  # the watermark
        assert _red_pixels(page) > 500, page.name
