"""Katalog layanan: the services the office offers and their standards. Everyone in the
organisation reads it; only the HR admin adds or changes a service (403 for others)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.service_metrics.forms import ServiceTypeForm
from kinerja.service_metrics.models import ServiceType
from kinerja.service_metrics.selectors.access import can_manage_catalogue
from kinerja.service_metrics.selectors.catalogue import (
    catalogue_units_for_user,
    get_service_type_for_user,
    service_types_for_user,
)
from kinerja.service_metrics.services.catalogue import ServiceTypeRefused, save_service_type

CATALOGUE_PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


@login_required
@require_GET
def service_type_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        listing = service_types_for_user(
            user, search=request.GET.get("q", ""), unit_code=request.GET.get("unit", "")
        )
    except PermissionDenied:
        raise HttpForbidden from None
    page_obj = Paginator(listing.service_types, CATALOGUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"listing": listing, "page_obj": page_obj, "can_manage": can_manage_catalogue(user)}
    return render(request, "service_metrics/catalogue_list.html", context)


@login_required
@require_GET
def service_type_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    try:
        detail = get_service_type_for_user(user, code)
    except PermissionDenied:
        raise HttpForbidden from None
    except NotFound:
        raise Http404 from None
    context = {"detail": detail, "can_manage": can_manage_catalogue(user)}
    return render(request, "service_metrics/service_type_detail.html", context)


def _save(
    request: HttpRequest, form: ServiceTypeForm, service_type: ServiceType | None
) -> HttpResponse | None:
    """Hand a valid form to the service; None when the form must be shown again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save_service_type(
            actor=_user(request), service_type=service_type, **form.cleaned_data
        )
    except PermissionDenied:
        raise HttpForbidden from None
    except ServiceTypeRefused as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None
    except DomainError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, _("The service %(name)s is saved.") % {"name": saved.name})
    return redirect("service_metrics:service_type_detail", code=saved.code)


@login_required
@require_http_methods(["GET", "POST"])
def service_type_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_manage_catalogue(user):
        raise HttpForbidden
    form = ServiceTypeForm(request.POST or None, units=catalogue_units_for_user(user))
    response = _save(request, form, None)
    return response or render(request, "service_metrics/service_type_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def service_type_update(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    if not can_manage_catalogue(user):
        raise HttpForbidden
    try:
        detail = get_service_type_for_user(user, code)
    except NotFound:
        raise Http404 from None
    service_type = detail.service_type
    form = ServiceTypeForm(
        request.POST or None,
        initial=ServiceTypeForm.initial_for(service_type),
        units=catalogue_units_for_user(user),
        code_locked=detail.has_tasks,
    )
    response = _save(request, form, service_type)
    context = {"form": form, "service_type": service_type}
    return response or render(request, "service_metrics/service_type_form.html", context)
