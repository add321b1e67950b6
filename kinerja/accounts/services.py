"""Writes on accounts. Each records itself in the audit log."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event


@transaction.atomic
def change_password(*, user: User, new_password: str) -> None:
    """Set a new password (already validated by the form) and record it, without the value."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_event(actor=user, action=AuditAction.PASSWORD_CHANGED, target=user)


def issue_api_token(*, actor: User) -> Token:
    """The account's API token, created (and recorded, without its value) on first use.
    The same token is returned until it is revoked."""
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=actor)
        if created:
            record_event(actor=actor, action=AuditAction.API_TOKEN_ISSUED, target=actor)
    return token
