"""What the home page and the page header show, resolved in a fixed number of queries."""

from typing import Any

from kinerja.accounts.models import User
from kinerja.organization.models import Employee, OrgUnit
from kinerja.organization.selectors import (
    Viewer,
    directory_employees_for_user,
    get_viewer,
    units_for_user,
)


def organisation_name_for_viewer(viewer: Viewer) -> str | None:
    """The name of the root unit of the viewer's organisation; None when they have none."""
    if viewer.org_root_path is None:
        return None
    name: str | None = (
        OrgUnit.objects.filter(path=viewer.org_root_path).values_list("name", flat=True).first()
    )
    return name


def home_summary_for_user(user: User) -> dict[str, Any]:
    """The viewer, their direct reports (for a penilai) and, for a pimpinan or HR admin,
    the number of units and employees they can see."""
    viewer = get_viewer(user)
    summary: dict[str, Any] = {"viewer": viewer, "direct_reports": []}
    if viewer.employee is not None:
        if viewer.is_penilai:
            summary["direct_reports"] = list(
                directory_employees_for_user(user, viewer=viewer)
                .filter(supervisor_id=viewer.employee.pk)
                .order_by("name")
            )
        supervisor = (
            Employee.objects.select_related("position", "unit")
            .filter(pk=viewer.employee.supervisor_id)
            .first()
            if viewer.employee.supervisor_id
            else None
        )
        summary["supervisor"] = supervisor
        # Link to the atasan's page only where the directory lets the viewer open it.
        summary["supervisor_is_linkable"] = bool(
            supervisor is not None
            and supervisor.is_active
            and viewer.org_root_path
            and supervisor.unit.path.startswith(viewer.org_root_path)
        )
    if viewer.is_admin or viewer.is_pimpinan:
        summary["unit_count"] = units_for_user(user, viewer=viewer).count()
        summary["employee_count"] = directory_employees_for_user(user, viewer=viewer).count()
    return summary
