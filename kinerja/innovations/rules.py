"""The rules of the innovation ledger as pure functions: the life of a submission, the
score of one review on the rubric, the panel's score, when an innovation may be
verified, and the credit it earns each member under the yearly cap.

No Django, no clock, no settings. The regulation only says that innovation counts
(PP 30/2019 Pasal 41: "Sangat Baik" needs a new idea or method of benefit to the
organisation; PermenPANRB 6/2022: innovation is indicator 6b of BerAKHLAK, Adaptif, and
extra work is recorded as kinerja tambahan). How much an innovation counts is local
governance, published in the criteria version (its rubric, pass score and credit cap):

- A reviewer gives each rubric criterion 0 to its highest points. The review's score out
  of 100 is the weighted mean of points / highest points: with four criteria of equal
  weight scored 0–5, every point is worth 5.
- The panel's score is the mean of the reviews' scores.
- Verification needs at least ``MIN_REVIEWS`` reviews and a panel score of at least the
  version's pass score. Rejection needs only a written reason.
- Every member of a verified innovation earns panel score / 100 * ``CREDIT_PER_INNOVATION``
  points (a team's innovation is not split between its
  members): a panel score of 72.5 earns 7.25 points.
- An employee's verified credit in a performance year never exceeds the version's cap:
  the credit of a later innovation is cut to what is left under it (never below 0).

Every score and credit is rounded half up to two places.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Reviews needed before an innovation can be verified: one reviewer's view is not a panel.
MIN_REVIEWS = 2
# The credit of an innovation with a perfect panel score, per member.
CREDIT_PER_INNOVATION = Decimal(10)
FULL_SCORE = Decimal(100)
TWO_PLACES = Decimal("0.01")
ZERO = Decimal(0)


class InnovationStatus(enum.StrEnum):
    SUBMITTED = "DIAJUKAN"
    # A reviewer was appointed or the first review arrived.
    IN_REVIEW = "DINILAI"
    VERIFIED = "TERVERIFIKASI"
    REJECTED = "DITOLAK"


UNDECIDED = frozenset({InnovationStatus.SUBMITTED, InnovationStatus.IN_REVIEW})


def is_undecided(status: InnovationStatus | str) -> bool:
    return InnovationStatus(status) in UNDECIDED


def is_editable_by_submitter(status: InnovationStatus | str) -> bool:
    """The submitter edits until the panel starts: once a reviewer is appointed or a
    review is in, every reviewer must score the same text."""
    return InnovationStatus(status) == InnovationStatus.SUBMITTED


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class RubricPoints:
    """The points a reviewer gave one rubric criterion, with the criterion's scale."""

    points: int
    max_points: int
    weight: Decimal


def points_problem(points: int, max_points: int) -> bool:
    """True when ``points`` is not a whole number between 0 and ``max_points``."""
    return not 0 <= points <= max_points


def review_score(items: Sequence[RubricPoints]) -> Decimal:
    """The score (0–100, two places) of one review: sum(points / highest * weight) /
    sum(weight) * 100. Raises ValueError for an empty rubric, a non-positive weight or scale, or
    points outside the scale."""
    if not items:
        raise ValueError("a review needs at least one rubric criterion")
    total_weight = ZERO
    weighted = ZERO
    for item in items:
        if item.max_points < 1 or item.weight <= 0:
            raise ValueError("rubric criteria need a positive scale and weight")
        if points_problem(item.points, item.max_points):
            raise ValueError("points outside the criterion's scale")
        total_weight += item.weight
        weighted += Decimal(item.points) / Decimal(item.max_points) * item.weight
    return _two_places(weighted / total_weight * FULL_SCORE)


def panel_score(scores: Sequence[Decimal]) -> Decimal | None:
    """The mean of the reviews' scores (two places); None without reviews."""
    if not scores:
        return None
    return _two_places(sum(scores, ZERO) / len(scores))


class VerificationProblem(enum.StrEnum):
    TOO_FEW_REVIEWS = "TOO_FEW_REVIEWS"
    SCORE_TOO_LOW = "SCORE_TOO_LOW"


def verification_problem(
    review_count: int, score: Decimal | None, pass_score: Decimal
) -> VerificationProblem | None:
    """Why the innovation cannot be verified yet, or None when it can."""
    if review_count < MIN_REVIEWS:
        return VerificationProblem.TOO_FEW_REVIEWS
    if score is None or score < pass_score:
        return VerificationProblem.SCORE_TOO_LOW
    return None


def credit_points(score: Decimal) -> Decimal:
    """The credit (two places) each member earns for a panel score out of 100."""
    if not ZERO <= score <= FULL_SCORE:
        raise ValueError("a panel score lies between 0 and 100")
    return _two_places(score / FULL_SCORE * CREDIT_PER_INNOVATION)


def capped_credit(points: Decimal, *, earned: Decimal, cap: Decimal) -> Decimal:
    """``points`` cut to what is left under ``cap`` after the ``earned`` credit of the
    same year; never negative."""
    room = max(cap - earned, ZERO)
    return _two_places(min(points, room))
