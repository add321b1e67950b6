"""Matriks peran hasil: a leader's RHK with the team's RHK that intervene in them, and the
whole office as a tree for the pimpinan.

A leader sees their own matrix; whoever may read a leader's SKP (their superiors, the
pimpinan, the HR admin) may open that leader's matrix with ``?pegawai=<id>``; anyone else
gets 404 for it. The office tree is for the pimpinan and the HR admin (403 for others).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.organization.models import Employee, PerformanceYear
from kinerja.organization.selectors import employees_with_full_access_for_user, get_viewer
from kinerja.plans.selectors.cascade import leader_cascade, office_roots
from kinerja.plans.selectors.cascade import office_cascade as office_tree


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _year(request: HttpRequest) -> tuple[PerformanceYear | None, list[PerformanceYear]]:
    years = list(PerformanceYear.objects.order_by("-year"))
    chosen = request.GET.get("tahun", "")
    this_year = str(timezone.localdate().year)
    year = next((y for y in years if str(y.year) == chosen), None)
    year = year or next((y for y in years if str(y.year) == this_year), None)
    return year or (years[0] if years else None), years


def _leader(user: User, request: HttpRequest) -> Employee:
    viewer = get_viewer(user)
    wanted = request.GET.get("pegawai", "")
    if not wanted:
        if viewer.employee is None:
            raise Http404
        return viewer.employee
    if not wanted.isdigit():
        raise Http404
    leader = (
        employees_with_full_access_for_user(user, viewer=viewer)
        .select_related("position", "unit")
        .filter(pk=int(wanted))
        .first()
    )
    if leader is None:
        raise Http404
    return leader


@login_required
@require_GET
def cascade(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    leader = _leader(user, request)
    year, years = _year(request)
    context = {
        "leader": leader,
        "year": year,
        "years": years,
        "matrix": leader_cascade(leader, year) if year else None,
        "is_own": leader.pk == getattr(get_viewer(user).employee, "pk", None),
        "can_see_office": get_viewer(user).is_pimpinan or get_viewer(user).is_admin,
    }
    return render(request, "plans/cascade/cascade.html", context)


@login_required
@require_GET
def office_cascade(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    viewer = get_viewer(user)
    if viewer.is_outsider:
        raise Http404
    if not (viewer.is_pimpinan or viewer.is_admin):
        raise HttpForbidden
    year, years = _year(request)
    tree = office_tree(office_roots(viewer), year) if year else None
    return render(
        request, "plans/cascade/office_cascade.html", {"tree": tree, "year": year, "years": years}
    )
