"""The rollout stage of a unit on a day (``organization.rollout``)."""

from datetime import date

import pytest

from kinerja.organization.rollout import RolloutStage, plan_problem, stage_on, unit_stage

PILOT = date(2026, 3, 1)
LIVE = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("day", "pilot_from", "active_from", "stage"),
    [
        (date(2026, 2, 28), PILOT, LIVE, RolloutStage.NOT_STARTED),
        (PILOT, PILOT, LIVE, RolloutStage.PILOT),
        (date(2026, 6, 30), PILOT, LIVE, RolloutStage.PILOT),
        (LIVE, PILOT, LIVE, RolloutStage.ACTIVE),
        (date(2027, 1, 1), PILOT, LIVE, RolloutStage.ACTIVE),
        # Straight to live, without a pilot.
        (date(2026, 6, 30), None, LIVE, RolloutStage.NOT_STARTED),
        (LIVE, None, LIVE, RolloutStage.ACTIVE),
        # A pilot with no date to go live yet.
        (date(2030, 1, 1), PILOT, None, RolloutStage.PILOT),
        (date(2030, 1, 1), None, None, RolloutStage.NOT_STARTED),
    ],
)
def test_stage_on(day, pilot_from, active_from, stage):
    assert stage_on(day, pilot_from=pilot_from, active_from=active_from) == stage


@pytest.mark.parametrize(
    ("pilot_from", "active_from", "problem"),
    [
        (PILOT, LIVE, None),
        (PILOT, PILOT, None),
        (LIVE, PILOT, "active_before_pilot"),
        (None, PILOT, None),
        (PILOT, None, None),
    ],
)
def test_plan_problem(pilot_from, active_from, problem):
    assert plan_problem(pilot_from, active_from) == problem


PLANS = {
    "/KEC/": (None, date(2026, 1, 1)),
    "/KEC/KEL-A/": (PILOT, LIVE),
    "/KEC/KEL-B/": (None, None),
}


@pytest.mark.parametrize(
    ("path", "day", "stage"),
    [
        ("/KEC/", date(2026, 4, 1), RolloutStage.ACTIVE),
        ("/KEC/SEKSI/", date(2026, 4, 1), RolloutStage.ACTIVE),  # follows the kecamatan
        ("/KEC/KEL-A/", date(2026, 4, 1), RolloutStage.PILOT),  # its own plan
        ("/KEC/KEL-A/RT/", date(2026, 4, 1), RolloutStage.PILOT),  # its parent's
        ("/KEC/KEL-A/RT/", LIVE, RolloutStage.ACTIVE),
        ("/KEC/KEL-B/", date(2026, 4, 1), RolloutStage.NOT_STARTED),  # a plan with no dates
        ("/LAIN/", date(2026, 4, 1), RolloutStage.ACTIVE),  # no plan anywhere: live
        ("/KEC/", date(2025, 12, 31), RolloutStage.NOT_STARTED),
    ],
)
def test_unit_stage_follows_the_nearest_plan(path, day, stage):
    assert unit_stage(path, day, PLANS) == stage
