"""Working-calendar edits with their consequence: the working time of every task from
the first changed day on is derived again, and the figures of those years recomputed,
in the same transaction as the edit itself."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.service_metrics import figures
from kinerja.service_metrics.ingest import working_day_length
from kinerja.service_metrics.models import ServiceTask
from kinerja.service_metrics.sql import derive_task_columns
from kinerja.workcalendar.selectors import utc_offset_seconds


def apply_calendar_change(
    *, actor: User, edit: Callable[[], date | None], now: datetime | None = None
) -> date | None:
    """Run ``edit`` (a ``kinerja.workcalendar.services`` call returning the first day
    whose working time changed, or None) and bring tasks and figures up to date.
    ``actor`` is recorded by the edit itself. Returns the first changed day."""
    as_of = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        since = edit()
        if since is not None:
            refresh_after_calendar_change(since=since, as_of=as_of)
    return since


def refresh_after_calendar_change(*, since: date, as_of: datetime) -> None:
    """Derive the ordinals of the tasks open on or after ``since`` again (their
    recorded standards stay) and recompute the figures of the years concerned."""
    zone = timezone.get_default_timezone()
    # The day before, in UTC terms, to be safe at the edge of the local day.
    boundary = datetime.combine(since - timedelta(days=1), datetime.min.time(), tzinfo=zone)
    touched = (
        ServiceTask.objects.filter(received_at__gte=boundary)
        | ServiceTask.objects.filter(completed_at__gte=boundary)
        | ServiceTask.objects.filter(completed_at__isnull=True)
    )
    if not touched.exists():
        return
    derive_task_columns(
        where="received_at >= %s OR completed_at >= %s OR completed_at IS NULL",
        params=[_db(boundary), _db(boundary)],
        offset_seconds=utc_offset_seconds(),
        day_length=working_day_length(),
        standards=False,
    )
    first_year = since.year
    last_year = max(as_of.astimezone(zone).year, first_year)
    figures.refresh_years(range(first_year, last_year + 1), as_of=as_of)


def _db(value: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)
