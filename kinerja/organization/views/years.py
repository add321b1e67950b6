"""Performance years and their periods ("Tahun & periode kinerja")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.organization import selectors, services
from kinerja.organization.forms import OpenYearForm


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


@login_required
def year_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        years = selectors.performance_years_for_user(user)
    except PermissionDenied as error:
        raise HttpForbidden from error
    can_manage = selectors.can_manage_organization(user)
    form = OpenYearForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise HttpForbidden
        if form.is_valid():
            year = services.open_performance_year(actor=user, **form.cleaned_data)
            messages.success(
                request, _("Performance year %(year)s opened with its periods.") % {"year": year}
            )
            return redirect("organization:year_detail", year=year.year)
    return render(
        request,
        "organization/year_list.html",
        {"years": years, "form": form, "can_manage": can_manage},
    )


@login_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    user = _user(request)
    try:
        performance_year, periods = selectors.get_performance_year_for_user(user, year)
    except PermissionDenied as error:
        raise HttpForbidden from error
    except NotFound as error:
        raise Http404 from error
    can_manage = selectors.can_manage_organization(user)
    if request.method == "POST":
        if not can_manage:
            raise HttpForbidden
        period = next((p for p in periods if p.code == request.POST.get("period")), None)
        if period is None or not period.is_evaluation_period:
            raise Http404
        count = services.snapshot_appraisal_chains(actor=user, period=period)
        messages.success(
            request,
            _(
                "Appraisers for %(period)s refreshed from the current reporting line "
                "(%(count)s employees)."
            )
            % {"period": period.code, "count": count},
        )
        return redirect("organization:year_detail", year=year)
    return render(
        request,
        "organization/year_detail.html",
        {"performance_year": performance_year, "periods": periods, "can_manage": can_manage},
    )
