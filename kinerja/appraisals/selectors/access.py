"""Who may see and do what in the appraisal stage. Views and services ask these functions.

- Reading an evaluation: the employee once it is delivered to them; everyone above them
  in the reporting line, the pimpinan over the unit and the HR admin at any time (the
  "full profile" access of ``organization.selectors``).
- Rating: only the evaluation's appraiser (pejabat penilai); the HR admin when the
  employee has no appraiser in the system (the camat, whose appraiser is the walikota).
- The organisation predicate of a unit: the leader one level above (a pimpinan over the
  unit's parent) or the HR admin on behalf of a leader outside the system.
- Calibrating a unit: a pimpinan over the unit, or the HR admin.
- Objecting: the employee; explaining: the appraiser; deciding: the appraiser's superior
  (the HR admin when there is none in the system).
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.core.exceptions import NotFound
from kinerja.organization.models import OrgUnit
from kinerja.organization.selectors import (
    Viewer,
    employees_with_full_access_for_user,
    get_viewer,
)

DELIVERED_STATUSES = (
    EvaluationStatus.DELIVERED.value,
    EvaluationStatus.OBJECTED.value,
    EvaluationStatus.DECIDED.value,
)


def evaluations_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[Evaluation]:
    viewer = viewer or get_viewer(user)
    if viewer.is_admin:
        return Evaluation.objects.all()
    if viewer.employee is None:
        return Evaluation.objects.none()
    own = Q(employee=viewer.employee, status__in=DELIVERED_STATUSES)
    above = Q(
        employee__in=employees_with_full_access_for_user(user, viewer=viewer).exclude(
            pk=viewer.employee.pk
        )
    )
    # The appraiser and superior recorded on the evaluation keep access after a move.
    recorded = Q(appraiser=viewer.employee) | Q(appraiser_superior=viewer.employee)
    return Evaluation.objects.filter(own | above | recorded)


def get_evaluation_for_user(user: User, evaluation_id: int) -> Evaluation:
    """The evaluation, if the user may read it; NotFound otherwise (whether it exists or
    not)."""
    evaluation = (
        evaluations_for_user(user)
        .select_related(
            "employee__position",
            "employee__unit",
            "employee__user",
            "appraiser__user",
            "appraiser_superior__user",
            "period__performance_year",
            "unit",
            "heads_unit",
            "criteria_version",
            "plan",
            "calibration__unit",
        )
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None:
        raise NotFound(_("That evaluation does not exist or is not visible to you."))
    return evaluation


def is_employee(viewer: Viewer, evaluation: Evaluation) -> bool:
    return viewer.employee is not None and viewer.employee.pk == evaluation.employee_id


def may_rate(viewer: Viewer, evaluation: Evaluation) -> bool:
    if evaluation.appraiser_id is None:
        return viewer.is_admin
    return viewer.employee is not None and viewer.employee.pk == evaluation.appraiser_id


def may_decide_objection(viewer: Viewer, evaluation: Evaluation) -> bool:
    if evaluation.appraiser_superior_id is None:
        return viewer.is_admin
    return viewer.employee is not None and viewer.employee.pk == evaluation.appraiser_superior_id


def _leads(viewer: Viewer, path: str) -> bool:
    leader_path = viewer.pimpinan_path
    return leader_path is not None and path.startswith(leader_path)


def may_set_org_predicate(viewer: Viewer, unit: OrgUnit) -> bool:
    """The leader one level above: a pimpinan whose subtree holds the unit but who does
    not work in the unit itself; or the HR admin."""
    if viewer.is_admin:
        return True
    return _leads(viewer, unit.path) and viewer.pimpinan_path != unit.path


def may_calibrate(viewer: Viewer, calibration: Calibration) -> bool:
    return viewer.is_admin or _leads(viewer, calibration.unit.path)


def calibrations_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[Calibration]:
    """The calibrations the user may open: those of units they lead (or set the predicate
    of), every one for the HR admin."""
    viewer = viewer or get_viewer(user)
    calibrations = Calibration.objects.select_related("unit", "period")
    if viewer.is_admin:
        return calibrations
    if viewer.pimpinan_path is None:
        return calibrations.none()
    return calibrations.filter(unit__path__startswith=viewer.pimpinan_path)


def get_calibration_for_user(user: User, calibration_id: int) -> Calibration:
    calibration = calibrations_for_user(user).filter(pk=calibration_id).first()
    if calibration is None:
        raise NotFound(_("That calibration does not exist or is not visible to you."))
    return calibration
