"""Import of employees: ``nip,nama,status_asn,pangkat_golongan,jabatan,jenis_jabatan,
unit_kode,atasan_nip,email`` (product.md 4.2).

Upsert on ``nip``. Units must exist already (import them first). Jabatan rows are found
or created by (unit, name, type); the employee's unit is the jabatan's unit. An
``atasan_nip`` may name an employee anywhere in the file or in the database, and the
reporting line across both must stay free of cycles. Employees absent from the file are
left alone (not deactivated).

Memory: pass 1 keeps NIPs as integers (an 18-digit NIP fits in 64 bits) in a few maps —
the file's NIP → row and NIP → atasan, and the database's NIP → atasan — and nothing else
per row. Pass 2 keeps NIP → id and works a batch of rows at a time.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.core.tabular import RowError, open_table
from kinerja.organization.importers.bulk import (
    BATCH_SIZE,
    IdPool,
    db_value,
    insert_rows,
    refresh_statistics,
    update_rows,
)
from kinerja.organization.importers.common import (
    CheckedRows,
    ColumnHelp,
    Diff,
    ImportReport,
    allowed_values,
    batched,
    choice_value,
    describe_cycle,
    diff_values,
    find_all_cycles,
    finish_errors,
    run_import,
)
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.nip import NIP_LENGTH, InvalidNip, NipProblem, check_shape, parse_pns_nip

EMPLOYEE_COLUMN_HELP = (
    ColumnHelp(
        "nip",
        is_required=True,
        description=gettext_lazy(
            "18 digits. For a PNS: birth date (YYYYMMDD), TMT CPNS (YYYYMM), sex (1 or 2) and"
            " a serial number. In Excel, format the column as Text."
        ),
    ),
    ColumnHelp("nama", is_required=True, description=gettext_lazy("Full name.")),
    ColumnHelp(
        "status_asn",
        is_required=True,
        description=gettext_lazy("ASN status."),
        allowed=tuple(Employee.AsnStatus.values),
    ),
    ColumnHelp(
        "pangkat_golongan",
        is_required=True,
        description=gettext_lazy("Pangkat/golongan, e.g. Penata Muda (III/a)."),
    ),
    ColumnHelp("jabatan", is_required=True, description=gettext_lazy("Name of the jabatan.")),
    ColumnHelp(
        "jenis_jabatan",
        is_required=True,
        description=gettext_lazy("Type of jabatan."),
        allowed=tuple(Position.Kind.values),
    ),
    ColumnHelp(
        "unit_kode",
        is_required=True,
        description=gettext_lazy("Code of a unit already recorded (import the units first)."),
    ),
    ColumnHelp(
        "atasan_nip",
        is_required=False,
        description=gettext_lazy(
            "NIP of the direct superior, in the file or already recorded; blank for none."
        ),
    ),
    ColumnHelp("email", is_required=False, description=gettext_lazy("E-mail address.")),
)
# The file's header, in the contract's order (product.md 4.2).
EMPLOYEE_COLUMNS = tuple(column.name for column in EMPLOYEE_COLUMN_HELP)
# Identifiers an XLSX must hold as text: Excel rounds an 18-digit number.
NIP_COLUMNS = ("nip", "atasan_nip")

_NAME_MAX = Employee._meta.get_field("name").max_length or 200
_RANK_MAX = Employee._meta.get_field("rank").max_length or 60
_POSITION_MAX = Position._meta.get_field("name").max_length or 200
_EMAIL_MAX = Employee._meta.get_field("email").max_length or 254
_UPDATE_FIELDS = [
    "name",
    "asn_status",
    "rank",
    "position_id",
    "unit_id",
    "email",
    "supervisor_id",
    "updated_at",
]

_Problem = Callable[[str, str], None]
_NAME_REQUIRED = gettext_lazy("the name is required")
_RANK_REQUIRED = gettext_lazy("the pangkat/golongan is required")
_POSITION_REQUIRED = gettext_lazy("the jabatan is required")

# An 18-digit NIP as an int; anything else (a legacy value in the database) as text.
NipKey = int | str


def nip_key(nip: str) -> NipKey:
    return int(nip) if len(nip) == NIP_LENGTH and nip.isascii() and nip.isdigit() else nip


def nip_text(key: NipKey) -> str:
    return f"{key:018d}" if isinstance(key, int) else key


def nip_problem_message(problem: NipProblem, nip: str) -> str:
    """The user-facing explanation of why ``nip`` is not a valid PNS NIP."""
    if problem is NipProblem.NOT_18_DIGITS:
        return _("the NIP must be exactly 18 digits; “%(nip)s” is not") % {"nip": nip}
    if problem is NipProblem.BAD_BIRTH_DATE:
        return _(
            "the birth date %(value)s in the NIP (digits 1 to 8, YYYYMMDD) is not a valid date"
        ) % {"value": nip[0:8]}
    if problem is NipProblem.BAD_TMT:
        return _(
            "the TMT CPNS %(value)s in the NIP (digits 9 to 14, YYYYMM) is not a valid month"
        ) % {"value": nip[8:14]}
    if problem is NipProblem.TMT_BEFORE_ADULTHOOD:
        return _(
            "the TMT CPNS %(tmt)s in the NIP is before the employee turned 18"
            " (birth date %(birth)s)"
        ) % {"tmt": nip[8:14], "birth": nip[0:8]}
    if problem is NipProblem.BAD_SEX:
        return _("digit 15 of the NIP (sex) must be 1 or 2, not %(value)s") % {"value": nip[14]}
    return _("the serial number in the NIP (digits 16 to 18) must not be 000")


class _Stored(NamedTuple):
    """An employee as the database holds them, for comparison."""

    id: int
    name: str
    asn_status: str
    rank: str
    position_id: int
    unit_id: int
    email: str
    supervisor_id: int | None
    supervisor_nip: str | None


class _Row(NamedTuple):
    """One valid data row, ready to compare and write."""

    key: int
    nip: str
    name: str
    asn_status: str
    rank: str
    position_name: str
    position_kind: str
    unit_id: int
    atasan: int | None
    email: str


@dataclass
class _Plan:
    """Pass 1 state: compact maps of keys only."""

    units: dict[str, int]
    row_of: dict[NipKey, int]
    atasan_of: dict[NipKey, NipKey | None]
    stored_atasan: dict[NipKey, NipKey | None]


def import_employees(
    *,
    source: Path,
    actor: User | None,
    dry_run: bool = False,
    label: str = "",
    suffix: str | None = None,
) -> ImportReport:
    """Validate ``source`` completely, then (unless ``dry_run``) upsert every employee
    in one transaction and record one audit event.

    Returns the report; when it has errors nothing was written. Raises
    ``UnreadableFile`` for a file that is not a table at all. Employees who are not in
    the file are not touched.
    """
    return run_import(
        passes=_run,
        action=AuditAction.EMPLOYEES_IMPORTED,
        source=source,
        actor=actor,
        dry_run=dry_run,
        label=label,
        suffix=suffix,
    )


def _run(source: Path, suffix: str | None, report: ImportReport, *, write: bool) -> None:
    plan = _Plan(
        units=dict(OrgUnit.objects.values_list("code", "id")),
        row_of={},
        atasan_of={},
        stored_atasan={
            nip_key(nip): nip_key(atasan) if atasan else None
            for nip, atasan in Employee.objects.values_list("nip", "supervisor__nip").iterator(
                chunk_size=5000
            )
        },
    )
    with open_table(source, columns=EMPLOYEE_COLUMNS, text_columns=NIP_COLUMNS, suffix=suffix) as t:
        own_errors: list[RowError] = []
        rows = CheckedRows(t, own_errors)
        for number, values in rows:
            _check_row(number, values, plan, own_errors)
        if not rows.is_truncated:
            _check_reporting_lines(plan, own_errors)
        report.errors = finish_errors(t.errors, own_errors)
        report.rows = t.data_rows
    if report.errors:
        return
    # Pass 2 reads the atasan from the file again; only the unit codes are needed.
    plan.row_of, plan.atasan_of, plan.stored_atasan = {}, {}, {}
    with open_table(source, columns=EMPLOYEE_COLUMNS, text_columns=NIP_COLUMNS, suffix=suffix) as t:
        _Writer(plan, report, write=write).run(t.rows())


# -- pass 1: validation ----------------------------------------------------------------


def _check_row(number: int, values: dict[str, str], plan: _Plan, errors: list[RowError]) -> None:
    def problem(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    key = _check_nip(problem, values["nip"], values["status_asn"], plan)
    _check_text(problem, "nama", values["nama"], _NAME_MAX, _NAME_REQUIRED)
    _check_text(problem, "pangkat_golongan", values["pangkat_golongan"], _RANK_MAX, _RANK_REQUIRED)
    _check_text(problem, "jabatan", values["jabatan"], _POSITION_MAX, _POSITION_REQUIRED)
    kind_text = values["jenis_jabatan"]
    if choice_value(kind_text, Position.Kind) is None:
        problem(
            "jenis_jabatan",
            (
                _("“%(value)s” is not a jabatan type; use one of %(allowed)s")
                if kind_text
                else _("the jabatan type is required; use one of %(allowed)s")
            )
            % {"value": kind_text, "allowed": allowed_values(Position.Kind)},
        )
    unit_code = values["unit_kode"]
    if not unit_code:
        problem("unit_kode", _("the unit code is required"))
    elif unit_code not in plan.units:
        problem(
            "unit_kode",
            _("unit %(code)s is unknown: import the units first") % {"code": unit_code},
        )
    atasan = _check_atasan(problem, values["atasan_nip"], key)
    _check_email(problem, values["email"])
    if key is not None:
        plan.row_of[key] = number
        plan.atasan_of[key] = atasan


def _check_nip(problem: _Problem, nip: str, status_text: str, plan: _Plan) -> int | None:
    """Check the NIP (all its parts for a PNS) and the ASN status; return the NIP as a
    key when it is valid and not a duplicate."""
    status = choice_value(status_text, Employee.AsnStatus)
    if status is None:
        problem(
            "status_asn",
            (
                _("“%(value)s” is not an ASN status; use one of %(allowed)s")
                if status_text
                else _("the ASN status is required; use one of %(allowed)s")
            )
            % {"value": status_text, "allowed": allowed_values(Employee.AsnStatus)},
        )
    if not nip:
        problem("nip", _("the NIP is required"))
        return None
    try:
        if status == Employee.AsnStatus.PNS:
            parse_pns_nip(nip)
        else:
            check_shape(nip)
    except InvalidNip as exc:
        problem("nip", nip_problem_message(exc.problem, nip))
        return None
    key = int(nip)
    first = plan.row_of.get(key)
    if first is not None:
        problem("nip", _("NIP %(nip)s already appears on row %(row)s") % {"nip": nip, "row": first})
        return None
    return key


def _check_email(problem: _Problem, email: str) -> None:
    if not email:
        return
    try:
        if len(email) > _EMAIL_MAX:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        problem("email", _("“%(value)s” is not a valid e-mail address") % {"value": email})


def _check_text(problem: _Problem, column: str, value: str, limit: int, required: Promise) -> None:
    if not value:
        problem(column, str(required))
    elif len(value) > limit:
        problem(
            column,
            _("the value is too long (at most %(limit)s characters)") % {"limit": limit},
        )


def _check_atasan(problem: _Problem, atasan: str, key: NipKey | None) -> NipKey | None:
    if not atasan:
        return None
    try:
        check_shape(atasan)
    except InvalidNip:
        problem(
            "atasan_nip",
            _("the atasan's NIP must be exactly 18 digits; “%(nip)s” is not") % {"nip": atasan},
        )
        return None
    atasan_key = int(atasan)
    if atasan_key == key:
        problem("atasan_nip", _("an employee cannot be their own atasan"))
        return None
    return atasan_key


def _check_reporting_lines(plan: _Plan, errors: list[RowError]) -> None:
    """Every atasan exists (in the file or the database), and following atasan links
    across both never comes back to where it started."""
    for key, atasan in plan.atasan_of.items():
        if atasan is not None and atasan not in plan.row_of and atasan not in plan.stored_atasan:
            errors.append(
                RowError(
                    plan.row_of[key],
                    "atasan_nip",
                    _(
                        "atasan %(nip)s is unknown: no employee has this NIP in the file or"
                        " the database"
                    )
                    % {"nip": nip_text(atasan)},
                )
            )

    def atasan_in_merged_line(key: NipKey) -> NipKey | None:
        if key in plan.atasan_of:
            return plan.atasan_of[key]
        return plan.stored_atasan.get(key)

    for cycle in find_all_cycles(plan.atasan_of, atasan_in_merged_line):
        nips = [nip_text(key) for key in cycle]
        for key in cycle[:-1]:
            if key in plan.row_of:
                errors.append(
                    RowError(
                        plan.row_of[key],
                        "atasan_nip",
                        _("the reporting line forms a cycle: %(cycle)s")
                        % {"cycle": describe_cycle(nips, nip_text(key))},
                    )
                )


# -- pass 2: comparison and writing ----------------------------------------------------


class _Writer:
    """Compares the file with the database a batch at a time and, when ``write``, inserts
    and updates each batch.

    New employees get their primary keys before they are inserted, so a supervisor who
    comes later in the file (or is new, like their reports) is linked in the same INSERT;
    the foreign keys are checked when the transaction commits.
    """

    def __init__(self, plan: _Plan, report: ImportReport, *, write: bool) -> None:
        self.plan = plan
        self.report = report
        self.write = write
        self.now = db_value(Employee, "updated_at", timezone.now())
        self.unit_code = {pk: code for code, pk in plan.units.items()}
        self.positions: dict[tuple[int, str, str], int] = {}
        self.position_of: dict[int, tuple[int, str, str]] = {}
        for pk, unit_id, name, kind in Position.objects.values_list(
            "id", "unit_id", "name", "kind"
        ):
            self.positions[(unit_id, name, kind)] = pk
            self.position_of[pk] = (unit_id, name, kind)
        # NIP → id: positive for a stored employee, negative for an id handed out to a
        # new employee who is named as atasan before their own row is written.
        self.ids: dict[NipKey, int] = {
            nip_key(nip): pk
            for nip, pk in Employee.objects.values_list("nip", "id").iterator(chunk_size=5000)
        }
        self.new_ids = IdPool(Employee) if write else None

    def run(self, rows: Iterable[tuple[int, dict[str, str]]]) -> None:
        for batch in batched(self._parsed(rows)):
            self._ensure_positions(batch)
            self._upsert(batch)
        if self.write and self.report.created >= BATCH_SIZE:
            refresh_statistics(Employee)

    def _parsed(self, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterable[_Row]:
        for _number, values in rows:
            nip = values["nip"]
            key = int(nip)
            yield _Row(
                key=key,
                nip=nip,
                name=values["nama"],
                asn_status=choice_value(values["status_asn"], Employee.AsnStatus) or "",
                rank=values["pangkat_golongan"],
                position_name=values["jabatan"],
                position_kind=choice_value(values["jenis_jabatan"], Position.Kind) or "",
                unit_id=self.plan.units[values["unit_kode"]],
                atasan=int(values["atasan_nip"]) if values["atasan_nip"] else None,
                email=values["email"],
            )

    def _ensure_positions(self, batch: list[_Row]) -> None:
        missing = {
            (row.unit_id, row.position_name, row.position_kind)
            for row in batch
            if (row.unit_id, row.position_name, row.position_kind) not in self.positions
        }
        if not missing:
            return
        ordered = sorted(missing)
        self.report.positions_created += len(ordered)
        if not self.write:
            # Stand-in ids: a dry run only needs to know that these differ from any row.
            for number, position in enumerate(ordered, start=1):
                self.positions[position] = -(len(self.positions) + number)
            return
        created = Position.objects.bulk_create(
            [Position(unit_id=unit_id, name=name, kind=kind) for unit_id, name, kind in ordered]
        )
        for new in created:
            key = (new.unit_id, new.name, new.kind)
            self.positions[key] = new.pk
            self.position_of[new.pk] = key

    def _upsert(self, batch: list[_Row]) -> None:
        stored = self._stored([row.nip for row in batch if self.ids.get(row.key, 0) > 0])
        to_create: list[tuple[object, ...]] = []
        to_update: list[tuple[object, ...]] = []
        for row in batch:
            current = stored.get(row.nip)
            if current is None:
                self.report.count(row.nip, None, is_new=True)
                if self.write:
                    to_create.append(
                        (self._new_id(row.key), *self._values(row), row.nip, True, self.now)
                    )
                continue
            diff = self._diff(row, current)
            self.report.count(row.nip, diff, is_new=False)
            if diff and self.write:
                to_update.append((current.id, *self._values(row)))
        if self.write:
            insert_rows(
                Employee, ["id", *_UPDATE_FIELDS, "nip", "is_active", "created_at"], to_create
            )
            update_rows(Employee, _UPDATE_FIELDS, to_update)

    def _stored(self, nips: list[str]) -> dict[str, _Stored]:
        """The stored employees among ``nips``, with their atasan's NIP. Two lookups by
        unique key rather than a join, which a planner without fresh statistics (right
        after a large import) may turn into a scan of the whole table."""
        if not nips:
            return {}
        rows = list(
            Employee.objects.filter(nip__in=nips)
            .values_list(
                "nip",
                "id",
                "name",
                "asn_status",
                "rank",
                "position_id",
                "unit_id",
                "email",
                "supervisor_id",
            )
            .order_by()
        )
        supervisor_ids = {row[-1] for row in rows if row[-1]}
        nip_of = dict(
            Employee.objects.filter(id__in=supervisor_ids).values_list("id", "nip").order_by()
            if supervisor_ids
            else []
        )
        return {
            nip: _Stored(
                pk,
                name,
                status,
                rank,
                position_id,
                unit_id,
                email,
                supervisor_id,
                nip_of.get(supervisor_id) if supervisor_id else None,
            )
            for nip, pk, name, status, rank, position_id, unit_id, email, supervisor_id in rows
        }

    def _new_id(self, key: NipKey) -> int:
        """The id of a new employee: handed out now, or earlier when they were named as
        someone's atasan."""
        assert self.new_ids is not None  # noqa: S101 - only called when writing
        handed_out = self.ids.get(key)
        pk = -handed_out if handed_out is not None else self.new_ids.take()
        self.ids[key] = pk
        return pk

    def _supervisor_id(self, atasan: NipKey) -> int:
        pk = self.ids.get(atasan)
        if pk is None:  # a new employee further down the file (pass 1 checked it exists)
            assert self.new_ids is not None  # noqa: S101 - only called when writing
            pk = self.new_ids.take()
            self.ids[atasan] = -pk
        return abs(pk)

    def _values(self, row: _Row) -> tuple[object, ...]:
        """The values of ``_UPDATE_FIELDS`` as the file describes them."""
        return (
            row.name,
            row.asn_status,
            row.rank,
            self.positions[(row.unit_id, row.position_name, row.position_kind)],
            row.unit_id,
            row.email,
            self._supervisor_id(row.atasan) if row.atasan is not None else None,
            self.now,
        )

    def _diff(self, row: _Row, current: _Stored) -> Diff:
        _unit_id, position_name, position_kind = self.position_of[current.position_id]
        return diff_values(
            {
                "nama": current.name,
                "status_asn": current.asn_status,
                "pangkat_golongan": current.rank,
                "jabatan": position_name,
                "jenis_jabatan": position_kind,
                "unit_kode": self.unit_code.get(current.unit_id),
                "atasan_nip": current.supervisor_nip,
                "email": current.email,
            },
            {
                "nama": row.name,
                "status_asn": row.asn_status,
                "pangkat_golongan": row.rank,
                "jabatan": row.position_name,
                "jenis_jabatan": row.position_kind,
                "unit_kode": self.unit_code[row.unit_id],
                "atasan_nip": nip_text(row.atasan) if row.atasan is not None else None,
                "email": row.email,
            },
        )
