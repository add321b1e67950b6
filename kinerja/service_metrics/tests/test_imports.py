"""``kinerja import_services`` and ``kinerja import_service_tasks``: the contract of
product.md 4.1/4.2 (exit status, ``row N, column C: message``, nothing written on any
problem, idempotent upsert)."""

import csv
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.service_metrics.importers import SERVICE_COLUMNS
from kinerja.service_metrics.ingest import TASK_COLUMNS
from kinerja.service_metrics.models import ServiceMetric, ServiceTask, ServiceType
from kinerja.service_metrics.tests.factories import ServiceTypeFactory


def write_csv(tmp_path: Path, header, rows, name: str = "data.csv", delimiter: str = ",") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(command: str, *args: str) -> tuple[int, list[str]]:
    out = StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue().splitlines()
    return 0, out.getvalue().splitlines()


def problems(lines: list[str]) -> list[str]:
    """The ``row N, column C`` part of every problem line."""
    return [line.split(":")[0] for line in lines if line.startswith("row ")]


# -- the service catalogue --------------------------------------------------------------


@pytest.fixture
def catalogue_rows(org):
    return [
        ["DOM", "Surat Keterangan Domisili", "PEL", "4", "JAM_KERJA"],
        ["SKU", "Surat Keterangan Usaha", "KEL", "1.5", "hari_kerja"],
    ]


def test_services_are_created_then_left_unchanged_on_a_second_run(catalogue_rows, tmp_path):
    path = write_csv(tmp_path, SERVICE_COLUMNS, catalogue_rows)

    assert run("import_services", str(path))[0] == 0
    status, lines = run("import_services", str(path))

    assert status == 0
    assert "0" in lines[-1]
    sku = ServiceType.objects.get(code="SKU")
    assert (sku.unit.code, str(sku.standard_value), sku.standard_unit) == (
        "KEL",
        "1.50",
        "HARI_KERJA",
    )
    assert ServiceType.objects.count() == 2
    events = AuditEvent.objects.filter(action=AuditAction.SERVICES_IMPORTED)
    assert events.count() == 2
    assert events.order_by("seq").last().changes["unchanged"] == 2


def test_a_changed_standard_updates_the_service(catalogue_rows, tmp_path):
    run("import_services", str(write_csv(tmp_path, SERVICE_COLUMNS, catalogue_rows)))
    catalogue_rows[0][3] = "3"

    status, _lines = run(
        "import_services", str(write_csv(tmp_path, SERVICE_COLUMNS, catalogue_rows))
    )

    assert status == 0
    assert ServiceType.objects.get(code="DOM").standard_value == 3


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["", "Nama", "PEL", "4", "JAM_KERJA"], "row 2, column kode"),
        (["X", "", "PEL", "4", "JAM_KERJA"], "row 2, column nama"),
        (["X", "Nama", "NOPE", "4", "JAM_KERJA"], "row 2, column unit_kode"),
        (["X", "Nama", "PEL", "0", "JAM_KERJA"], "row 2, column standar_waktu"),
        (["X", "Nama", "PEL", "-2", "JAM_KERJA"], "row 2, column standar_waktu"),
        (["X", "Nama", "PEL", "4,5", "JAM_KERJA"], "row 2, column standar_waktu"),
        (["X", "Nama", "PEL", "1.234", "JAM_KERJA"], "row 2, column standar_waktu"),
        (["X", "Nama", "PEL", "4", "MENIT"], "row 2, column satuan_waktu"),
    ],
)
def test_a_bad_service_row_is_reported_and_nothing_is_written(org, tmp_path, row, expected):
    good = ["OK", "Baik", "PEL", "2", "JAM_KERJA"]
    status, lines = run("import_services", str(write_csv(tmp_path, SERVICE_COLUMNS, [row, good])))

    assert status == 1
    assert problems(lines) == [expected]
    assert not ServiceType.objects.exists()


def test_a_repeated_service_code_is_reported_on_its_second_row(org, tmp_path):
    rows = [["A", "Satu", "PEL", "2", "JAM_KERJA"], ["A", "Dua", "PEL", "2", "JAM_KERJA"]]
    status, lines = run("import_services", str(write_csv(tmp_path, SERVICE_COLUMNS, rows)))
    assert (status, problems(lines)) == (1, ["row 3, column kode"])


# -- service tasks ----------------------------------------------------------------------


@pytest.fixture
def services(org):
    return ServiceTypeFactory(code="DOM", unit=org.pelayanan)


def task_row(org, number="T1", **values):
    row = {
        "nomor": number,
        "layanan_kode": "DOM",
        "nip_petugas": org.staf.nip,
        "diterima_pada": "2026-03-02T09:00:00",
        "selesai_pada": "2026-03-02T11:30:00",
        "dikembalikan": "0",
        "keluhan": "0",
    }
    row.update(values)
    return [row[column] for column in TASK_COLUMNS]


def test_tasks_are_imported_with_their_figures_and_a_second_run_changes_nothing(
    org, services, tmp_path
):
    rows = [task_row(org, "T1"), task_row(org, "T2", selesai_pada="", dikembalikan="")]
    path = write_csv(tmp_path, TASK_COLUMNS, rows, delimiter=";")

    assert run("import_service_tasks", str(path))[0] == 0
    first = list(ServiceTask.objects.order_by("number").values_list("number", "recorded_at"))
    status, lines = run("import_service_tasks", str(path))

    assert status == 0
    assert "2" in lines[-1]
    assert (
        list(ServiceTask.objects.order_by("number").values_list("number", "recorded_at")) == first
    )
    metric = ServiceMetric.objects.get(employee=org.staf, period="2026-03")
    assert (metric.tasks_completed, metric.on_time) == (1, 1)
    last = AuditEvent.objects.filter(action=AuditAction.SERVICE_TASKS_IMPORTED).order_by("seq")
    assert [event.changes["created"] for event in last] == [2, 0]
    assert last.last().changes["unchanged"] == 2


