import csv
import threading
import tracemalloc
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.organization.importers.bulk import insert_rows
from kinerja.organization.importers.common import file_sha256
from kinerja.organization.importers.employees import import_employees
from kinerja.organization.management.commands.import_employees import (
    Command as ImportEmployeesCommand,
)
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.nip import Sex, make_pns_nip
from kinerja.organization.tests.factories import OrgUnitFactory, PositionFactory, UserFactory

HEADER = [
    "nip",
    "nama",
    "status_asn",
    "pangkat_golongan",
    "jabatan",
    "jenis_jabatan",
    "unit_kode",
    "atasan_nip",
    "email",
]


def nip(number: int) -> str:
    """A valid PNS NIP, different for every number."""
    birth = date(1960, 1, 1) + timedelta(days=number % 9000)
    return make_pns_nip(
        birth_date=birth,
        tmt_year=birth.year + 20 + number % 5,
        tmt_month=1 + number % 12,
        sex=Sex.MALE if number % 2 else Sex.FEMALE,
        serial=1 + number // 9000,
    )


CAMAT, SEKCAM, KASI, STAF = nip(1), nip(2), nip(3), nip(4)


def row(
    number_or_nip,
    name="Pegawai",
    *,
    status="PNS",
    rank="Penata (III/c)",
    jabatan="Pengadministrasi Umum",
    kind="PELAKSANA",
    unit="PEL",
    atasan="",
    email="",
):
    value = number_or_nip if isinstance(number_or_nip, str) else nip(number_or_nip)
    return [value, name, status, rank, jabatan, kind, unit, atasan, email]


# Staff first: their atasan comes later in the file.
OFFICE = [
    row(STAF, "Staf Pelayanan", atasan=KASI, email="staf@binawidya.go.id"),
    row(KASI, "Kasi Pelayanan", jabatan="Kepala Seksi Pelayanan", kind="pengawas", atasan=CAMAT),
    row(
        SEKCAM,
        "Sekretaris Camat",
        jabatan="Sekretaris Camat",
        kind="ADMINISTRATOR",
        unit="SEK",
        atasan=CAMAT,
    ),
    row(
        CAMAT,
        "Camat Binawidya",
        rank="Pembina (IV/a)",
        jabatan="Camat",
        kind="ADMINISTRATOR",
        unit="KEC",
    ),
]


@pytest.fixture
def units(db) -> dict[str, OrgUnit]:
    kecamatan = OrgUnitFactory.create(code="KEC", kind=OrgUnit.Kind.KECAMATAN)
    return {
        "KEC": kecamatan,
        "SEK": OrgUnitFactory.create(code="SEK", kind=OrgUnit.Kind.SEKRETARIAT, parent=kecamatan),
        "PEL": OrgUnitFactory.create(code="PEL", kind=OrgUnit.Kind.SEKSI, parent=kecamatan),
    }


def employee_file(tmp_path: Path, rows, *, header=HEADER, name: str = "pegawai.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def problems_of(tmp_path: Path, rows) -> list[str]:
    report = import_employees(source=employee_file(tmp_path, rows), actor=None)
    return [str(error) for error in report.errors]


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Employee.objects.order_by("nip").values_list(
            "nip",
            "name",
            "asn_status",
            "rank",
            "position__name",
            "position__kind",
            "unit__code",
            "supervisor__nip",
            "email",
            "is_active",
            "updated_at",
        )
    )


def supervisor_of(employee_nip: str) -> str | None:
    return Employee.objects.filter(nip=employee_nip).values_list("supervisor__nip", flat=True).get()


def new_sheet(workbook: Workbook) -> Worksheet:
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    return sheet


