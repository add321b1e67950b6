"""The early-warning rules: when a person's performance is declining, as pure functions.

No regulation defines "declining performance"; domain.md 9.4 suggests a workflow and
leaves the thresholds to configure. The rules are set per criteria version (the office
publishes them with its criteria), and each takes the employee's series of periods,
oldest first, and says whether the latest period triggers it, with the evidence:

- ``RATING_BELOW_STREAK``: the results rating (or the behaviour rating) is "di bawah
  ekspektasi", or the predicate is Butuh Perbaikan or worse, ``periods`` periods in a row
  ending with the latest (domain.md 9.4: two in a row).
- ``ON_TIME_BELOW``: the service on-time rate of the latest period is below ``threshold``
  (a fraction, 0.80 = 80 %), counted only when at least ``minimum_tasks`` tasks were
  completed, so that one late task of two does not raise an alarm.
- ``DROP_BELOW_TRAILING``: the latest value of a measure (the results score, or the on-time
  rate in percentage points) is more than ``points`` below the mean of the ``window``
  periods before it, all of which must have a value.

An alert starts a performance dialogue (domain.md 9.4), ahead of the 6-month improvement
window of PP 30/2019 before any sanction; it never changes a rating.

No Django, no clock, no settings.
"""

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PLACES = Decimal("0.01")
BELOW = "DI_BAWAH_EKSPEKTASI"
# Butuh Perbaikan and worse (domain.md 9.4: "the periodic predicate is ≤ Butuh Perbaikan").
WEAK_PREDICATES = frozenset({"BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"})


class RuleKind(enum.StrEnum):
    RATING_BELOW_STREAK = "RATING_DI_BAWAH_BERTURUT"
    ON_TIME_BELOW = "TEPAT_WAKTU_DI_BAWAH"
    DROP_BELOW_TRAILING = "TURUN_DARI_RERATA"


class Measure(enum.StrEnum):
    """What a drop rule watches."""

    RESULTS_SCORE = "SKOR_HASIL"
    ON_TIME_RATE = "TEPAT_WAKTU"


@dataclass(frozen=True, slots=True)
class RuleConfig:
    kind: RuleKind
    periods: int = 2
    threshold: Decimal | None = None
    minimum_tasks: int = 10
    points: Decimal | None = None
    window: int = 3
    measure: Measure = Measure.RESULTS_SCORE

    def problem(self) -> str | None:
        """Why the configuration cannot work, or None."""
        if self.kind == RuleKind.RATING_BELOW_STREAK and self.periods < 1:
            return "periods"
        if self.kind == RuleKind.ON_TIME_BELOW and (
            self.threshold is None or not Decimal(0) < self.threshold <= Decimal(1)
        ):
            return "threshold"
        if self.kind == RuleKind.ON_TIME_BELOW and self.minimum_tasks < 1:
            return "minimum_tasks"
        if self.kind == RuleKind.DROP_BELOW_TRAILING:
            if self.points is None or self.points <= 0:
                return "points"
            if self.window < 1:
                return "window"
        return None


@dataclass(frozen=True, slots=True)
class PeriodPoint:
    """One period of an employee's record. Any field may be missing."""

    period: str
    results_rating: str = ""
    behaviour_rating: str = ""
    predicate: str = ""
    results_score: Decimal | None = None
    on_time_rate: Decimal | None = None  # a fraction, 0–1
    tasks_completed: int = 0


def point_as_dict(point: PeriodPoint) -> dict[str, str | int | None]:
    """The point as JSON-native values (decimals as text, so nothing is rounded)."""
    return {
        "period": point.period,
        "results_rating": point.results_rating,
        "behaviour_rating": point.behaviour_rating,
        "predicate": point.predicate,
        "results_score": None if point.results_score is None else str(point.results_score),
        "on_time_rate": None if point.on_time_rate is None else str(point.on_time_rate),
        "tasks_completed": point.tasks_completed,
    }


