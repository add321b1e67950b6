"""The rules of a criteria version, as pure functions: the scoring curve of an indicator,
the weighted results score and the rating it suggests, the lifecycle of a version, who an
indicator applies to, and the minimum group size before a breakdown is shown.

No Django, no clock, no settings. The curve and the thresholds are local governance on
top of PermenPANRB 6/2022: the regulation leaves the appraiser to judge "above, meeting or
below expectation" (Lampiran, rating hasil kerja); the office makes that judgement
predictable by publishing how evidence turns into a suggested rating, which the
appraiser may override with a written reason.
"""

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinerja.core.ratings import Rating

SCORE_AT_FLOOR = Decimal(0)
SCORE_AT_TARGET = Decimal(100)
SCORE_AT_CEILING = Decimal(120)
SCORE_PLACES = Decimal("0.01")
FULL_WEIGHT = Decimal(100)
# The results side (hasil kerja) of a version: the office's three criteria. Every other
# aspect is one of the seven BerAKHLAK values (the behaviour side).
RESULTS_ASPECT_VALUES = frozenset({"EFISIENSI", "EFEKTIVITAS", "INOVASI"})
# A breakdown of consultation participants shows a group only from this many people on,
# so that nobody can be singled out (the anonymity rule of the consultation rounds).
MINIMUM_GROUP_SIZE = 5


class CurveProblem(enum.StrEnum):
    NOT_ORDERED = "NOT_ORDERED"
    NOT_ORDERED_LOWER = "NOT_ORDERED_LOWER"


def curve_problem(
    floor: Decimal, target: Decimal, ceiling: Decimal, *, lower_is_better: bool
) -> CurveProblem | None:
    """None when the three points make a curve: floor < target < ceiling, or, for an
    indicator where lower is better (a turnaround time), floor > target > ceiling."""
    if lower_is_better:
        return None if floor > target > ceiling else CurveProblem.NOT_ORDERED_LOWER
    return None if floor < target < ceiling else CurveProblem.NOT_ORDERED


def curve_score(
    value: Decimal,
    *,
    floor: Decimal,
    target: Decimal,
    ceiling: Decimal,
    lower_is_better: bool = False,
) -> Decimal:
    """The score (0–120, two places) of a measured ``value`` on an indicator's curve.

    0 at the floor and beyond it, 100 at the target, 120 at the ceiling and beyond it,
    linear in between. With ``lower_is_better`` the floor is the highest (worst) value
    and the ceiling the lowest (best). The curve must be valid (:func:`curve_problem`).
    """
    if curve_problem(floor, target, ceiling, lower_is_better=lower_is_better) is not None:
        raise ValueError("floor, target and ceiling are not in order")
    if lower_is_better:
        # Mirror the axis: a lower value is further along the curve.
        value, floor, target, ceiling = -value, -floor, -target, -ceiling
    if value <= floor:
        score = SCORE_AT_FLOOR
    elif value >= ceiling:
        score = SCORE_AT_CEILING
    elif value <= target:
        score = SCORE_AT_TARGET * (value - floor) / (target - floor)
    else:
        span = SCORE_AT_CEILING - SCORE_AT_TARGET
        score = SCORE_AT_TARGET + span * (value - target) / (ceiling - target)
    return score.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def weight_total(weights: Iterable[Decimal]) -> Decimal:
    return sum(weights, Decimal(0))


