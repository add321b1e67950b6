"""The SE MenPANRB 3/2023 distribution pattern: every rule of every organisation
predicate with fitting and breaking populations, the small-unit adjustments, and the
agreement of ``allowed_pattern`` with ``distribution_violations``."""

import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.appraisals.scoring import (
    PREDICATES_BEST_FIRST,
    DistributionRule,
    DistributionViolation,
    GroupMinimum,
    OrgPredicate,
    PatternBounds,
    Predicate,
    PredicateBounds,
    allowed_pattern,
    distribution_violations,
)

SB = Predicate.SANGAT_BAIK
B = Predicate.BAIK
BP = Predicate.BUTUH_PERBAIKAN
K = Predicate.KURANG
SK = Predicate.SANGAT_KURANG

ISTIMEWA = OrgPredicate.ISTIMEWA
BAIK = OrgPredicate.BAIK
BUTUH_PERBAIKAN = OrgPredicate.BUTUH_PERBAIKAN
KURANG = OrgPredicate.KURANG
SANGAT_KURANG = OrgPredicate.SANGAT_KURANG

NOT_MOST = DistributionRule.NOT_MOST
DOMINANT_MAX = DistributionRule.DOMINANT_MAX
DOMINANT_MIN = DistributionRule.DOMINANT_MIN
REQUIRED_MIN = DistributionRule.REQUIRED_MIN
SB_MAX = DistributionRule.SB_MAX
SB_NONE = DistributionRule.SB_NONE

# The group each organisation predicate is dominated by.
DOMINANT = {ISTIMEWA: SB, BAIK: B, BUTUH_PERBAIKAN: BP, KURANG: K, SANGAT_KURANG: SK}


def population(**counts):
    """One predicate per employee, e.g. ``population(SB=2, B=1)``."""
    by_code = {"SB": SB, "B": B, "BP": BP, "K": K, "SK": SK}
    return [by_code[code] for code, count in counts.items() for _ in range(count)]


def broken(org_predicate, predicates):
    return [(v.rule, v.limit, v.actual) for v in distribution_violations(org_predicate, predicates)]


def compositions(total, order=PREDICATES_BEST_FIRST):
    """Every way of splitting ``total`` employees over the five predicates, as counts."""
    parts = len(order)
    for bars in itertools.combinations(range(total + parts - 1), parts - 1):
        edges = (-1, *bars, total + parts - 1)
        yield dict(zip(order, (edges[i + 1] - edges[i] - 1 for i in range(parts)), strict=True))


def expand(counts):
    return [predicate for predicate, count in counts.items() for _ in range(count)]


# -- fitting populations ----------------------------------------------------------------

