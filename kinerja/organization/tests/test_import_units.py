import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.organization.importers.common import describe_cycle, file_sha256, find_all_cycles
from kinerja.organization.importers.units import import_units
from kinerja.organization.models import OrgUnit
from kinerja.organization.tests.factories import OrgUnitFactory, UserFactory

HEADER = ["kode", "nama", "induk_kode", "jenis"]
TREE = [
    ["KEC", "Kecamatan Binawidya", "", "KECAMATAN"],
    ["SEK", "Sekretariat", "KEC", "sekretariat"],
    ["KEL-DELIMA", "Kelurahan Delima", "KEC", "Kelurahan"],
    ["KEL-DELIMA.PEL", "Seksi Pelayanan Delima", "KEL-DELIMA", "SEKSI"],
]


def unit_file(
    tmp_path: Path, rows, *, header=HEADER, delimiter=",", bom=False, name: str = "unit.csv"
) -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run_command(*args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``kinerja import_units ARGS``."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_units", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def snapshot() -> list[tuple[object, ...]]:
    return list(
        OrgUnit.objects.order_by("code").values_list(
            "code", "name", "kind", "parent__code", "path", "depth", "updated_at"
        )
    )


@pytest.fixture
def kecamatan(db) -> OrgUnit:
    return OrgUnitFactory.create(
        code="KEC", name="Kecamatan Binawidya", kind=OrgUnit.Kind.KECAMATAN
    )


# -- cycles (pure) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent_of", "cycles"),
    [
        ({}, []),
        ({"A": None, "B": "A", "C": "B"}, []),
        ({"A": "A"}, [["A", "A"]]),
        ({"A": "B", "B": "A", "C": "A"}, [["A", "B", "A"]]),
        ({"C": "A", "A": "B", "B": "A"}, [["A", "B", "A"]]),
        (
            {"A": "B", "B": "A", "X": "Y", "Y": "Z", "Z": "X"},
            [["A", "B", "A"], ["X", "Y", "Z", "X"]],
        ),
        # a parent that is not a key (checked elsewhere) is a root
        ({"A": "MISSING"}, []),
    ],
)
def test_finds_every_cycle_once(parent_of, cycles):
    assert find_all_cycles(parent_of, parent_of.get) == cycles


def test_finding_cycles_takes_linear_time_on_a_long_chain():
    chain = {number: number + 1 for number in range(200_000)}
    chain[200_000] = 0

    (cycle,) = find_all_cycles(chain, chain.get)

    assert (len(cycle), cycle[0], cycle[-1]) == (200_002, 0, 0)


@pytest.mark.parametrize(
    ("cycle", "start", "text"),
    [
        (["A", "B", "A"], "A", "A → B → A"),
        (["A", "B", "C", "A"], "C", "C → A → B → C"),
        (
            [str(n) for n in [*range(12), 0]],
            "5",
            "5 → 6 → 7 → 8 → 9 → 10 → 11 → 0 → 1 → 2 → … (seluruhnya 12 mata rantai)",
        ),
    ],
)
def test_describes_a_cycle_from_the_row_that_reports_it(cycle, start, text):
    assert describe_cycle(cycle, start) == text


# -- importing --------------------------------------------------------------------------


def test_creates_the_tree_with_paths_and_depths(db, tmp_path):
    report = import_units(source=unit_file(tmp_path, TREE), actor=None)

    assert (report.errors, report.created, report.updated, report.unchanged, report.rows) == (
        [],
        4,
        0,
        0,
        4,
    )
    assert list(
        OrgUnit.objects.order_by("path").values_list(
            "code", "parent__code", "kind", "path", "depth"
        )
    ) == [
        ("KEC", None, "KECAMATAN", "/KEC/", 0),
        ("KEL-DELIMA", "KEC", "KELURAHAN", "/KEC/KEL-DELIMA/", 1),
        ("KEL-DELIMA.PEL", "KEL-DELIMA", "SEKSI", "/KEC/KEL-DELIMA/KEL-DELIMA.PEL/", 2),
        ("SEK", "KEC", "SEKRETARIAT", "/KEC/SEK/", 1),
    ]


