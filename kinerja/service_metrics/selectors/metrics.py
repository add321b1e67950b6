"""Stored service figures for the API and the export: visible rows only."""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.periods import PeriodSpan
from kinerja.organization.models import Employee, OrgUnit
from kinerja.organization.selectors import get_viewer
from kinerja.service_metrics.models import ServiceMetric
from kinerja.service_metrics.selectors.access import (
    get_scope_unit,
    get_visible_employee,
    visible_employees_for_user,
)

# product.md 4.3, in this order.
EXPORT_COLUMNS = (
    "nip",
    "nama",
    "unit_kode",
    "period",
    "tasks_completed",
    "on_time",
    "on_time_rate",
    "first_time_right_rate",
    "median_turnaround_hours",
    "open_overdue",
)


def metrics_for_user(
    user: User, *, period: PeriodSpan, unit_code: str | None = None
) -> QuerySet[ServiceMetric]:
    """The stored figures of ``period`` for every employee ``user`` may see, optionally
    only those in the unit ``unit_code`` and its sub-units (NotFound for a unit the user
    has nobody visible in). Employees without any task in the period have no row."""
    viewer = get_viewer(user)
    metrics = ServiceMetric.objects.filter(
        period=period.code, employee__in=visible_employees_for_user(user, viewer=viewer)
    )
    if unit_code is not None:
        unit = get_scope_unit(user, unit_code, viewer=viewer)
        metrics = metrics.filter(employee__unit__path__startswith=unit.path)
    return metrics.select_related("employee", "employee__unit").order_by(
        "employee__unit__path", "employee__name", "employee__nip"
    )


def employee_metric_for_user(user: User, *, nip: str, period: PeriodSpan) -> ServiceMetric:
    """The stored figures of one visible employee for ``period``; an unsaved row of zeros
    when they completed no task in it. NotFound for an unknown or hidden NIP."""
    employee = get_visible_employee(user, nip=nip)
    metric = ServiceMetric.objects.filter(employee=employee, period=period.code).first()
    if metric is None:
        metric = ServiceMetric(
            employee=employee,
            period=period.code,
            period_kind=period.kind.value,
            computed_at=timezone.now(),
        )
    metric.employee = employee
    return metric


@dataclass(frozen=True, slots=True)
class ExportRow:
    nip: str
    nama: str
    unit_kode: str
    period: str
    tasks_completed: int
    on_time: int
    on_time_rate: Decimal | None
    first_time_right_rate: Decimal | None
    median_turnaround_hours: Decimal | None
    open_overdue: int


def export_rows(*, period: PeriodSpan, unit_code: str | None = None) -> Iterator[ExportRow]:
    """Every stored row of ``period`` (for the command line, which runs with the
    operator's full rights), optionally limited to a unit and its sub-units."""
    metrics = ServiceMetric.objects.filter(period=period.code).select_related(
        "employee", "employee__unit"
    )
    if unit_code is not None:
        unit = OrgUnit.objects.filter(code=unit_code).first()
        if unit is None:
            raise LookupError(unit_code)
        metrics = metrics.filter(employee__unit__path__startswith=unit.path)
    for metric in metrics.order_by(
        "employee__unit__path", "employee__name", "employee__nip"
    ).iterator(chunk_size=2000):
        yield export_row(metric, metric.employee)


def export_row(metric: ServiceMetric, employee: Employee) -> ExportRow:
    return ExportRow(
        nip=employee.nip,
        nama=employee.name,
        unit_kode=employee.unit.code,
        period=metric.period,
        tasks_completed=metric.tasks_completed,
        on_time=metric.on_time,
        on_time_rate=metric.on_time_rate,
        first_time_right_rate=metric.first_time_right_rate,
        median_turnaround_hours=metric.median_turnaround_hours,
        open_overdue=metric.open_overdue,
    )
