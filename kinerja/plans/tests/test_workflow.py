"""The SKP workflow table, every pair of status and step (no database)."""

import itertools

import pytest

from kinerja.plans.workflow import PlanStatus, Step, is_editable_by_owner, next_status

S = PlanStatus
ALLOWED = {
    (S.DRAFT, Step.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Step.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, Step.RETURN): S.RETURNED,
    (S.SUBMITTED, Step.APPROVE): S.APPROVED,
    (S.APPROVED, Step.SUPERSEDE): S.SUPERSEDED,
}


@pytest.mark.parametrize(("status", "step"), list(itertools.product(PlanStatus, Step)))
def test_each_step_leads_from_its_statuses_only(status, step):
    assert next_status(status, step) == ALLOWED.get((status, step))


@pytest.mark.parametrize(("status", "step"), list(itertools.product(PlanStatus, Step)))
def test_string_values_are_accepted_like_the_members(status, step):
    assert next_status(status.value, step.value) == next_status(status, step)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.DRAFT, Step.APPROVE),
        (S.DRAFT, Step.RETURN),
        (S.APPROVED, Step.SUBMIT),
        (S.APPROVED, Step.APPROVE),
        (S.SUPERSEDED, Step.APPROVE),
        (S.SUPERSEDED, Step.SUBMIT),
        (S.RETURNED, Step.APPROVE),
        (S.SUBMITTED, Step.SUBMIT),
    ],
)
def test_forbidden_transitions_give_none(status, step):
    assert next_status(status, step) is None


def test_a_superseded_plan_is_final():
    assert all(next_status(S.SUPERSEDED, step) is None for step in Step)


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (S.DRAFT, True),
        (S.RETURNED, True),
        (S.SUBMITTED, False),
        (S.APPROVED, False),
        (S.SUPERSEDED, False),
    ],
)
def test_the_owner_edits_a_draft_or_a_returned_plan(status, editable):
    assert is_editable_by_owner(status) is editable
    assert is_editable_by_owner(status.value) is editable


def test_unknown_values_are_errors():
    with pytest.raises(ValueError, match="ARSIP"):
        next_status("ARSIP", Step.SUBMIT)
    with pytest.raises(ValueError, match="CLOSE"):
        next_status(S.DRAFT, "CLOSE")
