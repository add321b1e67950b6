import csv
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinerja.core.periods import PeriodKind
from kinerja.demo.datasets import (
    EMPLOYEES_HEADER,
    SERVICES_HEADER,
    TASKS_HEADER,
    UNITS_HEADER,
    generate_dataset,
)
from kinerja.organization.importers.employees import import_employees
from kinerja.organization.importers.units import import_units
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.nip import check_shape, parse_pns_nip
from kinerja.organization.tree import find_cycle
from kinerja.service_metrics.importers import import_service_tasks, import_services
from kinerja.service_metrics.models import ServiceMetric, ServiceTask, ServiceTypeMetric

FILES = ("units.csv", "employees.csv", "services.csv", "service_tasks.csv")


def generate(out: Path, *, employees: int = 300, tasks: int = 12, seed: int = 7) -> str:
    stdout, stderr = StringIO(), StringIO()
    call_command(
        "generate_dataset",
        "--employees", str(employees),
        "--tasks-per-employee", str(tasks),
        "--year", "2026",
        "--seed", str(seed),
        "--out", str(out),
        stdout=stdout,
        stderr=stderr,
    )  # fmt: skip
    return stdout.getvalue() + stderr.getvalue()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(next(csv.reader(handle)))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    generate(out)
    return out


def test_writes_the_four_files_with_the_import_headers(dataset):
    assert header(dataset / "units.csv") == UNITS_HEADER
    assert header(dataset / "employees.csv") == EMPLOYEES_HEADER
    assert header(dataset / "services.csv") == SERVICES_HEADER
    assert header(dataset / "service_tasks.csv") == TASKS_HEADER
    assert UNITS_HEADER == ("kode", "nama", "induk_kode", "jenis")
    assert ",".join(EMPLOYEES_HEADER) == (
        "nip,nama,status_asn,pangkat_golongan,jabatan,jenis_jabatan,unit_kode,atasan_nip,email"
    )
    assert ",".join(SERVICES_HEADER) == "kode,nama,unit_kode,standar_waktu,satuan_waktu"
    assert ",".join(TASKS_HEADER) == (
        "nomor,layanan_kode,nip_petugas,diterima_pada,selesai_pada,dikembalikan,keluhan"
    )


def test_writes_exactly_the_requested_number_of_employees(dataset):
    assert len(rows(dataset / "employees.csv")) == 300


def test_every_nip_is_unique_and_valid_for_its_status(dataset):
    employees = rows(dataset / "employees.csv")

    assert len({row["nip"] for row in employees}) == len(employees)
    for row in employees:
        if row["status_asn"] == "PNS":
            parse_pns_nip(row["nip"])
            assert row["pangkat_golongan"].endswith(")")
        else:
            assert row["status_asn"] == "PPPK"
            check_shape(row["nip"])
            assert row["pangkat_golongan"] in {"V", "VII", "IX", "X"}
    assert {row["status_asn"] for row in employees} == {"PNS", "PPPK"}


def test_codes_and_kinds_are_those_the_models_accept(dataset):
    units = rows(dataset / "units.csv")
    employees = rows(dataset / "employees.csv")

    assert {row["jenis"] for row in units} <= set(OrgUnit.Kind.values)
    assert {row["jenis_jabatan"] for row in employees} <= set(Position.Kind.values)
    assert len({row["kode"] for row in units}) == len(units)
    assert all(len(row["kode"]) <= 32 for row in units)


def test_parents_and_superiors_always_come_on_earlier_rows(dataset):
    seen_units: set[str] = set()
    for row in rows(dataset / "units.csv"):
        assert row["induk_kode"] == "" or row["induk_kode"] in seen_units
        seen_units.add(row["kode"])
    seen_nips: set[str] = set()
    for row in rows(dataset / "employees.csv"):
        assert row["atasan_nip"] == "" or row["atasan_nip"] in seen_nips
        assert row["unit_kode"] in seen_units
        seen_nips.add(row["nip"])


def test_the_reporting_line_has_no_cycle_and_one_top(dataset):
    employees = rows(dataset / "employees.csv")
    supervisor_of = {row["nip"]: row["atasan_nip"] or None for row in employees}

    assert find_cycle(supervisor_of) is None
    assert [row["jabatan"] for row in employees if not row["atasan_nip"]] == ["Sekretaris Daerah"]


def test_services_belong_to_written_units_and_use_known_time_units(dataset):
    units = {row["kode"] for row in rows(dataset / "units.csv")}
    services = rows(dataset / "services.csv")

    assert len(services) >= 20
    assert len({row["kode"] for row in services}) == len(services)
    for row in services:
        assert row["unit_kode"] in units
        assert row["satuan_waktu"] in {"JAM_KERJA", "HARI_KERJA"}
        assert int(row["standar_waktu"]) > 0


def test_task_rows_are_well_formed(dataset):
    services = {row["kode"]: row["unit_kode"] for row in rows(dataset / "services.csv")}
    unit_of = {row["nip"]: row["unit_kode"] for row in rows(dataset / "employees.csv")}
    tasks = rows(dataset / "service_tasks.csv")

    assert len({row["nomor"] for row in tasks}) == len(tasks)
    for row in tasks:
        assert services[row["layanan_kode"]] == unit_of[row["nip_petugas"]]
        received = datetime.fromisoformat(row["diterima_pada"])
        assert received.tzinfo is None
        assert received.year == 2026
        if row["selesai_pada"]:
            assert datetime.fromisoformat(row["selesai_pada"]) >= received
        assert int(row["dikembalikan"]) >= 0
        assert row["keluhan"] in {"0", "1"}


