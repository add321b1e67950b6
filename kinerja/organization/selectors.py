"""Permission-checked reads of the organisation.

Who may see what:
- the **directory** (name, position, unit, rank, e-mail) of an organisation is open to
  everyone who works in it, to its pimpinan and to HR admins;
- a **full profile** (NIP and what it encodes, ASN status, reporting line, appraisers) is
  open to the employee, to every superior up the reporting line (penilai, direct or
  indirect), to a pimpinan for the units under them, and to HR admins;
- an **outsider** (an account without an employee record and without a role) sees nothing.

An organisation is the tree under one root unit (a kecamatan with its kelurahan).
"""

import enum
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.organization.models import Employee, OrgUnit

# Every direct and indirect report of one employee. UNION (not UNION ALL) stops the
# recursion even if a reporting cycle ever slipped into the data.
_SUBORDINATE_IDS_SQL = """
    WITH RECURSIVE subordinates(id) AS (
        SELECT id FROM organization_employee WHERE supervisor_id = %s
        UNION
        SELECT e.id FROM organization_employee e JOIN subordinates s ON e.supervisor_id = s.id
    )
    SELECT id FROM subordinates
"""


class Access(enum.IntEnum):
    NONE = 0
    DIRECTORY = 1
    FULL = 2


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking, resolved once per request."""

    user: User
    employee: Employee | None
    is_admin: bool
    is_pimpinan: bool
    is_penilai: bool
    org_root_path: str | None  # the viewer's organisation ("/KEC/"), None for outsiders

    @property
    def is_outsider(self) -> bool:
        return not self.is_admin and self.employee is None

    @property
    def pimpinan_path(self) -> str | None:
        """The subtree a pimpinan leads: the unit they work in and everything below."""
        if self.is_pimpinan and self.employee is not None:
            return self.employee.unit.path
        return None


def get_viewer(user: User) -> Viewer:
    employee = (
        Employee.objects.select_related("unit", "position")
        .filter(user_id=user.pk, is_active=True)
        .annotate(report_count=Count("direct_reports"))
        .first()
        if user.is_authenticated
        else None
    )
    root_path = "/" + employee.unit.path.split("/")[1] + "/" if employee else None
    return Viewer(
        user=user,
        employee=employee,
        is_admin=bool(user.is_authenticated and (user.is_hr_admin or user.is_superuser)),
        is_pimpinan=bool(user.is_authenticated and user.is_pimpinan and employee is not None),
        is_penilai=bool(employee is not None and employee.report_count > 0),
        org_root_path=root_path,
    )


def subordinate_ids(employee: Employee) -> RawSQL:
    """A subquery of the ids of everyone who reports to ``employee``, at any depth."""
    return RawSQL(_SUBORDINATE_IDS_SQL, [employee.pk])


def _full_access_filter(viewer: Viewer) -> Q | None:
    """The employees whose full profile the viewer may read; None means all of them."""
    if viewer.is_admin:
        return None
    if viewer.employee is None:
        return Q(pk__in=[])
    scope = Q(pk=viewer.employee.pk)
    if viewer.is_penilai:
        scope |= Q(pk__in=subordinate_ids(viewer.employee))
    if viewer.pimpinan_path:
        scope |= Q(unit__path__startswith=viewer.pimpinan_path)
    return scope


def _directory_filter(viewer: Viewer) -> Q | None:
    if viewer.is_admin:
        return None
    if viewer.org_root_path is None:
        return Q(pk__in=[])
    return Q(unit__path__startswith=viewer.org_root_path)


def directory_employees_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[Employee]:
    """Active employees in the viewer's organisation, for the directory and unit pages."""
    viewer = viewer or get_viewer(user)
    employees = Employee.objects.filter(is_active=True).select_related("position", "unit")
    scope = _directory_filter(viewer)
    return employees if scope is None else employees.filter(scope)


def employees_with_full_access_for_user(
    user: User, *, viewer: Viewer | None = None
) -> QuerySet[Employee]:
    viewer = viewer or get_viewer(user)
    employees = Employee.objects.all()
    scope = _full_access_filter(viewer)
    return employees if scope is None else employees.filter(scope)


def access_to_employee(viewer: Viewer, employee: Employee) -> Access:
    if viewer.is_admin:
        return Access.FULL
    if viewer.employee is None:
        return Access.NONE
    if employee.pk == viewer.employee.pk:
        return Access.FULL
    if viewer.pimpinan_path and employee.unit.path.startswith(viewer.pimpinan_path):
        return Access.FULL
    if viewer.is_penilai and (
        Employee.objects.filter(pk=employee.pk)
        .filter(pk__in=subordinate_ids(viewer.employee))
        .exists()
    ):
        return Access.FULL
    if viewer.org_root_path and employee.unit.path.startswith(viewer.org_root_path):
        return Access.DIRECTORY if employee.is_active else Access.NONE
    return Access.NONE


def get_employee_for_user(user: User, nip: str) -> tuple[Employee, Access]:
    """The employee with ``nip`` and how much of them ``user`` may see.

    Raises NotFound when the user may not see the employee at all, so that a stranger
    cannot tell an unknown NIP from a hidden one.
    """
    viewer = get_viewer(user)
    employee = (
        Employee.objects.select_related(
            "unit", "unit__parent", "position", "supervisor", "supervisor__position", "user"
        )
        .filter(nip=nip)
        .first()
    )
    if employee is None:
        raise NotFound
    access = access_to_employee(viewer, employee)
    if access is Access.NONE:
        raise NotFound
    return employee, access


def units_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[OrgUnit]:
    """Units of the viewer's organisation in tree order, with their own headcount."""
    viewer = viewer or get_viewer(user)
    units = OrgUnit.objects.annotate(
        headcount=Count("employees", filter=Q(employees__is_active=True))
    ).order_by("path")
    if viewer.is_admin:
        return units
    if viewer.org_root_path is None:
        return units.none()
    return units.filter(path__startswith=viewer.org_root_path)


def get_unit_for_user(user: User, code: str) -> OrgUnit:
    unit = units_for_user(user).select_related("parent").filter(code=code).first()
    if unit is None:
        raise NotFound
    return unit
