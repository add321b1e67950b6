"""Service tasks in bulk, from a file or from the API: check every row, stage the good
ones in a temporary table, then upsert them on ``nomor`` and refresh the figures they
touch, all in set-based SQL.

Row checks need only two small maps (service codes and NIPs), so memory does not grow
with the number of rows; duplicates within one batch are found by the database in the
staging table. The caller owns the transaction: nothing here commits, and a batch with
any problem is never applied.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import timezone as fixed_offset
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.tabular import RowError
from kinerja.organization.importers.bulk import copy_rows
from kinerja.organization.models import Employee
from kinerja.service_metrics import figures
from kinerja.service_metrics.models import ServiceTask, ServiceType
from kinerja.service_metrics.sql import derived_values
from kinerja.workcalendar.hours import EPOCH, LAST_DAY, day_length
from kinerja.workcalendar.selectors import utc_offset_seconds, working_week
from kinerja.workcalendar.services import ensure_calendar

TASK_COLUMNS = (
    "nomor",
    "layanan_kode",
    "nip_petugas",
    "diterima_pada",
    "selesai_pada",
    "dikembalikan",
    "keluhan",
)
NUMBER_MAX_LENGTH = ServiceTask._meta.get_field("number").max_length or 64
# A count of returns beyond this is a typing error, not a service history.
MAX_RETURNS = 1_000
_STAGING = "kinerja_task_staging"
_TASKS = ServiceTask._meta.db_table


@dataclass
class BatchCounts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class _Task:
    number: str
    service_type_id: int
    employee_id: int
    received_at: datetime
    completed_at: datetime | None
    returned_count: int
    has_complaint: bool


class TaskChecker:
    """Checks one row at a time against the catalogue and the employee register."""

    def __init__(self) -> None:
        self.service_ids = dict(ServiceType.objects.values_list("code", "id"))
        self.employee_ids = dict(Employee.objects.values_list("nip", "id"))
        # The calendar's local time is a fixed offset (workcalendar.selectors checks it);
        # as a plain offset it converts several times faster than a ZoneInfo.
        self.zone = fixed_offset(timedelta(seconds=utc_offset_seconds()))

    def check(self, values: Mapping[str, str]) -> tuple[_Task | None, list[tuple[str, str]]]:
        """The row as a task, or None with ``(column, message)`` problems."""
        problems = [
            (column, _("the value contains a NUL character"))
            for column in TASK_COLUMNS
            if "\x00" in values.get(column, "")
        ]
        if problems:
            return None, problems
        number = self._number(values.get("nomor", ""), problems)
        service_id = self._service(values.get("layanan_kode", ""), problems)
        employee_id = self._employee(values.get("nip_petugas", ""), problems)
        received = self._instant(
            values.get("diterima_pada", ""), "diterima_pada", problems, required=True
        )
        completed = self._instant(
            values.get("selesai_pada", ""), "selesai_pada", problems, required=False
        )
        if received is not None and completed is not None and completed < received:
            problems.append(
                (
                    "selesai_pada",
                    _("the task is completed (%(completed)s) before it was received (%(received)s)")
                    % {"completed": values["selesai_pada"], "received": values["diterima_pada"]},
                )
            )
        returned = self._count(values.get("dikembalikan", ""), problems)
        complaint = self._flag(values.get("keluhan", ""), problems)
        if (
            problems
            or number is None
            or service_id is None
            or employee_id is None
            or received is None
            or returned is None
            or complaint is None
        ):
            return None, problems
        return _Task(number, service_id, employee_id, received, completed, returned, complaint), []

    @staticmethod
    def _number(number: str, problems: list[tuple[str, str]]) -> str | None:
        if not number:
            problems.append(("nomor", _("the task number is required")))
            return None
        if len(number) > NUMBER_MAX_LENGTH:
            problems.append(
                (
                    "nomor",
                    _("the task number is longer than %(max)s characters")
                    % {"max": NUMBER_MAX_LENGTH},
                )
            )
            return None
        return number

    def _service(self, code: str, problems: list[tuple[str, str]]) -> int | None:
        if not code:
            problems.append(("layanan_kode", _("the service code is required")))
            return None
        service_id = self.service_ids.get(code)
        if service_id is None:
            problems.append(
                (
                    "layanan_kode",
                    _("no service has the code %(code)s in the service catalogue") % {"code": code},
                )
            )
        return service_id

    def _employee(self, nip: str, problems: list[tuple[str, str]]) -> int | None:
        if not nip:
            problems.append(("nip_petugas", _("the officer's NIP is required")))
            return None
        employee_id = self.employee_ids.get(nip)
        if employee_id is None:
            problems.append(("nip_petugas", _("no employee has the NIP %(nip)s") % {"nip": nip}))
        return employee_id

    def _instant(
        self, text: str, column: str, problems: list[tuple[str, str]], *, required: bool
    ) -> datetime | None:
        if not text:
            if required:
                problems.append((column, _("the time is required")))
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            problems.append(
                (
                    column,
                    _("%(value)s is not a time in ISO 8601 form, e.g. 2026-03-02T09:15:00")
                    % {"value": text},
                )
            )
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.zone)
        local_day = moment.astimezone(self.zone).date()
        if not EPOCH <= local_day <= LAST_DAY:
            problems.append(
                (
                    column,
                    _("%(value)s is outside the working calendar (%(first)s–%(last)s)")
                    % {"value": text, "first": EPOCH.year, "last": LAST_DAY.year},
                )
            )
            return None
        # Whole seconds: the working-time figures count seconds.
        return moment.replace(microsecond=0).astimezone(UTC)

    @staticmethod
    def _count(text: str, problems: list[tuple[str, str]]) -> int | None:
        if not text:
            return 0
        try:
            count = int(text)
        except ValueError:
            problems.append(
                ("dikembalikan", _("%(value)s is not a whole number") % {"value": text})
            )
            return None
        if count < 0:
            problems.append(
                (
                    "dikembalikan",
                    _("the number of returns cannot be negative (%(value)s)") % {"value": text},
                )
            )
            return None
        if count > MAX_RETURNS:
            problems.append(
                (
                    "dikembalikan",
                    _("%(value)s returns are more than %(max)s: check the value")
                    % {"value": text, "max": MAX_RETURNS},
                )
            )
            return None
        return count

    @staticmethod
    def _flag(text: str, problems: list[tuple[str, str]]) -> bool | None:
        if text in ("", "0"):
            return False
        if text == "1":
            return True
        problems.append(
            ("keluhan", _("use 1 for a complaint and 0 for none, not %(value)s") % {"value": text})
        )
        return None


@dataclass
class TaskBatch:
    """A batch being staged. Use inside a transaction: ``add`` every row, then
    ``duplicate_problems``; when the batch is clean, ``count`` (dry run) or ``apply``."""

    checker: TaskChecker = field(default_factory=TaskChecker)
    problems: list[RowError] = field(default_factory=list)
    counts: BatchCounts = field(default_factory=BatchCounts)
    _is_staged: bool = False

    def stage(self, rows: Iterable[tuple[int, Mapping[str, str]]]) -> None:
        """Check every row; stage the good ones (for duplicates, counting and writing)."""
        _create_staging()
        self._is_staged = True
        columns = (
            "position, number, service_type_id, employee_id, received_at, completed_at,"
            " returned_count, has_complaint"
        )
        copy_rows(f"{_STAGING} ({columns})", 8, self._checked(rows))

    def _checked(self, rows: Iterable[tuple[int, Mapping[str, str]]]) -> Iterator[tuple[Any, ...]]:
        for position, values in rows:
            self.counts.rows += 1
            task, problems = self.checker.check(values)
            if task is None:
                self.problems += [RowError(position, column, text) for column, text in problems]
                continue
            yield (
                position,
                task.number,
                task.service_type_id,
                task.employee_id,
                _db_datetime(task.received_at),
                _db_datetime(task.completed_at),
                task.returned_count,
                task.has_complaint,
            )

    def duplicate_problems(self) -> list[RowError]:
        """A problem for every repeat of a ``nomor`` within the batch."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.number, s.position, f.first FROM {_STAGING} s JOIN ("  # noqa: S608
                f" SELECT number, MIN(position) AS first FROM {_STAGING}"
                " GROUP BY number HAVING COUNT(*) > 1) f ON f.number = s.number"
                " WHERE s.position > f.first ORDER BY s.position"
            )
            repeats = cursor.fetchall()
        return [
            RowError(
                position,
                "nomor",
                _("the task number %(number)s already appears on row %(first)s")
                % {"number": number, "first": first},
            )
            for number, position, first in repeats
        ]

    def count(self) -> BatchCounts:
        """How many staged rows are new, changed and unchanged (marks each staged row)."""
        same = " AND ".join(
            _same(f"t.{column}", f"{_STAGING}.{column}")
            for column in (
                "service_type_id",
                "employee_id",
                "received_at",
                "completed_at",
                "returned_count",
                "has_complaint",
            )
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_STAGING} SET action = CASE"  # noqa: S608
                f" WHEN NOT EXISTS (SELECT 1 FROM {_TASKS} t WHERE t.number = {_STAGING}.number)"
                " THEN 'C'"
                f" WHEN EXISTS (SELECT 1 FROM {_TASKS} t WHERE t.number = {_STAGING}.number"
                f" AND {same}) THEN 'N'"
                " ELSE 'U' END"
            )
            cursor.execute(f"SELECT action, COUNT(*) FROM {_STAGING} GROUP BY action")  # noqa: S608
            by_action = dict(cursor.fetchall())
        self.counts.created = by_action.get("C", 0)
        self.counts.updated = by_action.get("U", 0)
        self.counts.unchanged = by_action.get("N", 0)
        return self.counts

    def apply(self, *, as_of: datetime) -> BatchCounts:
        """Write the new and changed tasks, derive their columns, refresh their figures."""
        self.count()
        ensure_calendar()
        # The derived columns are computed from the staged values in the same statement
        # that writes a row: one write per task.
        derived = derived_values(
            "s", offset_seconds=utc_offset_seconds(), day_length=working_day_length()
        )
        with connection.cursor() as cursor:
            scope = _affected_scope(cursor, as_of=as_of, before_write=True)
            assignments = "".join(f", {column} = {value}" for column, value in derived.items())
            cursor.execute(
                f"UPDATE {_TASKS} SET service_type_id = s.service_type_id,"  # noqa: S608
                " employee_id = s.employee_id, received_at = s.received_at,"
                " completed_at = s.completed_at, returned_count = s.returned_count,"
                f" has_complaint = s.has_complaint, recorded_at = %s{assignments}"
                f" FROM {_STAGING} s WHERE s.number = {_TASKS}.number AND s.action = 'U'",
                [_db_datetime(as_of)],
            )
            cursor.execute(
                f"INSERT INTO {_TASKS} (number, service_type_id, employee_id, received_at,"  # noqa: S608
                f" completed_at, returned_count, has_complaint, recorded_at, {', '.join(derived)})"
                " SELECT s.number, s.service_type_id, s.employee_id, s.received_at,"
                f" s.completed_at, s.returned_count, s.has_complaint, %s,"
                f" {', '.join(derived.values())} FROM {_STAGING} s WHERE s.action = 'C'",
                [_db_datetime(as_of)],
            )
        with connection.cursor() as cursor:
            after = _affected_scope(cursor, as_of=as_of, before_write=False)
        employees, services, years = (scope[0] | after[0], scope[1] | after[1], scope[2] | after[2])
        if years:
            figures.refresh_years(
                years, as_of=as_of, employee_ids=employees, service_type_ids=services
            )
        return self.counts

    def close(self) -> None:
        # A transaction marked for rollback takes the staging table with it.
        if self._is_staged and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {_STAGING}")
            self._is_staged = False


