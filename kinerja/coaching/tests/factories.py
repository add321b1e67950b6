"""Coaching cases for tests, opened through the real services.

case = open_for(org.staf)                       # opened by the appraiser (org.kasi)
junior = person("junior", org.pelayanan, org.staf)
"""

from datetime import date

from kinerja.accounts.models import User
from kinerja.coaching.models import CoachingCase
from kinerja.coaching.services import open_case
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory

REASON = "Dua bulan berturut-turut di bawah ekspektasi; ketepatan waktu layanan turun ke 61%."
GOALS = "Ketepatan waktu layanan kembali di atas 85% dalam tiga bulan."


def person(
    name: str,
    unit: OrgUnit,
    supervisor: Employee | None,
    *,
    kind: str = Position.Kind.PELAKSANA,
    **user_flags: bool,
) -> Employee:
    """An active employee with a user account named ``name``."""
    user = UserFactory(username=name, first_name=name.title(), **user_flags)
    position = PositionFactory(name=f"Jabatan {name}", kind=kind, unit=unit)
    return EmployeeFactory(name=name.title(), position=position, supervisor=supervisor, user=user)


def hr_admin() -> User:
    return User.objects.filter(is_hr_admin=True).order_by("pk").first() or UserFactory(
        username="hr", is_hr_admin=True
    )


def open_for(
    employee: Employee,
    *,
    actor: User | None = None,
    today: date | None = None,
    reason: str = REASON,
    goals: str = GOALS,
) -> CoachingCase:
    """A case opened by the employee's appraiser (the HR admin when there is none)."""
    employee.refresh_from_db()
    if actor is None:
        actor = employee.supervisor.user if employee.supervisor else hr_admin()
    return open_case(actor=actor, employee=employee, reason=reason, goals=goals, today=today)
