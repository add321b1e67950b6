"""The early-warning rules on constructed series, at the edge of every threshold."""

from decimal import Decimal
from typing import Any

import pytest

from kinerja.monitoring.rules import Measure, PeriodPoint, RuleConfig, RuleKind, check

D = Decimal
BELOW = "DI_BAWAH_EKSPEKTASI"
AS_EXPECTED = "SESUAI_EKSPEKTASI"
STREAK = RuleConfig(RuleKind.RATING_BELOW_STREAK, periods=2)
ON_TIME = RuleConfig(RuleKind.ON_TIME_BELOW, threshold=D("0.80"), minimum_tasks=10)
DROP = RuleConfig(RuleKind.DROP_BELOW_TRAILING, points=D(10), window=3)
DROP_RATE = RuleConfig(
    RuleKind.DROP_BELOW_TRAILING, points=D(10), window=3, measure=Measure.ON_TIME_RATE
)


def months(*points: dict[str, Any]) -> list[PeriodPoint]:
    return [PeriodPoint(period=f"2026-{n:02d}", **point) for n, point in enumerate(points, 1)]


ok = {"results_rating": AS_EXPECTED, "behaviour_rating": AS_EXPECTED, "predicate": "BAIK"}
weak_results = {**ok, "results_rating": BELOW, "predicate": "BUTUH_PERBAIKAN"}
weak_behaviour = {**ok, "behaviour_rating": BELOW, "predicate": "KURANG"}
weak_predicate_only = {**ok, "predicate": "BUTUH_PERBAIKAN"}


@pytest.mark.parametrize(
    ("series", "hit_period", "key_from"),
    [
        (months(), None, None),
        (months(weak_results), None, None),  # one period is not a streak
        (months(ok, weak_results), None, None),
        (months(weak_results, ok), None, None),  # the latest must be weak
        (months(weak_results, weak_results), "2026-02", "2026-01"),
        (months(weak_results, weak_behaviour), "2026-02", "2026-01"),
        (months(ok, weak_predicate_only, weak_results), "2026-03", "2026-02"),
        # A longer streak stays the same condition (keyed by its first period).
        (months(ok, weak_results, weak_results, weak_results), "2026-04", "2026-02"),
        # A break starts a new condition.
        (months(weak_results, weak_results, ok, weak_results, weak_results), "2026-05", "2026-04"),
        # Ratings not yet set do not count as weak.
        (months({}, {}), None, None),
    ],
)
def test_rating_below_two_periods_in_a_row(series, hit_period, key_from):
    hit = check(STREAK, series)
    if hit_period is None:
        assert hit is None
        return
    assert hit is not None
    assert hit.period == hit_period
    assert hit.key == f"{RuleKind.RATING_BELOW_STREAK}:{key_from}"
    assert [point.period for point in hit.evidence] == [p.period for p in series[-2:]]


def test_a_streak_of_three():
    rule = RuleConfig(RuleKind.RATING_BELOW_STREAK, periods=3)
    assert check(rule, months(ok, weak_results, weak_results)) is None
    assert check(rule, months(weak_results, weak_results, weak_results)) is not None


@pytest.mark.parametrize(
    ("rate", "tasks", "hit"),
    [
        (D("0.7999"), 10, True),
        (D("0.80"), 10, False),  # at the threshold is not below it
        (D("0.8001"), 10, False),
        (D("0.50"), 9, False),  # too few tasks to judge
        (D("0.50"), 10, True),
        (D("0"), 40, True),
        (None, 0, False),
    ],
)
def test_on_time_rate_below_the_threshold(rate, tasks, hit):
    series = months(
        {"on_time_rate": D("0.95"), "tasks_completed": 30},
        {"on_time_rate": rate, "tasks_completed": tasks},
    )
    result = check(ON_TIME, series)
    assert (result is not None) is hit
    if result is not None:
        assert result.key == f"{RuleKind.ON_TIME_BELOW}:2026-02"
        assert result.evidence == (series[-1],)


@pytest.mark.parametrize(
    ("scores", "hit", "mean"),
    [
        ([D(100), D(100), D(100), D(90)], False, None),  # a drop of exactly 10 is not more than 10
        ([D(100), D(100), D(100), D("89.99")], True, D(100)),
        ([D(110), D(100), D(90), D("89.99")], True, D(100)),
        # Mean 96.67, latest 86.67: a drop of exactly 10.00.
        ([D(100), D(100), D(90), D("86.67")], False, None),
        ([D(100), D(100), D(80)], False, None),  # not enough history
        ([None, D(100), D(100), D(50)], False, None),  # the window has a gap
        ([None, D(100), D(100), D(100), D(50)], True, D("100.00")),  # a gap before the window
        ([D(60), D(100), D(100), D(100), None], False, None),
    ],
)
def test_drop_below_the_trailing_mean(scores, hit, mean):
    series = months(*({"results_score": score} for score in scores))
    result = check(DROP, series)
    assert (result is not None) is hit
    if result is not None:
        assert result.mean == mean
        assert [point.period for point in result.evidence] == [p.period for p in series[-4:]]


def test_drop_of_the_on_time_rate_in_percentage_points():
    base = {"tasks_completed": 20}
    steady = months(
        *({**base, "on_time_rate": D("0.90")} for _ in range(3)),
        {**base, "on_time_rate": D("0.80")},
    )
    assert check(DROP_RATE, steady) is None  # 10 points exactly
    falling = months(
        *({**base, "on_time_rate": D("0.90")} for _ in range(3)),
        {**base, "on_time_rate": D("0.7999")},
    )
    hit = check(DROP_RATE, falling)
    assert hit is not None
    assert hit.key == f"{RuleKind.DROP_BELOW_TRAILING}:{Measure.ON_TIME_RATE}:2026-04"


def test_the_same_series_gives_the_same_hit():
    series = months(weak_results, weak_results)
    assert check(STREAK, series) == check(STREAK, series)


@pytest.mark.parametrize(
    "rule",
    [
        RuleConfig(RuleKind.RATING_BELOW_STREAK, periods=0),
        RuleConfig(RuleKind.ON_TIME_BELOW),
        RuleConfig(RuleKind.ON_TIME_BELOW, threshold=D(0)),
        RuleConfig(RuleKind.ON_TIME_BELOW, threshold=D("1.01")),
        RuleConfig(RuleKind.ON_TIME_BELOW, threshold=D("0.8"), minimum_tasks=0),
        RuleConfig(RuleKind.DROP_BELOW_TRAILING),
        RuleConfig(RuleKind.DROP_BELOW_TRAILING, points=D(0)),
        RuleConfig(RuleKind.DROP_BELOW_TRAILING, points=D(5), window=0),
    ],
)
def test_a_rule_that_cannot_work_is_refused(rule):
    assert rule.problem() is not None
    with pytest.raises(ValueError, match="cannot be checked"):
        check(rule, months(ok))
