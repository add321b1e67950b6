"""The appraisal rules of the national frame, as pure functions (product.md 4.4).

No Django, no clock, no settings: every function takes plain values (enum members or
their string values) and returns values, so that the rules can be tested as tables and
used by any caller. The module holds:

- the achievement of an IKI (PermenPANRB 8/2021, defined with the SKP in
  ``kinerja.plans.achievement``);
- the two ratings of PermenPANRB 6/2022 and the ratings this module suggests from the
  per-result and per-value assessments;
- the employee predicate from the 6/2022 matrix (kuadran kinerja);
- the distribution pattern of SE MenPANRB 3/2023 for an organisation's predicate;
- the older numeric method of PP 30/2019 Pasal 41 (weighting and bands).

Display labels are plain Indonesian strings here; translating them is the caller's job.
"""

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal, TypeVar

from kinerja.core.ratings import Rating
from kinerja.plans.achievement import iki_achievement

__all__ = [
    "NUMERIC_SCORE_CEILING",
    "ORG_PREDICATES_BEST_FIRST",
    "ORG_PREDICATE_LABELS",
    "PREDICATES_BEST_FIRST",
    "PREDICATE_LABELS",
    "SKP_WEIGHT_WITHOUT_PEER_INPUT",
    "SKP_WEIGHT_WITH_PEER_INPUT",
    "Bound",
    "DistributionRule",
    "DistributionViolation",
    "GroupMinimum",
    "OrgPredicate",
    "PatternBounds",
    "Predicate",
    "PredicateBounds",
    "Rating",
    "allowed_pattern",
    "distribution_violations",
    "iki_achievement",
    "numeric_predicate",
    "numeric_score",
    "organisation_results_rating",
    "performance_predicate",
    "suggested_behaviour_rating",
    "suggested_results_rating",
]


class Predicate(enum.StrEnum):
    """The employee's performance predicate (Predikat Kinerja Pegawai), PermenPANRB
    6/2022, Lampiran; best first."""

    SANGAT_BAIK = "SANGAT_BAIK"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"


class OrgPredicate(enum.StrEnum):
    """The organisation's performance predicate (Predikat Kinerja Organisasi), SE
    MenPANRB 3/2023; best first."""

    ISTIMEWA = "ISTIMEWA"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"


PREDICATES_BEST_FIRST: tuple[Predicate, ...] = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG,
    Predicate.SANGAT_KURANG,
)
ORG_PREDICATES_BEST_FIRST: tuple[OrgPredicate, ...] = (
    OrgPredicate.ISTIMEWA,
    OrgPredicate.BAIK,
    OrgPredicate.BUTUH_PERBAIKAN,
    OrgPredicate.KURANG,
    OrgPredicate.SANGAT_KURANG,
)
# The wording of the formal documents (6/2022 evaluation form; SE 3/2023 Format
# Penetapan Predikat Kinerja). In the matrix, Kurang is also called "Misconduct".
PREDICATE_LABELS: dict[Predicate, str] = {
    Predicate.SANGAT_BAIK: "Sangat Baik",
    Predicate.BAIK: "Baik",
    Predicate.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predicate.KURANG: "Kurang",
    Predicate.SANGAT_KURANG: "Sangat Kurang",
}
ORG_PREDICATE_LABELS: dict[OrgPredicate, str] = {
    OrgPredicate.ISTIMEWA: "Istimewa",
    OrgPredicate.BAIK: "Baik",
    OrgPredicate.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    OrgPredicate.KURANG: "Kurang",
    OrgPredicate.SANGAT_KURANG: "Sangat Kurang",
}

_E = TypeVar("_E", bound=enum.StrEnum)


def _member(enum_type: type[_E], value: object, what: str) -> _E:
    """The member of ``enum_type`` that is ``value`` or whose value ``value`` is.

    Only exact values are accepted (no case folding, no trimming): a stored code that
    differs from the enum is a bug to surface, not to guess around.
    """
    if isinstance(value, str):
        try:
            return enum_type(value)
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in enum_type)
    raise ValueError(f"{what} must be one of {allowed}; got {value!r}")


# -- the 6/2022 matrix ------------------------------------------------------------------

_ATAS = Rating.DI_ATAS_EKSPEKTASI
_SESUAI = Rating.SESUAI_EKSPEKTASI
_BAWAH = Rating.DI_BAWAH_EKSPEKTASI

