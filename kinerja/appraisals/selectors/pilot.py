"""Pilot results (uji coba): evaluations of a unit that is still trying Kinerja out.

An evaluation is a pilot result when the unit it was opened in (``Evaluation.unit``, the
unit its calibration is found by) is not live yet on the last day of its period, by the
unit's rollout plan or else its nearest ancestor's (``organization.rollout``; no plan
anywhere: live). That is the pilot stage, and also the stage before it: what is rated in
Kinerja before a unit has even started its pilot is a trial all the more. A pilot result
is computed and shown like any other, marked "uji coba", but it is not final: it stays
out of the calibration's population and its distribution (SE MenPANRB 3/2023 curve), so
finalisation never delivers it. A result that has been delivered is final and is never
a pilot result, whatever the plan says today.

The plan that governs an evaluation is joined into the query that loads it (three scalar
subqueries over ``UnitRollout``), so marking a list costs no query per row, and marking
the calibration's population costs no query at all.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.lookups import StartsWith

from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.workflow import is_delivered
from kinerja.organization.models import OrgUnit, UnitRollout
from kinerja.organization.rollout import RolloutStage, stage_on, unit_stage

# The annotations ``with_rollout`` adds to each evaluation.
PLAN_ID = "rollout_plan_id"
PILOT_FROM = "rollout_pilot_from"
ACTIVE_FROM = "rollout_active_from"
PERIOD_END = "rollout_period_ends_on"


def _nearest_plan(field: str) -> Subquery:
    """``field`` of the plan of the evaluation's unit or, failing that, of its nearest
    ancestor with one: the deepest plan whose unit path starts the evaluation's."""
    plans = UnitRollout.objects.filter(
        StartsWith(OuterRef("unit__path"), F("unit__path"))
    ).order_by("-unit__depth", "-unit__path")
    return Subquery(plans.values(field)[:1])


def with_rollout(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """``evaluations`` with the plan that governs each one joined in, for
    :func:`rollout_stage` and :func:`is_pilot_result`."""
    return evaluations.annotate(
        **{
            PLAN_ID: _nearest_plan("pk"),
            PILOT_FROM: _nearest_plan("pilot_from"),
            ACTIVE_FROM: _nearest_plan("active_from"),
            PERIOD_END: F("period__ends_on"),
        }
    )


def rollout_stage(evaluation: Evaluation) -> RolloutStage:
    """The stage of the evaluation's unit on the last day of its period; ``evaluation``
    comes from a query passed through :func:`with_rollout`."""
    if getattr(evaluation, PLAN_ID) is None:
        return RolloutStage.ACTIVE
    day: date = getattr(evaluation, PERIOD_END)
    return stage_on(
        day,
        pilot_from=getattr(evaluation, PILOT_FROM),
        active_from=getattr(evaluation, ACTIVE_FROM),
    )


def is_pilot_result(evaluation: Evaluation) -> bool:
    """Whether an evaluation loaded through :func:`with_rollout` is a pilot result."""
    return (
        not is_delivered(evaluation.status) and rollout_stage(evaluation) is not RolloutStage.ACTIVE
    )


def pilot_ids(evaluations: Iterable[Evaluation]) -> set[int]:
    """The ids of the pilot results among ``evaluations``, however loaded: one query, none
    when every one of them has been delivered (or there are none)."""
    undelivered = [item.pk for item in evaluations if not is_delivered(item.status)]
    if not undelivered:
        return set()
    marked = with_rollout(Evaluation.objects.filter(pk__in=undelivered))
    return {item.pk for item in marked.only("pk", "status") if is_pilot_result(item)}


def is_pilot(evaluation: Evaluation) -> bool:
    """Whether ``evaluation`` is a pilot result: at most one query."""
    return evaluation.pk in pilot_ids([evaluation])


def is_unit_live(unit: OrgUnit, day: date) -> bool:
    """Whether ``unit`` is live on ``day``, by its plan or its nearest ancestor's: one
    query for the plans along its path."""
    codes = [code for code in unit.path.split("/") if code]
    paths = ["/" + "/".join(codes[:depth]) + "/" for depth in range(1, len(codes) + 1)]
    plans = {
        path: (pilot_from, active_from)
        for path, pilot_from, active_from in UnitRollout.objects.filter(
            unit__path__in=paths
        ).values_list("unit__path", "pilot_from", "active_from")
    }
    return unit_stage(unit.path, day, plans) is RolloutStage.ACTIVE