FITTING = [
    # Istimewa: SB the largest group, at most 70 % (floor), the cap raised for N = 1, 2.
    (ISTIMEWA, population(SB=1)),
    (ISTIMEWA, population(SB=2)),
    (ISTIMEWA, population(SB=2, B=1)),
    (ISTIMEWA, population(SB=2, SK=1)),
    (ISTIMEWA, population(SB=4, B=2, BP=1)),
    (ISTIMEWA, population(SB=3, B=1, BP=1, K=1, SK=1)),  # a plurality is enough
    (ISTIMEWA, population(SB=7, B=3)),
    (ISTIMEWA, population(SB=17, B=8)),
    (ISTIMEWA, population(SB=6, B=5, BP=5, K=5, SK=4)),
    # Baik: B the largest group, at most 70 %, at least one BP and/or K from N = 3.
    (BAIK, population(B=1)),
    (BAIK, population(B=2)),
    (BAIK, population(B=2, BP=1)),
    (BAIK, population(B=2, K=1)),
    (BAIK, population(SB=1, B=4, BP=1, SK=1)),
    (BAIK, population(SB=2, B=3, K=2)),
    (BAIK, population(B=7, BP=2, K=1)),
    (BAIK, population(B=17, K=8)),
    (BAIK, population(SB=9, B=10, BP=3, K=2, SK=1)),
    # Butuh Perbaikan: BP at least 60 % (ceil), SB at most 10 % (floor).
    (BUTUH_PERBAIKAN, population(BP=1)),
    (BUTUH_PERBAIKAN, population(BP=2, B=1)),
    (BUTUH_PERBAIKAN, population(BP=2, SK=1)),
    (BUTUH_PERBAIKAN, population(B=1, BP=5, K=1)),
    (BUTUH_PERBAIKAN, population(SB=1, B=3, BP=6)),
    (BUTUH_PERBAIKAN, population(SB=2, B=4, BP=15, K=2, SK=2)),
    (BUTUH_PERBAIKAN, population(BP=25)),
    # Kurang: K at least 60 %, BP at least 10 % from N = 3, SB at most 10 %.
    (KURANG, population(K=1)),
    (KURANG, population(K=2)),
    (KURANG, population(BP=1, K=2)),
    (KURANG, population(B=1, BP=1, K=5)),
    (KURANG, population(BP=1, K=6)),
    (KURANG, population(SB=1, BP=1, K=6, SK=2)),
    (KURANG, population(SB=2, B=3, BP=3, K=15, SK=2)),
    # Sangat Kurang: SK at least 60 %, K and/or BP at least 10 % from N = 3, no SB.
    (SANGAT_KURANG, population(SK=1)),
    (SANGAT_KURANG, population(SK=2)),
    (SANGAT_KURANG, population(K=1, SK=2)),
    (SANGAT_KURANG, population(BP=1, SK=2)),
    (SANGAT_KURANG, population(B=1, K=1, SK=5)),
    (SANGAT_KURANG, population(B=7, BP=1, K=2, SK=15)),
    (SANGAT_KURANG, population(B=2, BP=3, SK=20)),
]


@pytest.mark.parametrize(("org_predicate", "predicates"), FITTING)
def test_fitting_population(org_predicate, predicates):
    assert distribution_violations(org_predicate, predicates) == []


# -- breaking populations ---------------------------------------------------------------

