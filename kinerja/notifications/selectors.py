"""Reading one's own notifications: nobody reads anyone else's."""

from django.db.models import QuerySet

from kinerja.accounts.models import User
from kinerja.notifications.models import Notification


def notifications_for_user(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
