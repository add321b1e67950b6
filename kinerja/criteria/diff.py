"""What changed between two criteria versions, and why: a pure comparison of two
snapshots (the selectors build them from the database).

Indicators are matched by their code, which a new version keeps when it is started as a
copy; an indicator whose code appears only on one side was added or removed. Each change
carries the rationale the newer version gives for that indicator.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class IndicatorSnapshot:
    code: str
    aspect: str
    name: str
    explanation: str
    source: str
    floor: Decimal
    target: Decimal
    ceiling: Decimal
    lower_is_better: bool
    weight: Decimal | None
    position_kinds: tuple[str, ...]
    unit_codes: tuple[str, ...]
    rubric: tuple[tuple[int, str], ...]
    rationale: str = ""


# The fields a reader compares; the rationale explains a change, it is not one.
COMPARED_FIELDS: tuple[str, ...] = tuple(
    field.name for field in fields(IndicatorSnapshot) if field.name not in {"code", "rationale"}
)


@dataclass(frozen=True, slots=True)
class VersionSnapshot:
    settings: Mapping[str, Any]
    indicators: tuple[IndicatorSnapshot, ...]
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    old: IndicatorSnapshot
    new: IndicatorSnapshot
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class VersionDiff:
    settings: tuple[FieldChange, ...]
    added: tuple[IndicatorSnapshot, ...]
    removed: tuple[IndicatorSnapshot, ...]
    changed: tuple[IndicatorChange, ...]
    unchanged: int
    rationale: str

    @property
    def is_empty(self) -> bool:
        return not (self.settings or self.added or self.removed or self.changed)


def _same(old: Any, new: Any) -> bool:
    # Decimal("100") and Decimal("100.00") are the same weight.
    return bool(old == new)


def diff_versions(old: VersionSnapshot, new: VersionSnapshot) -> VersionDiff:
    """The changes from ``old`` to ``new``: settings, then indicators added, removed and
    changed (in the newer version's order), with the newer version's rationales."""
    settings_changes = tuple(
        FieldChange(name, old.settings.get(name), new.settings.get(name))
        for name in new.settings.keys() | old.settings.keys()
        if not _same(old.settings.get(name), new.settings.get(name))
    )
    old_by_code = {indicator.code: indicator for indicator in old.indicators}
    new_codes = {indicator.code for indicator in new.indicators}
    added, changed = [], []
    unchanged = 0
    for indicator in new.indicators:
        before = old_by_code.get(indicator.code)
        if before is None:
            added.append(indicator)
            continue
        changes = tuple(
            FieldChange(name, getattr(before, name), getattr(indicator, name))
            for name in COMPARED_FIELDS
            if not _same(getattr(before, name), getattr(indicator, name))
        )
        if changes:
            changed.append(IndicatorChange(before, indicator, changes))
        else:
            unchanged += 1
    removed = tuple(indicator for indicator in old.indicators if indicator.code not in new_codes)
    return VersionDiff(
        settings=tuple(sorted(settings_changes, key=lambda change: change.field)),
        added=tuple(added),
        removed=removed,
        changed=tuple(changed),
        unchanged=unchanged,
        rationale=new.rationale,
    )
