"""The calibration of a unit: whose predicates it covers, how they are distributed against
the pattern the organisation predicate allows (SE MenPANRB 3/2023), and what violates it.

The population of a calibration is every evaluation of its period whose employee works
in the unit or below it, except:
- the unit's own head, rated in the calibration above (domain.md 5.4: the camat is rated
  within the parent organisation);
- evaluations that belong to a calibration further down (a kelurahan calibrated on its own);
- pilot results (``selectors.pilot``): evaluations of a unit not live yet (in its uji
  coba) on the last day of the period, shown beside the curve but not counted in it, and
  never delivered.
Once finalised, the population is the evaluations the finalisation stamped.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.scoring import (
    DistributionViolation,
    PatternBounds,
    Predicate,
    allowed_pattern,
    distribution_violations,
)
from kinerja.appraisals.selectors.pilot import is_pilot_result, with_rollout
from kinerja.appraisals.workflow import EvaluationStatus


def calibration_for(evaluation: Evaluation) -> Calibration | None:
    """The calibration the evaluation is (or will be) calibrated in: the one that
    finalised it; before that, the deepest calibration of its period over its unit that
    the employee does not head."""
    if evaluation.calibration_id is not None:
        return evaluation.calibration
    codes = [code for code in evaluation.unit.path.split("/") if code]
    candidates = list(
        Calibration.objects.filter(
            period_id=evaluation.period_id, unit__code__in=codes
        ).select_related("unit", "period")
    )
    found = _calibration_of(evaluation, candidates)
    return next((item for item in candidates if item.pk == found), None)


def _calibration_of(evaluation: Evaluation, calibrations: Sequence[Calibration]) -> int | None:
    """The id of the deepest calibration over the evaluation's unit that the employee
    does not head."""
    best: Calibration | None = None
    for calibration in calibrations:
        if not evaluation.unit.path.startswith(calibration.unit.path):
            continue
        if evaluation.heads_unit_id == calibration.unit_id:
            continue
        if best is None or len(calibration.unit.path) > len(best.unit.path):
            best = calibration
    return best.pk if best else None


def _evaluations() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related(
        "employee__position", "employee__user", "unit", "appraiser"
    ).order_by("employee__name", "pk")


def _undelivered(calibration: Calibration) -> tuple[list[Evaluation], list[Evaluation]]:
    """The undelivered evaluations that belong to ``calibration``: those counted in its
    curve, and the pilot results. Two queries."""
    candidates = list(
        with_rollout(
            _evaluations().filter(
                period_id=calibration.period_id,
                unit__path__startswith=calibration.unit.path,
                calibration__isnull=True,
            )
        )
    )
    others = list(
        Calibration.objects.filter(
            period_id=calibration.period_id, unit__path__startswith=calibration.unit.path
        ).select_related("unit")
    )
    members = [item for item in candidates if _calibration_of(item, others) == calibration.pk]
    counted = [item for item in members if not is_pilot_result(item)]
    pilot = [item for item in members if is_pilot_result(item)]
    return counted, pilot


def population(calibration: Calibration) -> list[Evaluation]:
    """The evaluations ``calibration`` covers, by employee name."""
    if calibration.is_final:
        return list(_evaluations().filter(calibration=calibration))
    return _undelivered(calibration)[0]


@dataclass(frozen=True, slots=True)
class Population:
    """A calibration's population, and beside it the pilot results it does not count."""

    members: list[Evaluation]
    pilot: list[Evaluation]


def population_and_pilot(calibration: Calibration) -> Population:
    """The population of ``calibration`` (as :func:`population`) and the pilot results
    of its units for its period, each by employee name."""
    counted, pilot = _undelivered(calibration)
    if calibration.is_final:
        counted = list(_evaluations().filter(calibration=calibration))
    return Population(members=counted, pilot=pilot)


@dataclass(frozen=True, slots=True)
class PatternBar:
    """One predicate's column of the curve: how many have it, and what is allowed."""

    predicate: Predicate
    count: int
    minimum: int
    maximum: int

    @property
    def is_within(self) -> bool:
        return self.minimum <= self.count <= self.maximum


@dataclass(frozen=True, slots=True)
class Distribution:
    total: int
    bars: tuple[PatternBar, ...]
    violations: tuple[DistributionViolation, ...]
    # Evaluations still with the appraiser: they have no predicate yet.
    pending: int
    pattern: PatternBounds

    @property
    def is_clean(self) -> bool:
        return not self.violations

    @property
    def peak(self) -> int:
        return max([1, *(max(bar.count, bar.maximum) for bar in self.bars)])


def distribution(calibration: Calibration, evaluations: Sequence[Evaluation]) -> Distribution:
    """The proposed (or final) predicates of ``evaluations`` against the pattern of the
    calibration's organisation predicate."""
    predicates = [
        Predicate(item.predicate)
        for item in evaluations
        if item.status != EvaluationStatus.DRAFT and item.predicate
    ]
    counts = Counter(predicates)
    bounds = allowed_pattern(calibration.org_predicate, len(predicates))
    bars = tuple(
        PatternBar(
            predicate=item.predicate,
            count=counts.get(item.predicate, 0),
            minimum=item.minimum,
            maximum=item.maximum,
        )
        for item in bounds.predicates
    )
    return Distribution(
        total=len(predicates),
        bars=bars,
        violations=tuple(distribution_violations(calibration.org_predicate, predicates)),
        pending=len(evaluations) - len(predicates),
        pattern=bounds,
    )
