"""Keeping the stored figures current: which periods to refresh, where their open tasks
are counted, and the calls into ``sql`` that replace the stored rows.

Everything a task touches lies in the years from its reception to its completion (or
to now, while it is open): its completion month, triwulan and year, and every period end
it was open across. Refreshing those years for the task's employee and service is all a
new or changed task needs; ``refresh_figures`` does that in a handful of statements.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from kinerja.core.periods import PeriodSpan, periods_of_year
from kinerja.service_metrics.sql import (
    Grouping,
    PeriodEnd,
    local_midnight_after,
    ordinals_of,
    store_metric_rows,
)
from kinerja.workcalendar.selectors import utc_offset_seconds

# Above this many employees or services, refreshing everyone costs less than a long
# IN (…) list (and SQLite caps the number of parameters of a statement).
SCOPE_LIMIT = 500


@dataclass(frozen=True, slots=True)
class RefreshCount:
    employee_rows: int
    service_rows: int


def period_ends(spans: Iterable[PeriodSpan]) -> list[PeriodEnd]:
    """Where open tasks are counted for each period: at its end (local midnight after
    its last day), as product.md 4.3 defines ``open_overdue``. The figure of a period
    still running therefore counts the tasks that will be overdue at its end unless
    completed first; the task list behind it shows which are already late now."""
    offset = utc_offset_seconds()
    instants = {span: local_midnight_after(span.ends_on, offset) for span in spans}
    ordinals = ordinals_of(instants.values(), offset)
    return [PeriodEnd(span, at, ordinals[at]) for span, at in instants.items()]


def refresh_periods(
    spans: Sequence[PeriodSpan],
    *,
    as_of: datetime,
    employee_ids: Collection[int] | None = None,
    service_type_ids: Collection[int] | None = None,
    groupings: Sequence[Grouping] = ("employee", "service_type"),
) -> RefreshCount:
    """Replace the stored figures of ``spans`` for the given employees and services
    (None: everyone)."""
    counts = {"employee": 0, "service_type": 0}
    scopes = {"employee": _scope(employee_ids), "service_type": _scope(service_type_ids)}
    ends = period_ends(spans)
    for grouping in groupings:
        scope = scopes[grouping]
        if scope is not None and not scope:
            continue
        counts[grouping] += store_metric_rows(
            grouping=grouping, spans=spans, ends=ends, scope_ids=scope, computed_at=as_of
        )
    return RefreshCount(counts["employee"], counts["service_type"])


def refresh_years(
    years: Iterable[int],
    *,
    as_of: datetime,
    employee_ids: Collection[int] | None = None,
    service_type_ids: Collection[int] | None = None,
) -> RefreshCount:
    """Refresh every period of ``years`` (year, triwulan, months) for the given scope."""
    spans = [span for year in sorted(set(years)) for span in periods_of_year(year)]
    if not spans:
        return RefreshCount(0, 0)
    return refresh_periods(
        spans, as_of=as_of, employee_ids=employee_ids, service_type_ids=service_type_ids
    )


def _scope(ids: Collection[int] | None) -> list[int] | None:
    if ids is None or len(ids) > SCOPE_LIMIT:
        return None
    return sorted(ids)
