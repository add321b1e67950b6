"""Writes of an evaluation by its appraiser (PermenPANRB 6/2022, penilaian kinerja): open
it, rate each RHK and each BerAKHLAK value, set the two ratings (departing from the
system's suggestion only with a written reason), and submit it to the unit's calibration.

Each function is one transaction with one audit event. Saving checks the revision the
form was read at (optimistic locking) under a row lock, so two people saving the same
evaluation at once never lose an update: the second is told to reload.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.appraisals.models import (
    BehaviourRating,
    Calibration,
    Evaluation,
    RatingChoice,
    ResultRating,
    RubricScore,
)
from kinerja.appraisals.results import (
    behaviour_score,
    has_innovation,
    line_from_dict,
    line_to_dict,
    score_lines,
)
from kinerja.appraisals.scoring import (
    numeric_predicate,
    numeric_score,
    organisation_results_rating,
    performance_predicate,
    suggested_behaviour_rating,
)
from kinerja.appraisals.selectors.access import may_rate
from kinerja.appraisals.selectors.measurements import behaviour_rubric, measured_lines
from kinerja.appraisals.workflow import EvaluationStatus, Step, is_rating_open, next_status
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import suggested_rating
from kinerja.criteria.selectors.versions import published_version
from kinerja.organization.models import Employee, OrgUnit, Period
from kinerja.organization.selectors import get_viewer
from kinerja.plans.models import PerformancePlan
from kinerja.plans.workflow import PlanStatus

REASON_MAX_LENGTH = 2000


class EvaluationRefused(DomainError):  # noqa: N818 - reads as what happened
    """An appraisal rule refused the action; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleEvaluation(EvaluationRefused):
    """Someone saved the evaluation after the form was read."""


# -- helpers ------------------------------------------------------------------------------


def snapshot(employee: Employee | None) -> dict[str, str]:
    if employee is None:
        return {}
    return {
        "name": employee.name,
        "nip": employee.nip,
        "rank": employee.rank,
        "position": employee.position.name,
        "unit": employee.unit.name,
    }


def organisation_of(unit: OrgUnit) -> OrgUnit:
    root_code = unit.path.strip("/").split("/")[0]
    return OrgUnit.objects.get(code=root_code) if root_code != unit.code else unit


def headed_unit(employee: Employee) -> OrgUnit | None:
    """The unit ``employee`` heads: their own unit when their superior works outside it
    (or they have none in the system)."""
    supervisor = employee.supervisor
    if supervisor is None or not supervisor.unit.path.startswith(employee.unit.path):
        return employee.unit
    return None


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related(
            "employee__position",
            "employee__unit",
            "employee__user",
            "period",
            "criteria_version",
            "heads_unit",
        )
        .get(pk=evaluation.pk)
    )


def _check_revision(evaluation: Evaluation, revision: int) -> None:
    if evaluation.revision != revision:
        raise StaleEvaluation(
            _(
                "Someone saved this evaluation after you opened it. Reload the page to see"
                " their changes, then make yours again."
            )
        )


def _require_rater(actor: User, evaluation: Evaluation) -> None:
    if not may_rate(get_viewer(actor), evaluation):
        raise PermissionDenied(
            _("Only the appraiser (pejabat penilai) of this employee can rate the evaluation.")
        )


def _clean_reason(value: str, field: str) -> str:
    text = value.strip()
    if len(text) > REASON_MAX_LENGTH:
        raise EvaluationRefused(
            _("Keep it under %(count)d characters.") % {"count": REASON_MAX_LENGTH}, field=field
        )
    return text


def _approved_plan(employee: Employee, period: Period) -> PerformancePlan | None:
    return (
        PerformancePlan.objects.filter(
            employee=employee,
            performance_year_id=period.performance_year_id,
            status=PlanStatus.APPROVED,
        )
        .order_by("-revision")
        .first()
    )


def _org_calibration(evaluation: Evaluation) -> Calibration | None:
    if evaluation.heads_unit_id is None:
        return None
    return Calibration.objects.filter(
        unit_id=evaluation.heads_unit_id, period_id=evaluation.period_id
    ).first()


# -- computing ----------------------------------------------------------------------------


