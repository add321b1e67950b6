"""File imports of the service catalogue (``kode,nama,unit_kode,standar_waktu,
satuan_waktu``) and of service tasks (``nomor,layanan_kode,nip_petugas,diterima_pada,
selesai_pada,dikembalikan,keluhan``), product.md 4.2.

Both follow the organisation imports (``kinerja.organization.importers.common``): every
problem as ``row N, column C: message``, nothing written when any row is bad, upsert on
the natural key so that a second run changes nothing, one audit event per import.
The task import streams: rows are checked one by one and staged in the database, so
memory stays flat whatever the file's size.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.core.tabular import RowError, open_table
from kinerja.organization.importers.common import (
    CheckedRows,
    ColumnHelp,
    ImportReport,
    allowed_values,
    choice_value,
    diff_values,
    finish_errors,
    run_import,
)
from kinerja.organization.models import OrgUnit
from kinerja.service_metrics.ingest import TASK_COLUMNS, TaskBatch
from kinerja.service_metrics.models import ServiceType

SERVICE_COLUMN_HELP = (
    ColumnHelp(
        "kode",
        is_required=True,
        description=gettext_lazy("Unique code of the service, at most 32 characters."),
    ),
    ColumnHelp("nama", is_required=True, description=gettext_lazy("Name of the service.")),
    ColumnHelp(
        "unit_kode",
        is_required=True,
        description=gettext_lazy("Code of the unit responsible for the service."),
    ),
    ColumnHelp(
        "standar_waktu",
        is_required=True,
        description=gettext_lazy(
            "The service standard: the time within which the service is promised, a number"
            " greater than 0 (up to 2 decimals)."
        ),
    ),
    ColumnHelp(
        "satuan_waktu",
        is_required=True,
        description=gettext_lazy("The unit of the standard."),
        allowed=tuple(ServiceType.Unit.values),
    ),
)
SERVICE_COLUMNS = tuple(column.name for column in SERVICE_COLUMN_HELP)

TASK_COLUMN_HELP = (
    ColumnHelp("nomor", is_required=True, description=gettext_lazy("Unique number of the task.")),
    ColumnHelp(
        "layanan_kode",
        is_required=True,
        description=gettext_lazy("Code of the service in the service catalogue."),
    ),
    ColumnHelp(
        "nip_petugas",
        is_required=True,
        description=gettext_lazy("NIP of the employee who handled the task."),
    ),
    ColumnHelp(
        "diterima_pada",
        is_required=True,
        description=gettext_lazy(
            "When the request was received, ISO 8601 (2026-03-02T09:15:00; Asia/Jakarta time"
            " when no offset is given)."
        ),
    ),
    ColumnHelp(
        "selesai_pada",
        is_required=False,
        description=gettext_lazy("When the result was handed over; blank while open."),
    ),
    ColumnHelp(
        "dikembalikan",
        is_required=False,
        description=gettext_lazy(
            "How many times the result was returned for correction (0 or more)."
        ),
    ),
    ColumnHelp(
        "keluhan",
        is_required=False,
        description=gettext_lazy("1 if a complaint about the result was filed, else 0."),
    ),
)
assert tuple(column.name for column in TASK_COLUMN_HELP) == TASK_COLUMNS  # noqa: S101

CODE_MAX_LENGTH = ServiceType._meta.get_field("code").max_length or 32
NAME_MAX_LENGTH = ServiceType._meta.get_field("name").max_length or 200
STANDARD_MAX = Decimal("9999.99")


# -- the service catalogue --------------------------------------------------------------


def import_services(
    *,
    source: Path,
    actor: User | None,
    dry_run: bool = False,
    label: str = "",
    suffix: str | None = None,
) -> ImportReport:
    """Validate ``source`` completely, then (unless ``dry_run``) upsert every service on
    ``kode`` in one transaction. A changed standard applies to tasks recorded from then
    on; figures already computed keep the standard their tasks were recorded with."""
    return run_import(
        passes=_run_services,
        action=AuditAction.SERVICES_IMPORTED,
        source=source,
        actor=actor,
        dry_run=dry_run,
        label=label,
        suffix=suffix,
    )


_ServiceValues = dict[str, str | None]


def _run_services(source: Path, suffix: str | None, report: ImportReport, *, write: bool) -> None:
    units = dict(OrgUnit.objects.values_list("code", "id"))
    stored = {service.code: service for service in ServiceType.objects.select_related("unit")}
    rows: dict[str, tuple[int, _ServiceValues]] = {}
    own_errors: list[RowError] = []
    with open_table(source, columns=SERVICE_COLUMNS, suffix=suffix) as table:
        for number, values in CheckedRows(table, own_errors):
            checked = _check_service(number, values, units, own_errors)
            if checked is None:
                continue
            if checked["kode"] in rows:
                own_errors.append(
                    RowError(
                        number,
                        "kode",
                        _("the service code %(code)s already appears on row %(row)s")
                        % {"code": checked["kode"], "row": rows[checked["kode"]][0]},
                    )
                )
                continue
            rows[str(checked["kode"])] = (number, checked)
        report.errors = finish_errors(table.errors, own_errors)
        report.rows = table.data_rows
    if report.errors:
        return
    for code, (_number, new) in rows.items():
        existing = stored.get(code)
        old = _service_values(existing) if existing else {}
        diff = diff_values(old, new) if existing else None
        report.count(code, diff, is_new=existing is None)
        if not write or (existing is not None and not diff):
            continue
        service = existing or ServiceType(code=code)
        service.name = str(new["nama"])
        service.unit_id = units[str(new["unit_kode"])]
        service.standard_value = Decimal(str(new["standar_waktu"]))
        service.standard_unit = str(new["satuan_waktu"])
        service.save()


def _check_service(
    number: int, values: dict[str, str], units: dict[str, int], errors: list[RowError]
) -> _ServiceValues | None:
    found = len(errors)
    code, name, unit_code = values["kode"], values["nama"], values["unit_kode"]
    if not code:
        errors.append(RowError(number, "kode", _("the service code is required")))
    elif len(code) > CODE_MAX_LENGTH:
        errors.append(
            RowError(
                number,
                "kode",
                _("the service code is longer than %(max)s characters") % {"max": CODE_MAX_LENGTH},
            )
        )
    if not name:
        errors.append(RowError(number, "nama", _("the service name is required")))
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(
            RowError(
                number,
                "nama",
                _("the name is longer than %(max)s characters") % {"max": NAME_MAX_LENGTH},
            )
        )
    if not unit_code:
        errors.append(RowError(number, "unit_kode", _("the unit code is required")))
    elif unit_code not in units:
        errors.append(
            RowError(number, "unit_kode", _("no unit has the code %(code)s") % {"code": unit_code})
        )
    standard = _standard(values["standar_waktu"])
    if standard is None:
        errors.append(
            RowError(
                number,
                "standar_waktu",
                _(
                    "%(value)s is not a number greater than 0 with at most 2 decimals"
                    " (use a dot for decimals)"
                )
                % {"value": values["standar_waktu"] or "''"},
            )
        )
    unit = choice_value(values["satuan_waktu"], ServiceType.Unit)
    if unit is None:
        errors.append(
            RowError(
                number,
                "satuan_waktu",
                _("%(value)s is not one of %(allowed)s")
                % {
                    "value": values["satuan_waktu"] or "''",
                    "allowed": allowed_values(ServiceType.Unit),
                },
            )
        )
    if len(errors) > found:
        return None
    return {
        "kode": code,
        "nama": name,
        "unit_kode": unit_code,
        "standar_waktu": str(standard),
        "satuan_waktu": unit,
    }


def _standard(text: str) -> Decimal | None:
    """The standard as a Decimal with two places, or None when it is not a positive
    number with at most two decimals."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value > STANDARD_MAX:
        return None
    quantized = value.quantize(Decimal("0.01"))
    return quantized if quantized == value else None


