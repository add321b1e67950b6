"""``iki_achievement`` against PermenPANRB 8/2021's formulas and worked examples."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.appraisals.scoring import iki_achievement


@pytest.mark.parametrize(
    ("realisation", "low", "high", "lower_is_better", "expected"),
    [
        # More is better, a single target: realisation / target.
        (100, 100, None, False, "100.00"),
        (80, 100, None, False, "80.00"),
        (120, 100, None, False, "120.00"),
        (0, 100, None, False, "0.00"),
        ("1", "3", None, False, "33.33"),
        ("2", "3", None, False, "66.67"),
        # More is better, a range: the lower bound below it, the upper bound above it,
        # 100 inside (the documented default).
        (90, 100, 110, False, "90.00"),
        (100, 100, 110, False, "100.00"),
        (105, 100, 110, False, "100.00"),
        (110, 100, 110, False, "100.00"),
        (121, 100, 110, False, "110.00"),
        # Less is better: (1 + (1 - realisation / target)) x 100, never below 0.
        (5, 5, None, True, "100.00"),
        (4, 5, None, True, "120.00"),
        (6, 5, None, True, "80.00"),
        (10, 5, None, True, "0.00"),
        (12, 5, None, True, "0.00"),
        (0, 5, None, True, "200.00"),
        # 8/2021's worked example: target 7-8 months, less is better.
        ("6.5", 7, 8, True, "107.14"),
        (9, 7, 8, True, "87.50"),
        ("7.5", 7, 8, True, "100.00"),
        (7, 7, 8, True, "100.00"),
        (8, 7, 8, True, "100.00"),
    ],
)
def test_achievement(realisation, low, high, lower_is_better, expected):
    result = iki_achievement(realisation, low, high, lower_is_better=lower_is_better)

    assert result == Decimal(expected)
    assert str(result) == expected


def test_accepts_decimals_and_floats_alike():
    assert iki_achievement(Decimal("0.9"), Decimal("1")) == iki_achievement(0.9, 1) == Decimal("90")


@pytest.mark.parametrize(
    ("low", "high"),
    [(0, None), (-1, None), (0, 10), (10, 5)],
)
def test_no_achievement_against_an_impossible_target(low, high):
    with pytest.raises(ValueError, match="target must be positive"):
        iki_achievement(5, low, high)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10_000), places=2)


@given(realisation=amounts, target=amounts)
def test_more_is_better_grows_with_the_realisation(realisation, target):
    more = realisation + Decimal(1)
    assert iki_achievement(more, target) >= iki_achievement(realisation, target)


@given(realisation=amounts, target=amounts)
def test_less_is_better_mirrors_more_is_better_around_the_target(realisation, target):
    """Below 200 %, the two formulas sum to 200: one's gain is the other's loss."""
    normal = iki_achievement(realisation, target)
    special = iki_achievement(realisation, target, lower_is_better=True)
    if special > 0:
        assert abs(normal + special - Decimal(200)) <= Decimal("0.01")
