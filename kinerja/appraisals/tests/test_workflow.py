"""The evaluation workflow table and the objection deadline (PP 30/2019 Pasal 59)."""

from datetime import date, timedelta

import pytest

from kinerja.appraisals.workflow import (
    STEPS,
    EvaluationStatus,
    Step,
    is_delivered,
    is_rating_open,
    next_status,
    objection_deadline,
)

S = EvaluationStatus
ALLOWED = {
    (S.DRAFT, Step.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, Step.REOPEN): S.DRAFT,
    (S.SUBMITTED, Step.DELIVER): S.DELIVERED,
    (S.DELIVERED, Step.OBJECT): S.OBJECTED,
    (S.OBJECTED, Step.DECIDE): S.DECIDED,
}


@pytest.mark.parametrize("status", list(EvaluationStatus))
@pytest.mark.parametrize("step", list(Step))
def test_every_pair_of_status_and_step(status: EvaluationStatus, step: Step) -> None:
    assert next_status(status, step) == ALLOWED.get((status, step))
    assert next_status(status.value, step.value) == ALLOWED.get((status, step))


def test_every_step_is_in_the_table() -> None:
    assert set(STEPS) == set(Step)


def test_a_decided_evaluation_goes_nowhere() -> None:
    assert all(next_status(S.DECIDED, step) is None for step in Step)


@pytest.mark.parametrize(
    ("status", "rating_open", "delivered"),
    [
        (S.DRAFT, True, False),
        (S.SUBMITTED, False, False),
        (S.DELIVERED, False, True),
        (S.OBJECTED, False, True),
        (S.DECIDED, False, True),
    ],
)
def test_who_sees_and_edits_what(
    status: EvaluationStatus, rating_open: bool, delivered: bool
) -> None:
    assert is_rating_open(status) is rating_open
    assert is_delivered(status) is delivered


def _weekdays(day: date) -> bool:
    return day.weekday() < 5


# Friday 2026-12-04 is delivery day in the working-day cases; 2026-12-25 is Christmas.
def _office_days(day: date) -> bool:
    return _weekdays(day) and day not in {date(2026, 12, 25)}


@pytest.mark.parametrize(
    ("delivered", "days", "working", "calendar", "expected"),
    [
        # Calendar days: the day of delivery does not count.
        (date(2026, 12, 4), 14, False, _weekdays, date(2026, 12, 18)),
        (date(2026, 12, 31), 14, False, _weekdays, date(2027, 1, 14)),
        (date(2026, 2, 20), 14, False, _weekdays, date(2026, 3, 6)),
        (date(2026, 12, 4), 1, False, _weekdays, date(2026, 12, 5)),
        # Working days: weekends do not count ...
        (date(2026, 12, 4), 14, True, _weekdays, date(2026, 12, 24)),
        (date(2026, 12, 4), 1, True, _weekdays, date(2026, 12, 7)),
        # ... nor a holiday of the office's calendar.
        (date(2026, 12, 14), 10, True, _office_days, date(2026, 12, 29)),
        # Delivered on a Saturday: Monday is the first working day.
        (date(2026, 12, 5), 1, True, _weekdays, date(2026, 12, 7)),
    ],
)
def test_objection_deadline(delivered, days, working, calendar, expected) -> None:
    assert (
        objection_deadline(delivered, days, working_days=working, is_working_day=calendar)
        == expected
    )


@pytest.mark.parametrize("days", [0, -1])
def test_the_period_is_at_least_one_day(days: int) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        objection_deadline(date(2026, 1, 1), days, working_days=False, is_working_day=_weekdays)


@pytest.mark.parametrize("days", range(1, 30))
def test_working_days_never_end_before_calendar_days(days: int) -> None:
    start = date(2026, 3, 2)
    calendar = objection_deadline(start, days, working_days=False, is_working_day=_weekdays)
    working = objection_deadline(start, days, working_days=True, is_working_day=_weekdays)
    assert working >= calendar
    assert _weekdays(working)
    assert (
        sum(_weekdays(start + timedelta(days=n)) for n in range(1, (working - start).days + 1))
        == days
    )
