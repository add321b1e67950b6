"""Benchmark of the service figures: importing tasks, the full recompute, and how soon
one new task shows in its employee's numbers (issue 3, "What it must show").

    .venv/bin/python bench/service_metrics.py [--employees 10000] [--tasks 2000000]
        [--database-url postgres://kinerja:kinerja@127.0.0.1:5432/kinerja]
        [--year 2025] [--repeat 2] [--no-trace]

Data. A child process (so that its memory does not count) writes the synthetic city of
``kinerja generate_dataset`` (``kinerja.demo.datasets``) with ``--employees`` employees.
Only front-desk employees record service tasks, so it first counts them (the same seed
gives the same people whatever the number of tasks) and then asks for
round(tasks / front-desk employees) tasks each: for 2025, 10,000 employees have 907
front-desk employees, 2,205 tasks each = 1,999,935 tasks, received in ``--year`` (some
completed in the first months of the next year, a few per cent still open).

Database. A fresh one: a SQLite file in a temporary directory under /tmp, or, with
``--database-url`` (default: $DATABASE_URL when it names PostgreSQL), a temporary
database created on that server and dropped at the end. Migrated, then the working
calendar is set up (``ensure_calendar``) and units, employees and services imported.

Measurements:

(a) Import: ``import_service_tasks`` of the whole file, as one timed run: tasks per
    second, and the process's RSS before, after and at its peak (``ru_maxrss``, the
    whole process including Django). The import checks and stages every row, writes the
    tasks, derives their working-time columns and computes every figure of the years it
    touches (there are more than 500 employees, so for everyone). Then, unless
    ``--no-trace``, the tables are emptied and the same file imported again with
    ``tracemalloc`` on: the peak of Python allocations (tracing slows Python down, so that
    run is not the timed one).

(b) Full recompute against a plain GROUP BY. On PostgreSQL the task table is ANALYZEd
    first, as autovacuum would do shortly after a large import. The recompute is
    ``recompute_service_metrics(actor=None, as_of=now, periods=periods_of_year(year))``:
    per employee and per service, for the 17 periods of the year (the year, four
    triwulan, twelve months), the figures of product.md 4.3 (counts, median turnaround,
    open tasks overdue at each period's end), written to the metric tables. The
    baseline is the least any implementation must do to get the counts, on the same
    database and the same stored derived columns: for each of the 17 periods, one

        SELECT employee_id, COUNT(*),
               SUM(CASE WHEN completed_ordinal - received_ordinal <= standard_seconds
                        THEN 1 ELSE 0 END),                              -- on time
               SUM(CASE WHEN returned_count = 0 AND NOT has_complaint
                        THEN 1 ELSE 0 END)                               -- first time right
        FROM service_metrics_servicetask
        WHERE completed_month BETWEEN <first month> AND <last month>   -- YYYYMM
        GROUP BY employee_id

    with every row fetched, and the same per service (``service_type_id``), since the
    recompute stores both: the like-for-like baseline is the two together. Each is timed
    ``--repeat`` times, alternating; the best run of each counts, and the ratios of the
    recompute to both baselines are printed (target: at most 2 against the like-for-like
    one).
    The baseline's counts are then compared with the stored ServiceMetric rows: they
    must match exactly.

(c) A new task: for five front-desk employees in turn, ``record_service_tasks`` (as an
    HR admin) of one task completed in June of the year, and the time from the call
    until that employee's stored ServiceMetric of June counts it (target: under 2 s).
"""

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED = 1
NEW_TASK_SAMPLES = 5
RATIO_TARGET = 2.0
NEW_TASK_TARGET_SECONDS = 2.0


# -- generation (child process) -------------------------------------------------------


