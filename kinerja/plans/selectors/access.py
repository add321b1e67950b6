"""Who may see and do what with an SKP. Views and services ask these functions.

- Reading a plan (and its realisations, evidence and feedback): the employee, everyone
  above them in the reporting line (their appraiser and the appraiser's superiors), the
  pimpinan over the unit, and the HR admin — the "full profile" access of
  ``organization.selectors``. Nobody else, not even colleagues in the same unit.
- The employee edits their own plan while it is a draft or returned, records
  realisations and evidence, and replies to feedback.
- Only the plan's appraiser (pejabat penilai) approves or returns it, writes the
  ekspektasi khusus pimpinan and gives feedback.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.organization.selectors import (
    Viewer,
    employees_with_full_access_for_user,
    get_viewer,
)
from kinerja.plans.models import PerformancePlan


def plans_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[PerformancePlan]:
    viewer = viewer or get_viewer(user)
    return PerformancePlan.objects.filter(
        employee__in=employees_with_full_access_for_user(user, viewer=viewer)
    )


def get_plan_for_user(user: User, plan_id: int) -> PerformancePlan:
    """The plan, if the user may read it; NotFound otherwise (whether it exists or not)."""
    plan = (
        plans_for_user(user)
        .select_related(
            "employee__position",
            "employee__unit",
            "employee__user",
            "appraiser__position",
            "appraiser__unit",
            "appraiser__user",
            "performance_year",
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise NotFound(_("That SKP does not exist or is not visible to you."))
    return plan


def is_owner(viewer: Viewer, plan: PerformancePlan) -> bool:
    return viewer.employee is not None and viewer.employee.pk == plan.employee_id


def is_appraiser(viewer: Viewer, plan: PerformancePlan) -> bool:
    return viewer.employee is not None and viewer.employee.pk == plan.appraiser_id
