"""The documents of the appraisal stage: what the evaluation form, the formal record and
the calibration recap print (documents.build_*), how many queries reading them takes, the
PDFs rendered to images and read back, the XLSX read back, and who may download them."""

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image, ImageChops

from kinerja.appraisals.documents import (
    RECAP_COLUMNS,
    RECAP_HEADER_ROW,
    build_evaluation_document,
    build_evaluation_record,
    build_recap,
    evaluation_pdf,
    evaluation_period_title,
    evaluation_record_pdf,
    period_span,
    recap_xlsx,
    record_period_title,
    render_evaluation_html,
)
from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.selectors.access import get_evaluation_for_user
from kinerja.appraisals.services.evaluations import LineInput, save_ratings
from kinerja.appraisals.services.objections import (
    confirm_receipt,
    decide_objection,
    explain_objection,
    file_objection,
)
from kinerja.appraisals.tests.factories import (
    ABOVE,
    AS_EXPECTED,
    finalise,
    opened_evaluation,
    org_predicate,
    rated_evaluation,
    rater_of,
    rating_input,
    submit,
    submitted_evaluation,
)
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import Period
from kinerja.plans.documents import format_date
from kinerja.plans.models import ResultIndicator
from kinerja.plans.services.execution import add_evidence, save_realisation
from kinerja.plans.tests.factories import Iki, Rhk, approved_plan, hr_admin_user
from kinerja.plans.workflow import PlanStatus

TODAY = date(2026, 2, 3)
# The numbered sections of the formal record (domain.md 7.5), without 9.
SECTION_TITLES = (
    "PEGAWAI YANG DINILAI",
    "PEJABAT PENILAI KINERJA",
    "ATASAN PEJABAT PENILAI KINERJA",
    "EVALUASI KINERJA",
    "CATATAN/REKOMENDASI",
    "KEBERATAN",
    "PENJELASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN",
    "KEPUTUSAN ATASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN",
    "TANGGAL DAN TANDA TANGAN PEGAWAI YANG DINILAI",
    "TANGGAL DAN TANDA TANGAN PEJABAT PENILAI KINERJA",
)
FEEDBACK = "Permohonan diselesaikan tepat waktu; arsip lengkap"
NOTES = "Pertahankan kecepatan layanan; ikuti pelatihan arsip digital"
OBJECTION = "Saya menangani loket tambahan selama bulan Januari"
EXPLANATION = "Loket tambahan tidak tercantum dalam SKP"
DECISION = "Beban loket tambahan terbukti dari daftar hadir"


def _realise(employee) -> None:
    """A realisation of 90 in January 2026 for every IKI of the employee's approved SKP,
    each with a link as bukti dukung."""
    period = Period.objects.get(code="2026-01")
    for indicator in ResultIndicator.objects.filter(
        work_result__plan__employee=employee, work_result__plan__status=PlanStatus.APPROVED
    ):
        realisation = save_realisation(
            actor=employee.user,
            indicator=indicator,
            period=period,
            value=Decimal(90),
            narrative="Surat keterangan diselesaikan di loket",
        )
        add_evidence(
            actor=employee.user,
            realisation=realisation,
            description="Rekap register Januari",
            url="https://arsip.example.id/register-januari",
        )


def _rate(evaluation: Evaluation, *, results: str = AS_EXPECTED) -> Evaluation:
    """Every RHK rated ``results`` and every value as expected, each with feedback, and
    notes."""
    evaluation.refresh_from_db()
    data = rating_input(
        evaluation,
        results=results,
        results_rating_reason="Sesuai catatan kinerja",
        behaviour_rating_reason="Sesuai catatan kinerja",
        notes=NOTES,
    )
    data = replace(
        data,
        results={key: LineInput(rating=results, feedback=FEEDBACK) for key in data.results},
        behaviour={
            key: LineInput(rating=AS_EXPECTED, feedback=f"Umpan balik {key.lower()}")
            for key in data.behaviour
        },
    )
    return save_ratings(actor=rater_of(evaluation), evaluation=evaluation, data=data)


