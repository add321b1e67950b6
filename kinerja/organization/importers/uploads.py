"""Import files uploaded through the web page, waiting between the preview (a dry run)
and the HR admin's confirmation.

A file is stored under ``settings.IMPORT_UPLOAD_DIR`` (never web-served) with a random
token as its name, next to a small JSON record of who uploaded it, what it holds and the
dry-run report. Applying it runs the real import and deletes the file; discarding deletes
both. Records older than a day are swept away on the next upload.
"""

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.core.tabular import check_suffix
from kinerja.organization.importers.common import ColumnHelp, ImportKind, ImportReport
from kinerja.organization.importers.employees import (
    EMPLOYEE_COLUMN_HELP,
    EMPLOYEE_COLUMNS,
    import_employees,
)
from kinerja.organization.importers.units import UNIT_COLUMN_HELP, UNIT_COLUMNS, import_units
from kinerja.organization.selectors import can_manage_organization

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
STALE_AFTER = timedelta(days=1)
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")

COLUMNS = {ImportKind.UNITS: UNIT_COLUMNS, ImportKind.EMPLOYEES: EMPLOYEE_COLUMNS}
COLUMN_HELP: dict[ImportKind, tuple[ColumnHelp, ...]] = {
    ImportKind.UNITS: UNIT_COLUMN_HELP,
    ImportKind.EMPLOYEES: EMPLOYEE_COLUMN_HELP,
}


def template_csv(kind: ImportKind) -> str:
    """An empty file in the import format: the header row only."""
    return ",".join(COLUMNS[kind]) + "\r\n"


@dataclass
class PendingImport:
    token: str
    kind: ImportKind
    file_name: str
    suffix: str
    owner_id: int
    uploaded_at: datetime
    report: ImportReport
    is_applied: bool = False

    @property
    def data_path(self) -> Path:
        return _upload_dir() / f"{self.token}{self.suffix}"

    @property
    def can_apply(self) -> bool:
        return not self.is_applied and self.report.is_valid

    def save(self) -> None:
        record = {
            "kind": self.kind.value,
            "file_name": self.file_name,
            "suffix": self.suffix,
            "owner_id": self.owner_id,
            "uploaded_at": self.uploaded_at.isoformat(),
            "is_applied": self.is_applied,
            "report": self.report.as_dict(),
        }
        _record_path(self.token).write_text(json.dumps(record), encoding="utf-8")

    @classmethod
    def load(cls, token: str) -> "PendingImport":
        record: dict[str, Any] = json.loads(_record_path(token).read_text(encoding="utf-8"))
        return cls(
            token=token,
            kind=ImportKind(record["kind"]),
            file_name=record["file_name"],
            suffix=record["suffix"],
            owner_id=record["owner_id"],
            uploaded_at=datetime.fromisoformat(record["uploaded_at"]),
            report=ImportReport.from_dict(record["report"]),
            is_applied=record["is_applied"],
        )


def _upload_dir() -> Path:
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _record_path(token: str) -> Path:
    return _upload_dir() / f"{token}.json"


def _run(pending: PendingImport, *, actor: User, dry_run: bool) -> ImportReport:
    importer = import_units if pending.kind is ImportKind.UNITS else import_employees
    return importer(
        source=pending.data_path,
        actor=actor,
        dry_run=dry_run,
        label=pending.file_name,
        suffix=pending.suffix,
    )


def _check_permission(actor: User) -> None:
    if not can_manage_organization(actor):
        raise PermissionDenied(_("Only HR admins may import data."))


def stage_upload(*, actor: User, kind: ImportKind, upload: UploadedFile[bytes]) -> PendingImport:
    """Store ``upload`` and validate it with a dry run; nothing is imported yet.

    Raises ``UnreadableFile`` (the file is removed again) for a file that is not a table,
    and ``DomainError`` for a file over the size limit.
    """
    _check_permission(actor)
    name = upload.name or ""
    suffix = check_suffix(name)
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise DomainError(_("The file is larger than 20 MB; split it into smaller files."))
    sweep_stale_uploads()
    pending = PendingImport(
        token=secrets.token_urlsafe(24),
        kind=kind,
        file_name=Path(name).name,
        suffix=suffix,
        owner_id=actor.pk,
        uploaded_at=timezone.now(),
        report=ImportReport(dry_run=True),
    )
    with pending.data_path.open("xb") as stored:
        for chunk in upload.chunks():
            stored.write(chunk)
    try:
        pending.report = _run(pending, actor=actor, dry_run=True)
    except BaseException:
        pending.data_path.unlink(missing_ok=True)
        raise
    pending.save()
    return pending


def get_pending_import_for_user(user: User, token: str) -> PendingImport:
    """The upload ``token`` of ``user``. Raises NotFound for an unknown, malformed or
    someone else's token, so that tokens cannot be probed."""
    _check_permission(user)
    if not _TOKEN_PATTERN.match(token) or not _record_path(token).is_file():
        raise NotFound
    pending = PendingImport.load(token)
    if pending.owner_id != user.pk:
        raise NotFound
    return pending


def apply_pending_import(*, actor: User, token: str) -> PendingImport:
    """Run the real import of a previewed upload. On success the file is deleted and the
    record keeps the result; if the data changed since the preview and the file is now
    invalid, the record keeps the new problems and nothing is written."""
    pending = get_pending_import_for_user(actor, token)
    if not pending.can_apply:
        return pending
    pending.report = _run(pending, actor=actor, dry_run=False)
    if pending.report.is_valid:
        pending.is_applied = True
        pending.data_path.unlink(missing_ok=True)
    pending.save()
    return pending


def discard_pending_import(*, actor: User, token: str) -> None:
    pending = get_pending_import_for_user(actor, token)
    pending.data_path.unlink(missing_ok=True)
    _record_path(token).unlink(missing_ok=True)


def sweep_stale_uploads(*, now: datetime | None = None) -> int:
    """Delete uploads (and their records) older than a day; return how many files."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    removed = 0
    for path in _upload_dir().iterdir():
        token = path.name.split(".", 1)[0]
        if not _TOKEN_PATTERN.match(token) or not path.is_file():
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=cutoff.tzinfo)
        if modified < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
