"""Tim Saya → Peringatan dini: the early-warning alerts of the people one appraises or
leads, each with the evidence that raised it, to dismiss with a reason or to turn into a
coaching case.

An alert is loaded through ``selectors.alerts.get_alert_for_user``: whoever may not act
on it gets 404, so that they cannot tell it exists. A step the service refuses for lack
of rights (opening a coaching case is for the direct superior or the HR admin) is 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.accounts.models import User
from kinerja.coaching.selectors import active_case_of, may_open_case_for
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.monitoring.forms import AlertFilterForm, CoachingForm, DismissForm
from kinerja.monitoring.models import Alert
from kinerja.monitoring.selectors.alerts import (
    alert_card,
    alert_counts_for_user,
    alert_list_for_user,
    get_alert_for_user,
)
from kinerja.monitoring.services.alerts import default_reason, dismiss_alert, start_coaching
from kinerja.organization.selectors import get_viewer

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


def _alert_or_404(user: User, alert_id: int) -> Alert:
    try:
        return get_alert_for_user(user, alert_id)
    except NotFound:
        raise Http404 from None


def _already_decided(request: HttpRequest, alert: Alert) -> HttpResponse | None:
    """Back to the alert's page, which shows the decision, when it was already made."""
    if alert.status == Alert.Status.OPEN:
        return None
    messages.error(
        request,
        _("This alert was already decided (%(status)s).")
        % {"status": alert.get_status_display().lower()},
    )
    return redirect("monitoring:alert_detail", alert_id=alert.pk)


def _form_error(form: Form, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    viewer = get_viewer(user)
    if not (viewer.is_penilai or viewer.is_pimpinan or viewer.is_admin):
        raise Http404
    form = AlertFilterForm(request.GET)
    status, search = form.values()
    alerts = alert_list_for_user(user, status=status, search=search)
    page_obj = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "status": status,
        "search": search,
        "statuses": Alert.Status.choices,
        "counts": alert_counts_for_user(user),
        "page_obj": page_obj,
        "cards": [alert_card(alert) for alert in page_obj.object_list],
    }
    return render(request, "monitoring/alert_list.html", context)


def _render_detail(
    request: HttpRequest,
    alert: Alert,
    *,
    dismiss_form: DismissForm | None = None,
    coaching_form: CoachingForm | None = None,
) -> HttpResponse:
    viewer = get_viewer(_user(request))
    case = active_case_of(alert.employee) if alert.status == Alert.Status.OPEN else None
    may_coach = case is not None or may_open_case_for(viewer, alert.employee)
    context = {
        "card": alert_card(alert),
        "alert": alert,
        "active_case": case,
        "may_coach": may_coach,
        "dismiss_form": dismiss_form or DismissForm(),
        "coaching_form": coaching_form
        or CoachingForm(initial={"reason": default_reason(alert)}, joins_case=case is not None),
    }
    return render(request, "monitoring/alert_detail.html", context)


@login_required
@require_GET
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _render_detail(request, _alert_or_404(_user(request), alert_id))


@login_required
@require_POST
def alert_dismiss(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = _user(request)
    alert = _alert_or_404(user, alert_id)
    decided = _already_decided(request, alert)
    if decided is not None:
        return decided
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            dismiss_alert(actor=user, alert=alert, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The alert is dismissed."))
            return redirect("monitoring:alert_detail", alert_id=alert.pk)
    return _render_detail(request, alert, dismiss_form=form)


@login_required
@require_POST
def alert_coaching(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = _user(request)
    alert = _alert_or_404(user, alert_id)
    decided = _already_decided(request, alert)
    if decided is not None:
        return decided
    joins_case = active_case_of(alert.employee) is not None
    form = CoachingForm(request.POST, joins_case=joins_case)
    if form.is_valid():
        try:
            start_coaching(
                actor=user,
                alert=alert,
                goals=form.cleaned_data.get("goals", ""),
                reason=form.cleaned_data.get("reason", ""),
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The alert is added to the active coaching case.")
                if joins_case
                else _("A coaching case is opened from the alert."),
            )
            return redirect("monitoring:alert_detail", alert_id=alert.pk)
    return _render_detail(request, alert, coaching_form=form)