def _plan_of_staf(org) -> None:
    approved_plan(
        org.staf,
        2026,
        results=[
            Rhk(
                "Terlayaninya permohonan surat keterangan warga",
                indicators=[Iki("Surat keterangan yang diselesaikan", unit="dokumen")],
            ),
            Rhk(
                "Menjadi narasumber sosialisasi layanan",
                kind="TAMBAHAN",
                link=False,
                indicators=[Iki("Kegiatan sosialisasi", target_min=Decimal(4), unit="kegiatan")],
            ),
        ],
        expectations={"AKUNTABEL": "Mencatat setiap dokumen pada hari yang sama"},
    )


@pytest.fixture
def decided(org) -> Evaluation:
    """staf's January evaluation: rated, calibrated under a Baik organisation, delivered,
    objected to, explained, and changed by camat to Sangat Baik."""
    _plan_of_staf(org)
    _realise(org.staf)
    evaluation = submit(_rate(opened_evaluation(org.staf), results=ABOVE))
    finalise(org_predicate(org.kecamatan, "BAIK"))
    evaluation.refresh_from_db()
    file_objection(actor=org.staf.user, evaluation=evaluation, reasons=OBJECTION)
    explain_objection(actor=org.kasi.user, evaluation=evaluation, explanation=EXPLANATION)
    decide_objection(
        actor=org.camat.user,
        evaluation=evaluation,
        decision="DIUBAH",
        reason=DECISION,
        predicate="SANGAT_BAIK",
    )
    return _loaded(evaluation)


def _loaded(evaluation: Evaluation) -> Evaluation:
    """The evaluation as the views load it."""
    return get_evaluation_for_user(hr_admin_user(), evaluation.pk)


# -- periods ------------------------------------------------------------------------------


def _period(code: str, kind: str, starts_on: date, ends_on: date) -> Period:
    return Period(code=code, kind=kind, starts_on=starts_on, ends_on=ends_on)


@pytest.mark.parametrize(
    ("period", "form", "record", "span"),
    [
        (
            _period("2026-01", "MONTH", date(2026, 1, 1), date(2026, 1, 31)),
            "BULAN JANUARI 2026",
            "BULAN JANUARI 2026",
            "1 Januari – 31 Januari 2026",
        ),
        (
            _period("2026-Q2", "QUARTER", date(2026, 4, 1), date(2026, 6, 30)),
            "TRIWULAN II 2026",
            "TRIWULAN II 2026",
            "1 April – 30 Juni 2026",
        ),
        (
            _period("2026-Q4", "QUARTER", date(2026, 10, 1), date(2026, 12, 31)),
            "TRIWULAN IV 2026",
            "TRIWULAN IV 2026",
            "1 Oktober – 31 Desember 2026",
        ),
        (
            _period("2026", "YEAR", date(2026, 1, 1), date(2026, 12, 31)),
            "TAHUNAN 2026",
            "AKHIR TAHUN 2026",
            "1 Januari – 31 Desember 2026",
        ),
    ],
)
def test_periods_are_named_as_the_forms_name_them(period, form, record, span):
    assert evaluation_period_title(period) == form
    assert record_period_title(period) == record
    assert period_span(period) == span


# -- what the documents print ----------------------------------------------------------------


