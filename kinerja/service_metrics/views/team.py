"""Layanan tim: for a penilai, the pimpinan or the HR admin, one row per employee of a
unit with the period's service figures and a sparkline of the year's on-time rates."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.service_metrics.selectors.pages import (
    TEAM_PAGE_SIZE,
    current_month,
    period_choices,
    period_from_query,
    team_for_user,
)


@login_required
@require_GET
def team_overview(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    period = period_from_query(request.GET.get("period"), default=current_month())
    try:
        overview = team_for_user(
            request.user,
            unit_code=request.GET.get("unit") or None,
            period=period,
            sort=request.GET.get("sort", "name"),
        )
    except PermissionDenied:
        raise HttpForbidden from None
    except NotFound:
        raise Http404 from None
    this_year = timezone.localdate().year
    context = {
        "overview": overview,
        "page_obj": Paginator(overview.rows, TEAM_PAGE_SIZE).get_page(request.GET.get("page")),
        "period_groups": period_choices(
            *sorted({this_year, this_year - 1, period.starts_on.year}, reverse=True)
        ),
    }
    return render(request, "service_metrics/team.html", context)
