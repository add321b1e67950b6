"""The figures of product.md 4.3 on a hand-computed fixture, on SQLite and PostgreSQL.

Working hours are the default Monday–Friday 08:00–16:00 WIB. The national calendar of
March–April 2026: 18 March cuti bersama (Nyepi), 19 March Nyepi, 20 March cuti bersama,
21–22 March Idul Fitri, 23–24 March cuti bersama, 3 April Good Friday.

staf, standard DOM 4 working hours, SKU 1 working day (8 hours):
  T1 DOM  Mon 02-03 09:00 → 02-03 11:30   2.5 h  on time  first time right
  T2 DOM  Mon 02-03 15:00 → 03-03 10:00   3 h    on time  returned once
  T3 DOM  Fri 06-03 14:00 → Mon 09-03 11:00  5 h late   complaint
  T4 SKU  Tue 17-03 10:00 → Wed 25-03 09:00  6 h + 1 h across the holidays = 7 h, on time
  T5 DOM  Sat 28-03 10:00 → Mon 30-03 09:30  1.5 h (received on a Saturday), on time
  T6 DOM  Tue 31-03 15:00 → open            1 h by the end of March: not yet overdue
  T7 DOM  Mon 30-03 08:00 → Thu 02-04 09:00  16 h open at the end of March (overdue),
                                            25 h in all: late, completed in April
rekan:
  T8 SKU  Mon 02-03 08:00 → Tue 03-03 16:00  16 h > 8 h: late
"""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from kinerja.service_metrics.models import ServiceMetric, ServiceTask, ServiceTypeMetric
from kinerja.service_metrics.tests.factories import ServiceTypeFactory, ingest, task

HEADER = (
    "nip,nama,unit_kode,period,tasks_completed,on_time,on_time_rate,"
    "first_time_right_rate,median_turnaround_hours,open_overdue"
)


@pytest.fixture
def recorded(org):
    dom = ServiceTypeFactory(code="DOM", unit=org.pelayanan, standard_value=Decimal("4"))
    sku = ServiceTypeFactory(
        code="SKU", unit=org.pelayanan, standard_value=Decimal("1"), standard_unit="HARI_KERJA"
    )
    staf, rekan = org.staf, org.rekan
    ingest(
        [
            task("T1", dom, staf, "2026-03-02T09:00:00", "2026-03-02T11:30:00"),
            task("T2", dom, staf, "2026-03-02T15:00:00", "2026-03-03T10:00:00", returned=1),
            task("T3", dom, staf, "2026-03-06T14:00:00", "2026-03-09T11:00:00", complaint=True),
            task("T4", sku, staf, "2026-03-17T10:00:00", "2026-03-25T09:00:00"),
            task("T5", dom, staf, "2026-03-28T10:00:00", "2026-03-30T09:30:00"),
            task("T6", dom, staf, "2026-03-31T15:00:00"),
            task("T7", dom, staf, "2026-03-30T08:00:00", "2026-04-02T09:00:00"),
            task("T8", sku, rekan, "2026-03-02T08:00:00", "2026-03-03T16:00:00"),
        ]
    )
    return org


def _export(period, *extra):
    out = io.StringIO()
    call_command("export_service_metrics", "--period", period, *extra, stdout=out)
    return out.getvalue()


def test_each_task_gets_its_working_time_turnaround_and_standard(recorded):
    tasks = {t.number: t for t in ServiceTask.objects.all()}
    hours = {n: (t.turnaround_seconds or 0) / 3600 for n, t in tasks.items()}
    assert hours == {
        "T1": 2.5,
        "T2": 3,
        "T3": 5,
        "T4": 7,
        "T5": 1.5,
        "T6": 0,
        "T7": 25,
        "T8": 16,
    }
    assert tasks["T6"].turnaround_seconds is None
    assert tasks["T4"].standard_seconds == 8 * 3600
    assert tasks["T1"].standard_seconds == 4 * 3600
    assert [tasks[n].completed_month for n in ("T1", "T7", "T6")] == [202603, 202604, None]