# (rating hasil kerja, rating perilaku kerja) -> predicate.
_MATRIX: dict[tuple[Rating, Rating], Predicate] = {
    (_ATAS, _BAWAH): Predicate.KURANG,
    (_ATAS, _SESUAI): Predicate.BAIK,
    (_ATAS, _ATAS): Predicate.SANGAT_BAIK,
    (_SESUAI, _BAWAH): Predicate.KURANG,
    (_SESUAI, _SESUAI): Predicate.BAIK,
    (_SESUAI, _ATAS): Predicate.BAIK,
    (_BAWAH, _BAWAH): Predicate.SANGAT_KURANG,
    (_BAWAH, _SESUAI): Predicate.BUTUH_PERBAIKAN,
    (_BAWAH, _ATAS): Predicate.BUTUH_PERBAIKAN,
}


def performance_predicate(results: Rating | str, behaviour: Rating | str) -> Predicate:
    """The employee's predicate from the two ratings: the matrix (kuadran kinerja) of
    PermenPANRB 6/2022, Lampiran. Rows are the results rating (hasil kerja), columns the
    behaviour rating (perilaku kerja):

    - results Di Atas: behaviour Di Bawah → Kurang, Sesuai → Baik, Di Atas → Sangat Baik;
    - results Sesuai: behaviour Di Bawah → Kurang, Sesuai → Baik, Di Atas → Baik;
    - results Di Bawah: behaviour Di Bawah → Sangat Kurang, Sesuai → Butuh Perbaikan,
      Di Atas → Butuh Perbaikan.

    This is the default (matrix) predicate; under SE MenPANRB 3/2023 the appraiser then
    sets the final predicate within the organisation's distribution pattern. Raises
    ValueError when either argument is not a rating.
    """
    return _MATRIX[
        _member(Rating, results, "the results rating"),
        _member(Rating, behaviour, "the behaviour rating"),
    ]


# -- suggested ratings (6/2022) ---------------------------------------------------------


def _is_most(count: int, total: int) -> bool:
    # "Most" (sebagian besar) is not a number in the regulation; here it means more than
    # half, so that "most above" and "most below" can never both hold.
    return 2 * count > total


def suggested_results_rating(items: Iterable[tuple[Rating | str, bool]]) -> Rating | None:
    """The results rating (rating hasil kerja) to suggest from the ratings of the
    individual results (RHK): PermenPANRB 6/2022, Lampiran, as paraphrased in domain.md
    5.1.

    ``items`` holds one ``(rating, is_main)`` pair per result, ``is_main`` being True for a
    main result (hasil kerja utama) and False for an additional one (tambahan).

    - Di Atas Ekspektasi: most results are above expectation and no main result is below;
    - Di Bawah Ekspektasi: most results are below expectation;
    - Sesuai Ekspektasi: otherwise.

    "Most" means more than half of all the results. This is a suggestion: the appraiser
    decides and may override it with a reason. None when there is no result; ValueError
    when an item is not a (rating, bool) pair.
    """
    ratings: list[Rating] = []
    main_below = False
    for item in items:
        try:
            rating, is_main = item
        except (TypeError, ValueError):
            raise ValueError(
                f"each result must be a (rating, is_main) pair; got {item!r}"
            ) from None
        if not isinstance(is_main, bool):
            raise ValueError(f"is_main must be True or False; got {is_main!r}")
        member = _member(Rating, rating, "a result's rating")
        ratings.append(member)
        main_below = main_below or (is_main and member is _BAWAH)
    return _suggest(ratings, any_below_blocks_above=main_below)


def suggested_behaviour_rating(ratings: Iterable[Rating | str]) -> Rating | None:
    """The behaviour rating (rating perilaku kerja) to suggest from the ratings of the
    seven BerAKHLAK values: PermenPANRB 6/2022 gives no numeric rule, so this follows the
    results rule by analogy (domain.md 5.1).

    - Di Atas Ekspektasi: most values are above expectation and none is below;
    - Di Bawah Ekspektasi: most values are below expectation;
    - Sesuai Ekspektasi: otherwise.

    "Most" means more than half of the ratings given. The number of ratings is not checked
    (a form may be saved half filled). None when there is no rating; ValueError for
    anything that is not a rating.
    """
    members = [_member(Rating, rating, "a value's rating") for rating in ratings]
    return _suggest(members, any_below_blocks_above=_BAWAH in members)