def run_command(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_employees", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


# -- importing --------------------------------------------------------------------------


def test_creates_employees_with_their_jabatan_unit_and_atasan(units, tmp_path):
    report = import_employees(source=employee_file(tmp_path, OFFICE), actor=None)

    assert (report.errors, report.created, report.updated, report.unchanged, report.rows) == (
        [],
        4,
        0,
        0,
        4,
    )
    assert report.positions_created == 4
    staf = Employee.objects.select_related("position", "unit", "supervisor").get(nip=STAF)
    assert (staf.name, staf.asn_status, staf.rank, staf.email) == (
        "Staf Pelayanan",
        "PNS",
        "Penata (III/c)",
        "staf@binawidya.go.id",
    )
    assert (staf.position.name, staf.position.kind, staf.position.unit, staf.unit) == (
        "Pengadministrasi Umum",
        Position.Kind.PELAKSANA,
        units["PEL"],
        units["PEL"],
    )
    assert (supervisor_of(STAF), supervisor_of(KASI), supervisor_of(CAMAT)) == (KASI, CAMAT, None)


def test_employees_holding_the_same_jabatan_share_it_and_an_existing_one_is_reused(units, tmp_path):
    existing = PositionFactory.create(
        unit=units["PEL"], name="Pengadministrasi Umum", kind=Position.Kind.PELAKSANA
    )
    rows = [row(10), row(11), row(12, jabatan="Analis", kind="FUNGSIONAL")]

    report = import_employees(source=employee_file(tmp_path, rows), actor=None)

    assert report.positions_created == 1
    assert Employee.objects.get(nip=nip(10)).position == existing
    assert Employee.objects.get(nip=nip(11)).position == existing
    assert Position.objects.count() == 2


def test_a_pppk_number_is_checked_for_its_shape_only(units, tmp_path):
    pppk = "199013452023211001"  # month 13: not a PNS birth date, fine for a PPPK number

    report = import_employees(
        source=employee_file(tmp_path, [row(pppk, status="pppk")]), actor=None
    )

    assert report.errors == []
    assert Employee.objects.get(nip=pppk).asn_status == Employee.AsnStatus.PPPK


def test_importing_the_same_file_twice_changes_nothing_the_second_time(units, tmp_path):
    path = employee_file(tmp_path, OFFICE)
    import_employees(source=path, actor=None)
    before = snapshot()
    positions = list(Position.objects.values_list("id", "updated_at"))

    again = import_employees(source=path, actor=None)

    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 4)
    assert snapshot() == before
    assert list(Position.objects.values_list("id", "updated_at")) == positions
    assert AuditEvent.objects.latest("seq").changes["unchanged"] == 4


def test_updates_only_the_rows_that_changed_and_leaves_employees_not_in_the_file_alone(
    units, tmp_path
):
    import_employees(
        source=employee_file(tmp_path, [*OFFICE, row(20, "Pindahan", atasan=KASI)]), actor=None
    )
    untouched = Employee.objects.get(nip=SEKCAM).updated_at
    changed = [
        row(STAF, "Staf Pelayanan", atasan=SEKCAM, unit="SEK", email="staf@binawidya.go.id"),
        row(
            KASI, "Kasi Pelayanan", jabatan="Kepala Seksi Pelayanan", kind="PENGAWAS", atasan=CAMAT
        ),
        row(
            SEKCAM,
            "Sekretaris Camat",
            jabatan="Sekretaris Camat",
            kind="ADMINISTRATOR",
            unit="SEK",
            atasan=CAMAT,
        ),
    ]

    report = import_employees(source=employee_file(tmp_path, changed, name="ubah.csv"), actor=None)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert report.updated_rows == {
        STAF: {"unit_kode": ["PEL", "SEK"], "atasan_nip": [KASI, SEKCAM]}
    }
    staf = Employee.objects.get(nip=STAF)
    assert (staf.unit.code, staf.position.unit.code, supervisor_of(STAF)) == ("SEK", "SEK", SEKCAM)
    assert Employee.objects.get(nip=SEKCAM).updated_at == untouched
    # Not in the second file: still there, still active, still reporting to the kasi.
    absent = Employee.objects.get(nip=nip(20))
    assert (absent.is_active, supervisor_of(absent.nip)) == (True, KASI)


def test_records_one_audit_event_with_the_changed_values(units, tmp_path):
    import_employees(source=employee_file(tmp_path, OFFICE), actor=None)
    renamed = [
        row(STAF, "Staf Pelayanan Baru", atasan=KASI, email="staf@binawidya.go.id"),
        *OFFICE[1:],
    ]
    path = employee_file(tmp_path, renamed, name="ubah.csv")
    admin = UserFactory.create(username="admin")

    import_employees(source=path, actor=admin, label="pegawai-2026.csv")

    event = AuditEvent.objects.latest("seq")
    sha = file_sha256(path)
    assert (
        event.action,
        event.actor_username,
        event.target_type,
        event.target_id,
        event.target_label,
    ) == (AuditAction.EMPLOYEES_IMPORTED, "admin", "import", sha[:16], "pegawai-2026.csv")
    assert event.changes == {
        "file_sha256": sha,
        "created": 0,
        "updated": 1,
        "unchanged": 3,
        "rows": 4,
        "updated_rows": {STAF: {"nama": ["Staf Pelayanan", "Staf Pelayanan Baru"]}},
        "truncated": False,
    }


