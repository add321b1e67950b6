"""Benchmark of the leader's control room on Beranda for a large organisation: time and
SQL queries per render (issue 7, "Fast for a 5,000-employee organisation").

    .venv/bin/python bench/leader_dashboard.py [--employees 5000] [--renders 20]
        [--database-url postgres://kinerja:kinerja@127.0.0.1:5432/kinerja] [--seed 1]

Data. The synthetic city of ``kinerja generate_dataset`` (``kinerja.demo.datasets``) with
``--employees`` employees (no service tasks), imported with the real importers: units of
one to a few dozen people each under the Sekretaris Daerah. The performance year of
today is opened with the real service (17 periods, appraisers snapshotted). Then, with a
seeded random generator, in bulk, for a realistic fraction of the people:

- an SKP for 90 % (approved for 80 %, submitted for 5 %, a draft for 5 %);
- an evaluation of the latest evaluation period that has ended for 90 % (submitted for
  60 %, a draft for 15 %, delivered for 15 %) with a predicate, and the organisation
  predicate of the city for that period (an open calibration over all of them);
- six months of service figures for the 20 % who work at a front desk;
- the criteria version in force, acknowledged by 70 %;
- an active coaching case for 1 %, a new early-warning alert for 2 %;
- forty innovations in every state; two units in their pilot (uji coba).

Database. A fresh one: a SQLite file in a temporary directory, or, with
``--database-url`` (default: $DATABASE_URL when it names PostgreSQL), a temporary
database created on that server and dropped at the end.

Measurements. The Sekretaris Daerah is the pimpinan of the whole city (every employee is
in their scope). Through Django's test client, logged in as them, after one warm-up
render each: ``--renders`` renders of Beranda (the control room of the whole city), of
the page of the largest unit, and of a list behind one number; and the same of Beranda
for a penilai (a head of agency). For each: the median and the maximum time per render
and the SQL queries per render (which must not vary).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0


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


def timed(label: str, call: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = call()
    print(f"{label}: {time.perf_counter() - started:.1f} s")
    return result


# -- the organisation and its figures -----------------------------------------------------


def build(workdir: Path, employees: int, seed: int, today: date) -> dict[str, Any]:  # noqa: PLR0915
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.db.models import Count  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from kinerja.appraisals.models import Calibration, Evaluation  # noqa: PLC0415
    from kinerja.coaching.models import CoachingCase  # noqa: PLC0415
    from kinerja.criteria.models import (  # noqa: PLC0415
        Acknowledgement,
        CriteriaVersion,
        EarlyWarningRule,
    )
    from kinerja.demo.datasets import generate_dataset  # noqa: PLC0415
    from kinerja.innovations.models import Innovation  # noqa: PLC0415
    from kinerja.monitoring.models import Alert  # noqa: PLC0415
    from kinerja.monitoring.selectors.dashboard import (  # noqa: PLC0415
        dashboard_context,
        leader_scope,
    )
    from kinerja.organization.importers.employees import import_employees  # noqa: PLC0415
    from kinerja.organization.importers.units import import_units  # noqa: PLC0415
    from kinerja.organization.models import Employee, OrgUnit, UnitRollout  # noqa: PLC0415
    from kinerja.organization.services import open_performance_year  # noqa: PLC0415
    from kinerja.plans.models import PerformancePlan  # noqa: PLC0415
    from kinerja.service_metrics.models import ServiceMetric  # noqa: PLC0415
    from kinerja.workcalendar.services import ensure_calendar  # noqa: PLC0415

    # Synthetic data, not secrets: a seeded generator makes the run reproducible.
    rng = random.Random(f"leader-dashboard:{seed}")  # noqa: S311
    call_command("migrate", verbosity=0, skip_checks=True)
    timed("working calendar", ensure_calendar)
    summary = timed(
        "generate_dataset",
        lambda: generate_dataset(
            employees=employees, tasks_per_employee=0, year=today.year, seed=seed, out_dir=workdir
        ),
    )
    for importer, name in ((import_units, "units.csv"), (import_employees, "employees.csv")):
        started = time.perf_counter()
        report = importer(source=workdir / name, actor=None, label=name)
        print(f"{name}: {time.perf_counter() - started:.1f} s")
        assert report.is_valid, report.errors[:5]
    year = timed(
        "open_performance_year", lambda: open_performance_year(actor=None, year=today.year)
    )
    context = dashboard_context(today)
    period = context.period
    assert period is not None, "no evaluation period has ended yet this year"
    root = OrgUnit.objects.get(parent=None)
    people = list(Employee.objects.select_related("unit").order_by("pk"))
    User = get_user_model()  # noqa: N806
    sekda = next(p for p in people if p.unit_id == root.pk and p.supervisor_id is None)
    pimpinan = User.objects.create_user("bench.pimpinan", password=None, is_pimpinan=True)
    sekda.user = pimpinan
    sekda.save(update_fields=["user"])
    others = [p for p in people if p.pk != sekda.pk]
    head = max(
        (p for p in others if p.supervisor_id == sekda.pk),
        key=lambda p: Employee.objects.filter(supervisor=p).count(),
    )
    penilai = User.objects.create_user("bench.penilai", password=None)
    head.user = penilai
    head.save(update_fields=["user"])
    now = timezone.now()

    def step() -> float:
        return rng.random()

    started = time.perf_counter()
    plans, evaluations = [], []
    for person in others:
        draw = step()
        if draw < 0.9:
            status = "DISETUJUI" if draw < 0.8 else ("DIAJUKAN" if draw < 0.85 else "DRAFT")
            plans.append(
                PerformancePlan(
                    employee=person,
                    performance_year=year,
                    status=status,
                    appraiser_id=person.supervisor_id,
                )
            )
        draw = step()
        if draw < 0.9:
            status = "DIAJUKAN" if draw < 0.6 else ("DRAFT" if draw < 0.75 else "DISAMPAIKAN")
            predicate = rng.choices(
                ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG"], weights=[10, 75, 12, 3]
            )[0]
            evaluations.append(
                Evaluation(
                    employee=person,
                    period=period,
                    unit_id=person.unit_id,
                    appraiser_id=person.supervisor_id,
                    status=status,
                    matrix_predicate="" if status == "DRAFT" else predicate,
                    final_predicate=predicate if status == "DISAMPAIKAN" else "",
                )
            )
    PerformancePlan.objects.bulk_create(plans, batch_size=1000)
    Evaluation.objects.bulk_create(evaluations, batch_size=1000)
    Calibration.objects.create(
        unit=root,
        period=period,
        org_predicate="BAIK",
        org_predicate_note="Capaian Perjanjian Kinerja sesuai target",
        org_predicate_set_by=pimpinan,
        org_predicate_set_at=now,
    )
    front_desk = [p for p in others if step() < 0.2]
    ServiceMetric.objects.bulk_create(
        (
            ServiceMetric(
                employee=person,
                period=month.code,
                period_kind="BULAN",
                tasks_completed=(tasks := rng.randint(20, 200)),
                on_time=int(tasks * rng.uniform(0.6, 1.0)),
                first_time_right=int(tasks * rng.uniform(0.8, 1.0)),
                open_overdue=rng.choice([0, 0, 0, 1, 2]),
                computed_at=now,
            )
            for person in front_desk
            for month in context.months
        ),
        batch_size=2000,
    )
    version = CriteriaVersion.objects.create(
        organization=root, year=today.year, number=1, title="Kriteria", created_by=pimpinan
    )
    # The rule first: a published version is locked.
    rule = EarlyWarningRule.objects.create(version=version, kind="TEPAT_WAKTU_DI_BAWAH")
    CriteriaVersion.objects.filter(pk=version.pk).update(status="DITERBITKAN", published_at=now)
    Acknowledgement.objects.bulk_create(
        (
            Acknowledgement(
                version=version,
                employee=person,
                unit_id=person.unit_id,
                assigned_at=now,
                acknowledged_at=now if step() < 0.7 else None,
            )
            for person in people
        ),
        batch_size=2000,
    )
    for person in rng.sample(others, len(others) // 100):
        CoachingCase.objects.create(
            employee=person,
            coach_id=person.supervisor_id,
            opened_by=pimpinan,
            reason="Dua periode berturut-turut di bawah ekspektasi",
            goals="Kembali sesuai ekspektasi",
            window_starts_on=today,
            window_ends_on=today + timedelta(days=182),
        )
    Alert.objects.bulk_create(
        Alert(
            employee=person,
            appraiser_id=person.supervisor_id,
            rule=rule,
            kind=rule.kind,
            key=f"bench:{person.pk}",
            period=context.month,
            raised_at=now,
        )
        for person in rng.sample(others, len(others) // 50)
    )
    states = ["DIAJUKAN", "DINILAI", "TERVERIFIKASI", "DITOLAK"]
    for number in range(40):
        status = states[number % 4]
        decided = status in {"TERVERIFIKASI", "DITOLAK"}
        Innovation.objects.create(
            organization=root,
            performance_year=year,
            submitted_by=rng.choice(others),
            title=f"Inovasi {number}",
            problem="Antrean panjang",
            change="Layanan daring",
            since=today - timedelta(days=90),
            evidence="Laporan",
            effect="Waktu tunggu turun",
            status=status,
            submitted_at=now,
            decided_at=now if decided else None,
            decision_reason="Sesuai rubrik" if decided else "",
        )
    pilots = list(OrgUnit.objects.filter(depth=1).order_by("path")[:2])
    for unit in pilots:
        UnitRollout.objects.create(
            unit=unit, pilot_from=today - timedelta(days=30), active_from=today + timedelta(days=90)
        )
    print(f"figures of the year: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    sizes = sorted(
        Employee.objects.values("unit").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    largest = (
        Employee.objects.values("unit__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__code")
        .first()
    )
    assert largest is not None
    return {
        "employees": len(people),
        "units": summary.units,
        "unit_sizes": (sizes[0], statistics.median(sizes), sizes[-1]),
        "largest_unit": largest["unit__code"],
        "plans": len(plans),
        "evaluations": len(evaluations),
        "front_desk": len(front_desk),
        "period": period.code,
        "pimpinan": pimpinan,
        "penilai": penilai,
        "penilai_team": Employee.objects.filter(supervisor=head).count(),
        "penilai_people": leader_scope(penilai).employees.count(),
    }


# -- the renders --------------------------------------------------------------------------


def measure(client: Any, path: str, renders: int) -> tuple[float, float, int, int]:
    """(median seconds, max seconds, queries, bytes) of ``renders`` renders of ``path``."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    response = client.get(path)  # warm-up: templates, sessions
    assert response.status_code == 200, (path, response.status_code)
    seconds, queries = [], set()
    for _index in range(renders):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            seconds.append(time.perf_counter() - started)
        assert response.status_code == 200
        queries.add(len(captured))
    assert len(queries) == 1, f"the number of queries varied: {sorted(queries)}"
    return statistics.median(seconds), max(seconds), queries.pop(), len(response.content)