def test_a_parent_may_come_after_its_children_in_the_file(db, tmp_path):
    report = import_units(source=unit_file(tmp_path, list(reversed(TREE))), actor=None)

    assert report.errors == []
    assert OrgUnit.objects.get(code="KEL-DELIMA.PEL").path == "/KEC/KEL-DELIMA/KEL-DELIMA.PEL/"


def test_a_parent_may_already_be_in_the_database(kecamatan, tmp_path):
    report = import_units(
        source=unit_file(tmp_path, [["SEK", "Sekretariat", "KEC", "SEKRETARIAT"]]), actor=None
    )

    assert report.errors == []
    assert OrgUnit.objects.get(code="SEK").parent == kecamatan


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db, tmp_path):
    path = unit_file(tmp_path, TREE)
    import_units(source=path, actor=None)
    before = snapshot()

    again = import_units(source=path, actor=None)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert snapshot() == before
    # The second run is still on record: someone applied this file again.
    assert list(
        AuditEvent.objects.order_by("seq").values_list("changes__created", "changes__unchanged")
    ) == [
        (4, 0),
        (0, 4),
    ]


def test_updates_only_the_rows_that_changed_and_moves_their_subtree(db, tmp_path):
    import_units(source=unit_file(tmp_path, TREE), actor=None)
    untouched = OrgUnit.objects.get(code="SEK").updated_at
    moved = [["KEL-DELIMA", "Kelurahan Delima Baru", "SEK", "KELURAHAN"]]

    report = import_units(source=unit_file(tmp_path, moved, name="moved.csv"), actor=None)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert report.updated_rows == {
        "KEL-DELIMA": {
            "nama": ["Kelurahan Delima", "Kelurahan Delima Baru"],
            "induk_kode": ["KEC", "SEK"],
        }
    }
    child = OrgUnit.objects.get(code="KEL-DELIMA.PEL")  # not in the file, moved with its parent
    assert (child.path, child.depth) == ("/KEC/SEK/KEL-DELIMA/KEL-DELIMA.PEL/", 3)
    assert OrgUnit.objects.get(code="SEK").updated_at == untouched


def test_records_one_audit_event_naming_the_file(db, tmp_path):
    path = unit_file(tmp_path, TREE)
    admin = UserFactory.create(username="admin")

    import_units(source=path, actor=admin, label="unit-binawidya.csv")

    event = AuditEvent.objects.get()
    sha = file_sha256(path)
    assert (event.action, event.actor, event.actor_username) == (
        AuditAction.UNITS_IMPORTED,
        admin,
        "admin",
    )
    assert (event.target_type, event.target_id, event.target_label) == (
        "import",
        sha[:16],
        "unit-binawidya.csv",
    )
    assert event.changes == {
        "file_sha256": sha,
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "rows": 4,
        "updated_rows": {},
        "truncated": False,
    }


def test_a_dry_run_reports_what_would_change_and_writes_nothing(kecamatan, tmp_path):
    rows = [
        ["KEC", "Kecamatan Baru", "", "KECAMATAN"],
        ["SEK", "Sekretariat", "KEC", "SEKRETARIAT"],
    ]

    report = import_units(source=unit_file(tmp_path, rows), actor=None, dry_run=True)

    assert (report.errors, report.created, report.updated, report.unchanged) == ([], 1, 1, 0)
    assert list(OrgUnit.objects.values_list("code", "name")) == [("KEC", "Kecamatan Binawidya")]
    assert not AuditEvent.objects.exists()


# -- problems ---------------------------------------------------------------------------


