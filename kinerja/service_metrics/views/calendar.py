"""Kalender kerja: the office's working days and hours, holidays and cuti bersama.
Everyone in the organisation reads it; only the HR admin changes it (403 for others).

Every edit goes through ``apply_calendar_change``, which also derives the working time
of the service tasks from the first changed day on, in the same transaction.
"""

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.service_metrics.forms_calendar import (
    CalendarExceptionForm,
    HolidaySyncForm,
    WorkingWeekForm,
)
from kinerja.service_metrics.selectors.access import can_manage_catalogue
from kinerja.service_metrics.services.calendar import apply_calendar_change
from kinerja.workcalendar.models import CalendarException
from kinerja.workcalendar.selectors import (
    calendar_year_for_user,
    get_calendar_exception_for_user,
    working_week_for_user,
)
from kinerja.workcalendar.services import (
    delete_exception,
    save_exception,
    save_working_week,
    sync_holidays,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


def _manager(request: HttpRequest) -> User:
    user = _user(request)
    if not can_manage_catalogue(user):
        raise HttpForbidden
    return user


def _recalculated(since: date | None) -> str:
    if since is None:
        return _("No working time changed.")
    return _("The working time of service tasks from %(day)s on has been recalculated.") % {
        "day": date_format(since, "j F Y")
    }


def _saved(request: HttpRequest, since: date | None) -> None:
    messages.success(request, _("The working calendar is saved.") + " " + _recalculated(since))


def _apply(request: HttpRequest, edit: Callable[[], date | None]) -> None:
    _saved(request, apply_calendar_change(actor=_user(request), edit=edit))


def _get_exception(user: User, exception_id: int) -> CalendarException:
    try:
        return get_calendar_exception_for_user(user, exception_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_GET
def calendar_year(request: HttpRequest, year: int | None = None) -> HttpResponse:
    user = _user(request)
    year = timezone.localdate().year if year is None else year
    try:
        calendar = calendar_year_for_user(user, year)
    except PermissionDenied:
        raise HttpForbidden from None
    except NotFound:
        raise Http404 from None
    can_manage = can_manage_catalogue(user)
    context = {
        "calendar": calendar,
        "can_manage": can_manage,
        "sync_form": HolidaySyncForm(initial={"year": year}, auto_id="sync_%s")
        if can_manage
        else None,
    }
    return render(request, "service_metrics/calendar_year.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def working_week_update(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = WorkingWeekForm(request.POST or None, week=working_week_for_user(user))
    if request.method == "POST" and form.is_valid():
        try:
            _apply(request, lambda: save_working_week(actor=user, hours=form.hours()))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("service_metrics:calendar")
    return render(request, "service_metrics/calendar_week_form.html", {"form": form})


def _save_exception(
    request: HttpRequest, form: CalendarExceptionForm, exception: CalendarException | None
) -> HttpResponse:
    user = _user(request)
    if request.method == "POST" and form.is_valid():
        try:
            _apply(
                request,
                lambda: save_exception(actor=user, exception=exception, **form.cleaned_data),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("service_metrics:calendar_year", year=form.cleaned_data["day"].year)
    context = {"form": form, "exception": exception}
    return render(request, "service_metrics/calendar_exception_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exception_create(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _save_exception(request, CalendarExceptionForm(request.POST or None), None)


@login_required
@require_http_methods(["GET", "POST"])
def exception_update(request: HttpRequest, exception_id: int) -> HttpResponse:
    exception = _get_exception(_manager(request), exception_id)
    form = CalendarExceptionForm(
        request.POST or None, initial=CalendarExceptionForm.initial_for(exception)
    )
    return _save_exception(request, form, exception)


@login_required
@require_http_methods(["GET", "POST"])
def exception_delete(request: HttpRequest, exception_id: int) -> HttpResponse:
    user = _manager(request)
    exception = _get_exception(user, exception_id)
    if request.method == "POST":
        try:
            _apply(request, lambda: delete_exception(actor=user, exception=exception))
        except NotFound:
            raise Http404 from None
        return redirect("service_metrics:calendar_year", year=exception.day.year)
    context = {"exception": exception}
    return render(request, "service_metrics/calendar_exception_delete.html", context)


@login_required
@require_POST
def holidays_sync(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = HolidaySyncForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose a year between 2000 and 2099 to add its national holidays.")
        )
        return redirect("service_metrics:calendar")
    year: int = form.cleaned_data["year"]
    added: list[int] = []

    def edit() -> date | None:
        result = sync_holidays(actor=user, year=year)
        added.append(result.added)
        return result.changed_since

    since = apply_calendar_change(actor=user, edit=edit)
    if added[0]:
        message = ngettext(
            "%(count)s day from the national list of %(year)s added.",
            "%(count)s days from the national list of %(year)s added.",
            added[0],
        ) % {"count": added[0], "year": year}
        messages.success(request, message + " " + _recalculated(since))
    else:
        messages.info(
            request,
            _("Every national holiday and cuti bersama of %(year)s is already in the calendar.")
            % {"year": year},
        )
    return redirect("service_metrics:calendar_year", year=year)