BREAKING = [
    # Istimewa.
    (ISTIMEWA, population(B=1), [(NOT_MOST, 2, 0)]),
    (ISTIMEWA, population(SK=1), [(NOT_MOST, 2, 0)]),
    (ISTIMEWA, population(SB=1, B=1), [(NOT_MOST, 2, 1)]),  # a tie is not "most"
    (ISTIMEWA, population(SB=3), [(DOMINANT_MAX, 2, 3)]),
    (ISTIMEWA, population(SB=1, B=1, BP=1), [(NOT_MOST, 2, 1)]),
    (ISTIMEWA, population(SB=5, B=2), [(DOMINANT_MAX, 4, 5)]),
    (ISTIMEWA, population(SB=7), [(DOMINANT_MAX, 4, 7)]),
    (ISTIMEWA, population(SB=3, B=3, BP=1), [(NOT_MOST, 4, 3)]),
    (ISTIMEWA, population(SB=8, B=2), [(DOMINANT_MAX, 7, 8)]),
    (ISTIMEWA, population(SB=18, B=7), [(DOMINANT_MAX, 17, 18)]),
    (ISTIMEWA, population(SB=10, B=10, BP=5), [(NOT_MOST, 11, 10)]),
    (ISTIMEWA, population(B=25), [(NOT_MOST, 26, 0)]),
    # Baik.
    (BAIK, population(SB=1), [(NOT_MOST, 2, 0)]),
    (BAIK, population(BP=1), [(NOT_MOST, 2, 0)]),
    (BAIK, population(B=1, BP=1), [(NOT_MOST, 2, 1)]),
    (BAIK, population(B=3), [(DOMINANT_MAX, 2, 3), (REQUIRED_MIN, 1, 0)]),
    (BAIK, population(SB=1, B=2), [(REQUIRED_MIN, 1, 0)]),
    (BAIK, population(B=2, SK=1), [(REQUIRED_MIN, 1, 0)]),
    (BAIK, population(SB=1, B=1, K=1), [(NOT_MOST, 2, 1)]),
    (BAIK, population(B=5, BP=2), [(DOMINANT_MAX, 4, 5)]),
    (BAIK, population(SB=3, B=4), [(REQUIRED_MIN, 1, 0)]),
    (BAIK, population(SB=1, B=2, BP=2, K=2), [(NOT_MOST, 3, 2)]),
    (BAIK, population(SB=4, B=3), [(NOT_MOST, 5, 3), (REQUIRED_MIN, 1, 0)]),
    (BAIK, population(B=18, K=7), [(DOMINANT_MAX, 17, 18)]),
    (BAIK, population(SB=8, B=17), [(REQUIRED_MIN, 1, 0)]),
    (BAIK, population(SB=12, B=12, BP=1), [(NOT_MOST, 13, 12)]),
    (BAIK, population(B=25), [(DOMINANT_MAX, 17, 25), (REQUIRED_MIN, 1, 0)]),
    # Butuh Perbaikan.
    (BUTUH_PERBAIKAN, population(B=1), [(DOMINANT_MIN, 1, 0)]),
    (BUTUH_PERBAIKAN, population(SB=1), [(DOMINANT_MIN, 1, 0), (SB_MAX, 0, 1)]),
    (BUTUH_PERBAIKAN, population(B=2, BP=1), [(DOMINANT_MIN, 2, 1)]),
    (BUTUH_PERBAIKAN, population(SB=1, BP=2), [(SB_MAX, 0, 1)]),
    (BUTUH_PERBAIKAN, population(B=3, BP=4), [(DOMINANT_MIN, 5, 4)]),
    (BUTUH_PERBAIKAN, population(SB=1, BP=6), [(SB_MAX, 0, 1)]),
    (BUTUH_PERBAIKAN, population(SB=2, BP=8), [(SB_MAX, 1, 2)]),
    (BUTUH_PERBAIKAN, population(B=11, BP=14), [(DOMINANT_MIN, 15, 14)]),
    (BUTUH_PERBAIKAN, population(SB=3, B=7, BP=15), [(SB_MAX, 2, 3)]),
    (BUTUH_PERBAIKAN, population(SB=10, BP=5, K=10), [(DOMINANT_MIN, 15, 5), (SB_MAX, 2, 10)]),
    # Kurang.
    (KURANG, population(BP=1), [(DOMINANT_MIN, 1, 0)]),
    (KURANG, population(SB=1), [(DOMINANT_MIN, 1, 0), (SB_MAX, 0, 1)]),
    (KURANG, population(BP=1, K=1), [(DOMINANT_MIN, 2, 1)]),
    (KURANG, population(K=3), [(REQUIRED_MIN, 1, 0)]),
    (KURANG, population(SB=1, K=2), [(REQUIRED_MIN, 1, 0), (SB_MAX, 0, 1)]),
    (KURANG, population(BP=3, K=4), [(DOMINANT_MIN, 5, 4)]),
    (KURANG, population(K=6, SK=1), [(REQUIRED_MIN, 1, 0)]),
    (KURANG, population(SB=1, BP=1, K=5), [(SB_MAX, 0, 1)]),
    (KURANG, population(B=8, BP=2, K=15), [(REQUIRED_MIN, 3, 2)]),
    (KURANG, population(SB=3, B=4, BP=3, K=15), [(SB_MAX, 2, 3)]),
    (KURANG, population(BP=11, K=14), [(DOMINANT_MIN, 15, 14)]),
    (
        KURANG,
        population(SB=5, SK=20),
        [(DOMINANT_MIN, 15, 0), (REQUIRED_MIN, 3, 0), (SB_MAX, 2, 5)],
    ),
    # Sangat Kurang.
    (SANGAT_KURANG, population(K=1), [(DOMINANT_MIN, 1, 0)]),
    (SANGAT_KURANG, population(SB=1), [(DOMINANT_MIN, 1, 0), (SB_NONE, 0, 1)]),
    (SANGAT_KURANG, population(BP=1, SK=1), [(DOMINANT_MIN, 2, 1)]),
    (SANGAT_KURANG, population(SK=3), [(REQUIRED_MIN, 1, 0)]),
    (SANGAT_KURANG, population(B=1, SK=2), [(REQUIRED_MIN, 1, 0)]),
    (SANGAT_KURANG, population(K=3, SK=4), [(DOMINANT_MIN, 5, 4)]),
    (SANGAT_KURANG, population(SB=1, K=1, SK=5), [(SB_NONE, 0, 1)]),
    (SANGAT_KURANG, population(SB=1, K=3, SK=21), [(SB_NONE, 0, 1)]),  # even 1 in 25
    (SANGAT_KURANG, population(B=8, BP=1, K=1, SK=15), [(REQUIRED_MIN, 3, 2)]),
    (SANGAT_KURANG, population(SB=1, SK=24), [(REQUIRED_MIN, 3, 0), (SB_NONE, 0, 1)]),
]


