"""Tim Saya → Penilaian: the team's evaluations of a period, opening one, the rating
page, submitting it to the calibration and taking it back.

An evaluation is loaded through ``selectors.access.get_evaluation_for_user``: whoever may
not read it gets 404, so that they cannot tell it exists. Whoever may read it but does
not rate it (the pimpinan, the HR admin, the appraiser's superior) is sent to the
evaluation's own page, and gets 403 on any step.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.appraisals.forms.evaluations import RatingForm, RevisionForm, TeamSearchForm
from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.selectors.access import get_evaluation_for_user, may_rate
from kinerja.appraisals.selectors.pilot import is_pilot, pilot_ids
from kinerja.appraisals.selectors.team import (
    RatingPage,
    default_period,
    evaluation_periods,
    rating_page,
    team_rows,
)
from kinerja.appraisals.selectors.team import team_evaluations as team_of
from kinerja.appraisals.services.evaluations import (
    EvaluationRefused,
    StaleEvaluation,
    open_evaluation,
    reopen_evaluation,
    save_ratings,
    submission_problems,
    submit_evaluation,
)
from kinerja.appraisals.workflow import EvaluationStatus, is_rating_open
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.organization.models import Employee, Period
from kinerja.organization.selectors import get_viewer

TEAM_PAGE_SIZE = 25
SUBMIT_ACTION = "ajukan"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _evaluation_or_404(user: User, evaluation_id: int) -> Evaluation:
    try:
        return get_evaluation_for_user(user, evaluation_id)
    except NotFound:
        raise Http404 from None


def _rater_or_403(user: User, evaluation: Evaluation) -> None:
    if not may_rate(get_viewer(user), evaluation):
        raise HttpForbidden


def _form_error(form: Form, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _to_rate(evaluation: Evaluation) -> HttpResponse:
    return redirect("appraisals:evaluation_rate", evaluation_id=evaluation.pk)


def _to_team(period_code: str) -> HttpResponse:
    return redirect(f"{reverse('appraisals:team_evaluations')}?period={period_code}")


# -- the team list ------------------------------------------------------------------------


@login_required
@require_GET
def team_evaluations(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(_user(request))
    if viewer.employee is None and not viewer.is_admin:
        raise Http404
    periods = evaluation_periods()
    chosen = request.GET.get("period", "")
    period = next((p for p in periods if p.code == chosen), None) or default_period(
        periods, timezone.localdate()
    )
    form = TeamSearchForm(request.GET)
    search = form.search()
    page_obj = None
    rows = []
    if period is not None:
        members = team_of(viewer, period, search=search)
        page_obj = Paginator(members, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = team_rows(viewer, list(page_obj.object_list), period)
    context = {
        "pilot_ids": pilot_ids(row.evaluation for row in rows if row.evaluation is not None),
        "periods": periods,
        "period": period,
        "form": form,
        "search": search,
        "page_obj": page_obj,
        "rows": rows,
    }
    return render(request, "appraisals/evaluations/team_evaluations.html", context)


@login_required
@require_POST
def evaluation_open(request: HttpRequest, employee_id: int, period_code: str) -> HttpResponse:
    user = _user(request)
    employee = Employee.objects.filter(pk=employee_id).first()
    period = Period.objects.filter(code=period_code).first()
    if employee is None or period is None:
        raise Http404
    try:
        evaluation = open_evaluation(actor=user, employee=employee, period=period)
    except PermissionDenied:
        raise HttpForbidden from None
    except EvaluationRefused as error:
        messages.error(request, str(error))
        return _to_team(period.code)
    # An evaluation opened earlier comes back as it is, whoever asks.
    _rater_or_403(user, evaluation)
    messages.success(
        request,
        _("The evaluation of %(name)s for %(period)s is open.")
        % {"name": employee.name, "period": period.code},
    )
    return _to_rate(evaluation)


# -- the rating page ----------------------------------------------------------------------


def _render_rating(
    request: HttpRequest, page: RatingPage, form: RatingForm | None, *, stale: bool = False
) -> HttpResponse:
    context = {
        "page": page,
        "evaluation": page.evaluation,
        "form": form,
        "stale": stale,
        "is_pilot": is_pilot(page.evaluation),
    }
    return render(request, "appraisals/evaluations/evaluation_rate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_rate(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    user = _user(request)
    evaluation = _evaluation_or_404(user, evaluation_id)
    viewer = get_viewer(user)
    if not may_rate(viewer, evaluation):
        if request.method == "POST":
            raise HttpForbidden
        return redirect("appraisals:evaluation_detail", evaluation_id=evaluation.pk)
    page = rating_page(viewer, evaluation)
    if not page.is_editable:
        if request.method == "POST":
            messages.error(
                request, _("This evaluation has been submitted; reopen it to change the ratings.")
            )
            return _to_rate(evaluation)
        return _render_rating(request, page, None)
    form = RatingForm(request.POST if request.method == "POST" else None, page=page)
    if request.method == "POST" and form.is_valid():
        try:
            save_ratings(actor=user, evaluation=evaluation, data=form.to_input())
        except PermissionDenied:
            raise HttpForbidden from None
        except StaleEvaluation as error:
            messages.error(request, str(error))
            return _stale_rating(request, user, evaluation.pk)
        except EvaluationRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The ratings are saved."))
            if request.POST.get("action") == SUBMIT_ACTION:
                return redirect("appraisals:evaluation_submit", evaluation_id=evaluation.pk)
            return _to_rate(evaluation)
    return _render_rating(request, page, form)


def _stale_rating(request: HttpRequest, user: User, evaluation_id: int) -> HttpResponse:
    """Someone saved in between: show what is stored now, with what this user typed still
    in the form, at the current revision, so that saving again is a deliberate choice."""
    evaluation = _evaluation_or_404(user, evaluation_id)
    page = rating_page(get_viewer(user), evaluation)
    if not page.is_editable:
        return _render_rating(request, page, None)
    data = request.POST.copy()
    data["revision"] = str(evaluation.revision)
    return _render_rating(request, page, RatingForm(data, page=page), stale=True)


# -- the workflow steps -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_submit(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """A checklist of what is missing, then the confirmation."""
    user = _user(request)
    evaluation = _evaluation_or_404(user, evaluation_id)
    _rater_or_403(user, evaluation)
    if not is_rating_open(evaluation.status):
        messages.info(request, _("This evaluation has already been submitted."))
        return _to_rate(evaluation)
    form = RevisionForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": evaluation.revision},
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            submit_evaluation(
                actor=user, evaluation=evaluation, revision=form.cleaned_data["revision"]
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except StaleEvaluation as refusal:
            messages.error(request, str(refusal))
            return redirect("appraisals:evaluation_submit", evaluation_id=evaluation.pk)
        except EvaluationRefused as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                _("The evaluation of %(name)s is submitted to the calibration.")
                % {"name": evaluation.employee.name},
            )
            return _to_rate(evaluation)
    context = {
        "evaluation": evaluation,
        "problems": submission_problems(evaluation),
        "form": form,
        "error": error,
    }
    return render(request, "appraisals/evaluations/evaluation_submit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_reopen(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Take a submitted evaluation back into draft, after a confirmation."""
    user = _user(request)
    evaluation = _evaluation_or_404(user, evaluation_id)
    _rater_or_403(user, evaluation)
    if evaluation.status != EvaluationStatus.SUBMITTED.value:
        messages.info(
            request,
            _("Only a submitted evaluation whose calibration is still open can be reopened."),
        )
        return _to_rate(evaluation)
    form = RevisionForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": evaluation.revision},
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            reopen_evaluation(
                actor=user, evaluation=evaluation, revision=form.cleaned_data["revision"]
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except StaleEvaluation as refusal:
            messages.error(request, str(refusal))
            return redirect("appraisals:evaluation_reopen", evaluation_id=evaluation.pk)
        except EvaluationRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("The evaluation is a draft again; you can change it."))
            return _to_rate(evaluation)
    context = {"evaluation": evaluation, "form": form, "error": error}
    return render(request, "appraisals/evaluations/evaluation_reopen.html", context)