def compute(evaluation: Evaluation) -> None:
    """Measure the results lines again under the evaluation's own criteria version and
    refresh the score and the suggestions (not saved). Only while rating is open: once
    submitted, the stored computation is the record."""
    version = evaluation.criteria_version
    if version is None:
        evaluation.computation = {"lines": []}
        evaluation.results_score = None
        evaluation.numeric_score = None
        evaluation.suggested_results_rating = ""
    else:
        levels = dict(evaluation.rubric_scores.values_list("indicator_id", "level"))
        lines = measured_lines(
            employee=evaluation.employee,
            period=evaluation.period,
            version=version,
            plan=evaluation.plan,
            rubric_levels=levels,
        )
        scored = score_lines(lines)
        evaluation.computation = {"lines": [line_to_dict(line) for line in lines]}
        evaluation.results_score = scored.total
        _compute_numeric(evaluation, version, levels, has_innovation(lines))
        evaluation.suggested_results_rating = (
            ""
            if scored.total is None
            else suggested_rating(
                scored.total, above=version.above_threshold, meets=version.meets_threshold
            ).value
        )
    calibration = _org_calibration(evaluation)
    if calibration is not None:
        # A unit head's results rating is the organisation's achievement (SE 3/2023).
        evaluation.suggested_results_rating = organisation_results_rating(
            calibration.org_predicate
        ).value
    behaviour = suggested_behaviour_rating(
        rating for rating in evaluation.behaviour_ratings.values_list("rating", flat=True) if rating
    )
    evaluation.suggested_behaviour_rating = behaviour.value if behaviour else ""
    evaluation.computed_at = timezone.now()


def is_numeric(evaluation: Evaluation) -> bool:
    version = evaluation.criteria_version
    return version is not None and version.rating_method == CriteriaVersion.RatingMethod.NUMERIC


def _compute_numeric(
    evaluation: Evaluation,
    version: CriteriaVersion,
    levels: Mapping[int, int],
    innovated: bool,  # noqa: FBT001 - one flag, named at the call
) -> None:
    """The numeric method (PP 30/2019 Pasal 41), when the version uses it: the behaviour
    score from the behaviour rubric levels, the final score weighting results and
    behaviour 70/30 or 60/40, and whether the employee innovated (for Sangat Baik)."""
    evaluation.numeric_score = None
    if version.rating_method != CriteriaVersion.RatingMethod.NUMERIC:
        return
    rubric = behaviour_rubric(version, evaluation.employee)
    rated = [
        (Decimal(levels[item.pk]), item.floor, item.target, item.ceiling)
        for item in rubric
        if item.pk in levels
    ]
    behaviour = behaviour_score(rated) if len(rated) == len(rubric) else None
    evaluation.computation["numeric"] = {
        "behaviour_indicators": len(rubric),
        "behaviour_rated": len(rated),
        "behaviour_score": None if behaviour is None else str(behaviour),
        "results_weight": version.numeric_results_weight,
        "has_innovation": innovated,
    }
    if behaviour is not None and evaluation.results_score is not None:
        evaluation.numeric_score = numeric_score(
            evaluation.results_score, behaviour, skp_weight=version.numeric_results_weight
        )


def recomputed_score(evaluation: Evaluation) -> Any:
    """The results score of the stored computation, computed again from its lines: the
    same figures whenever it is asked, whatever happened to the criteria since."""
    lines = [line_from_dict(data) for data in evaluation.computation.get("lines", [])]
    return score_lines(lines)


def _set_matrix_predicate(evaluation: Evaluation) -> None:
    """The predicate the rules give: the 6/2022 matrix of the two ratings, or under the
    numeric method the PP 30/2019 band of the final score."""
    if is_numeric(evaluation):
        numeric = evaluation.computation.get("numeric", {})
        evaluation.matrix_predicate = (
            numeric_predicate(
                evaluation.numeric_score, has_innovation=bool(numeric.get("has_innovation"))
            ).value
            if evaluation.numeric_score is not None
            else ""
        )
    elif evaluation.results_rating and evaluation.behaviour_rating:
        evaluation.matrix_predicate = performance_predicate(
            evaluation.results_rating, evaluation.behaviour_rating
        ).value
    else:
        evaluation.matrix_predicate = ""


# -- opening ------------------------------------------------------------------------------