def test_tasks_look_like_a_working_year(dataset):
    tasks = rows(dataset / "service_tasks.csv")
    received = [datetime.fromisoformat(row["diterima_pada"]) for row in tasks]

    assert all(moment.weekday() < 5 for moment in received)
    within_hours = sum(8 <= moment.hour < 16 for moment in received)
    assert within_hours / len(tasks) > 0.9
    assert 0 < sum(row["selesai_pada"] == "" for row in tasks) < len(tasks) / 5
    assert sum(row["dikembalikan"] == "0" for row in tasks) / len(tasks) > 0.8
    assert sum(row["keluhan"] == "0" for row in tasks) / len(tasks) > 0.85


def test_each_front_desk_employee_gets_the_requested_number_of_tasks(dataset):
    tasks = rows(dataset / "service_tasks.csv")
    per_employee: dict[str, int] = {}
    for row in tasks:
        per_employee[row["nip_petugas"]] = per_employee.get(row["nip_petugas"], 0) + 1

    assert per_employee
    assert set(per_employee.values()) == {12}


def test_the_same_seed_gives_the_same_files(dataset, tmp_path):
    generate(tmp_path)

    for name in FILES:
        assert (tmp_path / name).read_bytes() == (dataset / name).read_bytes(), name


def test_another_seed_gives_other_people(dataset, tmp_path):
    generate(tmp_path, seed=8)

    assert (tmp_path / "employees.csv").read_bytes() != (dataset / "employees.csv").read_bytes()
    assert (tmp_path / "service_tasks.csv").read_bytes() != (
        dataset / "service_tasks.csv"
    ).read_bytes()


def test_a_larger_dataset_starts_with_the_smaller_one(tmp_path):
    generate_dataset(employees=50, tasks_per_employee=3, year=2026, seed=1, out_dir=tmp_path / "a")
    generate_dataset(employees=90, tasks_per_employee=3, year=2026, seed=1, out_dir=tmp_path / "b")

    small, large = rows(tmp_path / "a" / "employees.csv"), rows(tmp_path / "b" / "employees.csv")
    assert large[: len(small)] == small


def test_more_tasks_do_not_change_the_people(tmp_path):
    generate_dataset(employees=80, tasks_per_employee=0, year=2026, seed=1, out_dir=tmp_path / "a")
    generate_dataset(employees=80, tasks_per_employee=9, year=2026, seed=1, out_dir=tmp_path / "b")

    assert (tmp_path / "a" / "employees.csv").read_bytes() == (
        tmp_path / "b" / "employees.csv"
    ).read_bytes()
    assert len(rows(tmp_path / "a" / "service_tasks.csv")) == 0


def test_a_large_city_keeps_units_of_realistic_size(tmp_path):
    summary = generate_dataset(
        employees=5000, tasks_per_employee=0, year=2026, seed=3, out_dir=tmp_path
    )

    assert 10 <= summary.employees / summary.units <= 50
    assert summary.front_desk > 0


def test_prints_a_summary_and_the_paths_written(tmp_path):
    output = generate(tmp_path, employees=40, tasks=2)

    assert "40 pegawai" in output
    for name in FILES:
        assert str(tmp_path / name) in output


@pytest.mark.parametrize(
    "arguments",
    [
        ["--employees", "0", "--out", "x"],
        ["--employees", "5", "--tasks-per-employee", "-1", "--out", "x"],
        ["--employees", "5"],
    ],
)
def test_rejects_impossible_arguments(arguments):
    with pytest.raises(CommandError):
        call_command("generate_dataset", *arguments)


def test_rejects_a_year_out_of_range(tmp_path):
    with pytest.raises(CommandError, match="2000"):
        call_command(
            "generate_dataset", "--employees", "5", "--year", "1890", "--out", str(tmp_path)
        )


@pytest.mark.django_db
def test_units_and_employees_import_cleanly(tmp_path):
    generate(tmp_path, employees=250, tasks=0)

    call_command("import_units", str(tmp_path / "units.csv"), stdout=StringIO())
    call_command("import_employees", str(tmp_path / "employees.csv"), stdout=StringIO())

    assert OrgUnit.objects.count() == len(rows(tmp_path / "units.csv"))
    assert Employee.objects.count() == 250
    top = Employee.objects.get(supervisor=None)
    assert top.position.name == "Sekretaris Daerah"


@pytest.mark.django_db
def test_a_generated_dataset_imports_cleanly_with_its_service_figures(tmp_path):
    generate(tmp_path, employees=150, tasks=6)

    for importer, name in (
        (import_units, "units.csv"),
        (import_employees, "employees.csv"),
        (import_services, "services.csv"),
        (import_service_tasks, "service_tasks.csv"),
    ):
        report = importer(source=tmp_path / name, actor=None, dry_run=False, label=name)
        assert report.errors == [], name
        assert report.created == len(rows(tmp_path / name)), name

    tasks = rows(tmp_path / "service_tasks.csv")
    assert len(tasks) >= 6 * 3
    assert ServiceTask.objects.count() == len(tasks)
    completed = sum(1 for row in tasks if row["selesai_pada"])
    yearly = ServiceMetric.objects.filter(period_kind=PeriodKind.YEAR)
    assert sum(yearly.values_list("tasks_completed", flat=True)) == completed
    assert set(ServiceMetric.objects.values_list("employee__nip", flat=True)) == {
        row["nip_petugas"] for row in tasks
    }
    assert ServiceTypeMetric.objects.filter(period="2026").exists()
