"""Layanan kantor: office-wide volumes and on-time rates per service and per unit, for
the pimpinan and the HR admin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.core.exceptions import PermissionDenied
from kinerja.service_metrics.selectors.pages import (
    current_month,
    office_for_user,
    period_choices,
    period_from_query,
)

SERVICES_PAGE_SIZE = 20


@login_required
@require_GET
def office_overview(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    period = period_from_query(request.GET.get("period"), default=current_month())
    try:
        overview = office_for_user(request.user, period=period)
    except PermissionDenied:
        raise HttpForbidden from None
    this_year = timezone.localdate().year
    services = Paginator(overview.services, SERVICES_PAGE_SIZE)
    context = {
        "overview": overview,
        "services_page": services.get_page(request.GET.get("services_page")),
        "chart": overview.chart_data(),
        "period_groups": period_choices(
            *sorted({this_year, this_year - 1, period.starts_on.year}, reverse=True)
        ),
    }
    return render(request, "service_metrics/office.html", context)
