"""The set-based SQL behind the service figures, for SQLite and PostgreSQL alike.

Two steps, neither of which loops over tasks in Python:

1. **Derive** (``derive_task_columns``): each task gets the working-time ordinal of its
   reception and completion (``kinerja.workcalendar.hours``) from a join on the table of
   days, the month it counts in, and its service standard in working seconds. One UPDATE
   over the tasks in scope; it runs when tasks arrive and when the calendar changes.
2. **Aggregate** (``metric_rows_sql``): per employee (or per service) and period, the
   figures of product.md 4.3 from one GROUP BY per kind of period over the derived
   columns, the median from a window over the same rows, and the open tasks overdue at
   each period's end from a join with the (few) period ends. The same SELECT feeds the
   stored metrics (INSERT … SELECT) and the export.

Every identifier in the statements below comes from the models; values are bound
parameters, hence the S608 exemptions.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Literal

from django.db import connection

from kinerja.core.periods import PeriodKind, PeriodSpan
from kinerja.service_metrics.models import (
    ServiceMetric,
    ServiceTask,
    ServiceType,
    ServiceTypeMetric,
)
from kinerja.workcalendar.hours import SECONDS_PER_DAY, SECONDS_PER_HOUR, StandardUnit
from kinerja.workcalendar.models import CalendarDay

Grouping = Literal["employee", "service_type"]

_TASKS = ServiceTask._meta.db_table
_DAYS = CalendarDay._meta.db_table
_TYPES = ServiceType._meta.db_table


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _epoch(column: str) -> str:
    """Whole seconds since 1970-01-01 UTC of a timestamp column."""
    if _is_postgres():
        return f"CAST(floor(date_part('epoch', {column})) AS BIGINT)"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"


def _least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if _is_postgres() else f"MIN({a}, {b})"


def _greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if _is_postgres() else f"MAX({a}, {b})"


def _ordinal_subquery(column: str, offset_seconds: int) -> str:
    """The working-time ordinal of ``column`` (NULL when it is NULL): the working seconds
    before its local day plus the working part of that day up to it."""
    local = f"({_epoch(column)} + {offset_seconds})"
    # "%%" is a literal "%" (modulo) once the driver has substituted the parameters.
    second = f"({local} %% {SECONDS_PER_DAY})"
    within = _least(
        _greatest(f"{second} - d.opens_second", "0"), "d.closes_second - d.opens_second"
    )
    return (
        f"(SELECT d.seconds_before + {within} FROM {_DAYS} d"  # noqa: S608
        f" WHERE d.day_number = {local} / {SECONDS_PER_DAY})"
    )


def _month_subquery(column: str, offset_seconds: int) -> str:
    local = f"({_epoch(column)} + {offset_seconds})"
    return f"(SELECT d.month_key FROM {_DAYS} d WHERE d.day_number = {local} / {SECONDS_PER_DAY})"  # noqa: S608


def derived_values(
    source: str, *, offset_seconds: int, day_length: int, standards: bool = True
) -> dict[str, str]:
    """SQL for the derived columns of a task whose own columns are read from ``source``
    (a table or alias holding ``received_at``, ``completed_at`` and ``service_type_id``):
    the ordinals and months from the table of days, and the standard in working seconds
    (left out with ``standards=False``)."""
    values = {
        "received_ordinal": _ordinal_subquery(f"{source}.received_at", offset_seconds),
        "completed_ordinal": _ordinal_subquery(f"{source}.completed_at", offset_seconds),
        "completed_month": _month_subquery(f"{source}.completed_at", offset_seconds),
        "received_month": _month_subquery(f"{source}.received_at", offset_seconds),
    }
    if standards:
        per_unit = (
            f"CASE WHEN st.standard_unit = '{StandardUnit.WORKING_DAYS.value}'"
            f" THEN {int(day_length)} ELSE {SECONDS_PER_HOUR} END"
        )
        values["standard_seconds"] = (
            f"(SELECT CAST(ROUND(st.standard_value * {per_unit}) AS INTEGER)"  # noqa: S608
            f" FROM {_TYPES} st WHERE st.id = {source}.service_type_id)"
        )
    return values


def derive_task_columns(
    *,
    where: str,
    params: Sequence[Any],
    offset_seconds: int,
    day_length: int,
    standards: bool = True,
) -> int:
    """Set the derived columns of the stored tasks matching ``where`` (SQL over the task
    table, named by its bare table name). ``standards=False`` keeps each task's recorded
    standard (a calendar change re-derives ordinals only). Returns the rows updated."""
    values = derived_values(
        _TASKS, offset_seconds=offset_seconds, day_length=day_length, standards=standards
    )
    assignments = ", ".join(f"{column} = {value}" for column, value in values.items())
    statement = f"UPDATE {_TASKS} SET {assignments} WHERE {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))
        return int(cursor.rowcount)


def ordinals_of(instants: Iterable[datetime], offset_seconds: int) -> dict[datetime, int]:
    """The working-time ordinal of each instant, read from the table of days."""
    wanted = {instant: _local_day_and_second(instant, offset_seconds) for instant in instants}
    if not wanted:
        return {}
    days = {
        row.day_number: row
        for row in CalendarDay.objects.filter(day_number__in={d for d, _ in wanted.values()})
    }
    result = {}
    for instant, (number, second) in wanted.items():
        row = days[number]
        working = max(row.closes_second - row.opens_second, 0)
        result[instant] = row.seconds_before + min(max(second - row.opens_second, 0), working)
    return result


def _local_day_and_second(instant: datetime, offset_seconds: int) -> tuple[int, int]:
    local = int(instant.timestamp()) + offset_seconds
    return local // SECONDS_PER_DAY, local % SECONDS_PER_DAY


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """Where a period's open tasks are looked at: its end, or ``as_of`` for a period
    still running."""

    span: PeriodSpan
    at: datetime
    ordinal: int


def period_key_of(span: PeriodSpan) -> int:
    """An integer naming a period: YYYYMM for a month, YYYY*10+Q for a triwulan, YYYY for
    a year (the three ranges never meet)."""
    year, month = span.starts_on.year, span.starts_on.month
    match span.kind:
        case PeriodKind.MONTH:
            return year * 100 + month
        case PeriodKind.QUARTER:
            return year * 10 + (month + 2) // 3
        case PeriodKind.YEAR:
            return year


def month_bounds(spans: Iterable[PeriodSpan]) -> tuple[int, int]:
    """The first and last month (YYYYMM) the periods cover."""
    spans = list(spans)
    first = min(span.starts_on for span in spans)
    last = max(span.ends_on for span in spans)
    return first.year * 100 + first.month, last.year * 100 + last.month


# The month of a task within its year, and its triwulan, from ``m`` = YYYYMM.
_MONTH_OF_YEAR = "(m %% 100)"
_QUARTER_OF_YEAR = "(((m %% 100) + 2) / 3)"
_FRAME_SO_FAR = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
# The width of one month's running count in a triwulan counter (see _ranked).
_RANK_BITS = 21
_RANK_MASK = (1 << _RANK_BITS) - 1


def _ranked() -> str:
    """SQLite: every task of ``done`` with its rank by turnaround within its year
    (``rn_y``), its triwulan (``rn_q``) and its month (``rn_m``).

    One window walks each year's tasks by turnaround, in the order of the index
    ``task_employee_turnaround`` (or ``task_service_turnaround``), which holds every
    column read here, so nothing is sorted. The year rank is the row number. The month
    and triwulan ranks come from four running sums, one per triwulan, each holding the
    running counts of the triwulan's three months side by side in _RANK_BITS-bit fields
    (the first month in the low bits): a task in the triwulan's month p (0, 1 or 2) adds
    ``1 << (_RANK_BITS * p)`` to its triwulan's sum. Four sums cost far less than a count
    per month and per triwulan. A field counts up to 2**21 - 1 tasks, far more than one
    employee or one service completes in a month.
    """
    shift = f"({_RANK_BITS} * (({_MONTH_OF_YEAR} - 1) %% 3))"
    steps = ", ".join(
        f"CASE WHEN {_QUARTER_OF_YEAR} = {quarter} THEN 1 << {shift} ELSE 0 END AS step{quarter}"
        for quarter in range(1, 5)
    )
    # The running sum of the task's own triwulan.
    own = " ".join(
        f"WHEN {quarter} THEN SUM(step{quarter}) OVER (w {_FRAME_SO_FAR})"
        for quarter in range(1, 5)
    )
    counted = (
        f"SELECT gid, m, turnaround, ROW_NUMBER() OVER w AS rn_y,"  # noqa: S608
        f" CASE {_QUARTER_OF_YEAR} {own} END AS own"
        f" FROM (SELECT gid, m, turnaround, {steps} FROM done)"
        " WINDOW w AS (PARTITION BY gid, m / 100 ORDER BY turnaround)"
    )
    month = f"((own >> {shift}) & {_RANK_MASK})"
    quarter = (
        f"((own & {_RANK_MASK}) + ((own >> {_RANK_BITS}) & {_RANK_MASK})"
        f" + (own >> {2 * _RANK_BITS}))"
    )
    return (
        f"SELECT gid, m, turnaround, rn_y, {quarter} AS rn_q, {month} AS rn_m"  # noqa: S608
        f" FROM ({counted})"
    )


def metric_rows_sql(
    *,
    grouping: Grouping,
    spans: Sequence[PeriodSpan],
    ends: Sequence[PeriodEnd],
    scope_ids: Sequence[int] | None,
) -> tuple[str, list[Any]]:
    """A SELECT of ``(group_id, period, period_kind, tasks_completed, on_time,
    first_time_right, median_turnaround_seconds, open_overdue)`` for ``spans`` (any
    kinds). ``ends`` are the period ends at which open tasks are counted; ``scope_ids``
    limits the employees or services (None: all).

    The tasks completed in the months the periods cover are read once. PostgreSQL groups
    them by month, triwulan and year at once (GROUPING SETS) with ``percentile_cont`` for
    the medians. SQLite, which has no percentile function, counts per month (triwulan and
    years add months up) and ranks each year's tasks by turnaround in one pass over an
    index (:func:`_ranked`) to pick the middle ones. The tasks still open at a period end
    come from the few that span a month end (index ``task_spanning_months``).
    """
    group = "employee_id" if grouping == "employee" else "service_type_id"
    low, high = month_bounds(spans)
    scope = ""
    scope_params: list[Any] = []
    if scope_ids is not None:
        placeholders = ", ".join(["%s"] * len(scope_ids))
        scope = f" AND {group} IN ({placeholders})" if scope_ids else " AND 1 = 0"
        scope_params = list(scope_ids)

    params: list[Any] = []
    codes = " UNION ALL ".join(
        ["SELECT %s AS pkey, %s AS code, %s AS kind, %s AS first_month, %s AS last_month"]
        * len(spans)
    )
    for span in spans:
        first, last = month_bounds([span])
        params += [period_key_of(span), span.code, span.kind.value, first, last]

    # On SQLite, the ranking (_ranked) walks the index task_*_turnaround: ``turnaround``
    # and the year (m / 100) must stay spelt as that index spells them.
    done = (
        f"SELECT {group} AS gid, completed_month AS m,"  # noqa: S608
        " completed_ordinal - received_ordinal AS turnaround,"
        " CASE WHEN completed_ordinal - received_ordinal <= standard_seconds THEN 1 ELSE 0 END"
        " AS is_on_time,"
        f" CASE WHEN returned_count = 0 AND has_complaint = {_false()} THEN 1 ELSE 0 END AS is_ftr"
        f" FROM {_TASKS} WHERE completed_month BETWEEN %s AND %s{scope}"
    )
    params += [low, high, *scope_params]
    quarter_key = f"(m / 100 * 10 + {_QUARTER_OF_YEAR})"
    # SQLite reads "done" twice (counts and ranks): straight from the table and its
    # indexes each time, rather than storing a copy of every task first.
    hint = "" if _is_postgres() else " NOT MATERIALIZED"
    statement_parts = [f"codes AS ({codes})", f"done AS{hint} ({done})"]
    if _is_postgres():
        # PostgreSQL: counts and medians of the three kinds of period in one grouped
        # pass (percentile_cont sorts each group's turnarounds on its own).
        figures = [
            "SELECT gid, COALESCE(mk, qk, yk) AS pkey, COUNT(*) AS n, SUM(is_on_time) AS on_time,"  # noqa: S608
            " SUM(is_ftr) AS ftr,"
            " percentile_cont(0.5) WITHIN GROUP (ORDER BY turnaround) AS median, 0 AS overdue"
            f" FROM (SELECT gid, m AS mk, {quarter_key} AS qk, m / 100 AS yk, turnaround,"
            " is_on_time, is_ftr FROM done) keyed"
            " GROUP BY GROUPING SETS ((gid, mk), (gid, qk), (gid, yk))"
        ]
    else:
        # SQLite has no percentile function: counts per month (triwulan and years add
        # months up), and every median of a year from one ranking (see _ranked).
        statement_parts += [
            "monthly AS (SELECT gid, m, COUNT(*) AS n, SUM(is_on_time) AS on_time,"
            " SUM(is_ftr) AS ftr FROM done GROUP BY gid, m)",
            # Per month, the ranks of the middle task (odd count) or two (even count) of
            # the month, its triwulan and its year. CROSS JOIN: months first, looking up
            # their triwulan and year.
            "middle_ranks AS MATERIALIZED (SELECT mo.gid, mo.m,"  # noqa: S608
            " (mo.n + 1) / 2 AS lo_m, mo.n / 2 + 1 AS hi_m,"
            " (qu.n + 1) / 2 AS lo_q, qu.n / 2 + 1 AS hi_q,"
            " (ye.n + 1) / 2 AS lo_y, ye.n / 2 + 1 AS hi_y FROM monthly mo CROSS JOIN"
            f" (SELECT gid, {quarter_key} AS qk, SUM(n) AS n FROM monthly GROUP BY gid, qk) qu"
            f" ON qu.gid = mo.gid AND qu.qk = {quarter_key.replace('m', 'mo.m')} CROSS JOIN"
            " (SELECT gid, m / 100 AS yk, SUM(n) AS n FROM monthly GROUP BY gid, yk) ye"
            " ON ye.gid = mo.gid AND ye.yk = mo.m / 100)",
            # The tasks at a middle rank of their month, triwulan or year: a handful.
            # CROSS JOIN keeps the ranked tasks as the outer loop, read once.
            "central AS (SELECT r.gid, r.m, r.turnaround,"  # noqa: S608
            " r.rn_m BETWEEN t.lo_m AND t.hi_m AS in_m, r.rn_q BETWEEN t.lo_q AND t.hi_q AS in_q,"
            " r.rn_y BETWEEN t.lo_y AND t.hi_y AS in_y"
            f" FROM ({_ranked()}) r CROSS JOIN middle_ranks t ON t.gid = r.gid AND t.m = r.m"
            " WHERE r.rn_m BETWEEN t.lo_m AND t.hi_m OR r.rn_q BETWEEN t.lo_q AND t.hi_q"
            " OR r.rn_y BETWEEN t.lo_y AND t.hi_y)",
            # Each central task under the period(s) it is a middle of. Reading "central"
            # once lets the ranking stream into it instead of being stored first.
            "middles AS (SELECT c.gid, c.turnaround,"  # noqa: S608
            " CASE k.kind WHEN 1 THEN c.m"
            f" WHEN 2 THEN {quarter_key.replace('m', 'c.m')} ELSE c.m / 100 END AS pkey"
            " FROM central c CROSS JOIN (SELECT 1 AS kind UNION ALL SELECT 2 UNION ALL SELECT 3) k"
            " WHERE CASE k.kind WHEN 1 THEN c.in_m WHEN 2 THEN c.in_q ELSE c.in_y END)",
        ]
        figures = [
            "SELECT mo.gid, c.pkey, SUM(mo.n) AS n, SUM(mo.on_time) AS on_time,"
            " SUM(mo.ftr) AS ftr, NULL AS median, 0 AS overdue FROM monthly mo JOIN codes c"
            " ON mo.m BETWEEN c.first_month AND c.last_month GROUP BY mo.gid, c.pkey",
            "SELECT gid, pkey, 0 AS n, 0 AS on_time, 0 AS ftr, AVG(turnaround) AS median,"
            " 0 AS overdue FROM middles GROUP BY gid, pkey",
        ]
    if ends:
        end_rows = " UNION ALL ".join(
            ["SELECT %s AS pkey, %s AS end_at, %s AS end_ordinal"] * len(ends)
        )
        statement_parts.append(f"ends AS ({end_rows})")
        for end in ends:
            params += [period_key_of(end.span), _db_datetime(end.at), end.ordinal]
        # Only a task completed in a later month than it came in (or still open) is open
        # at some month end; the partial index task_spanning_months holds them.
        spanning = (
            f"SELECT {group} AS gid, received_at, completed_at,"  # noqa: S608
            " received_ordinal + standard_seconds AS due_ordinal FROM"
            f" {_TASKS} WHERE (completed_month IS NULL OR completed_month > received_month)"
            f" AND received_month <= %s{scope}"
        )
        # SQLite reads them once into a small table (it would otherwise read them again
        # for every period end). PostgreSQL joins them to the period ends as it plans
        # best (in parallel); a CTE would keep it from that.
        if _is_postgres():
            source = f"({spanning}) t JOIN ends e ON TRUE"
        else:
            statement_parts.append(f"spanning AS MATERIALIZED ({spanning})")
            source = "spanning t CROSS JOIN ends e"
        figures.append(
            "SELECT t.gid, e.pkey, 0 AS n, 0 AS on_time, 0 AS ftr,"  # noqa: S608
            f" NULL AS median, COUNT(*) AS overdue FROM {source}"
            " WHERE t.received_at < e.end_at"
            " AND (t.completed_at IS NULL OR t.completed_at >= e.end_at)"
            " AND t.due_ordinal < e.end_ordinal GROUP BY t.gid, e.pkey"
        )
        params += [high, *scope_params]

    statement = (
        f"WITH {', '.join(statement_parts)} "  # noqa: S608
        "SELECT f.gid, codes.code, codes.kind, SUM(f.n), SUM(f.on_time), SUM(f.ftr),"
        f" MAX(f.median), SUM(f.overdue) FROM ({' UNION ALL '.join(figures)}) f"
        " JOIN codes ON codes.pkey = f.pkey GROUP BY f.gid, codes.code, codes.kind"
    )
    return statement, params


def store_metric_rows(
    *,
    grouping: Grouping,
    spans: Sequence[PeriodSpan],
    ends: Sequence[PeriodEnd],
    scope_ids: Sequence[int] | None,
    computed_at: datetime,
) -> int:
    """Replace the stored figures of these periods (and scope) with fresh ones."""
    model = ServiceMetric if grouping == "employee" else ServiceTypeMetric
    group_field = "employee_id" if grouping == "employee" else "service_type_id"
    existing = model.objects.filter(period__in=[span.code for span in spans])
    if scope_ids is not None:
        existing = existing.filter(**{f"{group_field}__in": scope_ids})
    existing.delete()
    select, params = metric_rows_sql(grouping=grouping, spans=spans, ends=ends, scope_ids=scope_ids)
    table = model._meta.db_table
    statement = (
        f"INSERT INTO {table} ({group_field}, period, period_kind, tasks_completed, on_time,"  # noqa: S608
        " first_time_right, median_turnaround_seconds, open_overdue, computed_at)"
        f" SELECT q.*, %s FROM ({select}) q"
    )
    with connection.cursor() as cursor:
        # computed_at's placeholder comes first in the text.
        cursor.execute(statement, [_db_datetime(computed_at), *params])
        return int(cursor.rowcount)


def _false() -> str:
    return "FALSE" if _is_postgres() else "0"


def _db_datetime(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def local_midnight_after(day: date, offset_seconds: int) -> datetime:
    """The instant the day after ``day`` begins, in the calendar's local time."""
    zone = timezone(timedelta(seconds=offset_seconds))
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
