"""What the unit and employee imports share: the report they return, the audit record
they write, and the small helpers of their validation pass.

Every import runs in two passes over the file. Pass 1 streams and validates every row,
keeping only compact cross-row state (keys and parent maps); any problem stops the import
before anything is written. Pass 2 streams the file again and writes in batches, inside
one transaction, so a crash leaves the database as it was.
"""

import functools
import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core.tabular import WHOLE_ROW, RowError, Table
from kinerja.organization.importers.bulk import BATCH_SIZE, serialize_imports

# Beyond this many problems a file is clearly the wrong one; checking stops there, which
# also bounds the memory a hopeless file can take.
MAX_PROBLEMS = 10_000
# The audit event lists the changed values of at most this many rows.
AUDIT_ROW_LIMIT = 500
# A cycle message names at most this many links.
CYCLE_DISPLAY_LIMIT = 10

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

Diff = dict[str, list[str | None]]


class ImportKind(models.TextChoices):
    UNITS = "units", gettext_lazy("Units")
    EMPLOYEES = "employees", gettext_lazy("Employees")


@dataclass(frozen=True, slots=True)
class ColumnHelp:
    """One column of an import format, as the upload page explains it."""

    name: str
    is_required: bool
    description: str | Promise
    allowed: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """The outcome of an import or a dry run. ``errors`` non-empty means nothing was
    written; the counts then describe nothing."""

    dry_run: bool
    file_sha256: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # {natural key: {column: [old, new]}} for the first AUDIT_ROW_LIMIT updated rows.
    updated_rows: dict[str, Diff] = field(default_factory=dict)
    truncated: bool = False
    # Employees only: jabatan rows created on the way.
    positions_created: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def count(self, key: str, diff: Diff | None, *, is_new: bool) -> None:
        """Count one data row as created, updated (with its diff) or unchanged."""
        if is_new:
            self.created += 1
        elif diff:
            self.updated += 1
            if len(self.updated_rows) < AUDIT_ROW_LIMIT:
                self.updated_rows[key] = diff
            else:
                self.truncated = True
        else:
            self.unchanged += 1

    def as_dict(self) -> dict[str, Any]:
        """JSON-native form, to keep a preview between two requests."""
        return {
            **self.audit_changes(),
            "dry_run": self.dry_run,
            "positions_created": self.positions_created,
            "errors": [[error.row, error.column, error.message] for error in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ImportReport":
        return cls(
            dry_run=data["dry_run"],
            file_sha256=data["file_sha256"],
            rows=data["rows"],
            created=data["created"],
            updated=data["updated"],
            unchanged=data["unchanged"],
            errors=[RowError(row, column, message) for row, column, message in data["errors"]],
            updated_rows=data["updated_rows"],
            truncated=data["truncated"],
            positions_created=data["positions_created"],
        )

    def audit_changes(self) -> dict[str, Any]:
        return {
            "file_sha256": self.file_sha256,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rows": self.rows,
            "updated_rows": self.updated_rows,
            "truncated": self.truncated,
        }


class CheckedRows:
    """The rows of ``table`` for pass 1, until ``MAX_PROBLEMS`` problems have been found
    (the reader's and ``errors``); then one more problem says that the rest of the file
    was not checked, and ``is_truncated`` is set (checks across rows are then skipped,
    as they would see only part of the file)."""

    def __init__(self, table: Table, errors: list[RowError]) -> None:
        self.table = table
        self.errors = errors
        self.is_truncated = False

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for number, values in self.table.rows():
            if len(self.errors) + len(self.table.errors) >= MAX_PROBLEMS:
                self.is_truncated = True
                self.errors.append(
                    RowError(
                        number,
                        WHOLE_ROW,
                        _(
                            "more than %(limit)s problems: the rest of the file was not checked;"
                            " correct these first"
                        )
                        % {"limit": MAX_PROBLEMS},
                    )
                )
                return
            yield number, values


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class ImportPasses(Protocol):
    """Both passes of one kind of import: validate into ``report``; then, when the report
    holds no problem, write (or, with ``write=False``, only count what would change)."""

    def __call__(
        self, source: Path, suffix: str | None, report: ImportReport, *, write: bool
    ) -> None: ...


def run_import(
    *,
    passes: ImportPasses,
    action: AuditAction,
    source: Path,
    actor: User | None,
    dry_run: bool,
    label: str,
    suffix: str | None,
) -> ImportReport:
    """Run an import: a dry run writes nothing; a real one writes in one transaction and
    records one audit event, named by the file's hash and name, when the file was valid."""
    report = ImportReport(dry_run=dry_run, file_sha256=file_sha256(source))
    if dry_run:
        passes(source, suffix, report, write=False)
        return report
    with transaction.atomic():
        serialize_imports()
        passes(source, suffix, report, write=True)
        if report.is_valid:
            record_event(
                actor=actor,
                action=action,
                target_type="import",
                target_id=report.file_sha256[:16],
                target_label=(label or source.name)[:255],
                changes=report.audit_changes(),
            )
    return report


def diff_values(old: dict[str, str | None], new: dict[str, str | None]) -> Diff:
    """``{column: [old, new]}`` for the columns whose value differs."""
    return {name: [old.get(name), value] for name, value in new.items() if old.get(name) != value}


def finish_errors(reader_errors: list[RowError], own_errors: list[RowError]) -> list[RowError]:
    """All problems in row order. A cell the reader already rejected (a NIP stored as
    a number) is not reported a second time by the importer's checks."""
    flagged = {(error.row, error.column) for error in reader_errors}
    merged = reader_errors + [e for e in own_errors if (e.row, e.column) not in flagged]
    merged.sort(key=lambda error: error.row)
    return merged


@functools.cache
def _values_of(choices: type[models.TextChoices]) -> frozenset[str]:
    return frozenset(choices.values)


def choice_value(text: str, choices: type[models.TextChoices]) -> str | None:
    """The member value ``text`` names, ignoring case and surrounding spaces."""
    value = text.strip().upper().replace(" ", "_")
    return value if value in _values_of(choices) else None


def allowed_values(choices: type[models.TextChoices]) -> str:
    return ", ".join(choices.values)


def find_all_cycles(starts: Iterable[K], parent: Callable[[K], K | None]) -> list[list[K]]:
    """Every cycle reachable from ``starts``, each as ``[a, b, …, a]``.

    ``parent(key)`` gives a key's parent, or None for a root (or an unknown key). Each
    key is walked once, so the cost is linear however many cycles there are; the order
    follows ``starts``, which makes the report deterministic.
    """
    on_walk, done = 1, 2
    state: dict[K, int] = {}
    cycles: list[list[K]] = []
    for start in starts:
        walk: list[K] = []
        node: K | None = start
        while node is not None and node not in state:
            state[node] = on_walk
            walk.append(node)
            node = parent(node)
        if node is not None and state[node] == on_walk:
            cycles.append([*walk[walk.index(node) :], node])
        for visited in walk:
            state[visited] = done
    return cycles


def describe_cycle(cycle: list[str], start: str) -> str:
    """``A → B → C → A`` starting at ``start``, shortened for very long cycles."""
    links = cycle[:-1]
    turn = links.index(start)
    ordered = [*links[turn:], *links[:turn], start]
    if len(ordered) > CYCLE_DISPLAY_LIMIT:
        shown = " → ".join(ordered[:CYCLE_DISPLAY_LIMIT])
        return _("%(links)s → … (%(count)s links in all)") % {
            "links": shown,
            "count": len(links),
        }
    return " → ".join(ordered)


def batched(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