def _service_values(service: ServiceType) -> _ServiceValues:
    return {
        "kode": service.code,
        "nama": service.name,
        "unit_kode": service.unit.code,
        "standar_waktu": str(_standard(str(service.standard_value))),
        "satuan_waktu": service.standard_unit,
    }


# -- service tasks ----------------------------------------------------------------------


def import_service_tasks(
    *,
    source: Path,
    actor: User | None,
    dry_run: bool = False,
    label: str = "",
    suffix: str | None = None,
) -> ImportReport:
    """Validate ``source`` completely, then (unless ``dry_run``) upsert every task on
    ``nomor`` in one transaction and refresh the figures of the employees, services and
    years the file touches."""
    return run_import(
        passes=_run_tasks,
        action=AuditAction.SERVICE_TASKS_IMPORTED,
        source=source,
        actor=actor,
        dry_run=dry_run,
        label=label,
        suffix=suffix,
    )


def _run_tasks(source: Path, suffix: str | None, report: ImportReport, *, write: bool) -> None:
    # A dry run stages too (duplicates are found in the database), inside a savepoint
    # that is rolled back.
    with transaction.atomic():
        batch = TaskBatch()
        try:
            with open_table(
                source, columns=TASK_COLUMNS, text_columns=("nip_petugas", "nomor"), suffix=suffix
            ) as table:
                own_errors = batch.problems
                batch.stage(CheckedRows(table, own_errors))
                if not own_errors and not table.errors:
                    own_errors += batch.duplicate_problems()
                report.errors = finish_errors(table.errors, own_errors)
                report.rows = table.data_rows
            if report.errors:
                return
            as_of = timezone.now().replace(microsecond=0)
            counts = batch.apply(as_of=as_of) if write else batch.count()
            report.created, report.updated, report.unchanged = (
                counts.created,
                counts.updated,
                counts.unchanged,
            )
            if not write:
                transaction.set_rollback(True)
        finally:
            batch.close()
