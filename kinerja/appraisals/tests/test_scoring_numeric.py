"""The numeric method of PP 30/2019 Pasal 41: the weighting and the bands."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.appraisals.scoring import (
    NUMERIC_SCORE_CEILING,
    SKP_WEIGHT_WITH_PEER_INPUT,
    SKP_WEIGHT_WITHOUT_PEER_INPUT,
    Predicate,
    numeric_predicate,
    numeric_score,
)

SB = Predicate.SANGAT_BAIK
B = Predicate.BAIK
BP = Predicate.BUTUH_PERBAIKAN
K = Predicate.KURANG
SK = Predicate.SANGAT_KURANG

# -- the bands --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "without_innovation", "with_innovation"),
    [
        ("0", SK, SK),
        ("49.99", SK, SK),
        ("50", K, K),
        ("50.00", K, K),
        ("69.99", K, K),
        ("70", BP, BP),  # Cukup
        ("89.99", BP, BP),
        ("90", B, B),
        ("109.99", B, B),
        ("110", B, SB),
        ("115", B, SB),
        ("120", B, SB),
        # Above the bands: read as 120.
        ("120.01", B, SB),
        ("150", B, SB),
    ],
)
def test_bands(score, without_innovation, with_innovation):
    assert numeric_predicate(score, has_innovation=False) is without_innovation
    assert numeric_predicate(score, has_innovation=True) is with_innovation


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (Decimal("49.99"), SK),
        (Decimal(50), K),
        (Decimal("109.99"), B),
        (Decimal(110), SB),
        (49.99, SK),
        (69.99, K),
        (89.99, BP),
        (110.0, SB),
        (120.01, SB),
        (0, SK),
        (50, K),
        (70, BP),
        (90, B),
        (110, SB),
        (120, SB),
        (" 90 ", B),  # Decimal reads surrounding spaces
        ("1.1E2", SB),
    ],
)
def test_bands_accept_decimals_floats_ints_and_strings(score, expected):
    assert numeric_predicate(score, has_innovation=True) is expected


def test_a_float_is_read_by_its_shortest_spelling():
    # 89.99999999999999 as a float is not 90: no rounding up into the next band.
    assert numeric_predicate(89.99999999999999, has_innovation=False) is BP


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("-0.01", "cannot be negative"),
        (-1, "cannot be negative"),
        (Decimal(-50), "cannot be negative"),
        ("abc", "must be a number"),
        ("", "must be a number"),
        (None, "must be a number"),
        (True, "must be a number"),
        ([90], "must be a number"),
        ("NaN", "must be a finite number"),
        (float("nan"), "must be a finite number"),
        (float("inf"), "must be a finite number"),
        (Decimal("Infinity"), "must be a finite number"),
    ],
)
def test_bands_refuse_what_is_not_a_score(score, message):
    with pytest.raises(ValueError, match=message):
        numeric_predicate(score, has_innovation=False)


def test_the_ceiling_is_the_top_of_the_bands():
    assert numeric_predicate(NUMERIC_SCORE_CEILING, has_innovation=True) is SB
    assert numeric_predicate(NUMERIC_SCORE_CEILING + 1, has_innovation=True) is SB


@given(st.decimals(min_value=0, max_value=1000, allow_nan=False, places=2), st.booleans())
def test_a_higher_score_never_gives_a_worse_predicate(score, has_innovation):
    rank = {p: i for i, p in enumerate(Predicate)}
    higher = score + Decimal("0.01")

    assert (
        rank[numeric_predicate(higher, has_innovation=has_innovation)]
        <= rank[numeric_predicate(score, has_innovation=has_innovation)]
    )


@given(st.decimals(min_value=0, max_value=1000, allow_nan=False, places=2))
def test_innovation_only_changes_the_top_band(score):
    plain = numeric_predicate(score, has_innovation=False)
    innovative = numeric_predicate(score, has_innovation=True)

    assert plain is not SB
    assert (innovative is SB) == (score >= 110)
    if score < 110:
        assert innovative is plain


# -- the weighting ----------------------------------------------------------------------


def test_the_two_weightings_of_pasal_41():
    assert SKP_WEIGHT_WITHOUT_PEER_INPUT == 70
    assert SKP_WEIGHT_WITH_PEER_INPUT == 60


@pytest.mark.parametrize(
    ("skp", "behaviour", "weight", "expected"),
    [
        # 70 % SKP + 30 % behaviour.
        (100, 100, 70, "100.00"),
        (100, 80, 70, "94.00"),
        (80, 100, 70, "86.00"),
        (120, 120, 70, "120.00"),
        (0, 0, 70, "0.00"),
        ("102.8", "91.5", 70, "99.41"),
        ("85.55", "90", 70, "86.89"),  # 86.885 rounds half up
        ("85.549", "90", 70, "86.88"),  # 86.8843
        # 60 % SKP + 40 % behaviour.
        (100, 100, 60, "100.00"),
        (100, 80, 60, "92.00"),
        (80, 100, 60, "88.00"),
        ("102.8", "91.5", 60, "98.28"),
        ("90.01", "90.02", 60, "90.01"),  # 90.014
        ("90.03", "90.02", 60, "90.03"),  # 90.026
        ("0", "0.0125", 60, "0.01"),  # 0.005 rounds half up
        ("0.00125", "0", 60, "0.00"),  # 0.00075
        # Decimals and floats alike.
        (Decimal("100.5"), Decimal(90), 70, "97.35"),
        (100.5, 90.0, 70, "97.35"),
    ],
)
def test_weighting(skp, behaviour, weight, expected):
    result = numeric_score(skp, behaviour, skp_weight=weight)

    assert result == Decimal(expected)
    assert str(result) == expected


def test_rounding_is_half_up_not_half_even():
    # Half even would give 0.12 and 0.14.
    assert numeric_score("0.125", "0.125", skp_weight=70) == Decimal("0.13")
    assert numeric_score("0.145", "0.145", skp_weight=60) == Decimal("0.15")


@pytest.mark.parametrize("weight", [0, 30, 40, 50, 65, 80, 100, "70", 70.5, True, None])
def test_weighting_refuses_other_weights(weight):
    with pytest.raises(ValueError, match="SKP weight must be 70 or 60"):
        numeric_score(100, 100, skp_weight=weight)


@pytest.mark.parametrize(
    ("skp", "behaviour", "message"),
    [
        (-1, 100, "the SKP score cannot be negative"),
        (100, "-0.01", "the behaviour score cannot be negative"),
        ("x", 100, "the SKP score must be a number"),
        (100, None, "the behaviour score must be a number"),
        ("Infinity", 100, "the SKP score must be a finite number"),
    ],
)
def test_weighting_refuses_what_is_not_a_score(skp, behaviour, message):
    with pytest.raises(ValueError, match=message):
        numeric_score(skp, behaviour, skp_weight=70)


@given(
    st.decimals(min_value=0, max_value=120, allow_nan=False, places=2),
    st.decimals(min_value=0, max_value=120, allow_nan=False, places=2),
    st.sampled_from([60, 70]),
)
def test_the_score_lies_between_its_two_parts(skp, behaviour, weight):
    result = numeric_score(skp, behaviour, skp_weight=weight)

    assert min(skp, behaviour) <= result <= max(skp, behaviour)
    assert result == result.quantize(Decimal("0.01"))


def test_score_and_predicate_together():
    # SKP 112, behaviour 110, no peer input: 111.40, Sangat Baik only with an innovation.
    score = numeric_score(112, 110, skp_weight=SKP_WEIGHT_WITHOUT_PEER_INPUT)

    assert score == Decimal("111.40")
    assert numeric_predicate(score, has_innovation=True) is SB
    assert numeric_predicate(score, has_innovation=False) is B