def _suggest(ratings: list[Rating], *, any_below_blocks_above: bool) -> Rating | None:
    if not ratings:
        return None
    counts = Counter(ratings)
    if _is_most(counts[_ATAS], len(ratings)) and not any_below_blocks_above:
        return _ATAS
    if _is_most(counts[_BAWAH], len(ratings)):
        return _BAWAH
    return _SESUAI


def organisation_results_rating(org_predicate: OrgPredicate | str) -> Rating:
    """The results rating of a unit head (Camat, a Kasi heading a unit, ...), which SE
    MenPANRB 3/2023 takes from the unit's organisational predicate.

    The SE does not state how five predicates become three ratings; the documented
    default here (domain.md 5.1): Istimewa → Di Atas Ekspektasi, Baik → Sesuai
    Ekspektasi, Butuh Perbaikan / Kurang / Sangat Kurang → Di Bawah Ekspektasi.
    """
    member = _member(OrgPredicate, org_predicate, "the organisation predicate")
    if member is OrgPredicate.ISTIMEWA:
        return _ATAS
    if member is OrgPredicate.BAIK:
        return _SESUAI
    return _BAWAH


# -- the SE 3/2023 distribution pattern -------------------------------------------------


class DistributionRule(enum.StrEnum):
    """The rules of the SE MenPANRB 3/2023 distribution pattern, as stable codes."""

    # The dominant predicate is not strictly the largest group (Istimewa, Baik).
    NOT_MOST = "NOT_MOST"
    # The dominant predicate is above its cap of 70 % (Istimewa, Baik).
    DOMINANT_MAX = "DOMINANT_MAX"
    # The dominant predicate is below its minimum of 60 % (Butuh Perbaikan, Kurang,
    # Sangat Kurang).
    DOMINANT_MIN = "DOMINANT_MIN"
    # Another group that must be present is too small (Baik: BP and/or K; Kurang: BP;
    # Sangat Kurang: K and/or BP).
    REQUIRED_MIN = "REQUIRED_MIN"
    # Too many Sangat Baik: at most 10 % (Butuh Perbaikan, Kurang).
    SB_MAX = "SB_MAX"
    # Any Sangat Baik at all (Sangat Kurang).
    SB_NONE = "SB_NONE"


Bound = Literal["min", "max"]
_MIN: Bound = "min"
_MAX: Bound = "max"


@dataclass(frozen=True)
class DistributionViolation:
    """One rule of the pattern that a population breaks.

    ``predicates`` are the predicates whose (combined) count the rule limits; ``bound``
    says whether ``limit`` is a minimum or a maximum; ``percent`` is the share the SE
    states, or None for a rule that is not a share (NOT_MOST; Baik's "at least one
    BP and/or K"); ``limit`` is the count that share comes to for this population (after
    the small-unit adjustments of :func:`distribution_violations`) and ``actual`` the
    count found. For NOT_MOST, ``limit`` is one more than the largest other group: the
    least the dominant predicate needs to be the largest.
    """

    rule: DistributionRule
    predicates: tuple[Predicate, ...]
    bound: Bound
    percent: int | None
    limit: int
    actual: int


@dataclass(frozen=True)
class PredicateBounds:
    """The least and the most employees that one predicate may count."""

    predicate: Predicate
    minimum: int
    maximum: int


@dataclass(frozen=True)
class GroupMinimum:
    """The least employees that several predicates must count together."""

    predicates: tuple[Predicate, ...]
    minimum: int


@dataclass(frozen=True)
class PatternBounds:
    """The distribution pattern of one organisation predicate for ``population``
    employees, in counts (for drawing the allowed curve).

    A distribution fits the pattern exactly when every predicate's count lies within its
    ``PredicateBounds``, every ``GroupMinimum`` is met and, if ``largest`` is set, that
    predicate counts strictly more employees than any other: :func:`distribution_violations`
    then returns nothing. The bounds are the rules' own limits, each taken alone; they are
    not narrowed by what the other rules imply (under Baik, Sangat Baik may count up to the
    whole population on its own, though Baik must still be the largest group).
    """

    org_predicate: OrgPredicate
    population: int
    predicates: tuple[PredicateBounds, ...]
    group_minimums: tuple[GroupMinimum, ...]
    largest: Predicate | None

    def bounds(self, predicate: Predicate | str) -> PredicateBounds:
        """The bounds of one predicate."""
        member = _member(Predicate, predicate, "the predicate")
        return next(bounds for bounds in self.predicates if bounds.predicate is member)


@dataclass(frozen=True)
class _Rule:
    rule: DistributionRule
    predicates: tuple[Predicate, ...]
    bound: Bound
    percent: int | None


