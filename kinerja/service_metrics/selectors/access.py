"""Whose service figures a viewer may see.

Service figures are part of an employee's full profile: the employee themself, their
direct and indirect supervisors (penilai), the pimpinan of a unit above them and the HR
admin see them; colleagues do not. An employee the viewer may not see is reported as not
found (NotFound), never as forbidden, so that nobody can probe which NIPs exist.
"""

from django.db.models import QuerySet

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.organization.models import Employee, OrgUnit
from kinerja.organization.selectors import (
    Access,
    Viewer,
    employees_with_full_access_for_user,
    explain_access,
    get_viewer,
)


def visible_employees_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[Employee]:
    """Every employee whose service figures ``user`` may see (self; direct and indirect
    reports; everyone below a pimpinan; everyone for the HR admin)."""
    return employees_with_full_access_for_user(user, viewer=viewer)


def get_visible_employee(
    user: User,
    *,
    nip: str | None = None,
    employee_id: int | None = None,
    viewer: Viewer | None = None,
) -> Employee:
    """The employee named by NIP or id, when ``user`` may see their figures; NotFound
    otherwise (unknown and hidden look the same)."""
    viewer = viewer or get_viewer(user)
    employees = Employee.objects.select_related("unit", "position", "supervisor")
    if nip is not None:
        employee = employees.filter(nip=nip).first()
    elif employee_id is not None:
        employee = employees.filter(pk=employee_id).first()
    else:
        raise TypeError("name the employee by nip or employee_id")
    if employee is None or explain_access(viewer, employee).access is not Access.FULL:
        raise NotFound
    return employee


def can_view_team(viewer: Viewer) -> bool:
    """Penilai, pimpinan and the HR admin have a team view."""
    return viewer.is_admin or viewer.is_pimpinan or viewer.is_penilai


def can_view_office(viewer: Viewer) -> bool:
    """Office-wide volumes per service and unit: pimpinan and the HR admin."""
    return viewer.is_admin or viewer.is_pimpinan


def can_manage_catalogue(user: User) -> bool:
    """The HR admin keeps the service catalogue and the working calendar."""
    return user.has_hr_admin_rights


def get_scope_unit(user: User, code: str, *, viewer: Viewer | None = None) -> OrgUnit:
    """A unit the viewer may filter figures by: one that holds someone they may see.
    NotFound for any other code, known or not."""
    visible = visible_employees_for_user(user, viewer=viewer)
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None or not visible.filter(unit__path__startswith=unit.path).exists():
        raise NotFound
    return unit
