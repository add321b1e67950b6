"""The results score of an evaluation from its measured lines (``appraisals.results``)."""

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.appraisals.results import (
    MeasuredLine,
    behaviour_score,
    has_innovation,
    line_from_dict,
    line_to_dict,
    score_lines,
)

D = Decimal


def line(
    code: str,
    weight: str,
    value: str | None,
    *,
    floor: str = "50",
    target: str = "100",
    ceiling: str = "120",
    lower_is_better: bool = False,
) -> MeasuredLine:
    return MeasuredLine(
        indicator_id=hash(code) % 1000,
        code=code,
        name=f"Indikator {code}",
        aspect="EFEKTIVITAS",
        source="CAPAIAN_IKI",
        weight=D(weight),
        floor=D(floor),
        target=D(target),
        ceiling=D(ceiling),
        lower_is_better=lower_is_better,
        value=None if value is None else D(value),
        source_detail={"period": "2026-01"},
    )


@pytest.mark.parametrize(
    ("lines", "total", "counted"),
    [
        # One line at its target scores 100.
        ([line("a", "100", "100")], "100.00", ["100.00"]),
        # Weighted: 60 % at 100 and 40 % at 120 (the ceiling) → 108.
        ([line("a", "60", "100"), line("b", "40", "120")], "108.00", ["60.00", "40.00"]),
        # Below the floor scores 0; beyond the ceiling 120.
        ([line("a", "50", "10"), line("b", "50", "500")], "60.00", ["50.00", "50.00"]),
        # Half way from floor to target: 75 → 50.
        ([line("a", "100", "75")], "50.00", ["100.00"]),
        # A line without data is left out and the others scale up to 100.
        ([line("a", "30", None), line("b", "70", "100")], "100.00", ["0", "100.00"]),
        (
            [line("a", "30", "110"), line("b", "30", None), line("c", "40", "50")],
            "47.14",
            ["42.86", "0", "57.14"],
        ),
        # Lower is better (a turnaround in hours): 8 at target 8 → 100, 4 at ceiling → 120.
        (
            [
                line("a", "50", "8", floor="24", target="8", ceiling="4", lower_is_better=True),
                line("b", "50", "4", floor="24", target="8", ceiling="4", lower_is_better=True),
            ],
            "110.00",
            ["50.00", "50.00"],
        ),
    ],
)
def test_score_lines(lines: list[MeasuredLine], total: str, counted: list[str]) -> None:
    result = score_lines(lines)
    assert result.total == D(total)
    assert [scored.counted_weight for scored in result.lines] == [D(value) for value in counted]


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [line("a", "100", None)],
        [line("a", "0", "100")],
        [line("a", "60", None), line("b", "40", None)],
    ],
)
def test_nothing_measured_gives_no_score(lines: list[MeasuredLine]) -> None:
    result = score_lines(lines)
    assert result.total is None
    assert all(scored.contribution == 0 for scored in result.lines)


def test_left_out_lines_are_named() -> None:
    result = score_lines([line("a", "50", None), line("b", "50", "100")])
    assert [scored.line.code for scored in result.left_out] == ["a"]


def test_a_line_survives_its_stored_form() -> None:
    original = line(
        "a", "33.33", "87.5", lower_is_better=True, floor="200", target="100", ceiling="50"
    )
    assert line_from_dict(line_to_dict(original)) == original
    missing = line("b", "10", None)
    assert line_from_dict(line_to_dict(missing)) == missing


scores = st.decimals(min_value=0, max_value=200, places=2)
weights = st.integers(min_value=1, max_value=100)


@given(st.lists(st.tuples(weights, st.one_of(st.none(), scores)), min_size=1, max_size=8))
def test_the_total_stays_on_the_curve_and_recomputes_identically(items) -> None:
    lines = [
        line(f"l{n}", str(weight), None if value is None else str(value))
        for n, (weight, value) in enumerate(items)
    ]
    first = score_lines(lines)
    again = score_lines([line_from_dict(line_to_dict(item)) for item in lines])
    assert first == again
    if first.total is not None:
        assert D(0) <= first.total <= D(120)
        counted = sum((scored.counted_weight for scored in first.lines), D(0))
        assert abs(counted - 100) <= D("0.01") * len(lines)


def credit(value: str | None, weight: str = "10") -> MeasuredLine:
    """A verified-innovation line: 0 points → 0, 5 → 100, 10 → 120."""
    return dataclasses.replace(
        line("inovasi", weight, value, floor="0", target="5", ceiling="10"), is_extra_credit=True
    )


@pytest.mark.parametrize(
    ("lines", "total", "innovation_counted"),
    [
        # No innovation never lowers a score: the credit line is left out.
        ([line("iki", "90", "100"), credit("0")], "100.00", False),
        # A small credit that would lower the score is left out too.
        ([line("iki", "90", "100"), credit("2")], "100.00", False),
        # A credit that raises it counts with its weight: (100 * 90 + 120 * 10) / 100.
        ([line("iki", "90", "100"), credit("10")], "102.00", True),
        ([line("iki", "90", "75"), credit("2")], "50.00", False),
        ([line("iki", "90", "75"), credit("5")], "55.00", True),
        # Credit alone makes no score.
        ([line("iki", "90", None), credit("10")], None, False),
        ([credit("10")], None, False),
    ],
)
def test_innovation_is_extra_credit(lines, total, innovation_counted) -> None:
    result = score_lines(lines)
    assert result.total == (None if total is None else D(total))
    innovation = next(scored for scored in result.lines if scored.line.code == "inovasi")
    assert innovation.is_counted is innovation_counted


@given(
    st.decimals(min_value=40, max_value=130, places=1),
    st.decimals(min_value=0, max_value=12, places=2),
    st.decimals(min_value=0, max_value=12, places=2),
)
def test_more_innovation_credit_never_lowers_the_score(achievement, low, high) -> None:
    low, high = sorted((low, high))
    base = line("iki", "90", str(achievement))
    without = score_lines([base]).total
    smaller = score_lines([base, credit(str(low))]).total
    larger = score_lines([base, credit(str(high))]).total
    assert without is not None
    assert smaller is not None
    assert larger is not None
    assert without <= smaller <= larger


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], False),
        ([line("iki", "100", "100")], False),
        ([line("iki", "90", "100"), credit(None)], False),
        ([line("iki", "90", "100"), credit("0")], False),
        ([line("iki", "90", "100"), credit("0.25")], True),
        ([credit("8")], True),
    ],
)
def test_has_innovation(lines: list[MeasuredLine], expected: bool) -> None:
    assert has_innovation(lines) is expected


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([], None),
        ([(3, 1, 3, 5)], "100.00"),
        ([(1, 1, 3, 5), (5, 1, 3, 5)], "60.00"),
        ([(2, 1, 3, 5), (4, 1, 3, 5), (3, 1, 3, 5)], "86.67"),
    ],
)
def test_behaviour_score_is_the_mean_of_the_rubric_scores(levels, expected) -> None:
    decimals = [tuple(D(value) for value in item) for item in levels]
    assert behaviour_score(decimals) == (None if expected is None else D(expected))
