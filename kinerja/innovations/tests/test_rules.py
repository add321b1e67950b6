"""The pure rules of the ledger: review scores on the rubric, the panel's score, when an
innovation may be verified, its credit and the yearly cap. No database."""

from decimal import Decimal

import pytest

from kinerja.innovations.rules import (
    CREDIT_PER_INNOVATION,
    MIN_REVIEWS,
    InnovationStatus,
    RubricPoints,
    VerificationProblem,
    capped_credit,
    credit_points,
    is_editable_by_submitter,
    is_undecided,
    panel_score,
    review_score,
    verification_problem,
)

D = Decimal


def equal_rubric(*points: int) -> list[RubricPoints]:
    """The default rubric: four criteria of weight 25, each scored 0–5."""
    return [RubricPoints(value, 5, D(25)) for value in points]


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ((0, 0, 0, 0), D("0.00")),
        ((5, 5, 5, 5), D("100.00")),
        ((4, 4, 4, 4), D("80.00")),
        ((4, 5, 4, 4), D("85.00")),
        ((3, 4, 5, 3), D("75.00")),
        ((1, 0, 0, 0), D("5.00")),
    ],
)
def test_every_point_of_the_default_rubric_is_worth_five(points, expected):
    assert review_score(equal_rubric(*points)) == expected


def test_weights_and_scales_count_as_published():
    # Impact weighs double and is scored 0–10; novelty 0–5 with weight 1.
    items = [RubricPoints(5, 5, D(1)), RubricPoints(4, 10, D(2))]

    # (1 * 1 + 0.4 * 2) / 3 * 100 = 60
    assert review_score(items) == D("60.00")


def test_a_review_score_is_rounded_half_up_to_two_places():
    items = [RubricPoints(1, 3, D(1)), RubricPoints(0, 3, D(1)), RubricPoints(1, 3, D(1))]

    assert review_score(items) == D("22.22")
    assert review_score([RubricPoints(1, 8, D(1))]) == D("12.50")


@pytest.mark.parametrize(
    "items",
    [
        [],
        [RubricPoints(6, 5, D(25))],
        [RubricPoints(-1, 5, D(25))],
        [RubricPoints(1, 0, D(25))],
        [RubricPoints(1, 5, D(0))],
    ],
    ids=["empty", "above-scale", "negative", "no-scale", "no-weight"],
)
def test_a_review_outside_the_rubric_is_an_error(items):
    with pytest.raises(ValueError, match=r"rubric|scale|review"):
        review_score(items)


def test_the_panel_score_is_the_mean_of_the_reviews():
    assert panel_score([D(85), D(75)]) == D("80.00")
    assert panel_score([D(75), D(70), D(71)]) == D("72.00")
    assert panel_score([D("72.5"), D("72.51")]) == D("72.51")
    assert panel_score([]) is None


@pytest.mark.parametrize(
    ("reviews", "score", "expected"),
    [
        (0, None, VerificationProblem.TOO_FEW_REVIEWS),
        (MIN_REVIEWS - 1, D(100), VerificationProblem.TOO_FEW_REVIEWS),
        (MIN_REVIEWS, D("59.99"), VerificationProblem.SCORE_TOO_LOW),
        (MIN_REVIEWS, D(60), None),
        (MIN_REVIEWS + 1, D(95), None),
    ],
)
def test_verification_needs_enough_reviews_and_the_pass_score(reviews, score, expected):
    assert verification_problem(reviews, score, D(60)) == expected


@pytest.mark.parametrize(
    ("score", "points"),
    [
        (D(100), CREDIT_PER_INNOVATION),
        (D(80), D("8.00")),
        (D("72.5"), D("7.25")),
        (D("66.67"), D("6.67")),
        (D("60.05"), D("6.01")),  # 6.005, half up
        (D(0), D("0.00")),
    ],
)
def test_the_credit_is_the_panel_score_over_ten(score, points):
    assert credit_points(score) == points


def test_a_score_outside_0_to_100_earns_no_credit():
    with pytest.raises(ValueError, match="between 0 and 100"):
        credit_points(D(101))


@pytest.mark.parametrize(
    ("points", "earned", "cap", "expected"),
    [
        (D(8), D(0), D(10), D("8.00")),
        (D("7.25"), D(8), D(10), D("2.00")),
        (D(8), D(10), D(10), D("0.00")),
        (D(8), D(12), D(10), D("0.00")),  # a lowered cap never takes credit back
        (D(3), D(5), D(10), D("3.00")),
        (D(8), D(0), D(5), D("5.00")),
    ],
)
def test_the_cap_cuts_a_credit_to_what_is_left_in_the_year(points, earned, cap, expected):
    assert capped_credit(points, earned=earned, cap=cap) == expected


def test_the_submitter_edits_only_until_the_panel_starts():
    assert is_editable_by_submitter("DIAJUKAN")
    assert not any(
        is_editable_by_submitter(status)
        for status in (InnovationStatus.IN_REVIEW, InnovationStatus.VERIFIED, "DITOLAK")
    )


def test_only_submitted_and_in_review_are_undecided():
    assert [status for status in InnovationStatus if is_undecided(status)] == [
        InnovationStatus.SUBMITTED,
        InnovationStatus.IN_REVIEW,
    ]
