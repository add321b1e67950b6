"""Notifikasi: the viewer's own notifications, newest first. Opening one marks it read
and follows its link, but only to a page of this site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.accounts.models import User
from kinerja.notifications.selectors import notifications_for_user, unread_count
from kinerja.notifications.services import mark_read as mark_notifications_read

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


def is_internal_url(url: str) -> bool:
    """A path on this site ("/kriteria/…"), never another host ("//evil", "/\\evil")."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page_obj = Paginator(notifications_for_user(user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "unread": unread_count(user)}
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_GET
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    notification = notifications_for_user(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    mark_notifications_read(user=user, notification_ids=[notification.pk])
    if notification.url and is_internal_url(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark every unread notification of the viewer as read."""
    count = mark_notifications_read(user=_user(request))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
