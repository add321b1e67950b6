"""The drill-down pages of the leader's control room: a unit with its sub-units and its
people, the list of people behind one number, and one person.

Whoever leads nobody, or asks for a unit or person outside what they follow, gets 404:
nobody can tell a hidden unit or employee from an unknown one.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.monitoring.selectors.dashboard import (
    Show,
    dashboard_context,
    leader_dashboard,
    parse_show,
    person_dashboard,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


@login_required
@require_GET
def unit_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    context = dashboard_context(timezone.localdate())
    try:
        board = leader_dashboard(
            _user(request), context=context, unit_code=code, page=request.GET.get("page")
        )
    except NotFound:
        raise Http404 from None
    return render(request, "monitoring/dashboard/unit.html", {"board": board})


@login_required
@require_GET
def unit_people(request: HttpRequest, code: str) -> HttpResponse:
    context = dashboard_context(timezone.localdate())
    show = parse_show(request.GET.get("show")) or Show.ALL
    try:
        board = leader_dashboard(
            _user(request),
            context=context,
            unit_code=code,
            show=show,
            page=request.GET.get("page"),
        )
    except NotFound:
        raise Http404 from None
    return render(request, "monitoring/dashboard/people.html", {"board": board})


@login_required
@require_GET
def person(request: HttpRequest, employee_id: int) -> HttpResponse:
    context = dashboard_context(timezone.localdate())
    try:
        mine = person_dashboard(_user(request), employee_id=employee_id, context=context)
    except NotFound:
        raise Http404 from None
    return render(request, "monitoring/dashboard/person.html", {"mine": mine})
