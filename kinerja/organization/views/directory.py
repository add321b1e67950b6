"""The organisation directory: the unit tree, a unit's page, the employee list and an
employee's profile. Open to everyone who works in the organisation; outsiders get 403.

What each viewer may read is decided in ``kinerja.organization.selectors``; these views
only read the query string, call one selector and render.
"""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.selectors import (
    DIRECTORY_SORTS,
    DirectoryFilter,
    Viewer,
    can_search_by_nip,
    employee_profile_for_user,
    get_unit_for_user,
    get_viewer,
    search_directory_for_user,
    unit_ancestors,
    unit_tree_for_user,
)

UNIT_PAGE_SIZE = 25
DIRECTORY_PAGE_SIZE = 50
MAX_SEARCH_LENGTH = 100
# The element htmx swaps when the filters change; a request for it gets only the results.
RESULTS_TARGET = "directory-results"


def _directory_viewer(request: HttpRequest) -> tuple[User, Viewer]:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    viewer = get_viewer(user)
    if viewer.is_outsider:
        raise PermissionDenied
    return user, viewer


def _filters_from(
    query: QueryDict, *, unit: OrgUnit | None, include_subunits: bool
) -> DirectoryFilter:
    sort = query.get("sort", "name")
    return DirectoryFilter(
        search=query.get("q", "").strip()[:MAX_SEARCH_LENGTH],
        position_kind=query.get("kind", ""),
        asn_status=query.get("status", ""),
        unit=unit,
        include_subunits=include_subunits,
        sort=sort if sort in DIRECTORY_SORTS else "name",
    )


def _page(request: HttpRequest, employees: QuerySet[Employee], per_page: int) -> Page[Employee]:
    return Paginator(employees, per_page).get_page(request.GET.get("page"))


class _HtmxRequest(HttpRequest):
    htmx: HtmxDetails  # set by django_htmx's middleware


def _wants_results_only(request: HttpRequest) -> bool:
    htmx = cast(_HtmxRequest, request).htmx
    return bool(htmx) and htmx.target == RESULTS_TARGET


@login_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    user, viewer = _directory_viewer(request)
    tree = unit_tree_for_user(user, viewer=viewer)
    query = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    context = {
        "tree": tree,
        "query": query,
        "matches": tree.search(query) if query else [],
        "can_import": viewer.is_admin,
    }
    return render(request, "organization/unit_tree.html", context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    user, viewer = _directory_viewer(request)
    try:
        unit = get_unit_for_user(user, code, viewer=viewer)
    except NotFound:
        raise Http404 from None
    filters = _filters_from(request.GET, unit=unit, include_subunits=request.GET.get("sub") == "1")
    context = {
        "unit": unit,
        "filters": filters,
        "page_obj": _page(
            request, search_directory_for_user(user, filters, viewer=viewer), UNIT_PAGE_SIZE
        ),
        "position_kinds": Position.Kind.choices,
        "search_by_nip": can_search_by_nip(viewer),
        "can_import": viewer.is_admin,
        "results_target": RESULTS_TARGET,
    }
    if _wants_results_only(request):
        return render(request, "organization/_employee_results.html", context)
    context["ancestors"] = unit_ancestors(unit)
    context["node"] = unit_tree_for_user(user, viewer=viewer, within=unit).roots[0]
    return render(request, "organization/unit_detail.html", context)


@login_required
@require_GET
def employee_list(request: HttpRequest) -> HttpResponse:
    user, viewer = _directory_viewer(request)
    tree = unit_tree_for_user(user, viewer=viewer)
    unit_code = request.GET.get("unit", "")
    unit = next((node.unit for node in tree.nodes if node.unit.code == unit_code), None)
    filters = _filters_from(request.GET, unit=unit, include_subunits=True)
    context = {
        "tree": tree,
        "filters": filters,
        "page_obj": _page(
            request, search_directory_for_user(user, filters, viewer=viewer), DIRECTORY_PAGE_SIZE
        ),
        "position_kinds": Position.Kind.choices,
        "asn_statuses": Employee.AsnStatus.choices if viewer.is_admin else [],
        "show_unit": True,
        "show_personnel_columns": viewer.is_admin,
        "search_by_nip": can_search_by_nip(viewer),
        "can_import": viewer.is_admin,
        "results_target": RESULTS_TARGET,
    }
    template = "_employee_results.html" if _wants_results_only(request) else "employee_list.html"
    return render(request, f"organization/{template}", context)


@login_required
@require_GET
def employee_detail(request: HttpRequest, employee_id: int) -> HttpResponse:
    user, viewer = _directory_viewer(request)
    try:
        profile = employee_profile_for_user(user, employee_id, viewer=viewer)
    except NotFound:
        raise Http404 from None
    return render(request, "organization/employee_detail.html", {"profile": profile})
