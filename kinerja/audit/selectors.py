"""Reads of the audit log: the admin's filtered list, and the chain verification."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from kinerja.audit.chain import GENESIS_HASH, ChainBreak, ChainLink, find_break
from kinerja.audit.models import AuditChainHead, AuditEvent
from kinerja.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    # Only for annotations: the audit log sits below accounts, which records into it.
    from kinerja.accounts.models import User


def can_view_audit_log(user: "User") -> bool:
    return user.has_hr_admin_rights


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    target_type: str = ""
    search: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events_for_user(user: "User", filters: AuditFilter) -> QuerySet[AuditEvent]:
    """Events newest first, narrowed by ``filters``; only HR admins may read the log."""
    if not can_view_audit_log(user):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor:
        events = events.filter(actor_username__icontains=filters.actor)
    if filters.target_type:
        events = events.filter(target_type=filters.target_type)
    if filters.search:
        events = events.filter(
            Q(target_label__icontains=filters.search) | Q(target_id=filters.search)
        )
    if filters.date_from:
        events = events.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(occurred_at__date__lte=filters.date_to)
    return events


def audit_target_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
    )


def _links() -> Iterator[ChainLink]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        yield ChainLink(
            seq=event.seq, content=event.chain_content(), prev_hash=event.prev_hash, hash=event.hash
        )


def find_audit_chain_break() -> tuple[int, ChainBreak | None]:
    """Walk the whole chain; return how many events were read and the first break."""
    head = AuditChainHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    counted = 0

    def counting() -> Iterator[ChainLink]:
        nonlocal counted
        for link in _links():
            counted += 1
            yield link

    broken = find_break(counting(), head_seq=head_seq, head_hash=head_hash)
    return counted, broken