def test_the_audit_event_lists_at_most_500_updated_rows(units, tmp_path):
    rows = [row(number, f"Pegawai {number}") for number in range(501)]
    import_employees(source=employee_file(tmp_path, rows), actor=None)
    renamed = [row(number, f"Pegawai {number} baru") for number in range(501)]

    report = import_employees(source=employee_file(tmp_path, renamed, name="ubah.csv"), actor=None)

    changes = AuditEvent.objects.latest("seq").changes
    assert (report.updated, len(changes["updated_rows"]), changes["truncated"]) == (501, 500, True)


def test_a_dry_run_reports_what_would_change_and_writes_nothing(units, tmp_path):
    report = import_employees(source=employee_file(tmp_path, OFFICE), actor=None, dry_run=True)

    assert (report.errors, report.created, report.positions_created) == ([], 4, 4)
    assert not Employee.objects.exists()
    assert not Position.objects.exists()
    assert not AuditEvent.objects.exists()


def test_reads_a_workbook_with_the_nip_columns_as_text(units, tmp_path):
    workbook = Workbook()
    sheet = new_sheet(workbook)
    sheet.append(HEADER)
    for values in OFFICE:
        sheet.append(values)
    path = tmp_path / "pegawai.xlsx"
    workbook.save(path)

    report = import_employees(source=path, actor=None)

    assert (report.errors, report.created) == ([], 4)
    assert supervisor_of(STAF) == KASI


def test_a_workbook_with_nips_stored_as_numbers_is_refused(units, tmp_path):
    workbook = Workbook()
    sheet = new_sheet(workbook)
    sheet.append(HEADER)
    sheet.append([int(CAMAT), *OFFICE[3][1:]])
    path = tmp_path / "pegawai.xlsx"
    workbook.save(path)

    report = import_employees(source=path, actor=None)

    assert [str(error) for error in report.errors] == [
        "row 2, column nip: nilai disimpan sebagai angka, padahal Excel hanya menyimpan 15 digit"
        " sebuah angka: ubah format kolom menjadi Teks lalu ketik ulang nilainya"
    ]
    assert not Employee.objects.exists()


def test_a_crash_half_way_leaves_the_database_as_it_was(units, tmp_path, monkeypatch):
    rows = [row(number, atasan=nip(0) if number else "") for number in range(2_500)]
    calls = []

    def crash_on_the_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return insert_rows(*args, **kwargs)

    monkeypatch.setattr(
        "kinerja.organization.importers.employees.insert_rows", crash_on_the_third_batch
    )

    with pytest.raises(RuntimeError, match="disk full"):
        import_employees(source=employee_file(tmp_path, rows), actor=None)

    assert len(calls) == 3
    assert not Employee.objects.exists()
    assert not Position.objects.exists()
    assert not AuditEvent.objects.exists()


# -- problems ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_nip", "problem"),
    [
        (
            "19850230201001100",
            "NIP harus terdiri atas tepat 18 angka; “19850230201001100” tidak memenuhi",
        ),
        (
            "19850A3020100110011",
            "NIP harus terdiri atas tepat 18 angka; “19850A3020100110011” tidak memenuhi",
        ),
        (
            "198502302010011001",
            "tanggal lahir 19850230 pada NIP (digit 1 sampai 8, YYYYMMDD) tidak valid",
        ),
        (
            "198501012010131001",
            "TMT CPNS 201013 pada NIP (digit 9 sampai 14, YYYYMM) bukan bulan yang valid",
        ),
        (
            "198501012002121001",
            "TMT CPNS 200212 pada NIP jatuh sebelum pegawai berusia 18 tahun"
            " (tanggal lahir 19850101)",
        ),
        ("198501012010013001", "digit ke-15 NIP (jenis kelamin) harus 1 atau 2, bukan 3"),
        ("198501012010011000", "nomor urut pada NIP (digit 16 sampai 18) tidak boleh 000"),
    ],
)
def test_rejects_a_pns_nip_whose_parts_are_not_valid(units, tmp_path, bad_nip, problem):
    assert problems_of(tmp_path, [row(bad_nip)]) == [f"row 2, column nip: {problem}"]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"status": ""}, "status_asn: status ASN wajib diisi; gunakan salah satu dari PNS, PPPK"),
        (
            {"status": "Honorer"},
            "status_asn: “Honorer” bukan status ASN; gunakan salah satu dari PNS, PPPK",
        ),
        ({"name": ""}, "nama: nama wajib diisi"),
        ({"name": "x" * 201}, "nama: isian terlalu panjang (paling banyak 200 karakter)"),
        ({"rank": ""}, "pangkat_golongan: pangkat/golongan wajib diisi"),
        ({"jabatan": ""}, "jabatan: jabatan wajib diisi"),
        (
            {"kind": "STAF"},
            "jenis_jabatan: “STAF” bukan jenis jabatan; gunakan salah satu dari JPT_PRATAMA,"
            " ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL",
        ),
        ({"unit": ""}, "unit_kode: kode unit wajib diisi"),
        (
            {"unit": "DINAS-X"},
            "unit_kode: unit DINAS-X tidak dikenal: impor data unit terlebih dahulu",
        ),
        (
            {"atasan": "12345"},
            "atasan_nip: NIP atasan harus terdiri atas tepat 18 angka; “12345” tidak memenuhi",
        ),
        (
            {"atasan": nip(99)},
            f"atasan_nip: atasan {nip(99)} tidak dikenal: tidak ada pegawai dengan NIP ini"
            " di berkas maupun di basis data",
        ),
        ({"atasan": nip(1)}, "atasan_nip: pegawai tidak dapat menjadi atasannya sendiri"),
        ({"email": "bukan-surel"}, "email: “bukan-surel” bukan alamat surel yang valid"),
    ],
)
def test_rejects_a_bad_value_with_a_specific_message(units, tmp_path, changes, problem):
    name = changes.pop("name", "Pegawai")

    assert problems_of(tmp_path, [row(1, name, **changes)]) == [f"row 2, column {problem}"]


