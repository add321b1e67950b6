"""Kalibrasi & kurva (Tim Saya): the leader's pages for the three steps of SE MenPANRB
3/2023 — the organisation predicate of a unit, the curve of its employees' predicates
against the pattern that predicate allows, each final predicate, and the finalisation
that delivers every result.

Calibrations are loaded through ``selectors.access.get_calibration_for_user``: whoever may
not open one gets 404, whether it exists or not; the writes are the services', which
refuse with a message (shown as a field error where the service names the field).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.appraisals.forms.calibration import (
    CalibrationFilterForm,
    FinaliseForm,
    OrgPredicateForm,
    PredicateAdjustForm,
)
from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.presentation import predicate_name
from kinerja.appraisals.selectors.access import (
    calibrations_for_user,
    get_calibration_for_user,
    get_evaluation_for_user,
    may_calibrate,
    may_set_org_predicate,
)
from kinerja.appraisals.selectors.calibration import (
    Distribution,
    Population,
    distribution,
    population_and_pilot,
)
from kinerja.appraisals.services.calibration import (
    adjust_predicate,
    finalise_calibration,
    set_org_predicate,
)
from kinerja.appraisals.services.evaluations import EvaluationRefused
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.organization.models import OrgUnit, Period
from kinerja.organization.selectors import Viewer, get_viewer

CALIBRATION_PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _calibration_or_404(user: User, calibration_id: int) -> Calibration:
    try:
        return get_calibration_for_user(user, calibration_id)
    except NotFound:
        raise Http404 from None


def _evaluation_or_404(user: User, evaluation_id: int) -> Evaluation:
    try:
        return get_evaluation_for_user(user, evaluation_id)
    except NotFound:
        raise Http404 from None


def _form_error(form: Form, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _to_calibration(calibration: Calibration, anchor: str = "") -> HttpResponse:
    response = redirect("appraisals:calibration_detail", calibration_id=calibration.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _evaluation_periods() -> QuerySet[Period]:
    return Period.objects.filter(is_evaluation_period=True).order_by("-starts_on", "ends_on")


def _settable_units(viewer: Viewer) -> QuerySet[OrgUnit]:
    """The units whose organisation predicate the viewer may set (the HR admin: every
    unit; a pimpinan: the units below their own)."""
    if viewer.is_admin:
        return OrgUnit.objects.order_by("path")
    scope = viewer.pimpinan_path
    if scope is None:
        return OrgUnit.objects.none()
    allowed = [
        unit.pk
        for unit in OrgUnit.objects.filter(path__startswith=scope)
        if may_set_org_predicate(viewer, unit)
    ]
    return OrgUnit.objects.filter(pk__in=allowed).order_by("path")


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationRow:
    calibration: Calibration
    size: int
    spread: Distribution
    pilot: int


@login_required
@require_GET
def calibration_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    viewer = get_viewer(user)
    if not (viewer.is_admin or viewer.is_pimpinan):
        raise Http404
    periods = _evaluation_periods()
    filters = CalibrationFilterForm(request.GET or None, periods=periods)
    period = filters.period()
    calibrations = calibrations_for_user(user, viewer=viewer).order_by(
        "-period__starts_on", "unit__path"
    )
    if period is not None:
        calibrations = calibrations.filter(period=period)
    page_obj = Paginator(calibrations, CALIBRATION_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for calibration in page_obj:
        found = population_and_pilot(calibration)
        rows.append(
            CalibrationRow(
                calibration,
                len(found.members),
                distribution(calibration, found.members),
                len(found.pilot),
            )
        )
    units = _settable_units(viewer)
    start = OrgPredicateForm(units=units, periods=periods, initial={"period": period})
    context = {
        "rows": rows,
        "page_obj": page_obj,
        "filters": filters,
        "period": period,
        "start": start if units.exists() else None,
    }
    return render(request, "appraisals/calibration/calibration_list.html", context)


# -- step 1: the organisation predicate ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def org_predicate_set(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = _settable_units(get_viewer(user))
    if not units.exists():
        raise Http404
    periods = _evaluation_periods()
    unit_code, period_code = request.GET.get("unit", ""), request.GET.get("period", "")
    existing = (
        calibrations_for_user(user)
        .filter(unit__in=units, unit__code=unit_code, period__code=period_code)
        .first()
    )
    initial = {"unit": unit_code, "period": period_code}
    if existing is not None:
        initial |= {"predicate": existing.org_predicate, "note": existing.org_predicate_note}
    form = OrgPredicateForm(request.POST or None, units=units, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            calibration = set_org_predicate(
                actor=user,
                unit=data["unit"],
                period=data["period"],
                predicate=data["predicate"],
                note=data["note"],
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except EvaluationRefused as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The organisation predicate of %(unit)s for %(period)s is %(predicate)s.")
                % {
                    "unit": calibration.unit.name,
                    "period": calibration.period.code,
                    "predicate": calibration.get_org_predicate_display(),
                },
            )
            return _to_calibration(calibration)
    context = {"form": form, "existing": existing}
    return render(request, "appraisals/calibration/org_predicate_form.html", context)


# -- steps 2 and 3: the curve and the final predicates ---------------------------------------


@dataclass(frozen=True)
class PopulationRow:
    evaluation: Evaluation
    form: PredicateAdjustForm | None

    @property
    def is_pending(self) -> bool:
        return self.evaluation.status == EvaluationStatus.DRAFT

    @property
    def is_adjusted(self) -> bool:
        evaluation = self.evaluation
        return bool(
            evaluation.final_predicate and evaluation.final_predicate != evaluation.matrix_predicate
        )


def _adjust_form(evaluation: Evaluation, data: Any = None) -> PredicateAdjustForm:
    return PredicateAdjustForm(
        data,
        auto_id=f"id_e{evaluation.pk}_%s",
        initial={
            "predicate": evaluation.predicate,
            "reason": evaluation.final_predicate_reason,
        },
    )


def _is_adjustable(calibration: Calibration, evaluation: Evaluation) -> bool:
    return not calibration.is_final and evaluation.status == EvaluationStatus.SUBMITTED


def _render_detail(
    request: HttpRequest,
    calibration: Calibration,
    *,
    found: Population | None = None,
    adjusting: PredicateAdjustForm | None = None,
    adjusting_id: int | None = None,
    finalising: FinaliseForm | None = None,
) -> HttpResponse:
    """The calibration page; a form the user just sent comes back with its errors."""
    viewer = get_viewer(_user(request))
    found = population_and_pilot(calibration) if found is None else found
    members = found.members
    spread = distribution(calibration, members)
    can_calibrate = not calibration.is_final and may_calibrate(viewer, calibration)
    rows = []
    for evaluation in members:
        form = None
        if can_calibrate and _is_adjustable(calibration, evaluation):
            form = adjusting if evaluation.pk == adjusting_id else _adjust_form(evaluation)
        rows.append(PopulationRow(evaluation, form))
    context = {
        "calibration": calibration,
        "spread": spread,
        "rows": rows,
        # Pilot results (uji coba): shown beside the curve, not counted in it.
        "pilot": found.pilot,
        "can_calibrate": can_calibrate,
        "can_set_org_predicate": (
            not calibration.is_final and may_set_org_predicate(viewer, calibration.unit)
        ),
        "finalise_form": (
            FinaliseForm(needs_justification=bool(spread.violations))
            if finalising is None
            else finalising
        ),
        "adjusting_id": adjusting_id if adjusting is not None else None,
    }
    return render(request, "appraisals/calibration/calibration_detail.html", context)


@login_required
@require_GET
def calibration_detail(request: HttpRequest, calibration_id: int) -> HttpResponse:
    calibration = _calibration_or_404(_user(request), calibration_id)
    return _render_detail(request, calibration)


@login_required
@require_POST
def predicate_adjust(request: HttpRequest, calibration_id: int, evaluation_id: int) -> HttpResponse:
    user = _user(request)
    calibration = _calibration_or_404(user, calibration_id)
    evaluation = _evaluation_or_404(user, evaluation_id)
    form = _adjust_form(evaluation, request.POST)
    if form.is_valid():
        try:
            adjusted = adjust_predicate(
                actor=user,
                calibration=calibration,
                evaluation=evaluation,
                predicate=form.cleaned_data["predicate"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except EvaluationRefused as error:
            if error.field not in form.fields or not _is_adjustable(calibration, evaluation):
                messages.error(request, str(error))
                return _to_calibration(calibration, f"evaluasi-{evaluation.pk}")
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The final predicate of %(name)s is %(predicate)s.")
                % {
                    "name": adjusted.employee.name,
                    "predicate": predicate_name(adjusted.final_predicate),
                },
            )
            return _to_calibration(calibration, f"evaluasi-{evaluation.pk}")
    return _render_detail(request, calibration, adjusting=form, adjusting_id=evaluation.pk)


@login_required
@require_POST
def calibration_finalise(request: HttpRequest, calibration_id: int) -> HttpResponse:
    user = _user(request)
    calibration = _calibration_or_404(user, calibration_id)
    if calibration.is_final:
        messages.error(request, _("This calibration has been finalised; it can no longer change."))
        return _to_calibration(calibration)
    found = population_and_pilot(calibration)
    spread = distribution(calibration, found.members)
    form = FinaliseForm(request.POST, needs_justification=bool(spread.violations))
    if form.is_valid():
        try:
            delivered = finalise_calibration(
                actor=user,
                calibration=calibration,
                justification=form.cleaned_data.get("justification", ""),
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except EvaluationRefused as error:
            # A draft still waiting, or a violation that appeared since the page was read:
            # the page, read afresh, says what to do.
            if error.field not in form.fields:
                messages.error(request, str(error))
                return _to_calibration(calibration, "finalisasi")
            _form_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The calibration is final: %(count)d result was delivered to its employee.",
                    "The calibration is final: %(count)d results were delivered to their"
                    " employees.",
                    delivered,
                )
                % {"count": delivered},
            )
            return _to_calibration(calibration)
    return _render_detail(request, calibration, found=found, finalising=form)