def test_the_form_prints_the_evaluation_as_decided(org, decided):
    doc = build_evaluation_document(decided, today=TODAY)

    assert doc.period_title == "BULAN JANUARI 2026"
    assert (doc.government_name, doc.organisation_name) == (
        "PEMERINTAH KOTA PEKANBARU",
        "KECAMATAN CONTOH",
    )
    assert (doc.employee.name, doc.employee.nip) == (org.staf.name, org.staf.nip)
    assert doc.employee.unit == "Seksi Pelayanan"
    assert (doc.appraiser.name, doc.appraiser.nip) == (org.kasi.name, org.kasi.nip)
    assert doc.org_predicate == "Baik"
    assert doc.chart is not None
    assert doc.chart.title.endswith("CAPAIAN KINERJA ORGANISASI BAIK")
    assert [(bar.label, bar.count) for bar in doc.chart.bars] == [
        ("Sangat Baik", 1),
        ("Baik", 0),
        ("Butuh Perbaikan", 0),
        ("Kurang", 0),
        ("Sangat Kurang", 0),
    ]

    (main,) = doc.main_results
    assert main.text == "Terlayaninya permohonan surat keterangan warga"
    assert main.leader_result == Rhk().text  # kasi's RHK (the default) it intervenes in
    assert (main.rating, main.feedback) == ("Di Atas Ekspektasi", FEEDBACK)
    (indicator,) = main.indicators
    assert (indicator.aspect, indicator.target, indicator.realisation) == (
        "Kuantitas",
        "100 dokumen",
        "90 dokumen",
    )
    assert indicator.evidence == ("Rekap register Januari",)
    (additional,) = doc.additional_results
    assert (additional.number, additional.leader_result) == (1, "-")
    assert additional.indicators[0].realisation == "90 kegiatan"

    assert [b.name for b in doc.behaviours] == [value.name for value in CORE_VALUES]
    akuntabel = doc.behaviours[1]
    assert akuntabel.special_expectation == "Mencatat setiap dokumen pada hari yang sama"
    assert (akuntabel.rating, akuntabel.feedback) == ("Sesuai Ekspektasi", "Umpan balik akuntabel")
    assert doc.behaviours[0].special_expectation == "-"

    assert doc.results_rating == "Di Atas Ekspektasi"
    assert doc.behaviour_rating == "Sesuai Ekspektasi"
    assert doc.predicate == "SANGAT BAIK"  # as changed on objection
    assert doc.place == "Pekanbaru"
    assert doc.signed_on == timezone.localdate(decided.delivered_at)
    assert doc.status_mark == ""
    assert doc.filename == f"evaluasi-{org.staf.nip}-2026-01.pdf"


def test_the_record_prints_the_objection_and_its_decision(org, decided):
    doc = build_evaluation_record(decided)

    assert doc.period_title == "BULAN JANUARI 2026"
    assert doc.employee.nip == org.staf.nip
    assert doc.appraiser.name == org.kasi.name
    assert (doc.superior.name, doc.superior.nip) == (org.camat.name, org.camat.nip)
    assert doc.superior.unit == "Kecamatan Contoh"
    assert (doc.org_predicate, doc.predicate) == ("Baik", "SANGAT BAIK")
    assert doc.notes == NOTES
    assert doc.objection == OBJECTION
    assert doc.explanation == EXPLANATION
    assert doc.decision == (
        "Mengubah hasil evaluasi kinerja: predikat kinerja pegawai BAIK menjadi SANGAT BAIK"
    )
    assert doc.decision_reason == DECISION
    assert doc.decided_on == timezone.localdate()
    delivered_on = timezone.localdate(decided.delivered_at)
    assert doc.appraiser_signed_on == delivered_on
    # The employee's line stays blank until they sign for the result.
    assert doc.employee_signed_on is None
    signed = confirm_receipt(actor=org.staf.user, evaluation=decided)
    assert build_evaluation_record(_loaded(signed)).employee_signed_on == timezone.localdate(
        signed.received_at
    )
    assert doc.status_mark == ""
    assert doc.filename == f"dokumen-evaluasi-{org.staf.nip}-2026-01.pdf"


def test_an_open_calibration_gives_the_predicate_before_finalisation(org):
    evaluation = _loaded(submitted_evaluation(org.staf))
    org_predicate(org.kecamatan, "ISTIMEWA")

    doc = build_evaluation_document(_loaded(evaluation), today=TODAY)
    record = build_evaluation_record(_loaded(evaluation))

    assert doc.org_predicate == record.org_predicate == "Istimewa"
    assert doc.chart is not None
    assert [bar.count for bar in doc.chart.bars] == [0, 1, 0, 0, 0]
    assert not doc.chart.bars[0].is_within  # Istimewa wants Sangat Baik to lead
    assert doc.chart.bars[1].is_within
    assert doc.status_mark == record.status_mark == "BELUM FINAL"
    assert doc.predicate == "BAIK"
    assert doc.signed_on == timezone.localdate(evaluation.submitted_at)
    assert (record.objection, record.explanation, record.decision) == ("-", "-", "-")
    assert record.employee_signed_on is None


