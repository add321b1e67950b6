"""What the home page shows, resolved in a fixed number of queries."""

from typing import Any

from kinerja.accounts.models import User
from kinerja.organization.selectors import (
    directory_employees_for_user,
    get_viewer,
    units_for_user,
)


def home_summary_for_user(user: User) -> dict[str, Any]:
    viewer = get_viewer(user)
    summary: dict[str, Any] = {"viewer": viewer}
    if viewer.employee is not None:
        summary["direct_reports"] = list(
            directory_employees_for_user(user, viewer=viewer).filter(
                supervisor_id=viewer.employee.pk
            )
        )
    if viewer.is_admin or viewer.is_pimpinan:
        summary["unit_count"] = units_for_user(user, viewer=viewer).count()
        summary["employee_count"] = directory_employees_for_user(user, viewer=viewer).count()
    return summary
