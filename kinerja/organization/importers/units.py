"""Import of the unit tree: ``kode,nama,induk_kode,jenis`` (product.md 4.2).

Upsert on ``kode``. A parent may be defined anywhere in the file or already be in the
database; the merged tree must stay free of cycles. Units absent from the file are left
as they are. After writing, the materialised path and depth of every unit are recomputed
(a moved unit moves its whole subtree).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.core.tabular import RowError, open_table
from kinerja.organization.importers.bulk import BATCH_SIZE, db_value, update_rows
from kinerja.organization.importers.common import (
    CheckedRows,
    ColumnHelp,
    ImportReport,
    allowed_values,
    choice_value,
    describe_cycle,
    diff_values,
    find_all_cycles,
    finish_errors,
    run_import,
)
from kinerja.organization.models import UNIT_CODE_PATTERN, OrgUnit
from kinerja.organization.tree import depth_of, materialised_paths

NAME_MAX_LENGTH = OrgUnit._meta.get_field("name").max_length or 200
PATH_MAX_LENGTH = OrgUnit._meta.get_field("path").max_length or 1024
UNIT_COLUMN_HELP = (
    ColumnHelp(
        "kode",
        is_required=True,
        description=gettext_lazy(
            "Unique code of the unit: 1 to 32 letters, digits, dots, hyphens or underscores."
        ),
    ),
    ColumnHelp("nama", is_required=True, description=gettext_lazy("Name of the unit.")),
    ColumnHelp(
        "induk_kode",
        is_required=False,
        description=gettext_lazy(
            "Code of the parent unit, in the file or already recorded; blank for the top of"
            " the tree."
        ),
    ),
    ColumnHelp(
        "jenis",
        is_required=True,
        description=gettext_lazy("Type of unit."),
        allowed=tuple(OrgUnit.Kind.values),
    ),
)
# The file's header, in the contract's order (product.md 4.2).
UNIT_COLUMNS = tuple(column.name for column in UNIT_COLUMN_HELP)


@dataclass(frozen=True, slots=True)
class _StoredUnit:
    id: int
    name: str
    kind: str
    parent: str | None
    path: str
    depth: int


@dataclass
class _Plan:
    """What pass 1 learned: where each kode first appears and its parent in the file."""

    row_of: dict[str, int]
    parent_of: dict[str, str | None]


def import_units(
    *,
    source: Path,
    actor: User | None,
    dry_run: bool = False,
    label: str = "",
    suffix: str | None = None,
) -> ImportReport:
    """Validate ``source`` completely, then (unless ``dry_run``) upsert every unit in one
    transaction and record one audit event.

    Returns the report; when it has errors nothing was written. Raises
    ``UnreadableFile`` for a file that is not a table at all. ``suffix`` overrides the
    file type guessed from the name (uploads are stored under a token name).
    """
    return run_import(
        passes=_run,
        action=AuditAction.UNITS_IMPORTED,
        source=source,
        actor=actor,
        dry_run=dry_run,
        label=label,
        suffix=suffix,
    )


def _run(source: Path, suffix: str | None, report: ImportReport, *, write: bool) -> None:
    stored = {
        code: _StoredUnit(pk, name, kind, parent, path, depth)
        for pk, code, name, kind, parent, path, depth in OrgUnit.objects.values_list(
            "id", "code", "name", "kind", "parent__code", "path", "depth"
        )
    }
    with open_table(source, columns=UNIT_COLUMNS, suffix=suffix) as table:
        own_errors: list[RowError] = []
        plan = _validate(CheckedRows(table, own_errors), stored, own_errors)
        report.errors = finish_errors(table.errors, own_errors)
        report.rows = table.data_rows
    if report.errors:
        return
    with open_table(source, columns=UNIT_COLUMNS, suffix=suffix) as table:
        _apply(table.rows(), stored, plan, report, write=write)


def _validate(
    rows: CheckedRows,
    stored: dict[str, _StoredUnit],
    errors: list[RowError],
) -> _Plan:
    plan = _Plan(row_of={}, parent_of={})
    for number, values in rows:
        code, parent = values["kode"], values["induk_kode"] or None
        code_is_new = False
        if not code:
            errors.append(RowError(number, "kode", _("the unit code is required")))
        elif not UNIT_CODE_PATTERN.match(code):
            errors.append(
                RowError(
                    number,
                    "kode",
                    _(
                        "“%(code)s” is not a valid unit code: use 1 to 32 letters, digits, dots,"
                        " hyphens or underscores, starting with a letter or digit"
                    )
                    % {"code": code},
                )
            )
        elif code in plan.row_of:
            errors.append(
                RowError(
                    number,
                    "kode",
                    _("unit code %(code)s already appears on row %(row)s")
                    % {"code": code, "row": plan.row_of[code]},
                )
            )
        else:
            code_is_new = True
        _check_name(number, values["nama"], errors)
        _check_kind(number, values["jenis"], errors)
        if parent is not None and parent == code:
            errors.append(RowError(number, "induk_kode", _("a unit cannot be its own parent unit")))
            parent = None
        if code_is_new:
            plan.row_of[code] = number
            plan.parent_of[code] = parent
    if rows.is_truncated:
        return plan
    _check_parents(plan, stored, errors)
    if not errors:
        _check_path_lengths(plan, stored, errors)
    return plan


def _check_name(number: int, name: str, errors: list[RowError]) -> None:
    if not name:
        errors.append(RowError(number, "nama", _("the unit name is required")))
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(
            RowError(
                number,
                "nama",
                _("the name is too long (at most %(limit)s characters)")
                % {"limit": NAME_MAX_LENGTH},
            )
        )


def _check_kind(number: int, kind: str, errors: list[RowError]) -> None:
    if choice_value(kind, OrgUnit.Kind) is None:
        message = (
            _("“%(value)s” is not a unit type; use one of %(allowed)s")
            if kind
            else _("the unit type is required; use one of %(allowed)s")
        )
        errors.append(
            RowError(
                number,
                "jenis",
                message % {"value": kind, "allowed": allowed_values(OrgUnit.Kind)},
            )
        )


def _check_parents(plan: _Plan, stored: dict[str, _StoredUnit], errors: list[RowError]) -> None:
    for code, parent in plan.parent_of.items():
        if parent is not None and parent not in plan.parent_of and parent not in stored:
            errors.append(
                RowError(
                    plan.row_of[code],
                    "induk_kode",
                    _(
                        "parent unit %(code)s is unknown: it is neither in the file nor in"
                        " the database"
                    )
                    % {"code": parent},
                )
            )

    def parent_in_merged_tree(code: str) -> str | None:
        if code in plan.parent_of:
            return plan.parent_of[code]
        unit = stored.get(code)
        return unit.parent if unit is not None else None

    for cycle in find_all_cycles(plan.parent_of, parent_in_merged_tree):
        for code in cycle[:-1]:
            if code in plan.row_of:
                errors.append(
                    RowError(
                        plan.row_of[code],
                        "induk_kode",
                        _("the parent units form a cycle: %(cycle)s")
                        % {"cycle": describe_cycle(cycle, code)},
                    )
                )


def _merged_parents(plan: _Plan, stored: dict[str, _StoredUnit]) -> dict[str, str | None]:
    merged = {code: unit.parent for code, unit in stored.items()}
    merged.update(plan.parent_of)
    return merged


def _check_path_lengths(
    plan: _Plan, stored: dict[str, _StoredUnit], errors: list[RowError]
) -> None:
    """A tree so deep that a unit's path of codes would not fit its column is refused on
    the file row that makes it so (the unit itself, or its nearest ancestor in the file)."""
    merged = _merged_parents(plan, stored)
    reported: set[int] = set()
    for code, path in materialised_paths(merged).items():
        if len(path) <= PATH_MAX_LENGTH:
            continue
        node: str | None = code
        while node is not None and node not in plan.row_of:
            node = merged[node]
        if node is not None and plan.row_of[node] not in reported:
            reported.add(plan.row_of[node])
            errors.append(
                RowError(
                    plan.row_of[node],
                    "induk_kode",
                    _("the unit tree is too deep here: the path %(path)s is too long")
                    % {"path": path[:80] + "…"},
                )
            )


def _apply(
    rows: Iterable[tuple[int, dict[str, str]]],
    stored: dict[str, _StoredUnit],
    plan: _Plan,
    report: ImportReport,
    *,
    write: bool,
) -> None:
    merged = _merged_parents(plan, stored)
    paths = materialised_paths(merged)
    wanted: dict[str, tuple[str, str]] = {}  # code → (name, kind) for new and changed units
    for _number, values in rows:
        code, parent = values["kode"], values["induk_kode"] or None
        name, kind = values["nama"], choice_value(values["jenis"], OrgUnit.Kind) or ""
        current = stored.get(code)
        if current is None:
            report.count(code, None, is_new=True)
            wanted[code] = (name, kind)
            continue
        diff = diff_values(
            {"nama": current.name, "induk_kode": current.parent, "jenis": current.kind},
            {"nama": name, "induk_kode": parent, "jenis": kind},
        )
        report.count(code, diff, is_new=False)
        if diff:
            wanted[code] = (name, kind)
    if write:
        _write(stored, merged, paths, wanted)


def _write(
    stored: dict[str, _StoredUnit],
    merged: dict[str, str | None],
    paths: dict[str, str],
    wanted: dict[str, tuple[str, str]],
) -> None:
    ids = {code: unit.id for code, unit in stored.items()}
    # New units are created a level at a time, top down, so that every parent already
    # has an id when its children are inserted.
    new_codes = sorted((c for c in wanted if c not in stored), key=lambda c: depth_of(paths[c]))
    for depth in sorted({depth_of(paths[code]) for code in new_codes}):
        level = [
            OrgUnit(
                code=code,
                name=wanted[code][0],
                kind=wanted[code][1],
                parent_id=ids[parent] if (parent := merged[code]) is not None else None,
                path=paths[code],
                depth=depth,
            )
            for code in new_codes
            if depth_of(paths[code]) == depth
        ]
        for created in OrgUnit.objects.bulk_create(level, batch_size=BATCH_SIZE):
            ids[created.code] = created.pk
    now = db_value(OrgUnit, "updated_at", timezone.now())
    changed = []
    for code, unit in stored.items():
        name, kind = wanted.get(code, (unit.name, unit.kind))
        parent = merged[code]
        path = paths[code]
        if (name, kind, parent, path) != (unit.name, unit.kind, unit.parent, unit.path):
            parent_id = ids[parent] if parent is not None else None
            changed.append((unit.id, name, kind, parent_id, path, depth_of(path), now))
    update_rows(OrgUnit, ["name", "kind", "parent_id", "path", "depth", "updated_at"], changed)
