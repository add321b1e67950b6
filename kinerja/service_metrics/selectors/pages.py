"""Reads behind the Layanan pages: an employee's year of service figures, the tasks behind
each number, the team table and the office overview.

Every function checks what the viewer may see (``access``) and runs a fixed number of
queries however many employees or tasks there are: figures come from the stored
ServiceMetric / ServiceTypeMetric rows, never from counting tasks per person.
"""

import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, Sum
from django.utils import formats, timezone

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.core.periods import InvalidPeriod, PeriodKind, PeriodSpan, parse_period
from kinerja.organization.models import Employee, OrgUnit
from kinerja.organization.selectors import Viewer, get_viewer
from kinerja.service_metrics.models import (
    ServiceMetric,
    ServiceTask,
    ServiceTypeMetric,
    rate,
)
from kinerja.service_metrics.selectors.access import (
    can_view_office,
    can_view_team,
    get_visible_employee,
    visible_employees_for_user,
)
from kinerja.workcalendar.hours import (
    EPOCH,
    LAST_DAY,
    SECONDS_PER_HOUR,
    OutOfCalendar,
    WorkingCalendar,
)
from kinerja.workcalendar.selectors import load_working_calendar

TASK_PAGE_SIZE = 25
TEAM_PAGE_SIZE = 100
HOUR_PLACES = Decimal("0.1")


# ---------------------------------------------------------------------------
# Figures that are sums of stored rows (a unit, the office, a service over months).


@dataclass(frozen=True, slots=True)
class Figures:
    """Summed counts of several metric rows. A median does not add up, so it has none."""

    tasks_completed: int = 0
    on_time: int = 0
    first_time_right: int = 0
    open_overdue: int = 0

    @classmethod
    def total(cls, rows: Iterable[Any]) -> "Figures":
        """The sum of rows that carry the four counts (metric rows or Figures)."""
        tasks = on_time = right = overdue = 0
        for row in rows:
            tasks += row.tasks_completed
            on_time += row.on_time
            right += row.first_time_right
            overdue += row.open_overdue
        return cls(tasks, on_time, right, overdue)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.tasks_completed)

    @property
    def first_time_right_rate(self) -> Decimal | None:
        return rate(self.first_time_right, self.tasks_completed)

    @property
    def late(self) -> int:
        return self.tasks_completed - self.on_time


def _percent(value: Decimal | None) -> float | None:
    """A rate for a chart axis in percent; charts take plain numbers."""
    return None if value is None else float(value * 100)


def month_codes(year: int) -> list[str]:
    return [f"{year:04d}-{month:02d}" for month in range(1, 13)]


def _zero_metric(employee: Employee, code: str, kind: PeriodKind) -> ServiceMetric:
    """An unsaved row of zeros for a period without stored figures."""
    return ServiceMetric(employee=employee, period=code, period_kind=kind.value)


def month_label(year: int, month: int) -> str:
    return formats.date_format(date(year, month, 1), "M")


# ---------------------------------------------------------------------------
# One employee's year ("Layanan saya").


@dataclass(frozen=True, slots=True)
class Quarter:
    figures: ServiceMetric
    months: list[ServiceMetric]


@dataclass(frozen=True, slots=True)
class ServiceYear:
    """Twelve months, four triwulan and the year of one employee, zero-filled."""

    employee: Employee
    year: int
    months: list[ServiceMetric]
    quarters: list[Quarter]
    total: ServiceMetric
    years: list[int]  # years with stored figures, newest first; always holds ``year``

    @property
    def has_figures(self) -> bool:
        return bool(self.total.tasks_completed or any(m.open_overdue for m in self.months))

    def chart_data(self) -> dict[str, Any]:
        """Monthly series for service-charts.js; the month table shows the same numbers."""
        return {
            "labels": [month_label(self.year, month) for month in range(1, 13)],
            "volume": [metric.tasks_completed for metric in self.months],
            "on_time_rate": [_percent(metric.on_time_rate) for metric in self.months],
            "first_time_right_rate": [
                _percent(metric.first_time_right_rate) for metric in self.months
            ],
        }