def generate(directory: Path, employees: int, tasks: int, year: int) -> None:
    import django  # noqa: PLC0415

    django.setup()
    from kinerja.demo.datasets import generate_dataset  # noqa: PLC0415

    people = generate_dataset(
        employees=employees, tasks_per_employee=0, year=year, seed=SEED, out_dir=directory
    )
    per_employee = max(1, round(tasks / max(people.front_desk, 1)))
    summary = generate_dataset(
        employees=employees,
        tasks_per_employee=per_employee,
        year=year,
        seed=SEED,
        out_dir=directory,
    )
    (directory / "summary.json").write_text(
        json.dumps(
            {
                "employees": summary.employees,
                "units": summary.units,
                "services": summary.services,
                "front_desk": summary.front_desk,
                "per_employee": per_employee,
                "tasks": summary.tasks,
                "open_tasks": summary.open_tasks,
            }
        )
    )


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


def timed(label: str, call: Any) -> Any:
    started = time.perf_counter()
    result = call()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def baseline_counts(
    year: int, group: str = "employee_id"
) -> tuple[float, dict[tuple[int, str], tuple[int, int, int]]]:
    """The plain GROUP BY of the docstring for the 17 periods, per employee (or per
    service with ``group="service_type_id"``): (seconds, counts)."""
    from django.db import connection  # noqa: PLC0415

    from kinerja.core.periods import periods_of_year  # noqa: PLC0415

    statement = (
        f"SELECT {group}, COUNT(*),"  # noqa: S608 - a column name of ours
        " SUM(CASE WHEN completed_ordinal - received_ordinal <= standard_seconds"
        " THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN returned_count = 0 AND NOT has_complaint THEN 1 ELSE 0 END)"
        " FROM service_metrics_servicetask"
        f" WHERE completed_month BETWEEN %s AND %s GROUP BY {group}"
    )
    counts: dict[tuple[int, str], tuple[int, int, int]] = {}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for span in periods_of_year(year):
            first = span.starts_on.year * 100 + span.starts_on.month
            last = span.ends_on.year * 100 + span.ends_on.month
            cursor.execute(statement, [first, last])
            for employee, total, on_time, right in cursor.fetchall():
                counts[(employee, span.code)] = (int(total), int(on_time), int(right))
    return time.perf_counter() - started, counts


def stored_counts(year: int) -> dict[tuple[int, str], tuple[int, int, int]]:
    from kinerja.service_metrics.models import ServiceMetric  # noqa: PLC0415

    rows = ServiceMetric.objects.filter(period__startswith=str(year), tasks_completed__gt=0)
    return {
        (employee, period): (total, on_time, right)
        for employee, period, total, on_time, right in rows.values_list(
            "employee_id", "period", "tasks_completed", "on_time", "first_time_right"
        )
    }


def import_tasks(tasks_file: Path, *, trace: bool) -> tuple[Any, float, int]:
    """Import the task file; (report, seconds, tracemalloc peak or 0)."""
    from kinerja.service_metrics.importers import import_service_tasks  # noqa: PLC0415

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = import_service_tasks(source=tasks_file, actor=None, label=tasks_file.name)
    seconds = time.perf_counter() - started
    peak = 0
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert report.is_valid, report.errors[:5]
    return report, seconds, peak


