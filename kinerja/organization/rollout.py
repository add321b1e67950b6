"""The phased introduction of Kinerja, unit by unit, as a pure function.

Each unit may have a rollout plan: the day its pilot (uji coba) starts and the day it goes
live (aktif). A unit without a plan of its own follows its nearest ancestor that has one;
an organisation without any plan is live, which is how an office that adopts Kinerja all
at once runs it. In the pilot, results are computed and shown but are not final and stay
out of the organisation's distribution (SE MenPANRB 3/2023 curve).

No Django, no clock, no settings.
"""

import enum
from collections.abc import Mapping
from datetime import date


class RolloutStage(enum.StrEnum):
    NOT_STARTED = "BELUM"
    PILOT = "UJI_COBA"
    ACTIVE = "AKTIF"


def stage_on(day: date, *, pilot_from: date | None, active_from: date | None) -> RolloutStage:
    """The stage of a plan on ``day``: live from ``active_from``, in the pilot from
    ``pilot_from``, not started before."""
    if active_from is not None and active_from <= day:
        return RolloutStage.ACTIVE
    if pilot_from is not None and pilot_from <= day:
        return RolloutStage.PILOT
    return RolloutStage.NOT_STARTED


def plan_problem(pilot_from: date | None, active_from: date | None) -> str | None:
    """Why a plan cannot work (the pilot must come before going live), or None."""
    if pilot_from is not None and active_from is not None and active_from < pilot_from:
        return "active_before_pilot"
    return None


def unit_stage(
    path: str, day: date, plans: Mapping[str, tuple[date | None, date | None]]
) -> RolloutStage:
    """The stage on ``day`` of the unit at materialised ``path`` ("/KEC/KEL/"), given the
    plans by unit path: its own plan, else its nearest ancestor's, else live."""
    parts = [part for part in path.split("/") if part]
    for depth in range(len(parts), 0, -1):
        plan = plans.get("/" + "/".join(parts[:depth]) + "/")
        if plan is not None:
            pilot_from, active_from = plan
            return stage_on(day, pilot_from=pilot_from, active_from=active_from)
    return RolloutStage.ACTIVE
