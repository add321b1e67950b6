"""Benchmark of the organisation imports: N employees on a fresh database.

    .venv/bin/python bench/import_employees.py [--employees 100000]
        [--database-url postgres://kinerja:kinerja@127.0.0.1:5432/kinerja] [--order nip|unit]

Generates, in a child process (so that its memory does not count), a unit file of about
N/50 units in a realistic tree and an employee file of N employees with valid NIPs and a
reporting line (unit heads report to the head of the parent unit, section heads to their
unit head, staff to a section head). Then, in this process, on a fresh database (a
temporary SQLite file, or a temporary database created next to --database-url and dropped
afterwards):

1. import_units, then import_employees: seconds, rows/second, RSS;
2. the same employee file again: should be a near no-op;
3. a copy of the file with every name changed: every row updated;
4. the employee import once more on emptied tables with tracemalloc on: the peak of
   Python allocations (tracemalloc slows Python down, so this run is not timed).

By default rows are sorted by NIP, as a personnel-system export is: most supervisors then
come after some of their reports, which is the harder case for the importer.
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EMPLOYEES_PER_UNIT = 50
BRANCHING = 6
UNIT_KINDS_BY_DEPTH = ["PEMERINTAH_KOTA", "DINAS", "BIDANG", "SEKSI"]
RANKS = ["Pengatur (II/c)", "Penata Muda (III/a)", "Penata (III/c)", "Pembina (IV/a)"]
EPOCH = date(1965, 1, 1)
BIRTH_SPREAD_DAYS = 35 * 365  # 1965-2000
PRIME = 7919  # coprime with BIRTH_SPREAD_DAYS, so consecutive groups get distinct dates


# -- generation (child process) -------------------------------------------------------


def make_nip(index: int) -> str:
    """A valid, unique PNS NIP for ``index``: unique (birth date, serial) pairs."""
    group, serial = divmod(index, 999)
    birth = EPOCH + timedelta(days=(group * PRIME) % BIRTH_SPREAD_DAYS)
    tmt_year = min(birth.year + 20 + index % 10, 2025)
    tmt_month = 1 + index % 12
    sex = 1 + index % 2
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}{serial + 1:03d}"


def unit_tree(count: int) -> list[tuple[str, str, str | None, str]]:
    """(kode, nama, induk_kode, jenis) breadth first, BRANCHING children per unit."""
    units: list[tuple[str, str, str | None, str]] = [
        ("KOTA", "Pemerintah Kota", None, "PEMERINTAH_KOTA")
    ]
    depth = {"KOTA": 0}
    parent_index = 0
    while len(units) < count:
        parent = units[parent_index][0]
        for _ in range(BRANCHING):
            if len(units) >= count:
                break
            code = f"U{len(units):05d}"
            level = min(depth[parent] + 1, len(UNIT_KINDS_BY_DEPTH) - 1)
            depth[code] = level
            units.append((code, f"Unit {len(units)}", parent, UNIT_KINDS_BY_DEPTH[level]))
        parent_index += 1
    return units


def generate(directory: Path, employees: int, order: str) -> None:
    units = unit_tree(max(1, employees // EMPLOYEES_PER_UNIT))
    with (directory / "units.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["kode", "nama", "induk_kode", "jenis"])
        writer.writerows((code, name, parent or "", kind) for code, name, parent, kind in units)
    head_of: dict[str, str] = {}
    rows = []
    index = 0
    for unit_number, (code, _name, parent, _kind) in enumerate(units):
        in_unit = employees // len(units) + (1 if unit_number < employees % len(units) else 0)
        section_heads: list[str] = []
        for position in range(in_unit):
            nip = make_nip(index)
            if position == 0:
                head_of[code] = nip
                atasan = head_of.get(parent or "", "")
                jabatan, kind = f"Kepala {code}", "ADMINISTRATOR" if parent else "JPT_PRATAMA"
            elif position <= 4:
                section_heads.append(nip)
                atasan = head_of[code]
                jabatan, kind = f"Kepala Seksi {position}", "PENGAWAS"
            else:
                atasan = section_heads[position % len(section_heads)]
                jabatan = "Analis" if position % 3 else "Pengadministrasi Umum"
                kind = "FUNGSIONAL" if position % 3 else "PELAKSANA"
            status = "PPPK" if index % 10 == 9 else "PNS"
            rows.append(
                (
                    nip,
                    f"Pegawai {index}",
                    status,
                    RANKS[index % len(RANKS)],
                    jabatan,
                    kind,
                    code,
                    atasan,
                    f"p{index}@example.go.id",
                )
            )
            index += 1
    if order == "nip":
        rows.sort()
    with (directory / "employees.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
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
        )
        writer.writerows(rows)


# -- measurement (this process) -------------------------------------------------------


def rss_now_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def temporary_postgres(url: str) -> tuple[str, str]:
    """Create an empty database next to ``url``; return (its URL, its name)."""
    import psycopg  # noqa: PLC0415

    name = f"kinerja_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name, name


def drop_postgres(url: str, name: str) -> None:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run(args: argparse.Namespace, workdir: Path) -> None:
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from kinerja.organization.importers.employees import import_employees  # noqa: PLC0415
    from kinerja.organization.importers.units import import_units  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    units_file, employees_file = workdir / "units.csv", workdir / "employees.csv"
    size_mb = employees_file.stat().st_size / 2**20
    print(f"database: {connection.vendor}; employee file {size_mb:.1f} MB")

    started = time.perf_counter()
    units = import_units(source=units_file, actor=None)
    assert units.is_valid, units.errors[:5]
    print(f"units: {units.rows:,} rows in {time.perf_counter() - started:.2f} s")

    rss_before = rss_now_mb()
    started = time.perf_counter()
    report = import_employees(source=employees_file, actor=None)
    seconds = time.perf_counter() - started
    assert report.is_valid, report.errors[:5]
    print(
        f"employees: {report.rows:,} rows in {seconds:.2f} s = {report.rows / seconds:,.0f} rows/s"
        f" ({report.created:,} created, {report.positions_created:,} jabatan)"
    )
    rss_after, rss_peak = rss_now_mb(), rss_peak_mb()
    print(f"  RSS before {rss_before:.0f} MB, after {rss_after:.0f} MB, peak {rss_peak:.0f} MB")

    started = time.perf_counter()
    again = import_employees(source=employees_file, actor=None)
    print(
        f"re-import: {time.perf_counter() - started:.2f} s"
        f" ({again.created} created, {again.updated} updated, {again.unchanged:,} unchanged)"
    )
    assert again.created == again.updated == 0

    renamed_file = workdir / "employees-renamed.csv"
    with (
        employees_file.open(encoding="utf-8", newline="") as source,
        renamed_file.open("w", encoding="utf-8", newline="") as target,
    ):
        writer = csv.writer(target)
        for number, values in enumerate(csv.reader(source)):
            writer.writerow([values[0], values[1] + (" Baru" if number else ""), *values[2:]])
    started = time.perf_counter()
    renamed = import_employees(source=renamed_file, actor=None)
    print(
        f"import with every name changed: {time.perf_counter() - started:.2f} s"
        f" ({renamed.updated:,} updated)"
    )
    assert renamed.updated == report.rows

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM organization_employee")
        cursor.execute("DELETE FROM organization_position")
    tracemalloc.start()
    started = time.perf_counter()
    traced = import_employees(source=employees_file, actor=None)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert traced.created == report.rows
    traced_seconds = time.perf_counter() - started
    print(
        f"traced import: tracemalloc peak {peak / 2**20:.1f} MB ({peak / report.rows:.0f} bytes"
        f" per row, file {size_mb:.1f} MB; {traced_seconds:.2f} s with tracing)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument(
        "--database-url", help="PostgreSQL server to create a temporary database on"
    )
    parser.add_argument("--order", choices=["nip", "unit"], default="nip")
    parser.add_argument("--generate-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        generate(args.generate_only, args.employees, args.order)
        return
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [
                sys.executable,
                __file__,
                "--generate-only",
                str(workdir),
                "--employees",
                str(args.employees),
                "--order",
                args.order,
            ],
            check=True,
        )
        print(f"generated {args.employees:,} employees in {time.perf_counter() - started:.1f} s")
        database = None
        if args.database_url:
            url, database = temporary_postgres(args.database_url)
        else:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
        os.environ["KINERJA_VAR_DIR"] = str(workdir)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
        sys.path.insert(0, str(REPO))
        try:
            run(args, workdir)
        finally:
            if database is not None:
                from django.db import connections  # noqa: PLC0415

                connections.close_all()
                drop_postgres(args.database_url, database)


if __name__ == "__main__":
    main()
