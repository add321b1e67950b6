"""The working time the database derives (``sql.derive_task_columns``) is the working
time of the pure definition (``workcalendar.hours``), on SQLite and PostgreSQL alike."""

import random
from datetime import UTC, datetime, timedelta

from kinerja.service_metrics.models import ServiceTask
from kinerja.service_metrics.tests.factories import ServiceTypeFactory, ingest, task
from kinerja.workcalendar.selectors import load_working_calendar

START = datetime(2025, 12, 1, tzinfo=UTC)
SPAN_SECONDS = int(timedelta(days=180).total_seconds())


def test_derived_ordinals_match_the_pure_calendar_on_random_tasks(org):
    rng = random.Random(20260328)  # noqa: S311 - reproducible test data, not secrets
    service = ServiceTypeFactory(code="DOM", unit=org.pelayanan)
    items = []
    for number in range(300):
        received = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        # Some tasks stay open; some end within minutes, others weeks later.
        completed = None
        if rng.random() < 0.9:
            completed = received + timedelta(
                seconds=rng.choice([0, 59, 3600, 86_400 * 9]) + rng.randrange(86_400 * 3)
            )
        items.append(
            task(
                f"R{number}",
                service,
                org.staf,
                received.isoformat(),
                completed.isoformat() if completed else None,
            )
        )
    ingest(items)
    calendar = load_working_calendar()

    for stored in ServiceTask.objects.all():
        assert stored.received_ordinal == calendar.ordinal(stored.received_at), stored.number
        if stored.completed_at is None:
            assert stored.completed_ordinal is None
        else:
            assert stored.completed_ordinal == calendar.ordinal(stored.completed_at)
            assert stored.turnaround_seconds == calendar.working_seconds_between(
                stored.received_at, stored.completed_at
            )
            local = stored.completed_at.astimezone(calendar.zone)
            assert stored.completed_month == local.year * 100 + local.month
