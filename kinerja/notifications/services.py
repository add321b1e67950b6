"""Sending notifications: in the application always, by e-mail when the deployment has
e-mail configured (``KINERJA_EMAIL_NOTIFICATIONS``) and the recipient has an address.

Callers run inside their own transaction; the e-mails go out only once it commits, so a
rolled-back action never mails anyone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.notifications.models import Notification


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str = ""
    url: str = ""


def notify(*, recipients: Iterable[User], message: Message) -> int:
    """Create one notification per recipient (and queue the e-mails); returns how many."""
    users = list(recipients)
    Notification.objects.bulk_create(
        Notification(recipient=user, title=message.title, body=message.body, url=message.url)
        for user in users
    )
    if getattr(settings, "KINERJA_EMAIL_NOTIFICATIONS", False):
        mails = [
            (message.title, _mail_body(message), None, [user.email]) for user in users if user.email
        ]
        if mails:
            transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(users)


def _mail_body(message: Message) -> str:
    base = getattr(settings, "KINERJA_SITE_URL", "").rstrip("/")
    link = f"\n\n{base}{message.url}" if message.url else ""
    return f"{message.body}{link}"


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications as read (all unread ones when no ids are given).
    Not audited: reading a message changes nothing that matters to anyone else."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
