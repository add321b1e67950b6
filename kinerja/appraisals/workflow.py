"""The workflow of an evaluation (PermenPANRB 6/2022 Pasal 5, penilaian kinerja; SE
MenPANRB 3/2023; PP 30/2019 Pasal 59 on objections), as a pure table.

The appraiser rates and submits the evaluation; the leader calibrates the unit's
predicates against the distribution pattern and finalises them, which delivers each
result to its employee; the employee may object within the deadline; the appraiser's
superior decides the objection, and that decision is final.

No Django: the services read this table, the tests walk every pair of states.
"""

import enum
from collections.abc import Callable, Mapping
from datetime import date, timedelta


class EvaluationStatus(enum.StrEnum):
    # The appraiser is rating.
    DRAFT = "DRAFT"
    # Rated and proposed to the calibration of the unit.
    SUBMITTED = "DIAJUKAN"
    # Finalised in calibration and delivered to the employee; the objection window runs.
    DELIVERED = "DISAMPAIKAN"
    # The employee objected; the appraiser explains, the superior decides.
    OBJECTED = "KEBERATAN"
    # The superior decided the objection: final and locked (PP 30/2019 Pasal 59).
    DECIDED = "DIPUTUSKAN"


class Step(enum.StrEnum):
    SUBMIT = "SUBMIT"
    REOPEN = "REOPEN"
    DELIVER = "DELIVER"
    OBJECT = "OBJECT"
    DECIDE = "DECIDE"


STEPS: Mapping[Step, tuple[frozenset[EvaluationStatus], EvaluationStatus]] = {
    Step.SUBMIT: (frozenset({EvaluationStatus.DRAFT}), EvaluationStatus.SUBMITTED),
    # Back to the appraiser, until the calibration is finalised.
    Step.REOPEN: (frozenset({EvaluationStatus.SUBMITTED}), EvaluationStatus.DRAFT),
    Step.DELIVER: (frozenset({EvaluationStatus.SUBMITTED}), EvaluationStatus.DELIVERED),
    Step.OBJECT: (frozenset({EvaluationStatus.DELIVERED}), EvaluationStatus.OBJECTED),
    Step.DECIDE: (frozenset({EvaluationStatus.OBJECTED}), EvaluationStatus.DECIDED),
}


def next_status(current: EvaluationStatus | str, step: Step | str) -> EvaluationStatus | None:
    """The status after ``step``, or None when the step is not allowed from ``current``."""
    sources, target = STEPS[Step(step)]
    return target if EvaluationStatus(current) in sources else None


def is_rating_open(status: EvaluationStatus | str) -> bool:
    """The appraiser changes ratings only while the evaluation is a draft."""
    return EvaluationStatus(status) == EvaluationStatus.DRAFT


def is_delivered(status: EvaluationStatus | str) -> bool:
    """The employee sees the result once it is delivered, and from then on."""
    return EvaluationStatus(status) in {
        EvaluationStatus.DELIVERED,
        EvaluationStatus.OBJECTED,
        EvaluationStatus.DECIDED,
    }


def objection_deadline(
    delivered_on: date,
    days: int,
    *,
    working_days: bool,
    is_working_day: Callable[[date], bool],
) -> date:
    """The last day an objection may be lodged: ``days`` days after the result was
    delivered (PP 30/2019 Pasal 59: within 14 days of receiving it). Counted in calendar
    days, or in working days of the office's calendar when ``working_days`` is set; the
    day of delivery itself does not count."""
    if days < 1:
        raise ValueError("the objection period must be at least one day")
    if not working_days:
        return delivered_on + timedelta(days=days)
    day, counted = delivered_on, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
