"""Socialisation of a published version: every employee in scope gets an
acknowledgement task, reads the criteria that apply to them and acknowledges them.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from kinerja.criteria.models import Acknowledgement, CriteriaVersion
from kinerja.criteria.selectors.socialisation import employees_in_scope
from kinerja.notifications.services import Message, notify


def assign_acknowledgements(*, version: CriteriaVersion, at: datetime) -> int:
    """Create the acknowledgement task of every employee in the version's scope who has
    none yet, and notify them; returns how many were created. Runs inside the caller's
    transaction (publication)."""
    employees = list(
        employees_in_scope(version).exclude(criteria_acknowledgements__version=version)
    )
    Acknowledgement.objects.bulk_create(
        Acknowledgement(
            version=version, employee=employee, unit_id=employee.unit_id, assigned_at=at
        )
        for employee in employees
    )
    notify(
        recipients=[employee.user for employee in employees if employee.user is not None],
        message=Message(
            title=_("New criteria to read: %(version)s") % {"version": version.label},
            body=_(
                "The criteria for %(year)s have been published. Read the ones that apply to"
                " you and acknowledge them."
            )
            % {"year": version.year},
            url=f"/kriteria/berlaku/{version.pk}/",
        ),
    )
    return len(employees)
