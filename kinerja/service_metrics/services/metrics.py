"""The full recomputation of the stored service figures (``kinerja
recompute_service_metrics``): after a change of the working calendar, or nightly, so
that figures of a running period count the tasks that have since become overdue."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core.periods import PeriodSpan, periods_of_year
from kinerja.service_metrics import figures
from kinerja.service_metrics.models import ServiceTask
from kinerja.workcalendar.services import ensure_calendar

Progress = Callable[[int, int], None]  # (steps done, steps in all)


@dataclass(frozen=True, slots=True)
class RecomputeSummary:
    periods: int
    employee_rows: int
    service_rows: int
    seconds: float


def years_with_tasks() -> list[int]:
    """Every year from the first task received to the last one completed."""
    bounds = ServiceTask.objects.aggregate(
        first=Min("received_at"), last=Max("completed_at"), last_received=Max("received_at")
    )
    if bounds["first"] is None:
        return []
    zone = timezone.get_default_timezone()
    last = max(value for value in (bounds["last"], bounds["last_received"]) if value is not None)
    return list(range(bounds["first"].astimezone(zone).year, last.astimezone(zone).year + 1))


def recompute_service_metrics(
    *,
    actor: User | None,
    as_of: datetime,
    periods: Sequence[PeriodSpan] | None = None,
    progress: Progress | None = None,
) -> RecomputeSummary:
    """Recompute the stored figures of ``periods`` (default: every period of every year
    with tasks) for every employee and service, one transaction per period."""
    started = time.perf_counter()
    ensure_calendar()
    as_of = as_of.replace(microsecond=0)
    spans = (
        list(periods)
        if periods is not None
        else [span for year in years_with_tasks() for span in periods_of_year(year)]
    )
    # One step per year: one statement per grouping, in one transaction, so readers
    # never see a year half recomputed.
    steps = [
        list(group)
        for _year, group in groupby(
            sorted(spans, key=lambda span: span.code), key=lambda span: span.starts_on.year
        )
    ]
    employee_rows = service_rows = 0
    done = 0
    for step in steps:
        with transaction.atomic():
            count = figures.refresh_periods(step, as_of=as_of)
        employee_rows += count.employee_rows
        service_rows += count.service_rows
        done += len(step)
        if progress is not None:
            progress(done, len(spans))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE service_metrics_servicemetric")
    summary = RecomputeSummary(
        len(spans), employee_rows, service_rows, round(time.perf_counter() - started, 3)
    )
    with transaction.atomic():
        record_event(
            actor=actor,
            action=AuditAction.SERVICE_METRICS_RECOMPUTED,
            target_type="service_metrics",
            target_id=",".join(span.code for span in spans)[:64],
            target_label=f"{len(spans)} periods",
            changes={
                "periods": [span.code for span in spans],
                "employee_rows": employee_rows,
                "service_rows": service_rows,
                "as_of": as_of.isoformat(),
            },
        )
    return summary