@pytest.mark.parametrize(("org_predicate", "predicates", "expected"), BREAKING)
def test_breaking_population(org_predicate, predicates, expected):
    assert broken(org_predicate, predicates) == expected


def test_every_rule_is_seen_breaking_in_the_tables():
    seen = {(org, rule) for org, _, expected in BREAKING for rule, _, _ in expected}

    assert seen == {
        (ISTIMEWA, NOT_MOST),
        (ISTIMEWA, DOMINANT_MAX),
        (BAIK, NOT_MOST),
        (BAIK, DOMINANT_MAX),
        (BAIK, REQUIRED_MIN),
        (BUTUH_PERBAIKAN, DOMINANT_MIN),
        (BUTUH_PERBAIKAN, SB_MAX),
        (KURANG, DOMINANT_MIN),
        (KURANG, REQUIRED_MIN),
        (KURANG, SB_MAX),
        (SANGAT_KURANG, DOMINANT_MIN),
        (SANGAT_KURANG, REQUIRED_MIN),
        (SANGAT_KURANG, SB_NONE),
    }


@pytest.mark.parametrize(
    ("org_predicate", "predicates", "expected"),
    [
        (
            ISTIMEWA,
            population(SB=1, B=2),
            DistributionViolation(NOT_MOST, (SB,), "min", None, limit=3, actual=1),
        ),
        (
            ISTIMEWA,
            population(SB=8, B=2),
            DistributionViolation(DOMINANT_MAX, (SB,), "max", 70, limit=7, actual=8),
        ),
        (
            BAIK,
            population(B=2, SB=1),
            DistributionViolation(REQUIRED_MIN, (BP, K), "min", None, limit=1, actual=0),
        ),
        (
            BUTUH_PERBAIKAN,
            population(BP=1, B=1),
            DistributionViolation(DOMINANT_MIN, (BP,), "min", 60, limit=2, actual=1),
        ),
        (
            BUTUH_PERBAIKAN,
            population(BP=8, SB=2),
            DistributionViolation(SB_MAX, (SB,), "max", 10, limit=1, actual=2),
        ),
        (
            KURANG,
            population(K=7, B=3),
            DistributionViolation(REQUIRED_MIN, (BP,), "min", 10, limit=1, actual=0),
        ),
        (
            SANGAT_KURANG,
            population(SK=8, K=1, BP=1, B=10),
            DistributionViolation(DOMINANT_MIN, (SK,), "min", 60, limit=12, actual=8),
        ),
        (
            SANGAT_KURANG,
            population(SK=16, B=4),
            DistributionViolation(REQUIRED_MIN, (K, BP), "min", 10, limit=2, actual=0),
        ),
        (
            SANGAT_KURANG,
            population(SK=7, K=2, SB=1),
            DistributionViolation(SB_NONE, (SB,), "max", 0, limit=0, actual=1),
        ),
    ],
)
def test_a_violation_says_enough_to_build_a_message(org_predicate, predicates, expected):
    assert distribution_violations(org_predicate, predicates) == [expected]


def test_violations_are_frozen():
    (violation,) = distribution_violations(ISTIMEWA, population(B=1))

    with pytest.raises(AttributeError):
        violation.limit = 0  # type: ignore[misc]


