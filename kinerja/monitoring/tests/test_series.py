"""The employees' series as the early-warning rules read them, read in bulk."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.monitoring.rules import PeriodPoint, RuleConfig, RuleKind, check, series_for
from kinerja.monitoring.selectors.series import employee_series, series_periods
from kinerja.monitoring.tests.factories import BELOW, evaluation_row, metric_row
from kinerja.organization.models import Employee, PerformanceYear
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory
from kinerja.plans.tests.factories import performance_year

pytestmark = pytest.mark.django_db

MID_APRIL = date(2026, 4, 15)


def test_the_periods_are_the_months_that_have_started():
    year = performance_year(2026)

    periods = series_periods(year, today=MID_APRIL)

    assert [period.code for period in periods] == ["2026-01", "2026-02", "2026-03", "2026-04"]


def test_a_quarterly_year_is_read_by_triwulan():
    year = performance_year(2026)
    year.periodicity = PerformanceYear.Periodicity.QUARTERLY
    year.save()

    periods = series_periods(year, today=date(2026, 7, 1))

    assert [period.code for period in periods] == ["2026-Q1", "2026-Q2", "2026-Q3"]


def test_each_period_carries_the_evaluation_and_the_service_figures(org):
    # given
    year = performance_year(2026)
    evaluation_row(org.staf, "2026-01", results=BELOW, score=62)
    evaluation_row(org.staf, "2026-02", predicate="SANGAT_BAIK", score=Decimal("101.5"))
    metric_row(org.staf, "2026-02", completed=8, on_time=6)
    metric_row(org.staf, "2026-04", completed=3, on_time=3)
    metric_row(org.staf, "2026-05", completed=9, on_time=9)  # not started on MID_APRIL

    # when
    series = employee_series(year, [org.staf.pk], today=MID_APRIL)

    # then
    assert series == {
        org.staf.pk: [
            PeriodPoint(
                "2026-01",
                results_rating=BELOW,
                behaviour_rating="SESUAI_EKSPEKTASI",
                predicate="BUTUH_PERBAIKAN",
                results_score=Decimal(62),
            ),
            PeriodPoint(
                "2026-02",
                results_rating="SESUAI_EKSPEKTASI",
                behaviour_rating="SESUAI_EKSPEKTASI",
                predicate="SANGAT_BAIK",
                results_score=Decimal("101.5"),
                on_time_rate=Decimal("0.75"),
                tasks_completed=8,
            ),
            PeriodPoint("2026-03"),
            PeriodPoint("2026-04", on_time_rate=Decimal(1), tasks_completed=3),
        ]
    }


def test_only_submitted_evaluations_count_with_the_matrix_predicate_before_calibration(org):
    year = performance_year(2026)
    evaluation_row(org.staf, "2026-01", results=BELOW, status=EvaluationStatus.DRAFT.value)
    evaluation_row(org.staf, "2026-02", results=BELOW, status=EvaluationStatus.SUBMITTED.value)

    points = employee_series(year, [org.staf.pk], today=MID_APRIL)[org.staf.pk]

    assert points[0] == PeriodPoint("2026-01")
    assert points[1].results_rating == BELOW
    assert points[1].predicate == "BUTUH_PERBAIKAN"  # the matrix's; no final one yet


def test_employees_without_any_data_are_left_out(org):
    year = performance_year(2026)
    metric_row(org.staf, "2026-01", completed=1, on_time=1)

    series = employee_series(year, Employee.objects.filter(unit=org.pelayanan), today=MID_APRIL)

    assert list(series) == [org.staf.pk]


def _people(count: int) -> list[Employee]:
    position = PositionFactory()
    people = EmployeeFactory.create_batch(count, position=position)
    for person in people:
        evaluation_row(person, "2026-01", score=90)
        evaluation_row(person, "2026-02", results=BELOW, score=70)
        metric_row(person, "2026-02", completed=12, on_time=9)
        metric_row(person, "2026-03", completed=5, on_time=5)
    return people


@pytest.mark.parametrize("count", [3, 30])
def test_three_queries_whatever_the_number_of_employees(count, django_assert_num_queries):
    year = performance_year(2026)
    people = _people(count)

    with django_assert_num_queries(3):
        by_ids = employee_series(year, [person.pk for person in people], today=MID_APRIL)
    with django_assert_num_queries(3):
        by_queryset = employee_series(
            year, Employee.objects.filter(pk__in=[p.pk for p in people]), today=MID_APRIL
        )

    assert len(by_ids) == count
    assert by_queryset == by_ids
    assert all(len(points) == 4 for points in by_ids.values())


def test_no_period_started_means_no_series(org):
    year = performance_year(2026)
    metric_row(org.staf, "2026-01", completed=1, on_time=1)

    assert employee_series(year, [org.staf.pk], today=date(2025, 12, 31)) == {}


# -- series_for: the part of the series a rule reads (pure) -------------------------------

weak = {"results_rating": BELOW, "predicate": "BUTUH_PERBAIKAN"}
STREAK = RuleConfig(RuleKind.RATING_BELOW_STREAK, periods=2)
ON_TIME = RuleConfig(RuleKind.ON_TIME_BELOW, threshold=Decimal("0.8"), minimum_tasks=1)


def months(*points: dict[str, Any]) -> list[PeriodPoint]:
    return [PeriodPoint(period=f"2026-{n:02d}", **point) for n, point in enumerate(points, 1)]


def test_a_running_period_without_evaluation_does_not_hide_a_streak():
    running = {"on_time_rate": Decimal("0.9"), "tasks_completed": 4}
    series = months(weak, weak, running)

    hit = check(STREAK, series_for(STREAK, series))

    assert hit is not None
    assert hit.period == "2026-02"


def test_a_gap_before_the_latest_evaluation_breaks_the_streak():
    series = months(weak, {}, weak)

    assert check(STREAK, series_for(STREAK, series)) is None


def test_service_rules_read_up_to_the_latest_period_with_tasks():
    series = months(
        {"on_time_rate": Decimal("0.5"), "tasks_completed": 4, **weak},
        {"on_time_rate": Decimal("0.9"), "tasks_completed": 4},
        {**weak},
    )

    assert [point.period for point in series_for(ON_TIME, series)] == ["2026-01", "2026-02"]
    assert [point.period for point in series_for(STREAK, series)] == [
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    assert series_for(ON_TIME, months({}, {})) == []