def working_day_length() -> int:
    """The seconds of "a working day" for standards in HARI_KERJA (hours.day_length)."""
    return day_length(working_week())


def _affected_scope(
    cursor: Any, *, as_of: datetime, before_write: bool
) -> tuple[set[int], set[int], set[int]]:
    """Employees, services and years of the staged tasks that change: as stored before
    the write (their old figures must go) or after it (their new figures must come)."""
    source = (
        f"{_TASKS} t JOIN {_STAGING} s ON s.number = t.number AND s.action = 'U'"
        if before_write
        else f"{_TASKS} t JOIN {_STAGING} s ON s.number = t.number AND s.action IN ('C', 'U')"
    )
    cursor.execute(
        f"SELECT DISTINCT t.employee_id, t.service_type_id FROM {source}"  # noqa: S608
    )
    pairs = cursor.fetchall()
    cursor.execute(
        f"SELECT MIN(t.received_at), MAX(t.completed_at),"  # noqa: S608
        f" SUM(CASE WHEN t.completed_at IS NULL THEN 1 ELSE 0 END) FROM {source}"
    )
    first, last, open_count = cursor.fetchone()
    if first is None:
        return set(), set(), set()
    zone = timezone.get_default_timezone()
    first_year = _as_datetime(first).astimezone(zone).year
    last_year = _as_datetime(last).astimezone(zone).year if last is not None else first_year
    if open_count:
        last_year = max(last_year, as_of.astimezone(zone).year)
    return (
        {employee for employee, _ in pairs},
        {service for _, service in pairs},
        set(range(first_year, last_year + 1)),
    )


def _create_staging() -> None:
    task = ServiceTask._meta
    types = {
        name: task.get_field(name).db_type(connection)
        for name in ("received_at", "completed_at", "returned_count", "has_complaint")
    }
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGING}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_STAGING} (position bigint NOT NULL,"
            f" number varchar({NUMBER_MAX_LENGTH}) NOT NULL, service_type_id bigint NOT NULL,"
            f" employee_id bigint NOT NULL, received_at {types['received_at']} NOT NULL,"
            f" completed_at {types['completed_at']}, returned_count integer NOT NULL,"
            f" has_complaint {types['has_complaint']} NOT NULL, action char(1))"
        )
        cursor.execute(f"CREATE INDEX {_STAGING}_number ON {_STAGING} (number)")


def _same(left: str, right: str) -> str:
    if connection.vendor == "postgresql":
        return f"{left} IS NOT DISTINCT FROM {right}"
    return f"{left} IS {right}"


def _db_datetime(value: datetime | None) -> Any:
    if value is None:
        return None
    return connection.ops.adapt_datetimefield_value(value)


def _as_datetime(value: Any) -> datetime:
    """A timestamp as the driver returns it from raw SQL (text on SQLite)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