def point_from_dict(data: Mapping[str, Any]) -> PeriodPoint:
    """The inverse of :func:`point_as_dict`; missing keys take the point's defaults."""

    def decimal(value: Any) -> Decimal | None:
        return None if value is None or value == "" else Decimal(str(value))

    return PeriodPoint(
        period=str(data.get("period", "")),
        results_rating=str(data.get("results_rating") or ""),
        behaviour_rating=str(data.get("behaviour_rating") or ""),
        predicate=str(data.get("predicate") or ""),
        results_score=decimal(data.get("results_score")),
        on_time_rate=decimal(data.get("on_time_rate")),
        tasks_completed=int(data.get("tasks_completed") or 0),
    )


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule triggered in ``period`` (the latest of the series). ``evidence`` holds the
    periods behind it (for a drop, the window and the latest; ``mean`` is the window's
    mean); ``key`` names the condition, so that the same condition is alerted once
    however often the checks run."""

    kind: RuleKind
    period: str
    evidence: tuple[PeriodPoint, ...]
    key: str
    mean: Decimal | None = None


def _is_weak(point: PeriodPoint) -> bool:
    return BELOW in {point.results_rating, point.behaviour_rating} or (
        point.predicate in WEAK_PREDICATES
    )


def _streak(rule: RuleConfig, series: Sequence[PeriodPoint]) -> Hit | None:
    if len(series) < rule.periods:
        return None
    run = series[-rule.periods :]
    if not all(_is_weak(point) for point in run):
        return None
    # The streak is one condition from its first period on: a third weak period in a row
    # continues the same alert instead of raising a new one.
    start = len(series) - rule.periods
    while start > 0 and _is_weak(series[start - 1]):
        start -= 1
    return Hit(
        kind=rule.kind,
        period=series[-1].period,
        evidence=tuple(run),
        key=f"{rule.kind}:{series[start].period}",
    )


def _on_time(rule: RuleConfig, series: Sequence[PeriodPoint]) -> Hit | None:
    if not series:
        return None
    latest = series[-1]
    assert rule.threshold is not None  # noqa: S101 - checked by RuleConfig.problem
    if latest.on_time_rate is None or latest.tasks_completed < rule.minimum_tasks:
        return None
    if latest.on_time_rate >= rule.threshold:
        return None
    return Hit(
        kind=rule.kind,
        period=latest.period,
        evidence=(latest,),
        key=f"{rule.kind}:{latest.period}",
    )


def _value(point: PeriodPoint, measure: Measure) -> Decimal | None:
    if measure == Measure.RESULTS_SCORE:
        return point.results_score
    return None if point.on_time_rate is None else point.on_time_rate * 100


def _drop(rule: RuleConfig, series: Sequence[PeriodPoint]) -> Hit | None:
    if len(series) < rule.window + 1:
        return None
    latest = _value(series[-1], rule.measure)
    before = [_value(point, rule.measure) for point in series[-rule.window - 1 : -1]]
    if latest is None or any(value is None for value in before):
        return None
    known = [value for value in before if value is not None]
    mean = (sum(known, Decimal(0)) / len(known)).quantize(PLACES, rounding=ROUND_HALF_UP)
    assert rule.points is not None  # noqa: S101 - checked by RuleConfig.problem
    if mean - latest <= rule.points:
        return None
    return Hit(
        kind=rule.kind,
        period=series[-1].period,
        evidence=tuple(series[-rule.window - 1 :]),
        key=f"{rule.kind}:{rule.measure}:{series[-1].period}",
        mean=mean,
    )


def _has_evaluation(point: PeriodPoint) -> bool:
    return bool(point.results_rating or point.behaviour_rating or point.predicate) or (
        point.results_score is not None
    )


def _has_service(point: PeriodPoint) -> bool:
    return point.on_time_rate is not None


def reads_service_figures(rule: RuleConfig) -> bool:
    """Whether ``rule`` watches the service figures (else the evaluations)."""
    return rule.kind == RuleKind.ON_TIME_BELOW or (
        rule.kind == RuleKind.DROP_BELOW_TRAILING and rule.measure == Measure.ON_TIME_RATE
    )


def series_for(rule: RuleConfig, series: Sequence[PeriodPoint]) -> Sequence[PeriodPoint]:
    """``series`` up to its latest period that has the data ``rule`` reads.

    A series runs to the current period, whose evaluation is not made yet while its
    service figures already grow. A rule on the evaluations is checked at the latest
    evaluated period, and a rule on the service figures at the latest period with a
    completed task, so that a period still without data neither hides a condition nor
    breaks a streak. Periods without data before that stay in place (a gap breaks a
    streak and leaves a drop's window incomplete).
    """
    has_data = _has_service if reads_service_figures(rule) else _has_evaluation
    end = len(series)
    while end > 0 and not has_data(series[end - 1]):
        end -= 1
    return series[:end]


def check(rule: RuleConfig, series: Sequence[PeriodPoint]) -> Hit | None:
    """Whether the latest period of ``series`` (oldest first) triggers ``rule``."""
    problem = rule.problem()
    if problem is not None:
        raise ValueError(f"the rule cannot be checked: {problem}")
    if rule.kind == RuleKind.RATING_BELOW_STREAK:
        return _streak(rule, series)
    if rule.kind == RuleKind.ON_TIME_BELOW:
        return _on_time(rule, series)
    return _drop(rule, series)