_SB = Predicate.SANGAT_BAIK
_B = Predicate.BAIK
_BP = Predicate.BUTUH_PERBAIKAN
_K = Predicate.KURANG
_SK = Predicate.SANGAT_KURANG

# SE MenPANRB 3/2023, the pattern of the employees' predicates for each organisation
# predicate (domain.md 5.4). Each organisation predicate's first rule is its dominant
# group: NOT_MOST (Istimewa, Baik) or DOMINANT_MIN (the other three).
_DOMINANT_CAP_PERCENT = 70
_DOMINANT_MIN_PERCENT = 60
_OTHER_MIN_PERCENT = 10
_SB_CAP_PERCENT = 10
_PATTERNS: dict[OrgPredicate, tuple[_Rule, ...]] = {
    OrgPredicate.ISTIMEWA: (
        _Rule(DistributionRule.NOT_MOST, (_SB,), _MIN, None),
        _Rule(DistributionRule.DOMINANT_MAX, (_SB,), _MAX, _DOMINANT_CAP_PERCENT),
    ),
    OrgPredicate.BAIK: (
        _Rule(DistributionRule.NOT_MOST, (_B,), _MIN, None),
        _Rule(DistributionRule.DOMINANT_MAX, (_B,), _MAX, _DOMINANT_CAP_PERCENT),
        _Rule(DistributionRule.REQUIRED_MIN, (_BP, _K), _MIN, None),
    ),
    OrgPredicate.BUTUH_PERBAIKAN: (
        _Rule(DistributionRule.DOMINANT_MIN, (_BP,), _MIN, _DOMINANT_MIN_PERCENT),
        _Rule(DistributionRule.SB_MAX, (_SB,), _MAX, _SB_CAP_PERCENT),
    ),
    OrgPredicate.KURANG: (
        _Rule(DistributionRule.DOMINANT_MIN, (_K,), _MIN, _DOMINANT_MIN_PERCENT),
        _Rule(DistributionRule.REQUIRED_MIN, (_BP,), _MIN, _OTHER_MIN_PERCENT),
        _Rule(DistributionRule.SB_MAX, (_SB,), _MAX, _SB_CAP_PERCENT),
    ),
    OrgPredicate.SANGAT_KURANG: (
        _Rule(DistributionRule.DOMINANT_MIN, (_SK,), _MIN, _DOMINANT_MIN_PERCENT),
        _Rule(DistributionRule.REQUIRED_MIN, (_K, _BP), _MIN, _OTHER_MIN_PERCENT),
        _Rule(DistributionRule.SB_NONE, (_SB,), _MAX, 0),
    ),
}


def _floor_share(percent: int, population: int) -> int:
    return percent * population // 100


