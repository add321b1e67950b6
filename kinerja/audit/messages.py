"""How the audit log reads to people: the verdict on a broken chain and the recorded
changes of an event, shared by the ``verify_audit`` command and the audit page."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kinerja.audit.chain import BreakKind, ChainBreak

# Changes longer than this (as compact JSON) or with more lines are shown collapsed.
LONG_CHANGES_CHARACTERS = 240
LONG_CHANGES_LINES = 4
EMPTY_VALUE = "—"


def describe_break(broken: ChainBreak) -> str:
    """One sentence naming the first broken event and what happened to it."""
    reasons = {
        BreakKind.MISSING: _("the event is missing (deleted); #%(found)s stands in its place"),
        BreakKind.UNLINKED: _(
            "it does not link to the event before it (an event was moved, removed or inserted)"
        ),
        BreakKind.ALTERED: _("its content was changed after it was recorded"),
        BreakKind.TRUNCATED: _(
            "the chain ends at #%(found)s although more events were recorded "
            "(the newest were deleted)"
        ),
        BreakKind.HEAD_MISMATCH: _("it is not the event recorded as the newest link"),
    }
    reason = reasons[broken.kind] % {"found": broken.found_seq}
    return _("Audit chain broken at event #%(seq)s: %(reason)s.") % {
        "seq": broken.seq,
        "reason": reason,
    }


def describe_intact(counted: int) -> str:
    return _("Audit chain intact: %(count)s events verified.") % {"count": counted}


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """``field: old → new`` for a recorded change, ``key: value`` for anything else."""

    key: str
    value: str
    old: str | None = None  # set for a change

    @property
    def is_change(self) -> bool:
        return self.old is not None


@dataclass(frozen=True, slots=True)
class EventChanges:
    lines: list[ChangeLine]
    is_long: bool


def display_value(value: Any) -> str:
    if value is None or value == "":
        return EMPTY_VALUE
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _is_change_pair(value: Any) -> bool:
    # record_event's changed_fields() stores {field: [old, new]}.
    return isinstance(value, list) and len(value) == 2


def readable_changes(changes: Any) -> EventChanges:
    """The ``changes`` JSON of an event as lines a person can read."""
    if isinstance(changes, Mapping):
        lines = [
            ChangeLine(str(key), display_value(value[1]), display_value(value[0]))
            if _is_change_pair(value)
            else ChangeLine(str(key), display_value(value))
            for key, value in changes.items()
        ]
    elif changes in (None, "", [], {}):
        lines = []
    else:
        lines = [ChangeLine("", display_value(changes))]
    size = len(json.dumps(changes, ensure_ascii=False, default=str))
    return EventChanges(
        lines=lines,
        is_long=len(lines) > LONG_CHANGES_LINES or size > LONG_CHANGES_CHARACTERS,
    )
