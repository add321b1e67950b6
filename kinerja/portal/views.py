"""The shell around every page: the home page, the health check and the error pages."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.monitoring.selectors.dashboard import (
    dashboard_context,
    is_leader,
    leader_dashboard,
    my_dashboard,
)
from kinerja.organization.selectors import get_viewer

# Beranda's tab with the viewer's own dashboard, for leaders (everyone else sees only it).
MY_TAB = "saya"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Beranda: the leader's control room (pimpinan, penilai, HR admin) with a tab for
    their own dashboard; the employee's own dashboard for everyone else; a word on what
    to do for an account not linked to an employee."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    viewer = get_viewer(user)
    context = dashboard_context(timezone.localdate())
    leads = is_leader(viewer)
    mine = viewer.employee is not None and (not leads or request.GET.get("tab") == MY_TAB)
    page: dict[str, object] = {"viewer": viewer, "is_leader": leads, "my_tab": MY_TAB}
    if mine:
        page["mine"] = my_dashboard(user, context=context)
    elif leads:
        page["board"] = leader_dashboard(user, context=context, page=request.GET.get("page"))
    return render(request, "portal/home.html", page)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the application can reach its database; for load balancers and `make run`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # An API client gets the API's error body, also for a path no endpoint matches (an id
    # that is not a number), as the schema documents.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the error may come from one of them or from the database.
    from django.template import loader  # noqa: PLC0415

    return HttpResponse(loader.get_template("500.html").render(), status=500)
