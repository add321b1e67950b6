"""The one door into the audit log. Every service that changes something a person would
want to account for calls ``record_event`` inside its own transaction, so the event and
the change commit or roll back together."""

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from kinerja.audit.chain import GENESIS_HASH, event_hash
from kinerja.audit.models import AuditAction, AuditChainHead, AuditEvent

if TYPE_CHECKING:
    # Only for annotations: the audit log sits below accounts, which records into it.
    from kinerja.accounts.models import User


def _json_native(value: Mapping[str, Any]) -> dict[str, Any]:
    # Dates, Decimals and UUIDs become strings now, so the stored JSON and the hashed
    # JSON are the same value.
    # Floats become strings too: PostgreSQL's jsonb gives back 1e16 as an integer and -0.0
    # as 0.0, which would no longer match the hash.
    result: dict[str, Any] = json.loads(
        json.dumps(dict(value), cls=DjangoJSONEncoder, allow_nan=False), parse_float=str
    )
    return result


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {
        field: [before.get(field), new] for field, new in after.items() if before.get(field) != new
    }


@transaction.atomic
def record_event(
    *,
    actor: "User | None",
    action: AuditAction,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    ``target`` fills ``target_type`` (``app_label.model``), ``target_id`` and
    ``target_label``; pass them explicitly for targets that are not one row (an import).
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:255]
    # Locking the head row serialises writers: each gets the next number and the
    # previous hash without a race, on PostgreSQL and SQLite alike.
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=timezone.now(),
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        changes=_json_native(changes or {}),
        prev_hash=head.hash,
    )
    event.hash = event_hash(event.chain_content(), event.prev_hash)
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event
