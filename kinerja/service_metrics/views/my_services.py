"""Layanan saya: an employee's service figures per month with trend charts, and the tasks
behind every number. The same pages show a superior, the pimpinan or the HR admin the
figures of someone they may see; anyone else gets 404, as if the employee did not exist."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.core.periods import parse_period
from kinerja.organization.selectors import get_viewer
from kinerja.service_metrics.selectors.access import can_view_team
from kinerja.service_metrics.selectors.pages import (
    TaskFilter,
    period_choices,
    period_from_query,
    service_year_for_user,
    tasks_for_user,
)
from kinerja.workcalendar.hours import EPOCH, LAST_DAY

# The filters of the task list, in the order of their links.
TASK_FILTERS = [
    (TaskFilter.ALL, _("Completed")),
    (TaskFilter.LATE, _("Late")),
    (TaskFilter.RETURNED, _("Returned for correction")),
    (TaskFilter.COMPLAINT, _("With a complaint")),
    (TaskFilter.OPEN, _("Open at the end of the period")),
]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and EPOCH.year <= int(raw) <= LAST_DAY.year:
        return int(raw)
    return timezone.localdate().year


def _year_page(request: HttpRequest, employee_id: int) -> HttpResponse:
    user = _user(request)
    try:
        service_year = service_year_for_user(user, employee_id=employee_id, year=_year(request))
    except NotFound:
        raise Http404 from None
    viewer = get_viewer(user)
    context = {
        "service_year": service_year,
        "chart": service_year.chart_data(),
        "is_own": viewer.employee is not None and viewer.employee.pk == employee_id,
        "has_team": can_view_team(viewer),
    }
    return render(request, "service_metrics/my_services.html", context)


@login_required
@require_GET
def my_services(request: HttpRequest) -> HttpResponse:
    employee = get_viewer(_user(request)).employee
    if employee is None:
        return render(request, "service_metrics/no_employee.html")
    return _year_page(request, employee.pk)


@login_required
@require_GET
def employee_services(request: HttpRequest, employee_id: int) -> HttpResponse:
    return _year_page(request, employee_id)


@login_required
@require_GET
def employee_tasks(request: HttpRequest, employee_id: int) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    period = period_from_query(request.GET.get("period"), default=parse_period(str(today.year)))
    try:
        task_list = tasks_for_user(
            user,
            employee_id=employee_id,
            period=period,
            show=request.GET.get("show", ""),
            page=request.GET.get("page"),
        )
    except NotFound:
        raise Http404 from None
    viewer = get_viewer(user)
    context = {
        "task_list": task_list,
        "page_obj": task_list.page,
        "filters": [(key, label, task_list.counts[key]) for key, label in TASK_FILTERS],
        "period_groups": period_choices(
            *sorted({today.year, today.year - 1, period.starts_on.year}, reverse=True)
        ),
        "is_own": viewer.employee is not None and viewer.employee.pk == employee_id,
    }
    return render(request, "service_metrics/employee_tasks.html", context)
