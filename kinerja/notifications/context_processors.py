"""The number of unread notifications, for the bell in the page header."""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest

from kinerja.accounts.models import User
from kinerja.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notification_count``: counted on first use in a template, once per
    request, and not at all for anonymous visitors or responses that render no page."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    count: Callable[[], int] = cache(lambda: unread_count(user))
    return {"unread_notification_count": count}
