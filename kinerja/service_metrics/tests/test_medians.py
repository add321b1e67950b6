"""Every stored median, per employee and per service, for every period (month, triwulan,
year), is the median of the tasks' own turnarounds: the middle one, or the mean of the
middle two for an even count. The ranking in SQL (``sql.metric_rows_sql``) is checked on
random tasks with many ties, months with one or two tasks and tasks completed in the
next year, after an import and after a full recompute, on SQLite and PostgreSQL alike."""

import random
import statistics
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from kinerja.service_metrics.models import ServiceMetric, ServiceTask, ServiceTypeMetric
from kinerja.service_metrics.services.metrics import recompute_service_metrics
from kinerja.service_metrics.tests.factories import ServiceTypeFactory, ingest, task

# Tasks received from December 2025 to December 2026.
START = datetime(2025, 12, 1, 1, 0, tzinfo=UTC)
SPAN_DAYS = 390
# Few distinct durations, so that many turnarounds tie.
DURATIONS = [timedelta(minutes=minutes) for minutes in (0, 30, 30, 90, 240, 240, 600)]


def _period_codes(month: int) -> list[str]:
    year, number = divmod(month, 100)
    return [f"{year}-{number:02d}", f"{year}-Q{(number + 2) // 3}", str(year)]


def _expected_medians(group: str) -> dict[tuple[int, str], float]:
    turnarounds: dict[tuple[int, str], list[int]] = defaultdict(list)
    for stored in ServiceTask.objects.exclude(completed_at=None):
        assert stored.completed_month is not None
        assert stored.turnaround_seconds is not None
        for code in _period_codes(stored.completed_month):
            turnarounds[(getattr(stored, group), code)].append(stored.turnaround_seconds)
    return {key: float(statistics.median(values)) for key, values in turnarounds.items()}


def _stored_medians() -> tuple[dict[tuple[int, str], float], dict[tuple[int, str], float]]:
    employees = {
        (row.employee_id, row.period): row.median_turnaround_seconds
        for row in ServiceMetric.objects.filter(tasks_completed__gt=0)
    }
    services = {
        (row.service_type_id, row.period): row.median_turnaround_seconds
        for row in ServiceTypeMetric.objects.filter(tasks_completed__gt=0)
    }
    return employees, services


def test_stored_medians_are_the_medians_of_the_turnarounds(org):
    rng = random.Random(20260415)  # noqa: S311 - reproducible test data, not secrets
    services = [ServiceTypeFactory(code=f"MED{n}", unit=org.pelayanan) for n in range(3)]
    items = []
    for number in range(420):
        received = START + timedelta(
            days=rng.randrange(SPAN_DAYS), minutes=rng.choice([0, 45, 120, 300])
        )
        completed: datetime | None = received + rng.choice(DURATIONS)
        if rng.random() < 0.3:
            assert completed is not None
            completed += timedelta(days=rng.randrange(12), seconds=rng.randrange(3600))
        if rng.random() < 0.05:
            completed = None
        items.append(
            task(
                f"M{number}",
                rng.choice(services),
                rng.choice([org.staf, org.staf, org.rekan]),
                received.isoformat(),
                completed.isoformat() if completed else None,
            )
        )
    # A month with a single task, then one with two, both rekan's with the first service.
    lone = services[0]
    items += [
        task("LONE", lone, org.rekan, "2027-02-01T09:00:00", "2027-02-01T10:00:00"),
        task("PAIR1", lone, org.rekan, "2027-03-01T09:00:00", "2027-03-01T10:00:00"),
        task("PAIR2", lone, org.rekan, "2027-03-02T09:00:00", "2027-03-02T09:20:00"),
    ]
    ingest(items)

    expected = (_expected_medians("employee_id"), _expected_medians("service_type_id"))
    assert expected[0][(org.rekan.id, "2027-03")] == 40 * 60
    assert _stored_medians() == expected

    ServiceMetric.objects.all().delete()
    ServiceTypeMetric.objects.all().delete()
    recompute_service_metrics(actor=None, as_of=timezone.now())
    assert _stored_medians() == expected