def run(args: argparse.Namespace, workdir: Path) -> list[tuple[str, str]]:
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    # The pages name static files by their plain names: no collectstatic manifest here.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.utils import timezone  # noqa: PLC0415

    today = timezone.localdate()
    data = build(workdir, args.employees, args.seed, today)
    pimpinan = Client(HTTP_ACCEPT_LANGUAGE="id")
    pimpinan.force_login(data["pimpinan"])
    penilai = Client(HTTP_ACCEPT_LANGUAGE="id")
    penilai.force_login(data["penilai"])
    unit = data["largest_unit"]
    pages = [
        ("Beranda, pimpinan (the whole city)", pimpinan, "/"),
        (f"unit page, largest unit ({unit})", pimpinan, f"/beranda/pemantauan/unit/{unit}/"),
        (
            "list behind a number (SKP approved, city)",
            pimpinan,
            "/beranda/pemantauan/unit/KOTA/daftar/?show=skp-approved",
        ),
        (
            f"Beranda, penilai ({data['penilai_team']} direct reports,"
            f" {data['penilai_people']:,} people below them)",
            penilai,
            "/",
        ),
    ]
    low, middle, high = data["unit_sizes"]
    figures = [
        ("database", connection.vendor),
        (
            "data",
            f"{data['employees']:,} employees in {data['units']:,} units"
            f" (people per unit: {low}–{high}, median {middle:g});"
            f" {data['plans']:,} SKP, {data['evaluations']:,} evaluations of {data['period']},"
            f" {data['front_desk']:,} with service figures",
        ),
    ]
    for label, client, path in pages:
        median, longest, queries, size = measure(client, path, args.renders)
        verdict = "met" if longest < TARGET_SECONDS else "NOT met"
        figures.append(
            (
                label,
                f"median {median * 1000:.0f} ms, max {longest * 1000:.0f} ms,"
                f" {queries} queries, {size / 1024:.0f} KB (target < {TARGET_SECONDS:g} s:"
                f" {verdict})",
            )
        )
        print(f"{label}: {figures[-1][1]}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=5_000)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    default_url = os.environ.get("DATABASE_URL", "")
    parser.add_argument(
        "--database-url",
        default=default_url if default_url.startswith("postgres") else None,
        help="PostgreSQL server to create a temporary database on",
    )
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.setdefault("KINERJA_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        workdir = Path(tmp)
        os.environ["KINERJA_VAR_DIR"] = str(workdir)
        database = None
        if args.database_url:
            url, database = temporary_postgres(args.database_url)
        else:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
        try:
            figures = run(args, workdir)
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