def problems_of(tmp_path: Path, rows, **file_options) -> list[str]:
    report = import_units(source=unit_file(tmp_path, rows, **file_options), actor=None)
    return [str(error) for error in report.errors]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            ["", "Tanpa kode", "", "SEKSI"],
            "row 2, column kode: kode unit wajib diisi",
        ),
        (
            ["KODE SALAH", "Unit", "", "SEKSI"],
            "row 2, column kode: “KODE SALAH” bukan kode unit yang valid: gunakan 1 sampai 32"
            " huruf, angka, titik, tanda hubung, atau garis bawah, diawali huruf atau angka",
        ),
        (["A", "", "", "SEKSI"], "row 2, column nama: nama unit wajib diisi"),
        (
            ["A", "Unit", "", "KANTOR"],
            "row 2, column jenis: “KANTOR” bukan jenis unit; gunakan salah satu dari"
            " PEMERINTAH_KOTA, DINAS, BADAN, KECAMATAN, KELURAHAN, SEKRETARIAT, BAGIAN, BIDANG,"
            " SUBBAGIAN, SEKSI, UPT, LAINNYA",
        ),
        (
            ["A", "Unit", "TIDAK-ADA", "SEKSI"],
            "row 2, column induk_kode: unit induk TIDAK-ADA tidak dikenal: tidak ada di berkas"
            " maupun di basis data",
        ),
        (
            ["A", "Unit", "A", "SEKSI"],
            "row 2, column induk_kode: unit tidak dapat menjadi induk bagi dirinya sendiri",
        ),
    ],
)
def test_rejects_a_bad_row_with_a_specific_message(db, tmp_path, row, problem):
    assert problems_of(tmp_path, [row]) == [problem]


def test_a_duplicate_code_is_reported_on_its_second_row_naming_the_first(db, tmp_path):
    rows = [["A", "Satu", "", "SEKSI"], ["B", "Dua", "", "SEKSI"], ["A", "Lagi", "", "SEKSI"]]

    assert problems_of(tmp_path, rows) == ["row 4, column kode: kode unit A sudah ada pada baris 2"]


def test_a_cycle_within_the_file_is_reported_on_each_of_its_rows(db, tmp_path):
    rows = [["A", "Satu", "C", "SEKSI"], ["B", "Dua", "A", "SEKSI"], ["C", "Tiga", "B", "SEKSI"]]

    assert problems_of(tmp_path, rows) == [
        "row 2, column induk_kode: rantai unit induk membentuk lingkaran: A → C → B → A",
        "row 3, column induk_kode: rantai unit induk membentuk lingkaran: B → A → C → B",
        "row 4, column induk_kode: rantai unit induk membentuk lingkaran: C → B → A → C",
    ]


def test_a_cycle_between_the_file_and_the_database_is_refused(kecamatan, tmp_path):
    OrgUnitFactory.create(code="SEK", kind=OrgUnit.Kind.SEKRETARIAT, parent=kecamatan)

    problems = problems_of(tmp_path, [["KEC", "Kecamatan", "SEK", "KECAMATAN"]])

    assert problems == [
        "row 2, column induk_kode: rantai unit induk membentuk lingkaran: KEC → SEK → KEC"
    ]


def test_a_wrong_header_is_reported_on_row_1(db, tmp_path):
    problems = problems_of(
        tmp_path, [["A", "Satu", "", "SEKSI"]], header=["kode", "nama", "parent", "jenis"]
    )

    assert problems == [
        "row 1, column parent: kolom tidak dikenal; kolom yang benar adalah"
        " kode, nama, induk_kode, jenis",
        "row 1, column induk_kode: kolom wajib ini tidak ada",
    ]