def test_export_of_a_month_gives_every_column_as_computed_by_hand(recorded):
    rows = _export("2026-03").splitlines()
    assert rows == [
        HEADER,
        f"{recorded.rekan.nip},Rekan,PEL,2026-03,1,0,0.0000,1.0000,16.0000,0",
        f"{recorded.staf.nip},Staf,PEL,2026-03,5,4,0.8000,0.6000,3.0000,1",
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2026-04", "1,0,0.0000,1.0000,25.0000,1"),
        ("2026-Q1", "5,4,0.8000,0.6000,3.0000,1"),
        ("2026-Q2", "1,0,0.0000,1.0000,25.0000,1"),
        # Six tasks: the median of an even count is the mean of the middle two (3 h, 5 h).
        ("2026", "6,4,0.6667,0.6667,4.0000,1"),
    ],
)
def test_export_of_longer_periods_for_one_employee(recorded, period, expected):
    rows = list(csv.reader(io.StringIO(_export(period))))
    staf = next(row for row in rows if row[0] == recorded.staf.nip)
    assert ",".join(staf[4:]) == expected
    assert staf[3] == period


def test_a_period_without_tasks_exports_the_header_only(recorded):
    assert _export("2025-07").splitlines() == [HEADER]


def test_an_open_overdue_task_alone_gives_a_row_with_blank_rates(recorded):
    assert _export("2026-07").splitlines() == [
        HEADER,
        f"{recorded.staf.nip},Staf,PEL,2026-07,0,0,,,,1",
    ]


def test_export_by_unit_includes_sub_units_and_rejects_unknown_units(recorded):
    assert len(_export("2026-03", "--unit", "KEC").splitlines()) == 3
    assert _export("2026-03", "--unit", "KEL").splitlines() == [HEADER]
    with pytest.raises(Exception, match="XYZ"):
        _export("2026-03", "--unit", "XYZ")


def test_json_export_carries_the_same_figures(recorded):
    rows = json.loads(_export("2026-03", "--format", "json"))
    staf = next(row for row in rows if row["nip"] == recorded.staf.nip)
    assert staf == {
        "nip": recorded.staf.nip,
        "nama": "Staf",
        "unit_kode": "PEL",
        "period": "2026-03",
        "tasks_completed": 5,
        "on_time": 4,
        "on_time_rate": 0.8,
        "first_time_right_rate": 0.6,
        "median_turnaround_hours": 3.0,
        "open_overdue": 1,
    }


def test_service_figures_are_stored_per_service_and_period(recorded):
    dom = ServiceTypeMetric.objects.get(service_type__code="DOM", period="2026-03")
    assert (dom.tasks_completed, dom.on_time, dom.first_time_right, dom.open_overdue) == (
        4,
        3,
        2,
        1,
    )
    assert dom.median_turnaround_seconds == 2.75 * 3600


def test_a_changed_task_moves_between_periods_in_near_real_time(recorded):
    staf = recorded.staf
    dom = ServiceTypeFactory(code="DOM")
    ingest([task("T7", dom, staf, "2026-03-30T08:00:00", "2026-03-30T10:00:00")])
    march = ServiceMetric.objects.get(employee=staf, period="2026-03")
    assert (march.tasks_completed, march.on_time, march.open_overdue) == (6, 5, 0)
    assert not ServiceMetric.objects.filter(
        employee=staf, period="2026-04", tasks_completed__gt=0
    ).exists()


def test_recompute_gives_the_same_figures_as_the_incremental_refresh(recorded):
    before = sorted(
        ServiceMetric.objects.values_list(
            "employee_id",
            "period",
            "tasks_completed",
            "on_time",
            "first_time_right",
            "median_turnaround_seconds",
            "open_overdue",
        )
    )
    ServiceMetric.objects.all().delete()
    out = io.StringIO()
    call_command("recompute_service_metrics", stdout=out, stderr=io.StringIO())
    after = sorted(
        ServiceMetric.objects.values_list(
            "employee_id",
            "period",
            "tasks_completed",
            "on_time",
            "first_time_right",
            "median_turnaround_seconds",
            "open_overdue",
        )
    )
    assert after == before
    assert "Recomputed" in out.getvalue() or "Dihitung" in out.getvalue()


def test_importing_the_same_tasks_again_changes_nothing(recorded):
    dom = ServiceTypeFactory(code="DOM")
    counts = ingest([task("T1", dom, recorded.staf, "2026-03-02T09:00:00", "2026-03-02T11:30:00")])
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 1)
