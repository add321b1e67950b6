"""Evaluations for tests, built through the real services so that every rule the
application applies holds for them too.

    version = criteria_in_force(org)                  # published 2026 criteria of KEC
    evaluation = rated_evaluation(org.staf)           # approved SKP, rated as expected
    submitted = submit(evaluation)
    calibration = org_predicate(org.kecamatan, "BAIK")
    finalise(calibration, justification="...")        # delivers every submitted result

The period defaults to January 2026, an evaluation period of a monthly year.
"""

from typing import Any

from kinerja.accounts.models import User
from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.services.calibration import finalise_calibration, set_org_predicate
from kinerja.appraisals.services.evaluations import (
    LineInput,
    RatingInput,
    open_evaluation,
    save_ratings,
    submit_evaluation,
)
from kinerja.criteria.models import CriteriaVersion
from kinerja.criteria.selectors.versions import published_version as version_in_force
from kinerja.criteria.tests.factories import published_version
from kinerja.organization.models import Employee, OrgUnit, Period
from kinerja.plans.models import PerformancePlan
from kinerja.plans.tests.factories import approved_plan, hr_admin_user, performance_year, user_of
from kinerja.plans.workflow import PlanStatus

DEFAULT_PERIOD = "2026-01"
AS_EXPECTED = "SESUAI_EKSPEKTASI"
ABOVE = "DI_ATAS_EKSPEKTASI"
BELOW = "DI_BAWAH_EKSPEKTASI"


def period(code: str = DEFAULT_PERIOD) -> Period:
    performance_year(int(code[:4]))
    return Period.objects.get(code=code)


def organisation_of(employee: Employee) -> OrgUnit:
    root = employee.unit.path.strip("/").split("/")[0]
    return OrgUnit.objects.get(code=root)


def criteria_in_force(employee: Employee, *, year: int = 2026) -> CriteriaVersion:
    """The published criteria of the employee's organisation (published when missing)."""
    organisation = organisation_of(employee)
    existing = version_in_force(organisation, year)
    return existing or published_version(hr_admin_user(), organisation, year=year)


def rater_of(evaluation_or_employee: Evaluation | Employee) -> User:
    employee = (
        evaluation_or_employee.employee
        if isinstance(evaluation_or_employee, Evaluation)
        else evaluation_or_employee
    )
    employee.refresh_from_db()
    return user_of(employee.supervisor) if employee.supervisor else hr_admin_user()


def opened_evaluation(
    employee: Employee, code: str = DEFAULT_PERIOD, *, with_plan: bool = True
) -> Evaluation:
    """An open (draft) evaluation, with the criteria in force and an approved SKP."""
    criteria_in_force(employee, year=int(code[:4]))
    year = int(code[:4])
    has_plan = PerformancePlan.objects.filter(
        employee=employee, performance_year__year=year, status=PlanStatus.APPROVED
    ).exists()
    if with_plan and not has_plan:
        approved_plan(employee, year)
    return open_evaluation(actor=rater_of(employee), employee=employee, period=period(code))


def rating_input(
    evaluation: Evaluation,
    *,
    results: str = AS_EXPECTED,
    behaviour: str = AS_EXPECTED,
    results_rating: str | None = None,
    behaviour_rating: str | None = None,
    **overrides: Any,
) -> RatingInput:
    """Every line rated ``results``/``behaviour``; the two ratings default to the same."""
    evaluation.refresh_from_db()
    values: dict[str, Any] = {
        "revision": evaluation.revision,
        "results": {
            line.pk: LineInput(rating=results, feedback="")
            for line in evaluation.result_ratings.all()
        },
        "behaviour": {
            line.value: LineInput(rating=behaviour, feedback="")
            for line in evaluation.behaviour_ratings.all()
        },
        "rubric": {},
        "results_rating": results_rating or results,
        "results_rating_reason": "",
        "behaviour_rating": behaviour_rating or behaviour,
        "behaviour_rating_reason": "",
        "notes": "",
    }
    values.update(overrides)
    return RatingInput(**values)


def rated_evaluation(
    employee: Employee,
    code: str = DEFAULT_PERIOD,
    *,
    results: str = AS_EXPECTED,
    behaviour: str = AS_EXPECTED,
    reason: str = "Sesuai catatan kinerja",
) -> Evaluation:
    """An evaluation rated throughout; reasons are given in case the ratings depart from
    the suggestions."""
    evaluation = opened_evaluation(employee, code)
    data = rating_input(
        evaluation,
        results=results,
        behaviour=behaviour,
        results_rating_reason=reason,
        behaviour_rating_reason=reason,
    )
    return save_ratings(actor=rater_of(evaluation), evaluation=evaluation, data=data)


def submit(evaluation: Evaluation) -> Evaluation:
    evaluation.refresh_from_db()
    return submit_evaluation(
        actor=rater_of(evaluation), evaluation=evaluation, revision=evaluation.revision
    )


def submitted_evaluation(
    employee: Employee, code: str = DEFAULT_PERIOD, **kwargs: Any
) -> Evaluation:
    return submit(rated_evaluation(employee, code, **kwargs))


def org_predicate(
    unit: OrgUnit, predicate: str = "BAIK", code: str = DEFAULT_PERIOD, *, actor: User | None = None
) -> Calibration:
    """The unit's organisation predicate, set by the HR admin unless ``actor`` is given."""
    return set_org_predicate(
        actor=actor or hr_admin_user(),
        unit=unit,
        period=period(code),
        predicate=predicate,
        note="Capaian rencana aksi sesuai target",
    )


def finalise(
    calibration: Calibration, *, justification: str = "", actor: User | None = None
) -> int:
    return finalise_calibration(
        actor=actor or hr_admin_user(), calibration=calibration, justification=justification
    )