def service_year_for_user(user: User, *, employee_id: int, year: int) -> ServiceYear:
    """The service figures of one employee for ``year``; NotFound when the viewer may not
    see this employee's figures (unknown and hidden look the same). Four queries."""
    employee = get_visible_employee(user, employee_id=employee_id)
    codes = [f"{year:04d}", *(f"{year:04d}-Q{q}" for q in range(1, 5)), *month_codes(year)]
    stored = {
        m.period: m for m in ServiceMetric.objects.filter(employee=employee, period__in=codes)
    }
    for metric in stored.values():
        metric.employee = employee  # spares a query per row when a template follows it

    def figures(code: str, kind: PeriodKind) -> ServiceMetric:
        return stored.get(code) or _zero_metric(employee, code, kind)

    months = [figures(code, PeriodKind.MONTH) for code in month_codes(year)]
    quarters = [
        Quarter(figures(f"{year:04d}-Q{q}", PeriodKind.QUARTER), months[3 * q - 3 : 3 * q])
        for q in range(1, 5)
    ]
    known_years = ServiceMetric.objects.filter(
        employee=employee, period_kind=PeriodKind.YEAR.value
    ).values_list("period", flat=True)
    years = sorted({year, *(int(code) for code in known_years)}, reverse=True)
    return ServiceYear(
        employee=employee,
        year=year,
        months=months,
        quarters=quarters,
        total=figures(f"{year:04d}", PeriodKind.YEAR),
        years=years,
    )


# ---------------------------------------------------------------------------
# The tasks behind a number.


class TaskFilter(enum.StrEnum):
    ALL = "all"  # completed in the period
    LATE = "late"  # completed in the period, after the standard
    RETURNED = "returned"  # completed in the period, returned for correction at least once
    COMPLAINT = "complaint"  # completed in the period, with a complaint
    OPEN = "open"  # not completed at the end of the period


@dataclass(frozen=True, slots=True)
class TaskRow:
    task: ServiceTask
    standard_hours: Decimal
    turnaround_hours: Decimal | None  # completed tasks
    late_hours: Decimal | None  # completed after the standard: by how many working hours
    deadline: datetime | None  # open tasks: when the standard runs out
    is_overdue: bool  # open tasks already past their deadline at the period's end
    elapsed_hours: Decimal | None = None  # open tasks: working time up to the period's end


@dataclass(frozen=True, slots=True)
class TaskList:
    employee: Employee
    period: PeriodSpan
    show: TaskFilter
    counts: dict[str, int]  # per TaskFilter value, for the filter links
    page: Page[ServiceTask]
    rows: list[TaskRow]


def _hours(seconds: float) -> Decimal:
    return (Decimal(seconds) / SECONDS_PER_HOUR).quantize(HOUR_PLACES, rounding=ROUND_HALF_UP)