def test_a_draft_without_calibration_says_so(org):
    evaluation = _loaded(opened_evaluation(org.staf))

    doc = build_evaluation_document(evaluation, today=TODAY)

    assert doc.org_predicate == "—"
    assert doc.chart is None
    assert doc.status_mark == "DRAF"
    assert (doc.results_rating, doc.predicate) == ("-", "-")
    assert doc.signed_on == TODAY
    assert doc.main_results[0].rating == "-"
    assert doc.main_results[0].indicators[0].realisation == "-"
    assert "predikat kinerja organisasi belum ditetapkan" in render_evaluation_html(doc)


def test_a_unit_head_belongs_to_the_calibration_above_their_unit(org):
    # given kasi heads Seksi Pelayanan, which is calibrated on its own under the kecamatan
    staf = submitted_evaluation(org.staf)
    kasi = submitted_evaluation(org.kasi)
    org_predicate(org.kecamatan, "BAIK")
    org_predicate(org.pelayanan, "ISTIMEWA")

    # when their forms are read
    staf_doc = build_evaluation_document(_loaded(staf), today=TODAY)
    kasi_doc = build_evaluation_document(_loaded(kasi), today=TODAY)

    # then staf is in the section's curve, kasi in the kecamatan's
    assert staf_doc.org_predicate == "Istimewa"
    assert kasi_doc.org_predicate == "Baik"


# -- queries ----------------------------------------------------------------------------


def _queries(build, evaluation_id: int) -> int:
    evaluation = get_evaluation_for_user(hr_admin_user(), evaluation_id)
    with CaptureQueriesContext(connection) as queries:
        build(evaluation)
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    ("build", "most"),
    [
        # the unit and the calibration, the curve's population (two), RHK with their IKI
        # (two), realisations, bukti dukung, expectations, BerAKHLAK ratings
        (lambda evaluation: build_evaluation_document(evaluation, today=TODAY), 10),
        # the unit, the calibration, the objection
        (build_evaluation_record, 3),
    ],
    ids=["form", "record"],
)
def test_reading_a_document_takes_the_same_queries_for_more_results(org, build, most):
    # given staf with one RHK and rekan with eight, two IKI each, all realised
    approved_plan(org.staf, 2026, results=[Rhk(indicators=[Iki(), Iki("Kedua")])])
    approved_plan(
        org.rekan,
        2026,
        results=[Rhk(f"RHK {n}", indicators=[Iki(), Iki("Kedua")]) for n in range(8)],
    )
    _realise(org.staf)
    _realise(org.rekan)
    small = submit(_rate(opened_evaluation(org.staf)))
    large = submit(_rate(opened_evaluation(org.rekan)))
    org_predicate(org.kecamatan, "BAIK")

    # when each document is read, then the count does not grow
    counts = [_queries(build, small.pk), _queries(build, large.pk)]

    assert counts[0] == counts[1] <= most
    assert len(build_evaluation_document(_loaded(large), today=TODAY).main_results) == 8


def test_reading_the_recap_takes_the_same_queries_for_more_employees(org):
    calibration = org_predicate(org.kecamatan, "BAIK")
    submitted_evaluation(org.staf)
    counts = []
    for employee in (None, org.rekan, org.lurah):
        if employee is not None:
            submitted_evaluation(employee)
        loaded = Calibration.objects.select_related("unit", "period").get(pk=calibration.pk)
        with CaptureQueriesContext(connection) as queries:
            build_recap(loaded)
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1] == counts[2] <= 2


# -- the PDFs ---------------------------------------------------------------------------


def _poppler(tool: str, *args: str) -> str:
    """Run one of poppler-utils' tools and return its output."""
    executable = shutil.which(tool)
    assert executable is not None, f"{tool} is missing: apt-get install poppler-utils"
    return subprocess.run(  # noqa: S603 - a fixed tool on files the test wrote
        [executable, *args], check=True, capture_output=True, text=True
    ).stdout


