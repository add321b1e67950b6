"""Organisasi → Tahapan penerapan: the rollout plan and progress of every unit, and the HR
admin's form to plan one unit.

Everyone in the organisation reads the page; outsiders get 403 (as in the directory). The
edit pages are the HR admin's: anyone else gets 403, and a unit the viewer does not see
is 404. The writes are ``organization.services.save_rollout`` and ``clear_rollout``,
which refuse with a message shown on the form.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.monitoring.selectors.rollout import (
    UnitRolloutPlan,
    rollout_overview,
    unit_rollout_for_user,
)
from kinerja.organization.selectors import can_manage_organization
from kinerja.organization.services import (
    ROLLOUT_NOTE_MAX_LENGTH,
    RolloutRefused,
    clear_rollout,
    save_rollout,
)


class RolloutForm(forms.Form):
    """The shape of a plan; the order of the two days is the service's rule."""

    pilot_from = forms.DateField(
        label=gettext_lazy("Pilot (uji coba) from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "From this day results are computed and shown with a pilot badge, but they are"
            " not final and stay out of the curve. Leave empty to go live without a pilot."
        ),
    )
    active_from = forms.DateField(
        label=gettext_lazy("Live (aktif) from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "From this day results are final and counted. Leave empty while the day is not"
            " decided yet."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=ROLLOUT_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the plan rests on, e.g. the decree or the training dates."),
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


def _plan_or_404(user: User, code: str) -> UnitRolloutPlan:
    if not can_manage_organization(user):
        raise HttpForbidden
    try:
        return unit_rollout_for_user(user, code, timezone.localdate())
    except NotFound:
        raise Http404 from None


@login_required
@require_GET
def rollout_page(request: HttpRequest) -> HttpResponse:
    try:
        overview = rollout_overview(_user(request), timezone.localdate())
    except PermissionDenied:
        raise HttpForbidden from None
    return render(request, "monitoring/rollout/overview.html", {"overview": overview})


@login_required
@require_http_methods(["GET", "POST"])
def rollout_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    current = _plan_or_404(user, code)
    initial: dict[str, Any] = {}
    if current.plan is not None:
        plan = current.plan
        initial = {
            "pilot_from": plan.pilot_from,
            "active_from": plan.active_from,
            "note": plan.note,
        }
    form = RolloutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_rollout(actor=user, unit=current.unit, **form.cleaned_data)
        except PermissionDenied:
            raise HttpForbidden from None
        except RolloutRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, _("The rollout plan of %(unit)s is saved.") % {"unit": current.unit.name}
            )
            return redirect("rollout:overview")
    return render(request, "monitoring/rollout/edit.html", {"current": current, "form": form})


@login_required
@require_POST
def rollout_clear(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    current = _plan_or_404(user, code)
    try:
        removed = clear_rollout(actor=user, unit=current.unit)
    except PermissionDenied:
        raise HttpForbidden from None
    if removed:
        messages.success(
            request,
            _("%(unit)s has no plan of its own any more: it follows the unit above it.")
            % {"unit": current.unit.name},
        )
    else:
        messages.info(request, _("%(unit)s had no plan of its own.") % {"unit": current.unit.name})
    return redirect("rollout:overview")