def weighted_score(parts: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """The results score: the indicator scores weighted by their weights (which sum to
    100 in an adopted version), two places."""
    total = sum((score * weight for score, weight in parts), Decimal(0)) / FULL_WEIGHT
    return total.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def thresholds_problem(above: Decimal, meets: Decimal) -> bool:
    """True when the thresholds cannot work: both within 0–120, ``above`` higher."""
    return not (SCORE_AT_FLOOR < meets < above <= SCORE_AT_CEILING)


def suggested_rating(score: Decimal, *, above: Decimal, meets: Decimal) -> Rating:
    """The results rating a score suggests: at least ``above`` → Di Atas Ekspektasi, at
    least ``meets`` → Sesuai Ekspektasi, else Di Bawah Ekspektasi."""
    if score >= above:
        return Rating.DI_ATAS_EKSPEKTASI
    if score >= meets:
        return Rating.SESUAI_EKSPEKTASI
    return Rating.DI_BAWAH_EKSPEKTASI


class Stage(enum.StrEnum):
    """The lifecycle of a criteria version."""

    DRAFT = "DRAFT"
    CONSULTATION = "KONSULTASI"
    ADOPTED = "DISAHKAN"
    PUBLISHED = "DITERBITKAN"
    RETIRED = "DIARSIPKAN"


# Forward through consultation and adoption to publication; a draft may skip the
# consultation, and a version still being prepared may go back to draft. Once published
# it can only be retired; a retired version stays as it is forever.
TRANSITIONS: Mapping[Stage, frozenset[Stage]] = {
    Stage.DRAFT: frozenset({Stage.CONSULTATION, Stage.ADOPTED}),
    Stage.CONSULTATION: frozenset({Stage.DRAFT, Stage.ADOPTED}),
    Stage.ADOPTED: frozenset({Stage.DRAFT, Stage.PUBLISHED}),
    Stage.PUBLISHED: frozenset({Stage.RETIRED}),
    Stage.RETIRED: frozenset(),
}


def can_move(current: Stage | str, to: Stage | str) -> bool:
    return Stage(to) in TRANSITIONS[Stage(current)]


def is_editable(stage: Stage | str) -> bool:
    """Content can change while the version is a draft or in consultation; from adoption
    on it is what was agreed, and once published it is what everyone acknowledged."""
    return Stage(stage) in {Stage.DRAFT, Stage.CONSULTATION}


def applies_to(
    position_kind: str,
    unit_path: str,
    *,
    position_kinds: Iterable[str],
    unit_paths: Iterable[str],
) -> bool:
    """Whether an indicator applies to an employee with this position kind in the unit at
    ``unit_path`` ("/KEC/PEL/"). Empty lists mean everyone; a unit includes its sub-units."""
    kinds = set(position_kinds)
    paths = list(unit_paths)
    if kinds and position_kind not in kinds:
        return False
    return not paths or any(unit_path.startswith(path) for path in paths)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Groups large enough to show, and how many people sit in the groups that are not."""

    shown: tuple[tuple[str, int], ...]
    hidden_people: int
    hidden_groups: int


def breakdown(groups: Mapping[str, int], *, minimum: int = MINIMUM_GROUP_SIZE) -> Breakdown:
    """Split participant counts per group into those shown (at least ``minimum`` people,
    largest first) and the rest, which are only counted together."""
    shown = sorted(
        ((name, count) for name, count in groups.items() if count >= minimum),
        key=lambda item: (-item[1], item[0]),
    )
    small = [count for count in groups.values() if 0 < count < minimum]
    return Breakdown(tuple(shown), sum(small), len(small))


@dataclass(frozen=True, slots=True)
class WeightedIndicator:
    weight: Decimal
    position_kinds: tuple[str, ...]
    unit_paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """A kind of employee the organisation has: a position type in a unit."""

    position_kind: str
    unit_path: str


def weight_gaps(
    indicators: Iterable[WeightedIndicator], profiles: Iterable[Profile]
) -> list[tuple[Profile, Decimal]]:
    """The profiles whose results-side weights do not sum to 100, with their sum.

    Indicators may apply to some positions or units only (a service on-time rate to the
    front desk), so the weights are checked for every kind of employee the organisation
    has: each must find exactly 100 among the indicators that apply to them.
    """
    indicators = list(indicators)
    gaps = []
    for profile in profiles:
        total = weight_total(
            indicator.weight
            for indicator in indicators
            if applies_to(
                profile.position_kind,
                profile.unit_path,
                position_kinds=indicator.position_kinds,
                unit_paths=indicator.unit_paths,
            )
        )
        if total != FULL_WEIGHT:
            gaps.append((profile, total))
    return gaps
