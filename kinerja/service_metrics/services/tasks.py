"""Service tasks pushed by front-desk systems through the API (``POST
/api/v1/service-tasks/``): the same checks as the file import, all-or-nothing, and the
employee's figures refreshed before the response goes out (near real time)."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.core import hooks
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.core.tabular import RowError
from kinerja.service_metrics.ingest import TASK_COLUMNS, BatchCounts, TaskBatch

# One request carries at most this many tasks; a front-desk system sends them as they
# happen, or a day's worth at most.
MAX_ITEMS = 1_000
AUDIT_NUMBER_LIMIT = 100


@dataclass(frozen=True, slots=True)
class ItemError:
    index: int | None  # position in the request's list; None for the request as a whole
    field: str
    message: str


class InvalidTasks(DomainError):  # noqa: N818 - names the condition, like NotFound
    """The request had problems; nothing was written."""

    def __init__(self, errors: Sequence[ItemError]) -> None:
        super().__init__(_("The service tasks were not recorded; correct the listed problems."))
        self.errors = list(errors)


def can_record_service_tasks(user: User) -> bool:
    """The HR admin, and accounts given the permission to add service tasks (the
    account a front-desk system signs in with)."""
    return user.is_active and (
        user.has_hr_admin_rights or user.has_perm("service_metrics.add_servicetask")
    )


def record_service_tasks(
    *, actor: User, items: Sequence[Mapping[str, Any]], now: datetime | None = None
) -> BatchCounts:
    """Upsert the tasks (dicts with the import's column names) on ``nomor``.

    All or nothing: any problem raises ``InvalidTasks`` listing every item's problems,
    and nothing is written. On success the affected employees' and services' figures are
    already refreshed when this returns.
    """
    if not can_record_service_tasks(actor):
        raise PermissionDenied(_("You may not record service tasks."))
    if not items:
        raise InvalidTasks([ItemError(None, "-", _("the list of tasks is empty"))])
    if len(items) > MAX_ITEMS:
        raise InvalidTasks(
            [ItemError(None, "-", _("send at most %(max)s tasks per request") % {"max": MAX_ITEMS})]
        )
    as_of = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        batch = TaskBatch()
        try:
            batch.stage(_as_rows(items))
            problems = batch.problems or batch.duplicate_problems()
            if problems:
                raise InvalidTasks([_item_error(problem) for problem in problems])
            counts = batch.apply(as_of=as_of)
        finally:
            batch.close()
        numbers = [str(item.get("nomor", "")) for item in items[:AUDIT_NUMBER_LIMIT]]
        record_event(
            actor=actor,
            action=AuditAction.SERVICE_TASKS_RECORDED,
            target_type="service_tasks",
            target_id=numbers[0][:64],
            target_label=_("%(count)s service tasks") % {"count": len(items)},
            changes={
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "numbers": numbers,
                "truncated": len(items) > AUDIT_NUMBER_LIMIT,
            },
        )
        hooks.data_changed(hooks.SERVICE_METRICS, _employee_ids(batch, items))
    return counts


def _employee_ids(batch: TaskBatch, items: Sequence[Mapping[str, Any]]) -> set[int]:
    """The officers of the recorded tasks (every item passed the checks)."""
    return {batch.checker.employee_ids[_text(item.get("nip_petugas"))] for item in items}


def _as_rows(items: Sequence[Mapping[str, Any]]) -> Iterator[tuple[int, dict[str, str]]]:
    """API items as import rows: every value as stripped text, null as blank."""
    for index, item in enumerate(items):
        yield index, {column: _text(item.get(column)) for column in TASK_COLUMNS}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


def _item_error(problem: RowError) -> ItemError:
    return ItemError(problem.row, problem.column, problem.message)
