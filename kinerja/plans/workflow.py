"""The workflow of an SKP (PermenPANRB 6/2022, penyusunan dan penetapan SKP), as a pure
table: the employee drafts and submits, the appraiser approves or returns it with a
reason; a change during the year is a new revision that replaces the approved one only
once it is approved itself.

No Django: the services read this table, the tests walk every pair of states.
"""

import enum
from collections.abc import Mapping


class PlanStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "DIAJUKAN"
    RETURNED = "DIKEMBALIKAN"
    APPROVED = "DISETUJUI"
    # An approved revision that a newer approved revision replaced; kept as history.
    SUPERSEDED = "DIGANTI"


class Step(enum.StrEnum):
    SUBMIT = "SUBMIT"
    RETURN = "RETURN"
    APPROVE = "APPROVE"
    SUPERSEDE = "SUPERSEDE"


# Who takes each step is the services' business; which state it leads from and to is here.
STEPS: Mapping[Step, tuple[frozenset[PlanStatus], PlanStatus]] = {
    Step.SUBMIT: (frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED}), PlanStatus.SUBMITTED),
    Step.RETURN: (frozenset({PlanStatus.SUBMITTED}), PlanStatus.RETURNED),
    Step.APPROVE: (frozenset({PlanStatus.SUBMITTED}), PlanStatus.APPROVED),
    Step.SUPERSEDE: (frozenset({PlanStatus.APPROVED}), PlanStatus.SUPERSEDED),
}


def next_status(current: PlanStatus | str, step: Step | str) -> PlanStatus | None:
    """The status after ``step``, or None when the step is not allowed from ``current``."""
    sources, target = STEPS[Step(step)]
    return target if PlanStatus(current) in sources else None


def is_editable_by_owner(status: PlanStatus | str) -> bool:
    """The employee edits their plan while it is a draft or was returned to them."""
    return PlanStatus(status) in {PlanStatus.DRAFT, PlanStatus.RETURNED}