def _text(pdf: Path) -> str:
    """The text of every page, in reading order, with its whitespace collapsed."""
    return " ".join(_poppler("pdftotext", str(pdf), "-").split())


SECTION = re.compile(r"(?:^|\s{2,})(?P<number>\d+)\s{2,}(?P<title>[A-Z/]+(?: [A-Z/]+)*)")


def _numbered_sections(pdf: Path) -> list[tuple[str, str]]:
    """The section numbers of the laid-out text with the first line of their titles, in
    reading order (sections side by side come left to right)."""
    lines = _poppler("pdftotext", "-layout", str(pdf), "-").splitlines()
    return [(match["number"], match["title"]) for line in lines for match in SECTION.finditer(line)]


def _fonts(pdf: Path) -> set[str]:
    lines = _poppler("pdffonts", str(pdf)).splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in lines}


def _render_pages(pdf: Path, directory: Path, name: str, resolution: int = 60) -> list[Path]:
    _poppler("pdftoppm", "-png", "-r", str(resolution), str(pdf), str(directory / name))
    return sorted(directory.glob(f"{name}-*.png"))


def _screenshot_dir() -> Path:
    """var/screenshots/: pictures of the pages for a person to look at (var/ is not in git)."""
    path = Path(settings.BASE_DIR) / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


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


def test_the_evaluation_form_renders_its_parts(org, decided, tmp_path):
    # given the delivered, decided evaluation as PDF
    pdf = tmp_path / "evaluasi.pdf"
    pdf.write_bytes(evaluation_pdf(decided, today=TODAY))

    # when it is read back and rendered to images (kept in var/screenshots)
    text = _text(pdf)
    for old in _screenshot_dir().glob("evaluasi-form-*.png"):
        old.unlink()
    pages = _render_pages(pdf, _screenshot_dir(), "evaluasi-form")

    # then every part of the 6/2022 form is there, in DejaVu Sans only, without a mark
    for part in (
        "EVALUASI KINERJA PEGAWAI",
        "PERIODE: BULAN JANUARI 2026",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "CAPAIAN KINERJA ORGANISASI",
        "POLA DISTRIBUSI",
        "KURVA DISTRIBUSI PREDIKAT KINERJA PEGAWAI",
        "HASIL KERJA",
        "REALISASI BERDASARKAN BUKTI DUKUNG",
        "RATING HASIL KERJA",
        "PERILAKU KERJA",
        "RATING PERILAKU KERJA",
        "PREDIKAT KINERJA PEGAWAI",
        "Terlayaninya permohonan surat keterangan warga",
        "90 dokumen",
        "Rekap register Januari",
        FEEDBACK,
        "Di Atas Ekspektasi",
        "Mencatat setiap dokumen pada hari yang sama",
        "SANGAT BAIK",
        org.staf.nip,
        f"Pekanbaru, {format_date(timezone.localdate(decided.delivered_at))}",
    ):
        assert part in text, part
    assert "DRAF" not in text  # no status mark: the result is delivered
    assert "BELUM FINAL" not in text
    assert _fonts(pdf) <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique"}
    assert "DejaVu-Sans" in _fonts(pdf)
    assert pages
    for page in pages:
        assert _ink(page) > 0.005, page.name


def test_the_record_renders_its_numbered_sections(org, decided, tmp_path):
    pdf = tmp_path / "dokumen.pdf"
    pdf.write_bytes(evaluation_record_pdf(decided))

    text = _text(pdf)
    for old in _screenshot_dir().glob("evaluasi-dokumen-*.png"):
        old.unlink()
    pages = _render_pages(pdf, _screenshot_dir(), "evaluasi-dokumen")

    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text
    assert "PERIODE: BULAN JANUARI 2026" in text
    sections = _numbered_sections(pdf)
    assert [number for number, _ in sections] == [*"12345678", "10", "11"]  # no 9
    for (_, printed), title in zip(sections, SECTION_TITLES, strict=True):
        # a title too long for its cell wraps: its first line is enough
        assert printed == title or (len(printed) > 20 and title.startswith(printed)), printed
    for part in (
        org.staf.nip,
        org.kasi.nip,
        org.camat.nip,
        "SANGAT BAIK",
        NOTES,
        OBJECTION,
        EXPLANATION,
        DECISION,
        "BAIK menjadi SANGAT BAIK",
    ):
        assert part in text, part
    assert _fonts(pdf) <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique"}
    for page in pages:
        assert _ink(page) > 0.005, page.name
        assert _red_pixels(page) == 0, page.name