def _ceil_share(percent: int, population: int) -> int:
    return -(-percent * population // 100)


def _least_largest(population: int) -> int:
    """The fewest employees a predicate can count and still be strictly the largest
    group: the rest spread as evenly as they can be over the four other predicates."""
    others = len(Predicate) - 1
    for count in range(population + 1):
        rest = population - count
        if count > -(-rest // others):
            return count
    return population  # only for an empty population


def _stated_limit(rule: _Rule, population: int) -> int:
    """The count the SE's wording comes to, before the small-unit adjustments."""
    if rule.percent is None:  # "there must be": at least one
        return 1
    if rule.bound == _MIN:
        return _ceil_share(rule.percent, population)
    return _floor_share(rule.percent, population)


def _dominant_minimum(rules: tuple[_Rule, ...], population: int) -> int:
    dominant = rules[0]
    if dominant.rule is DistributionRule.NOT_MOST:
        return _least_largest(population)
    return _stated_limit(dominant, population)


def _limit(rule: _Rule, rules: tuple[_Rule, ...], population: int) -> int:
    """The count a rule allows for this population, adjusted for small units."""
    if rule.rule is DistributionRule.NOT_MOST:
        return _least_largest(population)
    stated = _stated_limit(rule, population)
    if rule.rule is DistributionRule.DOMINANT_MAX:
        return max(stated, _least_largest(population))
    if rule.rule is DistributionRule.REQUIRED_MIN:
        return min(stated, population - _dominant_minimum(rules, population))
    return stated


def distribution_violations(
    org_predicate: OrgPredicate | str, predicates: Iterable[Predicate | str]
) -> list[DistributionViolation]:
    """The rules of the SE MenPANRB 3/2023 distribution pattern that the employees'
    predicates break, in the order of the table below; empty when they fit.

    ``predicates`` holds one predicate per employee of the population evaluated under
    the organisation (for a kecamatan: every ASN except the Camat). The pattern
    (SE 3/2023, domain.md 5.4), with SB, B, BP, K, SK for the five predicates:

    ===============  ===============================================================
    Istimewa         SB is the largest group (NOT_MOST); SB at most 70 % (DOMINANT_MAX)
    Baik             B is the largest group (NOT_MOST); B at most 70 % (DOMINANT_MAX);
                     at least one BP and/or K (REQUIRED_MIN)
    Butuh Perbaikan  BP at least 60 % (DOMINANT_MIN); SB at most 10 % (SB_MAX)
    Kurang           K at least 60 % (DOMINANT_MIN); BP at least 10 % (REQUIRED_MIN);
                     SB at most 10 % (SB_MAX)
    Sangat Kurang    SK at least 60 % (DOMINANT_MIN); K and/or BP at least 10 %
                     (REQUIRED_MIN); no SB at all (SB_NONE)
    ===============  ===============================================================

    How the words become counts, for N employees:

    - "Most are SB" (or B): that predicate counts strictly more employees than any other
      single predicate. A tie is not "most". A plurality is enough: the 70 % cap shows
      the SE does not ask for a majority.
    - A share as a cap is ``floor(pct * N)``; a share as a minimum is ``ceil(pct * N)``
      (domain.md 5.4, small-unit rounding); "there must be" is at least one. Caps of
      10 % therefore allow no SB at all below ten employees.
    - Small units, where the literal rules of one predicate contradict each other:
      (a) a 70 % cap never falls below the fewest employees the dominant predicate needs
      to be the largest group. Otherwise no distribution could fit: one employee under
      Istimewa could not be SB (floor(0.7) = 0) and yet SB must be the largest group. So
      the cap is 1 for N = 1 and 2 for N = 2, and the literal floor from N = 3 on.
      (b) a minimum for another group never asks for more employees than are left once
      the dominant group has its own minimum. So Baik's "at least one BP and/or K", and
      the 10 % of Kurang and Sangat Kurang, are waived for N = 1 and N = 2.
      With these two adjustments every organisation predicate admits at least one
      distribution for every N ≥ 1.

    An empty population breaks no rule. Raises ValueError when the organisation
    predicate or any employee's predicate is not one of the enum's values.
    """
    org = _member(OrgPredicate, org_predicate, "the organisation predicate")
    counts = Counter(_member(Predicate, predicate, "a predicate") for predicate in predicates)
    population = sum(counts.values())
    if population == 0:
        return []
    rules = _PATTERNS[org]
    violations: list[DistributionViolation] = []
    for rule in rules:
        actual = sum(counts[predicate] for predicate in rule.predicates)
        if rule.rule is DistributionRule.NOT_MOST:
            (dominant,) = rule.predicates
            limit = 1 + max(counts[other] for other in Predicate if other is not dominant)
        else:
            limit = _limit(rule, rules, population)
        broken = actual < limit if rule.bound == _MIN else actual > limit
        if broken:
            violations.append(
                DistributionViolation(
                    rule=rule.rule,
                    predicates=rule.predicates,
                    bound=rule.bound,
                    percent=rule.percent,
                    limit=limit,
                    actual=actual,
                )
            )
    return violations


def allowed_pattern(org_predicate: OrgPredicate | str, population: int) -> PatternBounds:
    """The SE MenPANRB 3/2023 pattern of ``org_predicate`` in counts, for ``population``
    employees: per predicate the least and most employees allowed, the minimum of a
    group of predicates taken together, and the predicate that must be the largest group.

    Computed from the same rules and small-unit adjustments as
    :func:`distribution_violations`: a distribution fits these bounds exactly when that
    function finds no violation. Under Istimewa and Baik the dominant predicate's minimum
    is the fewest employees it needs to be the largest group at all. Raises ValueError
    for a negative population.
    """
    org = _member(OrgPredicate, org_predicate, "the organisation predicate")
    if population < 0:
        raise ValueError(f"the population cannot be negative; got {population!r}")
    minimum = dict.fromkeys(Predicate, 0)
    maximum = dict.fromkeys(Predicate, population)
    groups: list[GroupMinimum] = []
    largest: Predicate | None = None
    rules = _PATTERNS[org]
    if population:
        for rule in rules:
            limit = _limit(rule, rules, population)
            if rule.rule is DistributionRule.NOT_MOST:
                (largest,) = rule.predicates
            if len(rule.predicates) > 1:
                groups.append(GroupMinimum(predicates=rule.predicates, minimum=limit))
                continue
            (predicate,) = rule.predicates
            if rule.bound == _MIN:
                minimum[predicate] = max(minimum[predicate], limit)
            else:
                maximum[predicate] = min(maximum[predicate], limit)
    return PatternBounds(
        org_predicate=org,
        population=population,
        predicates=tuple(
            PredicateBounds(predicate=p, minimum=minimum[p], maximum=maximum[p])
            for p in PREDICATES_BEST_FIRST
        ),
        group_minimums=tuple(groups),
        largest=largest,
    )


# -- PP 30/2019 Pasal 41: the numeric method --------------------------------------------

# Pasal 41: 70 % SKP + 30 % behaviour where peers' and subordinates' views are not taken
# into account; 60 % + 40 % where they are.
SKP_WEIGHT_WITHOUT_PEER_INPUT = 70
SKP_WEIGHT_WITH_PEER_INPUT = 60
_FULL_WEIGHT = 100
_SCORE_PLACES = Decimal("0.01")
# The bands of Pasal 41 stop at 120; a higher score is read as 120.
NUMERIC_SCORE_CEILING = Decimal(120)
_SANGAT_BAIK_FROM = Decimal(110)
_BAIK_FROM = Decimal(90)
_CUKUP_FROM = Decimal(70)
_KURANG_FROM = Decimal(50)


def _score(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise ValueError(f"{what} must be a number; got {value!r}")
    try:
        # str() first: Decimal(0.1) would carry the float's binary noise into the bands.
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what} must be a number; got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number; got {value!r}")
    if number < 0:
        raise ValueError(f"{what} cannot be negative; got {value!r}")
    return number


def numeric_score(
    skp_score: Decimal | int | float | str,
    behaviour_score: Decimal | int | float | str,
    *,
    skp_weight: int,
) -> Decimal:
    """The performance score (nilai kinerja) of PP 30/2019 Pasal 41: the SKP score and
    the behaviour score weighted 70/30 (``skp_weight=70``, behaviour judged without
    peers' and subordinates' views) or 60/40 (``skp_weight=60``, with them), rounded to
    two places half up.

    Raises ValueError for any other weight, or for a score that is not a number or is
    negative.
    """
    if isinstance(skp_weight, bool) or skp_weight not in {
        SKP_WEIGHT_WITHOUT_PEER_INPUT,
        SKP_WEIGHT_WITH_PEER_INPUT,
    }:
        raise ValueError(
            f"the SKP weight must be {SKP_WEIGHT_WITHOUT_PEER_INPUT} or "
            f"{SKP_WEIGHT_WITH_PEER_INPUT} (PP 30/2019 Pasal 41); got {skp_weight!r}"
        )
    skp = _score(skp_score, "the SKP score")
    behaviour = _score(behaviour_score, "the behaviour score")
    weight = Decimal(int(skp_weight))
    total = (skp * weight + behaviour * (_FULL_WEIGHT - weight)) / _FULL_WEIGHT
    return total.quantize(_SCORE_PLACES, rounding=ROUND_HALF_UP)


def numeric_predicate(score: Decimal | int | float | str, *, has_innovation: bool) -> Predicate:
    """The predicate of a performance score under PP 30/2019 Pasal 41:

    - Sangat Baik: 110 ≤ x ≤ 120 **and** the employee created a new idea or method that
      improved performance and benefited the organisation or the state
      (``has_innovation``);
    - Baik: 90 ≤ x ≤ 120 (so 110–120 without an innovation is Baik);
    - Cukup: 70 ≤ x < 90, reported as Butuh Perbaikan, its place in the 6/2022 scale;
    - Kurang: 50 ≤ x < 70;
    - Sangat Kurang: x < 50.

    The bands stop at 120; a higher score is read as 120 (documented default). Raises
    ValueError for a score that is not a number or is negative.
    """
    value = min(_score(score, "the score"), NUMERIC_SCORE_CEILING)
    if value >= _SANGAT_BAIK_FROM and has_innovation:
        return Predicate.SANGAT_BAIK
    if value >= _BAIK_FROM:
        return Predicate.BAIK
    if value >= _CUKUP_FROM:
        return Predicate.BUTUH_PERBAIKAN
    if value >= _KURANG_FROM:
        return Predicate.KURANG
    return Predicate.SANGAT_KURANG
