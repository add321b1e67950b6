"""Kinerja Saya → evaluations: my delivered evaluations, "how my score was computed", and
the objection (keberatan, PP 30/2019 Pasal 59): the employee objects within the
deadline, the appraiser explains, the appraiser's superior decides, finally.

Everyone who may read an evaluation (``selectors.access``) sees its explanation page;
anybody else gets 404, whether it exists or not. The action panels depend on who looks;
the services decide, and a refusal comes back as a message on the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.appraisals.forms.objections import DecisionForm, ExplanationForm, ObjectionForm
from kinerja.appraisals.models import Evaluation, Objection
from kinerja.appraisals.selectors.access import (
    get_evaluation_for_user,
    is_employee,
    may_decide_objection,
    may_rate,
)
from kinerja.appraisals.selectors.explanation import (
    ObjectionPart,
    explanation_for,
    own_evaluations_for_user,
    status_label,
)
from kinerja.appraisals.selectors.pilot import is_pilot, is_unit_live
from kinerja.appraisals.services.objections import (
    confirm_receipt,
    decide_objection,
    explain_objection,
    file_objection,
)
from kinerja.appraisals.workflow import EvaluationStatus, is_delivered, is_rating_open
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.organization.selectors import Viewer, get_viewer

LIST_PAGE_SIZE = 25

_Form = ObjectionForm | ExplanationForm | DecisionForm


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _evaluation(request: HttpRequest, evaluation_id: int) -> tuple[Viewer, Evaluation]:
    user = _user(request)
    try:
        evaluation = get_evaluation_for_user(user, evaluation_id)
    except NotFound:
        raise Http404 from None
    return get_viewer(user), evaluation


def _objection(evaluation: Evaluation) -> Objection | None:
    return Objection.objects.filter(evaluation=evaluation).first()


def _form_error(form: _Form, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _deadline_passed(evaluation: Evaluation) -> bool:
    deadline = evaluation.objection_deadline
    return deadline is None or timezone.localdate() > deadline


def _actions(
    viewer: Viewer, evaluation: Evaluation, objection: ObjectionPart | None
) -> dict[str, bool]:
    """What the viewer may do from the explanation page."""
    is_open = objection is not None and not objection.is_decided
    is_explained = objection is not None and objection.is_explained
    is_appraiser = may_rate(viewer, evaluation)
    is_delivered_to_viewer = (
        is_employee(viewer, evaluation) and evaluation.status == EvaluationStatus.DELIVERED
    )
    return {
        "may_sign": is_employee(viewer, evaluation)
        and is_delivered(evaluation.status)
        and evaluation.received_at is None,
        "may_object": is_delivered_to_viewer and not _deadline_passed(evaluation),
        "objection_closed": is_delivered_to_viewer and _deadline_passed(evaluation),
        "may_explain": is_appraiser and is_open,
        "may_decide": may_decide_objection(viewer, evaluation) and is_open and is_explained,
        "awaits_decision_explanation": may_decide_objection(viewer, evaluation)
        and is_open
        and not is_explained,
        "may_rate": is_appraiser and is_rating_open(evaluation.status),
    }


@login_required
@require_GET
def my_evaluations(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(own_evaluations_for_user(user), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "evaluation": evaluation,
            "status_label": status_label(evaluation.status),
            "may_object": evaluation.status == EvaluationStatus.DELIVERED
            and not _deadline_passed(evaluation),
        }
        for evaluation in page
    ]
    employee = get_viewer(user).employee
    context = {
        "page_obj": page,
        "rows": rows,
        "has_employee": employee is not None,
        # Pilot results are never delivered, so they never reach this list: say why.
        "not_live": employee is not None and not is_unit_live(employee.unit, timezone.localdate()),
    }
    return render(request, "appraisals/mine/my_evaluations.html", context)


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    viewer, evaluation = _evaluation(request, evaluation_id)
    explanation = explanation_for(evaluation, viewer)
    context = {
        "evaluation": evaluation,
        "explanation": explanation,
        "is_pilot": is_pilot(evaluation),
        "actions": _actions(viewer, evaluation, explanation.objection),
        "explain_form": ExplanationForm(
            initial={"explanation": explanation.objection.explanation}
            if explanation.objection
            else None
        ),
    }
    return render(request, "appraisals/mine/evaluation_detail.html", context)


@login_required
@require_POST
def receipt_confirm(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    _viewer, evaluation = _evaluation(request, evaluation_id)
    try:
        confirm_receipt(actor=_user(request), evaluation=evaluation)
    except PermissionDenied as error:
        raise HttpForbidden(str(error)) from error
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You signed for the result."))
    return redirect("appraisals:evaluation_detail", evaluation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def objection_file(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    viewer, evaluation = _evaluation(request, evaluation_id)
    if not is_employee(viewer, evaluation):
        raise HttpForbidden
    if evaluation.status != EvaluationStatus.DELIVERED:
        messages.info(
            request, _("An objection can only be lodged against a delivered result, once.")
        )
        return redirect("appraisals:evaluation_detail", evaluation_id=evaluation.pk)
    form = ObjectionForm(request.POST or None)
    refusal = ""
    # After the deadline the service is asked anyway, so that its refusal is what is shown.
    if request.method == "POST" and (form.is_valid() or _deadline_passed(evaluation)):
        reasons = (
            form.cleaned_data["reasons"] if form.is_valid() else request.POST.get("reasons", "")
        )
        try:
            file_objection(actor=_user(request), evaluation=evaluation, reasons=reasons)
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            refusal = str(error)
            _form_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your objection is lodged. Your appraiser explains, then the appraiser's"
                    " superior decides."
                ),
            )
            return redirect("appraisals:evaluation_detail", evaluation_id=evaluation.pk)
    deadline = evaluation.objection_deadline
    context = {
        "evaluation": evaluation,
        "form": form,
        "refusal": refusal,
        "deadline_passed": _deadline_passed(evaluation),
        "deadline_label": date_format(deadline, "DATE_FORMAT") if deadline else "",
    }
    return render(request, "appraisals/mine/objection_file.html", context)


def _open_objection_or_back(
    request: HttpRequest, evaluation: Evaluation
) -> Objection | HttpResponse:
    objection = _objection(evaluation)
    if objection is None or objection.decision:
        messages.info(request, _("There is no open objection on this evaluation."))
        return redirect("appraisals:evaluation_detail", evaluation_id=evaluation.pk)
    return objection


@login_required
@require_http_methods(["GET", "POST"])
def objection_explain(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    viewer, evaluation = _evaluation(request, evaluation_id)
    if not may_rate(viewer, evaluation):
        raise HttpForbidden
    objection = _open_objection_or_back(request, evaluation)
    if isinstance(objection, HttpResponse):
        return objection
    form = ExplanationForm(
        request.POST or None, initial={"explanation": objection.appraiser_explanation}
    )
    if request.method == "POST" and form.is_valid():
        try:
            explain_objection(
                actor=_user(request),
                evaluation=evaluation,
                explanation=form.cleaned_data["explanation"],
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your explanation is sent to your superior."))
            return redirect("appraisals:evaluation_detail", evaluation_id=evaluation.pk)
    context = {"evaluation": evaluation, "objection": objection, "form": form}
    return render(request, "appraisals/mine/objection_explain.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def objection_decide(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    viewer, evaluation = _evaluation(request, evaluation_id)
    if not may_decide_objection(viewer, evaluation):
        raise HttpForbidden
    objection = _open_objection_or_back(request, evaluation)
    if isinstance(objection, HttpResponse):
        return objection
    form = DecisionForm(request.POST or None, current_predicate=evaluation.final_predicate)
    if request.method == "POST" and form.is_valid():
        try:
            decide_objection(
                actor=_user(request),
                evaluation=evaluation,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                predicate=form.cleaned_data["predicate"],
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The objection is decided. The evaluation is now final."))
            return redirect("appraisals:evaluation_detail", evaluation_id=evaluation.pk)
    context = {"evaluation": evaluation, "objection": objection, "form": form}
    return render(request, "appraisals/mine/objection_decide.html", context)