# -- rounding for small units -----------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "cap_70", "min_60", "min_10", "cap_10"),
    [
        # floor for caps, ceil for minimums; the 70 % cap raised to 1 and 2 for N = 1, 2.
        (1, 1, 1, 0, 0),
        (2, 2, 2, 0, 0),
        (3, 2, 2, 1, 0),
        (4, 2, 3, 1, 0),
        (5, 3, 3, 1, 0),
        (7, 4, 5, 1, 0),
        (9, 6, 6, 1, 0),
        (10, 7, 6, 1, 1),
        (11, 7, 7, 2, 1),
        (19, 13, 12, 2, 1),
        (20, 14, 12, 2, 2),
        (25, 17, 15, 3, 2),
        (100, 70, 60, 10, 10),
        (101, 70, 61, 11, 10),
    ],
)
def test_percentages_become_counts(size, cap_70, min_60, min_10, cap_10):
    assert allowed_pattern(ISTIMEWA, size).bounds(SB).maximum == cap_70
    assert allowed_pattern(BAIK, size).bounds(B).maximum == cap_70
    assert allowed_pattern(KURANG, size).bounds(K).minimum == min_60
    assert allowed_pattern(KURANG, size).bounds(BP).minimum == min_10
    assert allowed_pattern(SANGAT_KURANG, size).group_minimums[0].minimum == min_10
    assert allowed_pattern(BUTUH_PERBAIKAN, size).bounds(SB).maximum == cap_10


@pytest.mark.parametrize("org_predicate", list(OrgPredicate))
def test_a_single_employee_takes_the_dominant_predicate(org_predicate):
    # The literal rules contradict each other for one employee (a 70 % cap of floor(0.7)
    # = 0; "at least one BP and/or K" beside a dominant B): the cap is raised and the
    # other group's minimum waived, so the one employee fits in the dominant group.
    dominant = DOMINANT[org_predicate]

    assert distribution_violations(org_predicate, [dominant]) == []
    for other in Predicate:
        if other is not dominant:
            assert distribution_violations(org_predicate, [other]) != []


@pytest.mark.parametrize("org_predicate", list(OrgPredicate))
def test_two_employees_both_take_the_dominant_predicate(org_predicate):
    dominant = DOMINANT[org_predicate]
    fitting = [
        counts
        for counts in compositions(2)
        if not distribution_violations(org_predicate, expand(counts))
    ]

    assert fitting == [{p: 2 if p is dominant else 0 for p in PREDICATES_BEST_FIRST}]


@pytest.mark.parametrize("org_predicate", list(OrgPredicate))
@pytest.mark.parametrize("size", range(1, 31))
def test_some_distribution_fits_every_unit_size(org_predicate, size):
    # Brute force over every split of the unit; the search starts from the dominant
    # group only so that it ends sooner.
    dominant = DOMINANT[org_predicate]
    order = (*(p for p in PREDICATES_BEST_FIRST if p is not dominant), dominant)

    assert any(
        not distribution_violations(org_predicate, expand(counts))
        for counts in compositions(size, order)
    )


# -- inputs -----------------------------------------------------------------------------


@pytest.mark.parametrize("org_predicate", list(OrgPredicate))
def test_an_empty_population_breaks_nothing(org_predicate):
    assert distribution_violations(org_predicate, []) == []
    assert distribution_violations(org_predicate.value, iter(())) == []


def test_string_values_are_read_like_members():
    as_strings = ["SANGAT_BAIK", "BAIK", "BAIK", "BUTUH_PERBAIKAN"]

    assert distribution_violations("BAIK", as_strings) == distribution_violations(
        BAIK, [SB, B, B, BP]
    )
    assert distribution_violations("ISTIMEWA", as_strings) == [
        DistributionViolation(NOT_MOST, (SB,), "min", None, limit=3, actual=1)
    ]


