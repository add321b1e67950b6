"""The pure rules of a criteria version: exhaustive tables, no database."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja.core.ratings import Rating
from kinerja.criteria.rules import (
    Breakdown,
    CurveProblem,
    Profile,
    Stage,
    WeightedIndicator,
    applies_to,
    breakdown,
    can_move,
    curve_problem,
    curve_score,
    is_editable,
    suggested_rating,
    thresholds_problem,
    weight_gaps,
    weighted_score,
)

D = Decimal

# -- the scoring curve ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(0), D("0.00")),  # far below the floor
        (D("49.99"), D("0.00")),  # just below the floor
        (D(50), D("0.00")),  # at the floor
        (D(60), D("25.00")),  # a quarter of the way to the target
        (D(70), D("50.00")),  # halfway to the target
        (D("89.99"), D("99.98")),  # just below the target
        (D(90), D("100.00")),  # at the target
        (D(95), D("110.00")),  # halfway from the target to the ceiling
        (D("99.99"), D("119.98")),  # just below the ceiling
        (D(100), D("120.00")),  # at the ceiling
        (D(150), D("120.00")),  # above the ceiling: capped
    ],
)
def test_curve_scores_a_rising_indicator(value, expected):
    assert curve_score(value, floor=D(50), target=D(90), ceiling=D(100)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(12), D("0.00")),  # slower than the floor
        (D(10), D("0.00")),  # at the floor
        (D(6), D("50.00")),  # halfway from the floor to the target
        (D(2), D("100.00")),  # at the target
        (D("1.5"), D("110.00")),  # halfway from the target to the ceiling
        (D(1), D("120.00")),  # at the ceiling
        (D(0), D("120.00")),  # faster than the ceiling: capped
    ],
)
def test_curve_mirrors_an_indicator_where_lower_is_better(value, expected):
    # A turnaround time in days: 10 scores nothing, 2 meets the target, 1 is the best.
    score = curve_score(value, floor=D(10), target=D(2), ceiling=D(1), lower_is_better=True)

    assert score == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [(1, D("0.00")), (2, D("50.00")), (3, D("100.00")), (4, D("110.00")), (5, D("120.00"))],
)
def test_curve_scores_the_five_rubric_levels(level, expected):
    assert curve_score(D(level), floor=D(1), target=D(3), ceiling=D(5)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D(1), D("33.33")), (D(2), D("66.67")), (D("3.5"), D("110.00"))],
)
def test_curve_rounds_half_up_to_two_places(value, expected):
    assert curve_score(value, floor=D(0), target=D(3), ceiling=D(4)) == expected


@pytest.mark.parametrize(
    ("floor", "target", "ceiling", "lower_is_better"),
    [
        (D(90), D(50), D(100), False),  # target below the floor
        (D(50), D(100), D(90), False),  # ceiling below the target
        (D(50), D(50), D(100), False),  # floor equals target
        (D(50), D(100), D(100), False),  # target equals ceiling
        (D(1), D(2), D(10), True),  # rising points where lower is better
        (D(10), D(10), D(1), True),  # floor equals target, lower is better
        (D(10), D(1), D(1), True),  # target equals ceiling, lower is better
    ],
)
def test_curve_refuses_points_out_of_order(floor, target, ceiling, lower_is_better):
    with pytest.raises(ValueError, match="not in order"):
        curve_score(
            D(5), floor=floor, target=target, ceiling=ceiling, lower_is_better=lower_is_better
        )


@pytest.mark.parametrize(
    ("floor", "target", "ceiling", "lower_is_better", "problem"),
    [
        (D(50), D(90), D(100), False, None),
        (D(10), D(2), D(1), True, None),
        (D(90), D(50), D(100), False, CurveProblem.NOT_ORDERED),
        (D(50), D(50), D(100), False, CurveProblem.NOT_ORDERED),
        (D(50), D(90), D(90), False, CurveProblem.NOT_ORDERED),
        (D(10), D(2), D(1), False, CurveProblem.NOT_ORDERED),
        (D(50), D(90), D(100), True, CurveProblem.NOT_ORDERED_LOWER),
        (D(10), D(10), D(1), True, CurveProblem.NOT_ORDERED_LOWER),
        (D(10), D(1), D(1), True, CurveProblem.NOT_ORDERED_LOWER),
    ],
)
def test_curve_problem_names_what_is_wrong(floor, target, ceiling, lower_is_better, problem):
    assert curve_problem(floor, target, ceiling, lower_is_better=lower_is_better) == problem


_points = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(
    points=st.lists(_points, min_size=3, max_size=3),
    values=st.tuples(_points, _points),
    lower_is_better=st.booleans(),
)
def test_curve_is_monotonic_and_stays_within_0_and_120(points, values, lower_is_better):
    floor, target, ceiling = sorted(points, reverse=lower_is_better)
    assume(curve_problem(floor, target, ceiling, lower_is_better=lower_is_better) is None)
    low, high = sorted(values)
    curve = {"floor": floor, "target": target, "ceiling": ceiling}

    low_score = curve_score(low, **curve, lower_is_better=lower_is_better)
    high_score = curve_score(high, **curve, lower_is_better=lower_is_better)

    assert D(0) <= low_score <= D(120)
    assert D(0) <= high_score <= D(120)
    if lower_is_better:
        assert low_score >= high_score
    else:
        assert low_score <= high_score


# -- weights, scores and ratings --------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([], D("0.00")),
        ([(D(100), D(100))], D("100.00")),
        ([(D(100), D(60)), (D(50), D(40))], D("80.00")),
        ([(D(120), D(50)), (D(0), D(50))], D("60.00")),
        ([(D(100), D("33.33")), (D(0), D("66.67"))], D("33.33")),
        ([(D("110.005"), D(100))], D("110.01")),  # half up
        ([(D("110.004"), D(100))], D("110.00")),
    ],
)
def test_weighted_score_weighs_the_indicator_scores(parts, expected):
    assert weighted_score(parts) == expected


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (D(120), Rating.DI_ATAS_EKSPEKTASI),
        (D(110), Rating.DI_ATAS_EKSPEKTASI),  # exactly at "above"
        (D("109.99"), Rating.SESUAI_EKSPEKTASI),
        (D(90), Rating.SESUAI_EKSPEKTASI),  # exactly at "meets"
        (D("89.99"), Rating.DI_BAWAH_EKSPEKTASI),
        (D(0), Rating.DI_BAWAH_EKSPEKTASI),
    ],
)
def test_suggested_rating_follows_the_thresholds(score, rating):
    assert suggested_rating(score, above=D(110), meets=D(90)) == rating


@pytest.mark.parametrize(
    ("above", "meets", "is_problem"),
    [
        (D(110), D(90), False),
        (D(120), D(90), False),  # "above" may be the ceiling itself
        (D("120.01"), D(90), True),  # but not beyond it
        (D(110), D("0.01"), False),
        (D(110), D(0), True),  # "meets" must be above 0
        (D(90), D(90), True),  # equal thresholds
        (D(90), D(110), True),  # swapped
    ],
)
def test_thresholds_problem(above, meets, is_problem):
    assert thresholds_problem(above, meets) is is_problem


# -- lifecycle --------------------------------------------------------------------------

# The lifecycle as the regulation of the office describes it, written out independently
# of rules.TRANSITIONS: every (from, to) pair of the 5 x 5 table.
ALLOWED = {
    (Stage.DRAFT, Stage.CONSULTATION),
    (Stage.DRAFT, Stage.ADOPTED),
    (Stage.CONSULTATION, Stage.DRAFT),
    (Stage.CONSULTATION, Stage.ADOPTED),
    (Stage.ADOPTED, Stage.DRAFT),
    (Stage.ADOPTED, Stage.PUBLISHED),
    (Stage.PUBLISHED, Stage.RETIRED),
}
ALL_PAIRS = [(current, to) for current in Stage for to in Stage]


@pytest.mark.parametrize(("current", "to"), ALL_PAIRS)
def test_can_move_for_every_pair_of_stages(current, to):
    assert can_move(current, to) is ((current, to) in ALLOWED)


def test_can_move_takes_the_stored_strings():
    assert can_move("DRAFT", "KONSULTASI")
    assert not can_move("DITERBITKAN", "DRAFT")


def test_can_move_refuses_an_unknown_stage():
    with pytest.raises(ValueError, match="SELESAI"):
        can_move("DRAFT", "SELESAI")


@pytest.mark.parametrize(
    ("stage", "editable"),
    [
        (Stage.DRAFT, True),
        (Stage.CONSULTATION, True),
        (Stage.ADOPTED, False),
        (Stage.PUBLISHED, False),
        (Stage.RETIRED, False),
        ("DRAFT", True),
        ("DITERBITKAN", False),
    ],
)
def test_is_editable_only_before_adoption(stage, editable):
    assert is_editable(stage) is editable


# -- who an indicator applies to --------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "path", "kinds", "paths", "applies"),
    [
        ("PELAKSANA", "/KEC/PEL/", [], [], True),  # empty lists: everyone
        ("PELAKSANA", "/KEC/PEL/", ["PELAKSANA"], [], True),
        ("PENGAWAS", "/KEC/PEL/", ["PELAKSANA"], [], False),
        ("PENGAWAS", "/KEC/PEL/", ["PELAKSANA", "PENGAWAS"], [], True),
        ("PELAKSANA", "/KEC/PEL/", [], ["/KEC/PEL/"], True),
        ("PELAKSANA", "/KEC/PEL/LOKET/", [], ["/KEC/PEL/"], True),  # a sub-unit
        ("PELAKSANA", "/KEC/", [], ["/KEC/PEL/"], False),  # the parent is not included
        ("PELAKSANA", "/KEC/PELX/", [], ["/KEC/PEL/"], False),  # a look-alike code
        ("PELAKSANA", "/KEC/SEK/", [], ["/KEC/PEL/", "/KEC/SEK/"], True),
        ("PELAKSANA", "/KEC/PEL/", ["PELAKSANA"], ["/KEC/SEK/"], False),
        ("PENGAWAS", "/KEC/PEL/", ["PELAKSANA"], ["/KEC/PEL/"], False),
        ("PELAKSANA", "/KEC/PEL/", ["PELAKSANA"], ["/KEC/PEL/"], True),
    ],
)
def test_applies_to(kind, path, kinds, paths, applies):
    assert applies_to(kind, path, position_kinds=kinds, unit_paths=paths) is applies


# -- the minimum-n breakdown ------------------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        ({}, Breakdown((), 0, 0)),
        ({"PEL": 5}, Breakdown((("PEL", 5),), 0, 0)),  # exactly the minimum: shown
        ({"PEL": 4}, Breakdown((), 4, 1)),  # one short: hidden
        ({"PEL": 0}, Breakdown((), 0, 0)),  # an empty group is not a hidden group
        (
            {"PEL": 5, "SEK": 4, "KEL": 7, "UMUM": 0, "TRANTIB": 1},
            Breakdown((("KEL", 7), ("PEL", 5)), 5, 2),
        ),
        ({"B": 6, "A": 6}, Breakdown((("A", 6), ("B", 6)), 0, 0)),  # ties by name
    ],
)
def test_breakdown_shows_only_groups_of_at_least_five(groups, expected):
    assert breakdown(groups) == expected


def test_breakdown_takes_another_minimum():
    assert breakdown({"PEL": 3, "SEK": 2}, minimum=3) == Breakdown((("PEL", 3),), 2, 1)


# -- weights per employee profile -------------------------------------------------------

FRONT_DESK = Profile("PELAKSANA", "/KEC/PEL/")
HEAD_OF_SECTION = Profile("PENGAWAS", "/KEC/PEL/")
SECRETARIAT = Profile("PELAKSANA", "/KEC/SEK/")


def weighted(weight: int, kinds: tuple[str, ...] = (), paths: tuple[str, ...] = ()):
    return WeightedIndicator(D(weight), kinds, paths)


def test_weight_gaps_are_empty_when_everyone_finds_100():
    indicators = [weighted(60), weighted(40)]

    assert weight_gaps(indicators, [FRONT_DESK, HEAD_OF_SECTION, SECRETARIAT]) == []


def test_weight_gaps_name_each_profile_short_of_100_with_its_sum():
    # given: a service indicator for the front desk only, and two for everyone
    indicators = [
        weighted(50, paths=("/KEC/PEL/",), kinds=("PELAKSANA",)),
        weighted(30),
        weighted(20),
    ]

    # when
    gaps = weight_gaps(indicators, [FRONT_DESK, HEAD_OF_SECTION, SECRETARIAT])

    # then: the front desk finds 100, the others only 50
    assert gaps == [(HEAD_OF_SECTION, D(50)), (SECRETARIAT, D(50))]


def test_weight_gaps_count_a_sum_above_100():
    assert weight_gaps([weighted(60), weighted(60)], [FRONT_DESK]) == [(FRONT_DESK, D(120))]


def test_weight_gaps_accept_decimal_weights_that_sum_to_100():
    indicators = [
        WeightedIndicator(D("33.33"), (), ()),
        WeightedIndicator(D("33.33"), (), ()),
        WeightedIndicator(D("33.34"), (), ()),
    ]

    assert weight_gaps(indicators, [FRONT_DESK]) == []


def test_weight_gaps_without_indicators_leave_every_profile_at_zero():
    assert weight_gaps([], [FRONT_DESK]) == [(FRONT_DESK, D(0))]