def empty_task_tables() -> None:
    from django.db import connection  # noqa: PLC0415

    tables = (
        "service_metrics_servicemetric",
        "service_metrics_servicetypemetric",
        "service_metrics_servicetask",
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names


def new_task_latencies(year: int, tasks_file: Path) -> list[float]:
    """Seconds from ``record_service_tasks`` of one task to its employee's June figure
    counting it, for NEW_TASK_SAMPLES employees."""
    from kinerja.accounts.models import User  # noqa: PLC0415
    from kinerja.organization.models import Employee  # noqa: PLC0415
    from kinerja.service_metrics.models import ServiceMetric  # noqa: PLC0415
    from kinerja.service_metrics.services.tasks import record_service_tasks  # noqa: PLC0415

    admin = User.objects.create_user("bench.admin", password=None, is_hr_admin=True)
    service_of: dict[str, str] = {}
    with tasks_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            service_of.setdefault(row["nip_petugas"], row["layanan_kode"])
    nips = sorted(service_of)
    step = max(1, len(nips) // NEW_TASK_SAMPLES)
    period = f"{year}-06"
    latencies = []
    for index, nip in enumerate(nips[::step][:NEW_TASK_SAMPLES]):
        employee = Employee.objects.get(nip=nip)
        before = ServiceMetric.objects.filter(employee=employee, period=period).first()
        counted = before.tasks_completed if before else 0
        item = {
            "nomor": f"BENCH-{year}-{index}",
            "layanan_kode": service_of[nip],
            "nip_petugas": nip,
            "diterima_pada": f"{year}-06-15T09:00:00",
            "selesai_pada": f"{year}-06-15T10:30:00",
            "dikembalikan": 0,
            "keluhan": 0,
        }
        started = time.perf_counter()
        record_service_tasks(actor=admin, items=[item])
        metric = ServiceMetric.objects.get(employee=employee, period=period)
        latency = time.perf_counter() - started
        assert metric.tasks_completed == counted + 1, (metric.tasks_completed, counted)
        latencies.append(latency)
        print(f"  new task for {nip}: visible after {latency:.3f} s")
    return latencies


def run(
    args: argparse.Namespace, workdir: Path, generated: dict[str, int]
) -> list[tuple[str, str]]:
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from kinerja.core.periods import periods_of_year  # noqa: PLC0415
    from kinerja.organization.importers.employees import import_employees  # noqa: PLC0415
    from kinerja.organization.importers.units import import_units  # noqa: PLC0415
    from kinerja.service_metrics.importers import import_services  # noqa: PLC0415
    from kinerja.service_metrics.services.metrics import (  # noqa: PLC0415
        recompute_service_metrics,
    )
    from kinerja.workcalendar.services import ensure_calendar  # noqa: PLC0415

    call_command("migrate", verbosity=0, skip_checks=True)
    tasks_file = workdir / "service_tasks.csv"
    size_mb = tasks_file.stat().st_size / 2**20
    print(f"database: {connection.vendor}; task file {size_mb:.0f} MB")
    timed("working calendar (ensure_calendar)", ensure_calendar)
    for importer, name in (
        (import_units, "units.csv"),
        (import_employees, "employees.csv"),
        (import_services, "services.csv"),
    ):
        report = timed(
            name,
            lambda importer=importer, name=name: importer(
                source=workdir / name, actor=None, label=name
            ),
        )
        assert report.is_valid, report.errors[:5]

    # (a) the import
    rss_before = rss_now_mb()
    report, seconds, _peak = import_tasks(tasks_file, trace=False)
    rss_after, rss_peak = rss_now_mb(), rss_peak_mb()
    rate = report.rows / seconds
    print(
        f"import_service_tasks: {report.rows:,} rows in {seconds:.1f} s = {rate:,.0f} tasks/s"
        f" ({report.created:,} created); RSS {rss_before:.0f} -> {rss_after:.0f} MB,"
        f" peak {rss_peak:.0f} MB"
    )
    traced = "not measured (--no-trace)"
    if args.trace:
        empty_task_tables()
        _report, traced_seconds, peak = import_tasks(tasks_file, trace=True)
        traced = f"{peak / 2**20:.1f} MB ({peak / report.rows:.0f} bytes per task)"
        print(f"traced import: tracemalloc peak {traced}; {traced_seconds:.1f} s with tracing")

    # (b) full recompute against the plain GROUP BY
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE service_metrics_servicetask")
    periods = periods_of_year(args.year)
    baseline_runs, both_runs, recompute_runs = [], [], []
    counts: dict[tuple[int, str], tuple[int, int, int]] = {}
    for attempt in range(1, args.repeat + 1):
        baseline_seconds, counts = baseline_counts(args.year)
        service_seconds, _service_counts = baseline_counts(args.year, "service_type_id")
        baseline_runs.append(baseline_seconds)
        both_runs.append(baseline_seconds + service_seconds)
        started = time.perf_counter()
        summary = recompute_service_metrics(actor=None, as_of=timezone.now(), periods=periods)
        recompute_runs.append(time.perf_counter() - started)
        print(
            f"run {attempt}: plain GROUP BY {baseline_seconds:.2f} s (employees),"
            f" {both_runs[-1]:.2f} s (employees and services);"
            f" recompute {recompute_runs[-1]:.2f} s ({summary.employee_rows:,} employee rows,"
            f" {summary.service_rows:,} service rows)"
        )
    matches = stored_counts(args.year) == counts
    print(f"stored figures equal the plain GROUP BY's counts: {'yes' if matches else 'NO'}")
    assert matches
    ratio = min(recompute_runs) / min(baseline_runs)
    # The recompute stores the same counts per service too: the like-for-like baseline.
    ratio_both = min(recompute_runs) / min(both_runs)

    # (c) one new task
    latencies = new_task_latencies(args.year, tasks_file)

    target = "target"
    return [
        ("database", connection.vendor),
        (
            "data",
            f"{generated['employees']:,} employees ({generated['front_desk']:,} front desk"
            f" x {generated['per_employee']:,} tasks) = {generated['tasks']:,} tasks,"
            f" {size_mb:.0f} MB CSV",
        ),
        ("import_service_tasks", f"{seconds:.1f} s = {rate:,.0f} tasks/s"),
        (
            "  RSS before -> after (peak)",
            f"{rss_before:.0f} -> {rss_after:.0f} MB ({rss_peak:.0f})",
        ),
        ("  tracemalloc peak", traced),
        ("plain GROUP BY, 17 periods, employees", f"{min(baseline_runs):.2f} s"),
        ("  … employees and services", f"{min(both_runs):.2f} s"),
        ("full recompute, 17 periods (best)", f"{min(recompute_runs):.2f} s"),
        (
            "ratio / GROUP BY employees and services",
            f"{ratio_both:.2f}x ({target} <= {RATIO_TARGET:g}x:"
            f" {'met' if ratio_both <= RATIO_TARGET else 'NOT met'})",
        ),
        ("ratio / GROUP BY employees only", f"{ratio:.2f}x"),
        (
            "new task visible (median, max)",
            f"{statistics.median(latencies):.3f} s, {max(latencies):.3f} s ({target} <"
            f" {NEW_TASK_TARGET_SECONDS:g} s: "
            f"{'met' if max(latencies) < NEW_TASK_TARGET_SECONDS else 'NOT met'})",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--tasks", type=int, default=2_000_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-trace", dest="trace", action="store_false")
    default_url = os.environ.get("DATABASE_URL", "")
    parser.add_argument(
        "--database-url",
        default=default_url if default_url.startswith("postgres") else None,
        help="PostgreSQL server to create a temporary database on",
    )
    parser.add_argument("--generate-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    sys.path.insert(0, str(REPO))
    if args.generate_only:
        generate(args.generate_only, args.employees, args.tasks, args.year)
        return
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        workdir = Path(tmp)
        os.environ["KINERJA_VAR_DIR"] = str(workdir)
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'generate.sqlite3'}"
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [
                sys.executable,
                __file__,
                "--generate-only",
                str(workdir),
                "--employees",
                str(args.employees),
                "--tasks",
                str(args.tasks),
                "--year",
                str(args.year),
            ],
            check=True,
        )
        generated = json.loads((workdir / "summary.json").read_text())
        print(
            f"generated {generated['employees']:,} employees, {generated['tasks']:,} tasks"
            f" in {time.perf_counter() - started:.1f} s"
        )
        database = None
        if args.database_url:
            url, database = temporary_postgres(args.database_url)
        else:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
        try:
            figures = run(args, workdir, generated)
        finally:
            if database is not None:
                from django.db import connections  # noqa: PLC0415

                connections.close_all()
                drop_postgres(args.database_url, database)
    width = max(len(label) for label, _value in figures)
    print()
    for label, value in figures:
        print(f"{label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