def test_a_duplicate_nip_is_reported_on_its_second_row_naming_the_first(units, tmp_path):
    rows = [row(1), row(2), row(1, "Lagi")]

    assert problems_of(tmp_path, rows) == [
        f"row 4, column nip: NIP {nip(1)} sudah ada pada baris 2"
    ]


def test_a_reporting_cycle_in_the_file_is_reported_on_each_of_its_rows(units, tmp_path):
    rows = [row(1, atasan=nip(2)), row(2, atasan=nip(1)), row(3, atasan=nip(1))]

    cycle = "row {row}, column atasan_nip: rantai atasan membentuk lingkaran: {a} → {b} → {a}"
    assert problems_of(tmp_path, rows) == [
        cycle.format(row=2, a=nip(1), b=nip(2)),
        cycle.format(row=3, a=nip(2), b=nip(1)),
    ]


def test_a_reporting_cycle_through_employees_already_in_the_database_is_refused(org, tmp_path):
    # camat ← kasi ← staf in the database; the file makes the camat report to staf.
    camat, kasi, staf = org.camat.nip, org.kasi.nip, org.staf.nip
    rows = [row(camat, "Camat", jabatan="Camat", kind="ADMINISTRATOR", unit="KEC", atasan=staf)]
    before = snapshot()

    problems = problems_of(tmp_path, rows)

    assert problems == [
        "row 2, column atasan_nip: rantai atasan membentuk lingkaran:"
        f" {camat} → {staf} → {kasi} → {camat}"
    ]
    assert snapshot() == before


def test_an_atasan_already_in_the_database_is_accepted(org, tmp_path):
    rows = [row(50, "Staf Baru", atasan=org.kasi.nip)]

    report = import_employees(source=employee_file(tmp_path, rows), actor=None)

    assert report.errors == []
    assert Employee.objects.get(nip=nip(50)).supervisor == org.kasi


def test_a_wrong_header_is_reported_on_row_1(units, tmp_path):
    header = [*HEADER[:-2], "atasan", "email"]

    report = import_employees(source=employee_file(tmp_path, [row(1)], header=header), actor=None)

    assert [str(error) for error in report.errors] == [
        "row 1, column atasan: kolom tidak dikenal; kolom yang benar adalah nip, nama, status_asn,"
        " pangkat_golongan, jabatan, jenis_jabatan, unit_kode, atasan_nip, email",
        "row 1, column atasan_nip: kolom wajib ini tidak ada",
    ]


def test_a_file_with_problems_writes_nothing(org, tmp_path):
    before = snapshot()
    events = AuditEvent.objects.count()
    rows = [row(org.staf.nip, "Nama Baru", atasan=org.kasi.nip), row(60), row(61, unit="TIDAK-ADA")]

    report = import_employees(source=employee_file(tmp_path, rows), actor=None)

    assert len(report.errors) == 1
    assert snapshot() == before
    assert AuditEvent.objects.count() == events
    assert Position.objects.filter(name="Pengadministrasi Umum").count() == 0