@transaction.atomic
def open_evaluation(*, actor: User, employee: Employee, period: Period) -> Evaluation:
    """Start ``employee``'s evaluation for ``period`` (an evaluation period), appraised by
    their direct superior, computed under the criteria in force for the period's year,
    with a line for every RHK of the approved SKP and for each of the seven values. An
    evaluation that already exists is returned as it is."""
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    existing = Evaluation.objects.filter(employee=employee, period=period).first()
    if existing is not None:
        _require_rater(actor, existing)
        return existing
    employee = Employee.objects.select_related(
        "position", "unit", "supervisor__unit", "supervisor__position", "supervisor__supervisor"
    ).get(pk=employee.pk)
    appraiser = employee.supervisor
    superior = appraiser.supervisor if appraiser is not None else None
    probe = Evaluation(employee=employee, appraiser=appraiser)
    _require_rater(actor, probe)
    if not period.is_evaluation_period:
        raise EvaluationRefused(
            _("%(period)s is not an evaluation period of its performance year.")
            % {"period": period.code},
            field="period",
        )
    version: CriteriaVersion | None = published_version(
        organisation_of(employee.unit), period.starts_on.year
    )
    plan = _approved_plan(employee, period)
    evaluation = Evaluation.objects.create(
        employee=employee,
        period=period,
        plan=plan,
        unit=employee.unit,
        appraiser=appraiser,
        appraiser_superior=superior,
        heads_unit=headed_unit(employee),
        employee_snapshot=snapshot(employee),
        appraiser_snapshot=snapshot(appraiser),
        superior_snapshot=snapshot(superior),
        criteria_version=version,
    )
    if plan is not None:
        ResultRating.objects.bulk_create(
            ResultRating(
                evaluation=evaluation,
                work_result=result,
                kind=result.kind,
                text=result.text,
                order=position,
            )
            for position, result in enumerate(plan.results.order_by("-kind", "order", "pk"))
        )
    BehaviourRating.objects.bulk_create(
        BehaviourRating(evaluation=evaluation, value=value.code, order=position)
        for position, value in enumerate(CORE_VALUES)
    )
    compute(evaluation)
    evaluation.save()
    record_event(
        actor=actor,
        action=AuditAction.EVALUATION_OPENED,
        target=evaluation,
        changes={
            "period": period.code,
            "criteria_version": version.pk if version else None,
            "plan": plan.pk if plan else None,
        },
    )
    return evaluation


# -- rating -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineInput:
    rating: str
    feedback: str


@dataclass(frozen=True, slots=True)
class RatingInput:
    """What the appraiser's form sends: per RHK (by ResultRating id) and per value (by
    code) a rating and feedback; the rubric levels; the two ratings with their reasons."""

    revision: int
    results: Mapping[int, LineInput]
    behaviour: Mapping[str, LineInput]
    rubric: Mapping[int, int | None]
    results_rating: str
    results_rating_reason: str
    behaviour_rating: str
    behaviour_rating_reason: str
    notes: str


def _check_rating(value: str, field: str) -> str:
    if value and value not in RatingChoice.values:
        raise EvaluationRefused(_("Choose one of the three ratings."), field=field)
    return value


def _save_lines(evaluation: Evaluation, data: RatingInput) -> list[str]:
    changed: list[str] = []
    for line in evaluation.result_ratings.all():
        given = data.results.get(line.pk)
        if given is None:
            continue
        rating = _check_rating(given.rating, f"result-{line.pk}")
        feedback = _clean_reason(given.feedback, f"result-{line.pk}-feedback")
        if (line.rating, line.feedback) != (rating, feedback):
            line.rating, line.feedback = rating, feedback
            line.save(update_fields=["rating", "feedback"])
            changed.append(f"result:{line.pk}")
    for behaviour in evaluation.behaviour_ratings.all():
        given = data.behaviour.get(behaviour.value)
        if given is None:
            continue
        rating = _check_rating(given.rating, f"behaviour-{behaviour.value}")
        feedback = _clean_reason(given.feedback, f"behaviour-{behaviour.value}-feedback")
        if (behaviour.rating, behaviour.feedback) != (rating, feedback):
            behaviour.rating, behaviour.feedback = rating, feedback
            behaviour.save(update_fields=["rating", "feedback"])
            changed.append(f"behaviour:{behaviour.value}")
    _save_rubric(evaluation, data.rubric, changed)
    return changed


def _save_rubric(
    evaluation: Evaluation, rubric: Mapping[int, int | None], changed: list[str]
) -> None:
    if not rubric:
        return
    indicators = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(
            version=evaluation.criteria_version,
            pk__in=list(rubric),
            source=Indicator.Source.SUPERVISOR_RUBRIC,
        ).prefetch_related("levels")
    }
    for indicator_id, level in rubric.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise EvaluationRefused(
                _("That rubric is not part of this evaluation's criteria."),
                field=f"rubric-{indicator_id}",
            )
        if level is None:
            if RubricScore.objects.filter(evaluation=evaluation, indicator=indicator).delete()[0]:
                changed.append(f"rubric:{indicator_id}")
            continue
        if level not in {item.level for item in indicator.levels.all()}:
            raise EvaluationRefused(
                _("Choose one of the rubric's levels."), field=f"rubric-{indicator_id}"
            )
        stored = RubricScore.objects.filter(evaluation=evaluation, indicator=indicator).first()
        if stored is not None and stored.level == level:
            continue
        RubricScore.objects.update_or_create(
            evaluation=evaluation, indicator=indicator, defaults={"level": level}
        )
        changed.append(f"rubric:{indicator_id}")