def test_a_changed_task_is_updated(org, services, tmp_path):
    run("import_service_tasks", str(write_csv(tmp_path, TASK_COLUMNS, [task_row(org)])))
    changed = task_row(org, selesai_pada="2026-03-02T15:30:00", keluhan="1")

    status, lines = run("import_service_tasks", str(write_csv(tmp_path, TASK_COLUMNS, [changed])))

    assert (status, lines[:-1]) == (0, [])
    stored = ServiceTask.objects.get(number="T1")
    assert (stored.has_complaint, stored.turnaround_seconds) == (True, 6.5 * 3600)
    metric = ServiceMetric.objects.get(employee=org.staf, period="2026-03")
    assert (metric.on_time, metric.first_time_right) == (0, 0)


def test_times_with_an_offset_or_in_utc_are_converted(org, services, tmp_path):
    rows = [
        task_row(
            org,
            "T1",
            diterima_pada="2026-03-02T02:00:00Z",
            selesai_pada="2026-03-02T10:00:00+08:00",
        )
    ]
    assert run("import_service_tasks", str(write_csv(tmp_path, TASK_COLUMNS, rows)))[0] == 0
    # 09:00 WIB to 09:00 WIB: no working time at all.
    assert ServiceTask.objects.get().turnaround_seconds == 0


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"diterima_pada": "2026-03-02 9.00"}, "row 2, column diterima_pada"),
        ({"diterima_pada": ""}, "row 2, column diterima_pada"),
        ({"selesai_pada": "kemarin"}, "row 2, column selesai_pada"),
        ({"selesai_pada": "2026-03-02T08:59:59"}, "row 2, column selesai_pada"),
        ({"diterima_pada": "1999-12-31T09:00:00"}, "row 2, column diterima_pada"),
        ({"layanan_kode": "TIDAKADA"}, "row 2, column layanan_kode"),
        ({"nip_petugas": "199001012020121001"}, "row 2, column nip_petugas"),
        ({"dikembalikan": "-1"}, "row 2, column dikembalikan"),
        ({"dikembalikan": "1.5"}, "row 2, column dikembalikan"),
        ({"keluhan": "ya"}, "row 2, column keluhan"),
        ({"nomor": ""}, "row 2, column nomor"),
        ({"nomor": "N" * 65}, "row 2, column nomor"),
    ],
)
def test_a_bad_task_row_is_reported_and_nothing_is_written(
    org, services, tmp_path, values, expected
):
    rows = [task_row(org, "BAD", **values), task_row(org, "GOOD")]
    status, lines = run("import_service_tasks", str(write_csv(tmp_path, TASK_COLUMNS, rows)))

    assert status == 1
    assert problems(lines) == [expected]
    assert not ServiceTask.objects.exists()
    assert not ServiceMetric.objects.exists()


def test_every_problem_of_a_file_is_listed(org, services, tmp_path):
    rows = [
        task_row(org, "A", dikembalikan="-3", keluhan="2"),
        task_row(org, "B"),
        task_row(org, "C", layanan_kode="X", selesai_pada="2026-03-01T10:00:00"),
    ]
    status, lines = run("import_service_tasks", str(write_csv(tmp_path, TASK_COLUMNS, rows)))
    assert status == 1
    assert problems(lines) == [
        "row 2, column dikembalikan",
        "row 2, column keluhan",
        "row 4, column layanan_kode",
        "row 4, column selesai_pada",
    ]


def test_a_number_repeated_within_the_file_is_reported_on_each_repeat(org, services, tmp_path):
    rows = [task_row(org, "T1"), task_row(org, "T2"), task_row(org, "T1"), task_row(org, "T1")]
    status, lines = run("import_service_tasks", str(write_csv(tmp_path, TASK_COLUMNS, rows)))

    assert status == 1
    assert problems(lines) == ["row 4, column nomor", "row 5, column nomor"]
    assert lines[0].rstrip().endswith("2")  # names the first row holding the number
    assert not ServiceTask.objects.exists()


def test_a_dry_run_reports_counts_and_writes_nothing(org, services, tmp_path):
    path = write_csv(tmp_path, TASK_COLUMNS, [task_row(org)])
    status, lines = run("import_service_tasks", str(path), "--dry-run")
    assert status == 0
    assert "1" in lines[-1]
    assert not ServiceTask.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SERVICE_TASKS_IMPORTED).exists()


def test_tasks_import_from_xlsx_with_date_cells(org, services, tmp_path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(TASK_COLUMNS))
    sheet.append(
        # Spreadsheet cells hold local wall-clock times, without a zone.
        ["T1", "DOM", org.staf.nip, datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 10), 0, 0]  # noqa: DTZ001
    )
    sheet["C2"].number_format = "@"
    path = tmp_path / "tasks.xlsx"
    book.save(path)

    status, lines = run("import_service_tasks", str(path))

    assert (status, lines[:-1]) == (0, [])
    assert ServiceTask.objects.get().turnaround_seconds == 3600
