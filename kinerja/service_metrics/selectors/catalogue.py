"""Reads of the service catalogue (jenis layanan and their standards).

Everyone who works in an organisation may read its catalogue, with each service's volume
and on-time rate over the last twelve months (from ServiceTypeMetric, never from the
tasks themselves); the HR admin reads every organisation's. Outsiders read nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.core.periods import PeriodKind
from kinerja.organization.models import OrgUnit
from kinerja.organization.selectors import Viewer, get_viewer
from kinerja.service_metrics.models import ServiceType, ServiceTypeMetric
from kinerja.service_metrics.selectors.pages import Figures, MonthFigures, month_label

MAX_SEARCH_LENGTH = 100


def last_twelve_months(today: date) -> list[tuple[int, int]]:
    """(year, month) of the twelve months up to and including ``today``'s, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _codes(months: list[tuple[int, int]]) -> list[str]:
    return [f"{year:04d}-{month:02d}" for year, month in months]


def _viewer_in_organisation(user: User) -> Viewer:
    viewer = get_viewer(user)
    if viewer.is_outsider:
        raise PermissionDenied
    return viewer


def _scope(viewer: Viewer) -> Q:
    """The service types a viewer may read: their organisation's, or all for the HR admin."""
    if viewer.is_admin:
        return Q()
    if viewer.org_root_path is None:
        return Q(pk__in=[])
    return Q(unit__path__startswith=viewer.org_root_path)


@dataclass(frozen=True, slots=True)
class CatalogueListing:
    service_types: QuerySet[ServiceType]  # annotated with volume and on_time_total
    units: list[OrgUnit]  # units responsible for a service, for the filter
    unit: OrgUnit | None  # the unit filtered by
    search: str


def service_types_for_user(
    user: User, *, search: str = "", unit_code: str = "", today: date | None = None
) -> CatalogueListing:
    """The catalogue, narrowed by a text in the code or name and by a responsible unit
    (with its sub-units; an unknown code filters nothing), ordered by unit and name.
    Each service carries ``volume`` and ``on_time_total``: tasks completed and completed
    on time over the last twelve months. PermissionDenied for outsiders."""
    viewer = _viewer_in_organisation(user)
    codes = _codes(last_twelve_months(today or timezone.localdate()))
    in_scope = ServiceType.objects.filter(_scope(viewer))
    units = list(OrgUnit.objects.filter(pk__in=in_scope.values("unit_id")).order_by("path"))
    unit = next((u for u in units if u.code == unit_code), None) if unit_code else None
    service_types = in_scope.select_related("unit")
    if unit is not None:
        service_types = service_types.filter(unit__path__startswith=unit.path)
    search = search.strip()[:MAX_SEARCH_LENGTH]
    if search:
        service_types = service_types.filter(Q(code__icontains=search) | Q(name__icontains=search))
    recent = Q(metrics__period__in=codes)
    service_types = service_types.annotate(
        volume=Coalesce(Sum("metrics__tasks_completed", filter=recent), 0),
        on_time_total=Coalesce(Sum("metrics__on_time", filter=recent), 0),
    ).order_by("unit__path", "name", "pk")
    return CatalogueListing(service_types, units, unit, search)


@dataclass(frozen=True, slots=True)
class ServiceTypeDetail:
    service_type: ServiceType
    months: list[MonthFigures]  # the last twelve months, oldest first
    total: Figures
    has_tasks: bool  # once tasks exist the code is fixed


def get_service_type_for_user(
    user: User, code: str, *, today: date | None = None
) -> ServiceTypeDetail:
    """One service of the catalogue with its last twelve months; NotFound for a code that
    does not exist in the viewer's catalogue. PermissionDenied for outsiders."""
    viewer = _viewer_in_organisation(user)
    service_type = (
        ServiceType.objects.filter(_scope(viewer), code=code).select_related("unit").first()
    )
    if service_type is None:
        raise NotFound
    months = last_twelve_months(today or timezone.localdate())
    stored = {
        metric.period: metric
        for metric in ServiceTypeMetric.objects.filter(
            service_type=service_type,
            period__in=_codes(months),
            period_kind=PeriodKind.MONTH.value,
        )
    }
    figures = [
        MonthFigures(
            code,
            month_label(year, month) + f" {year}",
            Figures.total([stored[code]]) if code in stored else Figures(),
        )
        for (year, month), code in zip(months, _codes(months), strict=True)
    ]
    return ServiceTypeDetail(
        service_type=service_type,
        months=figures,
        total=Figures.total(month.figures for month in figures),
        has_tasks=service_type.tasks.exists(),
    )


def catalogue_units_for_user(user: User) -> QuerySet[OrgUnit]:
    """The units a service may be assigned to by this viewer: their organisation's (all
    for the HR admin), in tree order."""
    viewer = _viewer_in_organisation(user)
    units = OrgUnit.objects.order_by("path")
    if viewer.is_admin:
        return units
    if viewer.org_root_path is None:
        return units.none()
    return units.filter(path__startswith=viewer.org_root_path)