@pytest.mark.parametrize(
    ("make", "mark"),
    [(opened_evaluation, "DRAF"), (submitted_evaluation, "BELUM FINAL")],
    ids=["draft", "submitted"],
)
def test_an_undelivered_evaluation_is_marked_on_every_page(org, tmp_path, make, mark):
    evaluation = _loaded(make(org.staf))
    prefix = f"evaluasi-{mark.replace(' ', '-').lower()}"
    for old in _screenshot_dir().glob(f"{prefix}-*.png"):
        old.unlink()

    for name, content in (
        ("form", evaluation_pdf(evaluation, today=TODAY)),
        ("dokumen", evaluation_record_pdf(evaluation)),
    ):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(content)
        pages = _render_pages(pdf, _screenshot_dir(), f"{prefix}-{name}", resolution=40)
        assert pages
        assert mark in _text(pdf), name
        for page in pages:  # the watermark
            assert _red_pixels(page) > 500, (name, page.name)


# -- the recap --------------------------------------------------------------------------


def _sheet_rows(content: bytes) -> tuple[object, list[tuple[object, ...]]]:
    workbook = load_workbook(io.BytesIO(content))
    (sheet,) = workbook.worksheets
    return sheet, [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_the_recap_lists_the_population_one_row_each(org):
    # given a calibrated kecamatan: staf and rekan as expected, lurah above
    calibration = org_predicate(org.kecamatan, "BAIK")
    submitted_evaluation(org.staf)
    submitted_evaluation(org.rekan)
    submitted_evaluation(org.lurah, results=ABOVE)
    opened_evaluation(org.kasi)  # still a draft: listed without a predicate
    calibration = Calibration.objects.select_related("unit", "period").get(pk=calibration.pk)

    # when it is exported
    sheet, rows = _sheet_rows(recap_xlsx(calibration))

    # then a title block, the header row, and one row per member of the population
    assert rows[0][0] == "REKAP EVALUASI KINERJA PEGAWAI"
    assert rows[1][:2] == ("Unit", "Kecamatan Contoh (KEC)")
    assert rows[2][:2] == ("Periode", "BULAN JANUARI 2026 (2026-01)")
    assert rows[3][:2] == ("Predikat Organisasi", "Baik")
    header = rows[RECAP_HEADER_ROW - 1]
    assert header == (
        "No",
        "NIP",
        "Nama",
        "Jabatan",
        "Unit",
        "Rating Hasil Kerja",
        "Rating Perilaku Kerja",
        "Predikat (Matriks)",
        "Predikat Akhir",
        "Alasan",
        "Predikat Organisasi",
        "Status",
    )
    body = rows[RECAP_HEADER_ROW:]
    assert [row[2] for row in body] == ["Kasi", "Lurah", "Rekan", "Staf"]
    by_name = {row[2]: row for row in body}
    assert by_name["Staf"][1] == org.staf.nip
    assert by_name["Staf"][3:] == (
        org.staf.position.name,
        "Seksi Pelayanan",
        "Sesuai Ekspektasi",
        "Sesuai Ekspektasi",
        "Baik",
        "Baik",
        None,
        "Baik",
        "Diajukan",
    )
    assert by_name["Lurah"][5:9] == ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Baik", "Baik")
    assert by_name["Kasi"][5:9] == ("-", "-", "-", "-")
    assert by_name["Kasi"][11] == "Draf"

    # and the NIP is text (18 digits would not survive as a number), the header frozen
    nip_cells = [row[1] for row in sheet.iter_rows(min_row=RECAP_HEADER_ROW + 1)]
    assert all(cell.data_type == "s" and cell.number_format == "@" for cell in nip_cells)
    assert all(isinstance(cell.value, str) and len(cell.value) == 18 for cell in nip_cells)
    assert sheet.freeze_panes == f"A{RECAP_HEADER_ROW + 1}"
    assert sheet.column_dimensions["B"].width == dict(RECAP_COLUMNS)["NIP"]


def test_a_recap_without_members_has_its_header_only(org):
    calibration = org_predicate(org.kelurahan, "BAIK")

    _, rows = _sheet_rows(recap_xlsx(calibration))

    assert len(rows) == RECAP_HEADER_ROW
    assert rows[3][:2] == ("Predikat Organisasi", "Baik")


# -- downloads and who may have them ---------------------------------------------------------


def _url(name: str, evaluation: Evaluation) -> str:
    return reverse(f"appraisals:{name}", kwargs={"evaluation_id": evaluation.pk})


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("evaluation_pdf", "evaluasi"), ("evaluation_record_pdf", "dokumen-evaluasi")],
)
@pytest.mark.parametrize("persona", ["kasi", "camat", "admin"])
def test_the_reporting_line_downloads_the_pdfs_at_any_time(org, client_as, name, prefix, persona):
    evaluation = rated_evaluation(org.staf)

    response = client_as(getattr(org, persona).user).get(_url(name, evaluation))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{prefix}-{org.staf.nip}-2026-01.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["evaluation_pdf", "evaluation_record_pdf"])