def test_an_empty_file_is_refused(db, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_bytes(b"")

    report = import_units(source=path, actor=None)

    assert [str(error) for error in report.errors] == [
        "row 1, column -: berkas kosong: baris pertamanya harus berisi nama kolom"
        " kode, nama, induk_kode, jenis"
    ]


def test_checking_stops_after_too_many_problems(db, tmp_path, monkeypatch):
    monkeypatch.setattr("kinerja.organization.importers.common.MAX_PROBLEMS", 3)
    rows = [[f"U{number}", "", "TIDAK-ADA", "SEKSI"] for number in range(10)]

    assert problems_of(tmp_path, rows) == [
        "row 2, column nama: nama unit wajib diisi",
        "row 3, column nama: nama unit wajib diisi",
        "row 4, column nama: nama unit wajib diisi",
        "row 5, column -: lebih dari 3 masalah: sisa berkas tidak diperiksa;"
        " perbaiki masalah-masalah ini terlebih dahulu",
    ]


def test_a_file_with_problems_writes_nothing(kecamatan, tmp_path):
    before = snapshot()
    rows = [
        ["KEC", "Nama Baru", "", "KECAMATAN"],
        ["SEK", "Sekretariat", "KEC", "SEKRETARIAT"],
        ["X", "", "", "SEKSI"],
    ]

    report = import_units(source=unit_file(tmp_path, rows), actor=None)

    assert (len(report.errors), report.rows) == (1, 3)
    assert snapshot() == before
    assert not AuditEvent.objects.exists()


# -- the command ------------------------------------------------------------------------


def test_the_command_imports_a_semicolon_file_with_a_byte_order_mark(db, tmp_path):
    path = unit_file(tmp_path, TREE, delimiter=";", bom=True)

    status, out, _err = run_command(str(path))

    assert status == 0
    assert out == "Impor selesai: 4 baris; 4 dibuat, 0 diperbarui, 0 tidak berubah.\n"
    assert OrgUnit.objects.count() == 4
    assert AuditEvent.objects.get().actor_username == ""


def test_the_command_prints_every_problem_and_exits_1(db, tmp_path):
    rows = [["A", "", "", "SEKSI"], ["B", "Dua", "Z", "seksi"]]

    status, out, err = run_command(str(unit_file(tmp_path, rows)))

    assert status == 1
    assert out.splitlines() == [
        "row 2, column nama: nama unit wajib diisi",
        "row 3, column induk_kode: unit induk Z tidak dikenal: tidak ada di berkas"
        " maupun di basis data",
    ]
    assert err == "Ditemukan 2 masalah; tidak ada data yang ditulis."
    assert not OrgUnit.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_command_dry_run_writes_nothing(db, tmp_path):
    status, out, _err = run_command(str(unit_file(tmp_path, TREE)), "--dry-run")

    assert status == 0
    assert out == (
        "Uji coba, tidak ada data yang ditulis: 4 baris;"
        " 4 akan dibuat, 0 diperbarui, 0 tidak berubah.\n"
    )
    assert not OrgUnit.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_command_records_the_actor_it_is_given(db, tmp_path):
    UserFactory.create(username="admin")

    status, _out, _err = run_command(str(unit_file(tmp_path, TREE)), "--actor", "admin")

    assert status == 0
    assert AuditEvent.objects.get().actor_username == "admin"


def test_the_command_refuses_an_unknown_actor(db, tmp_path):
    status, _out, err = run_command(str(unit_file(tmp_path, TREE)), "--actor", "siapa")

    assert (status, err) == (1, "Tidak ada pengguna bernama siapa.")
    assert not OrgUnit.objects.exists()


def test_the_command_refuses_a_missing_file_or_an_unsupported_type(db, tmp_path):
    text_file = tmp_path / "unit.txt"
    text_file.write_text("kode,nama,induk_kode,jenis\n")

    assert run_command(str(tmp_path / "tidak-ada.csv"))[::2] == (
        1,
        f"Berkas tidak ditemukan: {tmp_path / 'tidak-ada.csv'}",
    )
    assert run_command(str(text_file))[::2] == (
        1,
        "Jenis berkas “.txt” tidak didukung: unggah berkas .csv atau .xlsx.",
    )
