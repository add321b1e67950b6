"""Period notation (``2026``, ``2026-Q1``, ``2026-01``) as pure functions: no database."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.periods import (
    InvalidPeriod,
    PeriodKind,
    PeriodSpan,
    parse_period,
    periods_of_year,
)


def span(code: str, starts_on: date, ends_on: date, kind: PeriodKind) -> PeriodSpan:
    return PeriodSpan(starts_on, ends_on, kind, code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2026", span("2026", date(2026, 1, 1), date(2026, 12, 31), PeriodKind.YEAR)),
        ("2024", span("2024", date(2024, 1, 1), date(2024, 12, 31), PeriodKind.YEAR)),
        ("1999", span("1999", date(1999, 1, 1), date(1999, 12, 31), PeriodKind.YEAR)),
        ("2026-Q1", span("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), PeriodKind.QUARTER)),
        ("2026-Q2", span("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), PeriodKind.QUARTER)),
        ("2026-Q3", span("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), PeriodKind.QUARTER)),
        ("2026-Q4", span("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), PeriodKind.QUARTER)),
        ("2024-Q1", span("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), PeriodKind.QUARTER)),
    ],
)
def test_parses_years_and_quarters(code, expected):
    assert parse_period(code) == expected


MONTH_ENDS_2026 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


@pytest.mark.parametrize(("month", "last_day"), enumerate(MONTH_ENDS_2026, start=1))
def test_parses_every_month_to_its_first_and_last_day(month, last_day):
    code = f"2026-{month:02d}"

    assert parse_period(code) == span(
        code, date(2026, month, 1), date(2026, month, last_day), PeriodKind.MONTH
    )


@pytest.mark.parametrize(
    ("code", "last_day"),
    [
        pytest.param("2024-02", date(2024, 2, 29), id="leap year"),
        pytest.param("2026-02", date(2026, 2, 28), id="common year"),
        pytest.param("2000-02", date(2000, 2, 29), id="leap century"),
        pytest.param("2100-02", date(2100, 2, 28), id="common century"),
    ],
)
def test_february_ends_on_the_right_day(code, last_day):
    assert parse_period(code).ends_on == last_day


def test_the_first_quarter_of_a_leap_year_ends_on_the_31st_of_march():
    assert parse_period("2024-Q1").ends_on == date(2024, 3, 31)


@pytest.mark.parametrize(
    "code",
    [
        "",
        " ",
        "26",
        "026",
        "20260",
        "2026-",
        "2026-1",
        "2026-001",
        "2026-00",
        "2026-13",
        "2026-Q",
        "2026-Q0",
        "2026-Q5",
        "2026-q1",
        "2026Q1",
        "2026-Q1-01",
        "2026/01",
        "2026-01-01",
        "Q1-2026",
        "tahun 2026",
        "2026 -01",
        "2026\n-01",
    ],
)
def test_rejects_anything_but_the_three_notations(code):
    with pytest.raises(InvalidPeriod):
        parse_period(code)


def test_an_invalid_period_is_a_value_error_naming_the_code():
    with pytest.raises(ValueError, match="2026-13"):
        parse_period("2026-13")


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("\u0662\u0660\u0662\u0666", id="Arabic-Indic digits"),
        pytest.param("\uff12\uff10\uff12\uff16-01", id="fullwidth digits"),
        pytest.param("\u0968\u0966\u0968\u0966-Q1", id="Devanagari digits"),
    ],
)
def test_rejects_a_year_written_in_non_ascii_digits(code):
    # Python's \d matches any script's digits; a period code is ASCII, like a NIP.
    with pytest.raises(InvalidPeriod):
        parse_period(code)


def test_rejects_year_zero_as_an_invalid_period():
    # Callers catch InvalidPeriod; "0000" must not escape as date()'s own ValueError.
    with pytest.raises(InvalidPeriod):
        parse_period("0000")


@pytest.mark.parametrize(
    ("code", "normalised"),
    [
        pytest.param(" 2026 ", "2026", id="spaces"),
        pytest.param("\t2026-Q1\n", "2026-Q1", id="tab and newline"),
        pytest.param("2026-07 ", "2026-07", id="trailing space"),
    ],
)
def test_accepts_surrounding_whitespace_and_drops_it_from_the_code(code, normalised):
    # Given a code typed or pasted with whitespace around it
    # When it is parsed
    parsed = parse_period(code)
    # Then it is the same period as the clean code, code included
    assert parsed == parse_period(normalised)
    assert parsed.code == normalised


def test_a_year_has_seventeen_periods_in_order():
    periods = periods_of_year(2026)

    assert [p.code for p in periods] == [
        "2026",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
        *[f"2026-{month:02d}" for month in range(1, 13)],
    ]
    assert [p.kind for p in periods] == [PeriodKind.YEAR] + [PeriodKind.QUARTER] * 4 + [
        PeriodKind.MONTH
    ] * 12


def test_periods_of_a_year_are_the_parsed_periods():
    assert all(p == parse_period(p.code) for p in periods_of_year(2024))


@given(st.integers(1000, 9999))
def test_the_quarters_and_the_months_each_cover_the_year_without_gap_or_overlap(year):
    periods = periods_of_year(year)
    whole_year, quarters, months = periods[0], periods[1:5], periods[5:]

    assert (whole_year.starts_on, whole_year.ends_on) == (date(year, 1, 1), date(year, 12, 31))
    for parts in (quarters, months):
        assert parts[0].starts_on == whole_year.starts_on
        assert parts[-1].ends_on == whole_year.ends_on
        for earlier, later in itertools.pairwise(parts):
            assert later.starts_on == earlier.ends_on + timedelta(days=1)
    for index, month in enumerate(months):
        quarter = quarters[index // 3]
        assert quarter.starts_on <= month.starts_on <= month.ends_on <= quarter.ends_on


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_any_day_lies_in_its_year_quarter_and_month(day):
    codes = [
        f"{day.year:04d}",
        f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
        f"{day.year:04d}-{day.month:02d}",
    ]

    for code in codes:
        period = parse_period(code)
        assert period.starts_on <= day <= period.ends_on