def test_the_employee_gets_their_pdfs_only_once_delivered(org, client_as, name):
    evaluation = submitted_evaluation(org.staf)
    calibration = org_predicate(org.kecamatan, "BAIK")
    staf = client_as(org.staf.user)

    before = staf.get(_url(name, evaluation))
    finalise(calibration)
    after = staf.get(_url(name, evaluation))

    assert before.status_code == 404
    assert after.status_code == 200
    assert after.content.startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["evaluation_pdf", "evaluation_record_pdf"])
@pytest.mark.parametrize("persona", ["rekan", "asing", "outsider"])
def test_nobody_else_learns_that_the_evaluation_exists(org, client_as, name, persona):
    evaluation = submitted_evaluation(org.staf)
    finalise(org_predicate(org.kecamatan, "BAIK"))
    user = org.outsider if persona == "outsider" else getattr(org, persona).user

    response = client_as(user).get(_url(name, evaluation))
    missing = client_as(user).get(
        reverse(f"appraisals:{name}", kwargs={"evaluation_id": evaluation.pk + 999})
    )

    assert response.status_code == 404
    assert missing.status_code == 404


def test_the_downloads_need_a_login(org, client):
    evaluation = opened_evaluation(org.staf)
    calibration = org_predicate(org.kecamatan, "BAIK")

    for url in (
        _url("evaluation_pdf", evaluation),
        _url("evaluation_record_pdf", evaluation),
        reverse("appraisals:recap_xlsx", kwargs={"calibration_id": calibration.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("persona", "status"), [("camat", 200), ("admin", 200)])
def test_the_calibrating_leader_and_the_admin_download_the_recap(org, client_as, persona, status):
    submitted_evaluation(org.staf)
    calibration = org_predicate(org.kecamatan, "BAIK")

    response = client_as(getattr(org, persona).user).get(
        reverse("appraisals:recap_xlsx", kwargs={"calibration_id": calibration.pk})
    )

    assert response.status_code == status
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="rekap-KEC-2026-01.xlsx"'
    _, rows = _sheet_rows(response.content)
    assert [row[1] for row in rows[RECAP_HEADER_ROW:]] == [org.staf.nip]


@pytest.mark.parametrize("persona", ["kasi", "staf", "lurah", "asing", "outsider"])
def test_nobody_else_gets_the_recap(org, client_as, persona):
    calibration = org_predicate(org.kecamatan, "BAIK")
    user = org.outsider if persona == "outsider" else getattr(org, persona).user

    response = client_as(user).get(
        reverse("appraisals:recap_xlsx", kwargs={"calibration_id": calibration.pk})
    )

    assert response.status_code == 404
