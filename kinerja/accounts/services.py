"""Writes on accounts. Each records itself in the audit log."""

from django.db import transaction

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event


@transaction.atomic
def change_password(*, user: User, new_password: str) -> None:
    """Set a new password (already validated by the form) and record it, without the value."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_event(actor=user, action=AuditAction.PASSWORD_CHANGED, target=user)