# -- the command ------------------------------------------------------------------------


def test_the_command_imports_and_prints_a_summary(units, tmp_path):
    status, out, _err = run_command(str(employee_file(tmp_path, OFFICE)))

    assert (status, out) == (
        0,
        "Impor selesai: 4 baris; 4 dibuat, 0 diperbarui, 0 tidak berubah.\n",
    )
    assert Employee.objects.count() == 4


def test_the_command_prints_every_problem_as_row_column_message_and_exits_1(units, tmp_path):
    rows = [row("198502302010011001"), row(2, status="CPNS", atasan=nip(9))]

    status, out, err = run_command(str(employee_file(tmp_path, rows)))

    assert status == 1
    assert out.splitlines() == [
        "row 2, column nip: tanggal lahir 19850230 pada NIP (digit 1 sampai 8, YYYYMMDD)"
        " tidak valid",
        "row 3, column status_asn: “CPNS” bukan status ASN; gunakan salah satu dari PNS, PPPK",
        f"row 3, column atasan_nip: atasan {nip(9)} tidak dikenal: tidak ada pegawai dengan NIP ini"
        " di berkas maupun di basis data",
    ]
    assert err == "Ditemukan 3 masalah; tidak ada data yang ditulis."
    assert not Employee.objects.exists()


def test_the_command_dry_run_lists_the_changes_when_verbose(units, tmp_path):
    import_employees(source=employee_file(tmp_path, OFFICE), actor=None)
    renamed = [row(STAF, "Staf Baru", atasan=KASI, email="staf@binawidya.go.id"), *OFFICE[1:]]

    status, out, _err = run_command(
        str(employee_file(tmp_path, renamed, name="b.csv")), "--dry-run", "-v", "2"
    )

    assert status == 0
    assert out.splitlines() == [
        f"{STAF}: nama: Staf Pelayanan → Staf Baru",
        "Uji coba, tidak ada data yang ditulis: 4 baris;"
        " 0 akan dibuat, 1 diperbarui, 3 tidak berubah.",
    ]
    assert Employee.objects.get(nip=STAF).name == "Staf Pelayanan"


def test_the_command_help_says_that_absent_employees_are_not_deactivated():
    parser = ImportEmployeesCommand().create_parser("kinerja", "import_employees")

    assert "NOT deactivated" in " ".join(parser.format_help().split())


# -- size -------------------------------------------------------------------------------


def _big_file(tmp_path: Path, count: int) -> Path:
    """``count`` employees in units of 50: a head reporting to the first head, staff to
    their head. Written row by row."""
    path = tmp_path / f"pegawai-{count}.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for number in range(count):
            head = number - number % 50
            atasan = nip(head) if number != head else (nip(0) if number else "")
            writer.writerow(
                row(
                    number,
                    f"Pegawai Nomor {number}",
                    atasan=atasan,
                    email=f"p{number}@example.go.id",
                )
            )
    return path


def _validation_peak(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        report = import_employees(source=path, actor=None, dry_run=True)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.errors == []
    return report.rows, peak


@pytest.mark.slow
def test_a_large_file_is_streamed_keeping_only_compact_keys_per_row(units, tmp_path):
    small, large = _big_file(tmp_path, 5_000), _big_file(tmp_path, 20_000)

    small_rows, small_peak = _validation_peak(small)
    large_rows, large_peak = _validation_peak(large)

    assert (small_rows, large_rows) == (5_000, 20_000)
    # Keeping the rows themselves would cost well over a kilobyte each (a dict of nine
    # strings); the importer keeps a few integers per NIP.
    per_row = (large_peak - small_peak) / (large_rows - small_rows)
    assert per_row < 400
    assert large_peak < large.stat().st_size * 2


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_employees_at_once_both_succeed(tmp_path):
    # given the units, committed so that two connections see them
    OrgUnitFactory.create(code="PEL", parent=OrgUnitFactory.create(code="KEC"))
    source = employee_file(tmp_path, [row(number) for number in range(10, 410)])
    barrier = threading.Barrier(2)
    reports, failures = [], []

    def apply() -> None:
        try:
            barrier.wait()
            reports.append(import_employees(source=source, actor=None))
        except Exception as error:  # the test reports any failure
            failures.append(error)
        finally:
            connection.close()

    # when two admins apply the same file at the same moment
    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one creates the employees and the other finds nothing left to do
    assert failures == []
    assert sorted(report.created for report in reports) == [0, 400]
    assert Employee.objects.count() == 400