@pytest.mark.parametrize("bad", ["Istimewa", "SANGAT_BAIK", "", None, 1])
def test_refuses_an_unknown_organisation_predicate(bad):
    with pytest.raises(ValueError, match="organisation predicate must be one of ISTIMEWA"):
        distribution_violations(bad, [SB])
    with pytest.raises(ValueError, match="organisation predicate must be one of ISTIMEWA"):
        allowed_pattern(bad, 3)


@pytest.mark.parametrize("bad", ["ISTIMEWA", "Baik", "CUKUP", "", None, 3])
def test_refuses_an_unknown_employee_predicate(bad):
    with pytest.raises(ValueError, match="a predicate must be one of SANGAT_BAIK"):
        distribution_violations(BAIK, [B, B, bad])


@given(
    org_predicate=st.sampled_from(OrgPredicate),
    predicates=st.lists(st.sampled_from(Predicate), max_size=60),
    randoms=st.randoms(use_true_random=False),
)
def test_order_and_spelling_do_not_matter(org_predicate, predicates, randoms):
    shuffled = list(predicates)
    randoms.shuffle(shuffled)

    expected = distribution_violations(org_predicate, predicates)

    assert distribution_violations(org_predicate, shuffled) == expected
    assert distribution_violations(str(org_predicate), [str(p) for p in shuffled]) == expected


# -- the allowed pattern ----------------------------------------------------------------


def fits(pattern, counts):
    """Whether ``counts`` meet a pattern, read from the pattern alone."""
    within = all(b.minimum <= counts[b.predicate] <= b.maximum for b in pattern.predicates)
    groups = all(sum(counts[p] for p in g.predicates) >= g.minimum for g in pattern.group_minimums)
    largest = pattern.largest is None or all(
        counts[pattern.largest] > counts[other] for other in Predicate if other != pattern.largest
    )
    return within and groups and largest


@pytest.mark.parametrize("org_predicate", list(OrgPredicate))
@pytest.mark.parametrize("size", range(13))
def test_the_pattern_agrees_with_the_violations(org_predicate, size):
    pattern = allowed_pattern(org_predicate, size)

    for counts in compositions(size):
        violations = distribution_violations(org_predicate, expand(counts))
        assert fits(pattern, counts) == (violations == []), counts


@given(
    org_predicate=st.sampled_from(OrgPredicate),
    predicates=st.lists(st.sampled_from(Predicate), max_size=300),
)
def test_the_pattern_agrees_with_the_violations_for_larger_units(org_predicate, predicates):
    pattern = allowed_pattern(org_predicate, len(predicates))

    assert fits(pattern, Counter(predicates)) == (
        distribution_violations(org_predicate, predicates) == []
    )


def bounds(sb, b, bp, k, sk):
    return tuple(
        PredicateBounds(predicate, minimum, maximum)
        for predicate, (minimum, maximum) in zip(
            PREDICATES_BEST_FIRST, (sb, b, bp, k, sk), strict=True
        )
    )