@transaction.atomic
def save_ratings(*, actor: User, evaluation: Evaluation, data: RatingInput) -> Evaluation:
    """Save the appraiser's ratings while the evaluation is a draft, recompute the score
    and the suggestions, and derive the matrix predicate."""
    locked = _locked(evaluation)
    _require_rater(actor, locked)
    _check_revision(locked, data.revision)
    if not is_rating_open(locked.status):
        raise EvaluationRefused(
            _("This evaluation has been submitted; reopen it to change the ratings.")
        )
    changed = _save_lines(locked, data)
    fields = {
        "results_rating": _check_rating(data.results_rating, "results_rating"),
        "results_rating_reason": _clean_reason(data.results_rating_reason, "results_rating_reason"),
        "behaviour_rating": _check_rating(data.behaviour_rating, "behaviour_rating"),
        "behaviour_rating_reason": _clean_reason(
            data.behaviour_rating_reason, "behaviour_rating_reason"
        ),
        "notes": _clean_reason(data.notes, "notes"),
    }
    for name, value in fields.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    compute(locked)
    _set_matrix_predicate(locked)
    locked.revision += 1
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.EVALUATION_RATED,
        target=locked,
        changes={"changed": changed, "matrix_predicate": locked.matrix_predicate},
    )
    return locked


def submission_problems(evaluation: Evaluation) -> list[tuple[str, str]]:
    """What stops the evaluation from being submitted, as (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    for line in evaluation.result_ratings.all():
        if not line.rating:
            problems.append((f"result-{line.pk}", _("Rate every RHK.")))
            break
    for behaviour in evaluation.behaviour_ratings.all():
        if not behaviour.rating:
            problems.append((f"behaviour-{behaviour.value}", _("Rate all seven core values.")))
            break
    for name, suggestion, reason in (
        ("results_rating", evaluation.suggested_results_rating, "results_rating_reason"),
        ("behaviour_rating", evaluation.suggested_behaviour_rating, "behaviour_rating_reason"),
    ):
        value = getattr(evaluation, name)
        if not value:
            problems.append((name, _("Set this rating.")))
        elif suggestion and value != suggestion and not getattr(evaluation, reason):
            problems.append(
                (reason, _("Say why this rating departs from the system's suggestion."))
            )
    if is_numeric(evaluation) and evaluation.numeric_score is None:
        problems.append(
            (
                "rubric",
                _(
                    "The numeric method needs a results score and a level for every behaviour"
                    " indicator."
                ),
            )
        )
    return problems


@transaction.atomic
def submit_evaluation(*, actor: User, evaluation: Evaluation, revision: int) -> Evaluation:
    """Hand the rated evaluation to the unit's calibration: the matrix predicate becomes
    the proposed final predicate."""
    locked = _locked(evaluation)
    _require_rater(actor, locked)
    _check_revision(locked, revision)
    target = next_status(locked.status, Step.SUBMIT)
    if target is None:
        raise EvaluationRefused(_("This evaluation has already been submitted."))
    problems = submission_problems(locked)
    if problems:
        field, message = problems[0]
        raise EvaluationRefused(message, field=field)
    _set_matrix_predicate(locked)
    locked.final_predicate = locked.matrix_predicate
    locked.final_predicate_reason = ""
    locked.status = target.value
    locked.submitted_at = timezone.now()
    locked.revision += 1
    locked.save()
    record_event(
        actor=actor,
        action=AuditAction.EVALUATION_SUBMITTED,
        target=locked,
        changes={
            "results_rating": locked.results_rating,
            "behaviour_rating": locked.behaviour_rating,
            "matrix_predicate": locked.matrix_predicate,
            "results_score": str(locked.results_score) if locked.results_score else None,
        },
    )
    return locked


@transaction.atomic
def reopen_evaluation(*, actor: User, evaluation: Evaluation, revision: int) -> Evaluation:
    """Take a submitted evaluation back to the appraiser, before its calibration is
    finalised."""
    locked = _locked(evaluation)
    _require_rater(actor, locked)
    _check_revision(locked, revision)
    target = next_status(locked.status, Step.REOPEN)
    if target is None:
        raise EvaluationRefused(
            _("Only a submitted evaluation whose calibration is still open can be reopened.")
        )
    locked.status = EvaluationStatus(target).value
    locked.final_predicate = ""
    locked.final_predicate_reason = ""
    locked.revision += 1
    locked.save()
    record_event(actor=actor, action=AuditAction.EVALUATION_REOPENED, target=locked)
    return locked