def _month_keys(period: PeriodSpan) -> list[int]:
    keys = []
    year, month = period.starts_on.year, period.starts_on.month
    while (year, month) <= (period.ends_on.year, period.ends_on.month):
        keys.append(year * 100 + month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _task_filters(period: PeriodSpan, period_end: datetime) -> dict[TaskFilter, Q]:
    completed = Q(completed_month__in=_month_keys(period))
    late = Q(completed_ordinal__gt=F("received_ordinal") + F("standard_seconds"))
    return {
        TaskFilter.ALL: completed,
        TaskFilter.LATE: completed & late,
        TaskFilter.RETURNED: completed & Q(returned_count__gt=0),
        TaskFilter.COMPLAINT: completed & Q(has_complaint=True),
        TaskFilter.OPEN: Q(received_at__lt=period_end)
        & (Q(completed_at__isnull=True) | Q(completed_at__gte=period_end)),
    }


def tasks_for_user(
    user: User,
    *,
    employee_id: int,
    period: PeriodSpan,
    show: str,
    page: str | int | None = None,
    now: datetime | None = None,
) -> TaskList:
    """One page of an employee's tasks behind a figure of ``period``, newest first.

    ``show`` is a TaskFilter value (anything else shows all completed tasks). An open
    task is one received before the end of the period and not completed by then; it is
    overdue when its deadline lies before the end of the period, or before ``now`` for a
    period still running. NotFound as ``service_year_for_user``.
    """
    employee = get_visible_employee(user, employee_id=employee_id)
    try:
        selected = TaskFilter(show)
    except ValueError:
        selected = TaskFilter.ALL
    calendar = load_working_calendar()
    period_end = datetime.combine(period.ends_on + timedelta(days=1), time(), calendar.zone)
    reference = min(period_end, now or timezone.now())
    filters = _task_filters(period, period_end)
    tasks = ServiceTask.objects.filter(employee=employee)
    counts = tasks.aggregate(**{key.value: Count("pk", filter=q) for key, q in filters.items()})
    ordering = ("-received_at", "-pk") if selected is TaskFilter.OPEN else ("-completed_at", "-pk")
    listed = tasks.filter(filters[selected]).select_related("service_type").order_by(*ordering)
    page_obj = Paginator(listed, TASK_PAGE_SIZE).get_page(page)
    rows = [_task_row(task, calendar, reference) for task in page_obj]
    return TaskList(employee, period, selected, counts, page_obj, rows)


def _task_row(task: ServiceTask, calendar: WorkingCalendar, reference: datetime) -> TaskRow:
    turnaround = task.turnaround_seconds
    if task.completed_at is not None and task.completed_at < reference:
        late = turnaround - task.standard_seconds if turnaround is not None else 0
        return TaskRow(
            task=task,
            standard_hours=_hours(task.standard_seconds),
            turnaround_hours=None if turnaround is None else _hours(turnaround),
            late_hours=_hours(late) if late > 0 else None,
            deadline=None,
            is_overdue=False,
        )
    try:
        deadline = calendar.deadline(task.received_at, task.standard_seconds)
        elapsed = calendar.working_seconds_between(task.received_at, reference)
    except (OutOfCalendar, ValueError):  # outside 2000-2099, or received after the reference
        deadline, elapsed = None, None
    return TaskRow(
        task=task,
        standard_hours=_hours(task.standard_seconds),
        turnaround_hours=None,
        late_hours=None,
        deadline=deadline,
        is_overdue=deadline is not None and deadline < reference,
        elapsed_hours=None if elapsed is None else _hours(elapsed),
    )


# ---------------------------------------------------------------------------
# The team table (penilai, pimpinan, HR admin).

TEAM_SORTS = (
    "name",
    "tasks_completed",
    "on_time_rate",
    "first_time_right_rate",
    "median",
    "open_overdue",
)


@dataclass(frozen=True, slots=True)
class UnitChoice:
    unit: OrgUnit
    level: int  # indentation in the picker


@dataclass(slots=True)
class TeamRow:
    employee: Employee
    figures: ServiceMetric
    month_rates: list[Decimal | None] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TeamOverview:
    units: list[UnitChoice]
    unit: OrgUnit | None  # None when the viewer can see nobody's figures
    period: PeriodSpan
    sort: str
    rows: list[TeamRow]
    total: Figures

    @property
    def spans_units(self) -> bool:
        """Whether the rows come from more than one unit (then each row names its unit)."""
        return len({row.employee.unit_id for row in self.rows}) > 1


_SORT_VALUES: dict[str, Callable[[TeamRow], Any]] = {
    "tasks_completed": lambda row: row.figures.tasks_completed,
    "on_time_rate": lambda row: row.figures.on_time_rate,
    "first_time_right_rate": lambda row: row.figures.first_time_right_rate,
    "median": lambda row: row.figures.median_turnaround_seconds,
    "open_overdue": lambda row: row.figures.open_overdue,
}


def _by_name(row: TeamRow) -> tuple[str, int]:
    return row.employee.name.casefold(), row.employee.pk


def sort_team_rows(rows: Sequence[TeamRow], sort: str) -> list[TeamRow]:
    """Rows in ``sort`` order (a TEAM_SORTS key, "-" first for descending). Rows without a
    value (a rate with no completed task) come last either way; ties go by name."""
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in _SORT_VALUES:
        return sorted(rows, key=_by_name, reverse=descending)
    value = _SORT_VALUES[key]
    present = [row for row in rows if value(row) is not None]
    missing = sorted((row for row in rows if value(row) is None), key=_by_name)
    present.sort(key=lambda row: (-value(row) if descending else value(row), *_by_name(row)))
    return present + missing


def _unit_choices(units: Sequence[OrgUnit]) -> list[UnitChoice]:
    top = min((unit.depth for unit in units), default=0)
    return [UnitChoice(unit, unit.depth - top) for unit in units]


def _default_unit(viewer: Viewer, units: Sequence[OrgUnit]) -> OrgUnit | None:
    """Where the team view opens: the whole organisation for the HR admin, the viewer's
    own unit (with its sub-units) for everyone else; failing that, the first unit of the
    viewer's organisation, or of the list."""
    if viewer.is_admin:
        preferred = viewer.org_root_path
    else:
        preferred = viewer.employee.unit.path if viewer.employee else None
    for unit in units:
        if unit.path == preferred:
            return unit
    root = viewer.org_root_path or ""
    return next((unit for unit in units if unit.path.startswith(root)), None) or (
        units[0] if units else None
    )


def team_for_user(
    user: User, *, unit_code: str | None, period: PeriodSpan, sort: str = "name"
) -> TeamOverview:
    """Per employee of a unit (and its sub-units) who has service figures in the period's
    year: the period's figures and the year's twelve monthly on-time rates.

    PermissionDenied unless the viewer has a team view (penilai, pimpinan, HR admin);
    NotFound for a unit the viewer may not pick. Two queries besides the viewer's own.
    """
    viewer = get_viewer(user)
    if not can_view_team(viewer):
        raise PermissionDenied
    visible = visible_employees_for_user(user, viewer=viewer)
    units = list(OrgUnit.objects.filter(pk__in=visible.values("unit_id")).order_by("path"))
    if unit_code:
        unit = next((u for u in units if u.code == unit_code), None)
        if unit is None:
            raise NotFound
    else:
        unit = _default_unit(viewer, units)
    sort = sort if sort.removeprefix("-") in TEAM_SORTS else "name"
    if unit is None:
        return TeamOverview([], None, period, sort, [], Figures())
    year = period.starts_on.year
    months = month_codes(year)
    metrics = ServiceMetric.objects.filter(
        period__in={period.code, *months},
        employee__in=visible.filter(unit__path__startswith=unit.path).values("pk"),
    ).select_related("employee", "employee__position", "employee__unit")
    by_employee: dict[int, dict[str, ServiceMetric]] = defaultdict(dict)
    employees: dict[int, Employee] = {}
    for metric in metrics:
        by_employee[metric.employee_id][metric.period] = metric
        employees[metric.employee_id] = metric.employee
    rows = []
    for employee_id, stored in by_employee.items():
        employee = employees[employee_id]
        figures = stored.get(period.code) or _zero_metric(employee, period.code, period.kind)
        month_rates = [stored[code].on_time_rate if code in stored else None for code in months]
        rows.append(TeamRow(employee, figures, month_rates))
    return TeamOverview(
        units=_unit_choices(units),
        unit=unit,
        period=period,
        sort=sort,
        rows=sort_team_rows(rows, sort),
        total=Figures.total(row.figures for row in rows),
    )


# ---------------------------------------------------------------------------
# The office overview (pimpinan, HR admin).


@dataclass(frozen=True, slots=True)
class UnitFigures:
    unit: OrgUnit
    figures: Figures
    people: int  # employees with figures in the period


@dataclass(frozen=True, slots=True)
class MonthFigures:
    code: str
    label: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class OfficeOverview:
    period: PeriodSpan
    services: list[ServiceTypeMetric]
    units: list[UnitFigures]
    total: Figures
    months: list[MonthFigures]  # the period's year, office-wide

    def chart_data(self) -> dict[str, Any]:
        return {
            "labels": [month.label for month in self.months],
            "volume": [month.figures.tasks_completed for month in self.months],
            "on_time_rate": [_percent(month.figures.on_time_rate) for month in self.months],
        }


_COUNT_SUMS = {
    "tasks_completed": Sum("tasks_completed"),
    "on_time": Sum("on_time"),
    "first_time_right": Sum("first_time_right"),
    "open_overdue": Sum("open_overdue"),
}


def _figures_of(row: Mapping[str, Any]) -> Figures:
    return Figures(
        tasks_completed=row["tasks_completed"] or 0,
        on_time=row["on_time"] or 0,
        first_time_right=row["first_time_right"] or 0,
        open_overdue=row["open_overdue"] or 0,
    )


def office_for_user(user: User, *, period: PeriodSpan) -> OfficeOverview:
    """Volumes, on-time and first-time-right rates per service and per unit for
    ``period``, and the office-wide monthly series of its year. A pimpinan sees the units
    they lead and the services those units are responsible for; the HR admin sees all.
    PermissionDenied for anyone else. Three queries besides the viewer's own."""
    viewer = get_viewer(user)
    if not can_view_office(viewer):
        raise PermissionDenied
    scope_path = None if viewer.is_admin else viewer.pimpinan_path
    service_metrics = ServiceTypeMetric.objects.all()
    if scope_path is not None:
        service_metrics = service_metrics.filter(service_type__unit__path__startswith=scope_path)
    services = list(
        service_metrics.filter(period=period.code)
        .select_related("service_type", "service_type__unit")
        .order_by("-tasks_completed", "service_type__name")
    )
    visible = visible_employees_for_user(user, viewer=viewer)
    per_unit = (
        ServiceMetric.objects.filter(period=period.code, employee__in=visible.values("pk"))
        .values("employee__unit")
        .annotate(people=Count("employee"), **_COUNT_SUMS)
        .order_by()
    )
    unit_rows = {row["employee__unit"]: row for row in per_unit}
    units = OrgUnit.objects.in_bulk(list(unit_rows)) if unit_rows else {}
    unit_figures = sorted(
        (
            UnitFigures(units[unit_id], _figures_of(row), row["people"])
            for unit_id, row in unit_rows.items()
        ),
        key=lambda item: item.unit.path,
    )
    year = period.starts_on.year
    per_month = {
        row["period"]: _figures_of(row)
        for row in service_metrics.filter(period__in=month_codes(year))
        .values("period")
        .annotate(**_COUNT_SUMS)
        .order_by()
    }
    months = [
        MonthFigures(code, month_label(year, number), per_month.get(code, Figures()))
        for number, code in enumerate(month_codes(year), start=1)
    ]
    return OfficeOverview(
        period=period,
        services=services,
        units=unit_figures,
        total=Figures.total(item.figures for item in unit_figures),
        months=months,
    )


# ---------------------------------------------------------------------------
# Period choices for the pickers.


@dataclass(frozen=True, slots=True)
class PeriodGroup:
    year: int
    periods: list[PeriodSpan]


def period_choices(*years: int) -> list[PeriodGroup]:
    """For each year: the year, its four triwulan and its twelve months."""
    groups = []
    for year in years:
        codes = [f"{year:04d}", *(f"{year:04d}-Q{q}" for q in range(1, 5)), *month_codes(year)]
        groups.append(PeriodGroup(year, [parse_period(code) for code in codes]))
    return groups


def current_month(today: date | None = None) -> PeriodSpan:
    today = today or timezone.localdate()
    return parse_period(f"{today.year:04d}-{today.month:02d}")


def period_from_query(code: str | None, *, default: PeriodSpan) -> PeriodSpan:
    """The period a query string names, or ``default`` when it names none, or nonsense,
    or a year outside the working calendar (2000–2099)."""
    try:
        period = parse_period(code) if code else default
    except InvalidPeriod:
        return default
    return period if EPOCH.year <= period.starts_on.year <= LAST_DAY.year else default