@pytest.mark.parametrize(
    ("org_predicate", "size", "expected"),
    [
        (
            ISTIMEWA,
            1,
            PatternBounds(ISTIMEWA, 1, bounds((1, 1), (0, 1), (0, 1), (0, 1), (0, 1)), (), SB),
        ),
        (
            ISTIMEWA,
            3,
            PatternBounds(ISTIMEWA, 3, bounds((2, 2), (0, 3), (0, 3), (0, 3), (0, 3)), (), SB),
        ),
        (
            ISTIMEWA,
            7,
            PatternBounds(ISTIMEWA, 7, bounds((3, 4), (0, 7), (0, 7), (0, 7), (0, 7)), (), SB),
        ),
        (
            ISTIMEWA,
            25,
            PatternBounds(
                ISTIMEWA, 25, bounds((6, 17), (0, 25), (0, 25), (0, 25), (0, 25)), (), SB
            ),
        ),
        (
            BAIK,
            1,
            PatternBounds(
                BAIK,
                1,
                bounds((0, 1), (1, 1), (0, 1), (0, 1), (0, 1)),
                (GroupMinimum((BP, K), 0),),
                B,
            ),
        ),
        (
            BAIK,
            2,
            PatternBounds(
                BAIK,
                2,
                bounds((0, 2), (2, 2), (0, 2), (0, 2), (0, 2)),
                (GroupMinimum((BP, K), 0),),
                B,
            ),
        ),
        (
            BAIK,
            7,
            PatternBounds(
                BAIK,
                7,
                bounds((0, 7), (3, 4), (0, 7), (0, 7), (0, 7)),
                (GroupMinimum((BP, K), 1),),
                B,
            ),
        ),
        (
            BUTUH_PERBAIKAN,
            7,
            PatternBounds(
                BUTUH_PERBAIKAN, 7, bounds((0, 0), (0, 7), (5, 7), (0, 7), (0, 7)), (), None
            ),
        ),
        (
            BUTUH_PERBAIKAN,
            25,
            PatternBounds(
                BUTUH_PERBAIKAN, 25, bounds((0, 2), (0, 25), (15, 25), (0, 25), (0, 25)), (), None
            ),
        ),
        (
            KURANG,
            1,
            PatternBounds(KURANG, 1, bounds((0, 0), (0, 1), (0, 1), (1, 1), (0, 1)), (), None),
        ),
        (
            KURANG,
            3,
            PatternBounds(KURANG, 3, bounds((0, 0), (0, 3), (1, 3), (2, 3), (0, 3)), (), None),
        ),
        (
            KURANG,
            25,
            PatternBounds(
                KURANG, 25, bounds((0, 2), (0, 25), (3, 25), (15, 25), (0, 25)), (), None
            ),
        ),
        (
            SANGAT_KURANG,
            3,
            PatternBounds(
                SANGAT_KURANG,
                3,
                bounds((0, 0), (0, 3), (0, 3), (0, 3), (2, 3)),
                (GroupMinimum((K, BP), 1),),
                None,
            ),
        ),
        (
            SANGAT_KURANG,
            25,
            PatternBounds(
                SANGAT_KURANG,
                25,
                bounds((0, 0), (0, 25), (0, 25), (0, 25), (15, 25)),
                (GroupMinimum((K, BP), 3),),
                None,
            ),
        ),
    ],
)
def test_allowed_pattern(org_predicate, size, expected):
    assert allowed_pattern(org_predicate, size) == expected
    assert allowed_pattern(str(org_predicate), size) == expected


@pytest.mark.parametrize("org_predicate", list(OrgPredicate))
def test_the_pattern_of_nobody_allows_only_nobody(org_predicate):
    pattern = allowed_pattern(org_predicate, 0)

    assert pattern == PatternBounds(
        org_predicate, 0, bounds(*[(0, 0)] * 5), group_minimums=(), largest=None
    )


def test_bounds_of_one_predicate_by_member_or_value():
    pattern = allowed_pattern(BAIK, 10)

    assert pattern.bounds(B) == pattern.bounds("BAIK") == PredicateBounds(B, 3, 7)
    with pytest.raises(ValueError, match="predicate must be one of"):
        pattern.bounds("ISTIMEWA")


def test_refuses_a_negative_population():
    with pytest.raises(ValueError, match="cannot be negative"):
        allowed_pattern(BAIK, -1)


@pytest.mark.parametrize("size", range(3, 501))
def test_from_three_employees_on_the_literal_rounding_holds(size):
    # The small-unit adjustments touch N = 1 and N = 2 only.
    floor_70, ceil_60, ceil_10 = 70 * size // 100, -(-60 * size // 100), -(-10 * size // 100)

    assert allowed_pattern(ISTIMEWA, size).bounds(SB).maximum == floor_70
    assert allowed_pattern(BAIK, size).bounds(B).maximum == floor_70
    assert allowed_pattern(BAIK, size).group_minimums[0].minimum == 1
    assert allowed_pattern(KURANG, size).bounds(BP).minimum == ceil_10
    assert allowed_pattern(KURANG, size).bounds(K).minimum == ceil_60
    assert allowed_pattern(SANGAT_KURANG, size).group_minimums[0].minimum == ceil_10
