"""SKP saya, one SKP with its parts, the workflow steps and SKP bawahan.

A plan is loaded through ``selectors.access.get_plan_for_user``: whoever may not read it
(a colleague, someone of another organisation, an outsider) gets 404, so that they cannot
tell it exists. Whoever may read it but not take a step (the appraiser editing the RHK,
the employee approving their own plan) gets 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.organization.models import PerformanceYear
from kinerja.organization.selectors import get_viewer
from kinerja.plans.forms.plans import (
    AttachmentsForm,
    ExpectationsForm,
    IndicatorForm,
    PlanApproachForm,
    PlanCreateForm,
    ReasonForm,
    ResultForm,
    TeamFilterForm,
)
from kinerja.plans.models import PerformancePlan, ResultIndicator, WorkResult
from kinerja.plans.selectors.access import get_plan_for_user
from kinerja.plans.selectors.plans import (
    TEAM_STATUS_LABELS,
    TeamStatus,
    actions_for,
    attachment_lines,
    behaviour_rows,
    intervention_choices,
    is_jpt,
    needs_intervention,
    plan_page,
    submission_problems,
    team_counts,
    team_rows,
    with_target_labels,
)
from kinerja.plans.selectors.plans import (
    my_plans as my_plans_of,
)
from kinerja.plans.selectors.plans import (
    team_plans as team_plans_of,
)
from kinerja.plans.services.plans import (
    PlanRefused,
    approve_plan,
    create_plan,
    delete_indicator,
    delete_result,
    return_plan,
    save_attachments,
    save_indicator,
    save_result,
    set_expectations,
    start_revision,
    submit_plan,
    update_plan,
)
from kinerja.plans.workflow import is_editable_by_owner

TEAM_PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _plan_or_404(user: User, plan_id: int) -> PerformancePlan:
    try:
        return get_plan_for_user(user, plan_id)
    except NotFound:
        raise Http404 from None


def _require(allowed: bool) -> None:  # noqa: FBT001 - reads as a sentence at the call
    if not allowed:
        raise HttpForbidden


def _form_error(form: Form, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _result_or_404(plan: PerformancePlan, result_id: int) -> WorkResult:
    result = plan.results.filter(pk=result_id).first()
    if result is None:
        raise Http404
    result.plan = plan
    return result


def _indicator_or_404(plan: PerformancePlan, indicator_id: int) -> ResultIndicator:
    indicator = (
        ResultIndicator.objects.select_related("work_result")
        .filter(pk=indicator_id, work_result__plan=plan)
        .first()
    )
    if indicator is None:
        raise Http404
    indicator.work_result.plan = plan
    return indicator


def _to_plan(plan: PerformancePlan, anchor: str = "") -> HttpResponse:
    response = redirect("plans:plan_detail", plan_id=plan.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _current_year(years: list[PerformanceYear]) -> PerformanceYear | None:
    this_year = timezone.localdate().year
    return next((y for y in years if y.year == this_year), years[0] if years else None)


# -- SKP saya ----------------------------------------------------------------------------


@login_required
@require_GET
def my_plans(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    overview = my_plans_of(user)
    years = list(PerformanceYear.objects.order_by("-year"))
    current_year = _current_year(years)
    current = next((row for row in overview.years if row.performance_year == current_year), None)
    form = None
    if overview.employee is not None and overview.years_without_plan:
        form = PlanCreateForm(
            years=PerformanceYear.objects.filter(
                pk__in=[y.pk for y in overview.years_without_plan]
            ).order_by("-year"),
            initial={"performance_year": current_year},
        )
    context = {
        "overview": overview,
        "current_year": current_year,
        "current": current,
        "form": form,
        "problems": (
            submission_problems(current.current)
            if current and current.current and is_editable_by_owner(current.current.status)
            else []
        ),
    }
    return render(request, "plans/plans/my_plans.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if get_viewer(user).employee is None:
        raise Http404
    form = PlanCreateForm(
        request.POST or None,
        years=PerformanceYear.objects.order_by("-year"),
        initial={"performance_year": _current_year(list(PerformanceYear.objects.all()))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = create_plan(actor=user, **form.cleaned_data)
        except PlanRefused as error:
            if error.plan is not None:
                messages.info(request, str(error))
                return _to_plan(error.plan)
            _form_error(form, error)
        except PermissionDenied:
            raise HttpForbidden from None
        else:
            messages.success(
                request, _("Your SKP is started. Add your RHK with their IKI, then submit it.")
            )
            return _to_plan(plan)
    return render(request, "plans/plans/plan_create.html", {"form": form})


# -- one plan ------------------------------------------------------------------------------


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    page = plan_page(user, plan)
    context = {"page": page, "plan": plan}
    return render(request, "plans/plans/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_update(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    _require(actions_for(user, plan).edit)
    form = PlanApproachForm(request.POST or None, initial={"approach": plan.approach})
    if request.method == "POST" and form.is_valid():
        try:
            update_plan(actor=user, plan=plan, approach=form.cleaned_data["approach"])
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The approach is saved."))
            return _to_plan(plan)
    return render(request, "plans/plans/plan_update.html", {"form": form, "plan": plan})


def _result_form(plan: PerformancePlan, data: Any = None, **kwargs: Any) -> ResultForm:
    return ResultForm(
        data,
        groups=intervention_choices(plan),
        needs_intervention=needs_intervention(plan),
        is_jpt=is_jpt(plan.employee),
        **kwargs,
    )


def _result_view(
    request: HttpRequest, plan: PerformancePlan, result: WorkResult | None
) -> HttpResponse:
    user = _user(request)
    _require(actions_for(user, plan).edit)
    initial: dict[str, Any] = {"kind": WorkResult.Kind.MAIN}
    if result is not None:
        initial = {
            "kind": result.kind,
            "text": result.text,
            "intervenes": str(result.intervenes_id or ""),
            "assigned_by": result.assigned_by,
        }
    form = _result_form(plan, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save_result(
                actor=user,
                plan=plan,
                kind=data["kind"],
                text=data["text"],
                intervenes=data.get("intervenes"),
                assigned_by=data.get("assigned_by", ""),
                result=result,
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The RHK is saved."))
            if result is None:
                return redirect("plans:indicator_create", plan_id=plan.pk, result_id=saved.pk)
            return _to_plan(plan, f"rhk-{saved.pk}")
    context = {
        "form": form,
        "plan": plan,
        "result": result,
        "has_candidates": bool(form.candidates),
        "anchor": f"rhk-{result.pk}" if result else "",
        "needs_intervention": needs_intervention(plan),
    }
    return render(request, "plans/plans/result_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def result_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(_user(request), plan_id)
    return _result_view(request, plan, None)


@login_required
@require_http_methods(["GET", "POST"])
def result_update(request: HttpRequest, plan_id: int, result_id: int) -> HttpResponse:
    plan = _plan_or_404(_user(request), plan_id)
    return _result_view(request, plan, _result_or_404(plan, result_id))


@login_required
@require_http_methods(["GET", "POST"])
def result_delete(request: HttpRequest, plan_id: int, result_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    result = _result_or_404(plan, result_id)
    _require(actions_for(user, plan).edit)
    error = ""
    if request.method == "POST":
        try:
            delete_result(actor=user, result=result)
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("The RHK and its IKI are removed."))
            return _to_plan(plan)
    context = {
        "plan": plan,
        "result": result,
        "indicators": list(result.indicators.all()),
        "error": error,
    }
    return render(request, "plans/plans/result_delete.html", context)


def _indicator_view(
    request: HttpRequest,
    plan: PerformancePlan,
    result: WorkResult,
    indicator: ResultIndicator | None,
) -> HttpResponse:
    user = _user(request)
    _require(actions_for(user, plan).edit)
    initial = IndicatorForm.initial_from(indicator) if indicator else {}
    form = IndicatorForm(request.POST or None, approach=plan.approach, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_indicator(actor=user, result=result, indicator=indicator, **form.cleaned_data)
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The IKI is saved."))
            if indicator is None and "another" in request.POST:
                return redirect("plans:indicator_create", plan_id=plan.pk, result_id=result.pk)
            return _to_plan(plan, f"rhk-{result.pk}")
    context = {"form": form, "plan": plan, "result": result, "indicator": indicator}
    return render(request, "plans/plans/indicator_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, plan_id: int, result_id: int) -> HttpResponse:
    plan = _plan_or_404(_user(request), plan_id)
    return _indicator_view(request, plan, _result_or_404(plan, result_id), None)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_update(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    plan = _plan_or_404(_user(request), plan_id)
    indicator = _indicator_or_404(plan, indicator_id)
    return _indicator_view(request, plan, indicator.work_result, indicator)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    indicator = _indicator_or_404(plan, indicator_id)
    _require(actions_for(user, plan).edit)
    if request.method == "POST":
        try:
            delete_indicator(actor=user, indicator=indicator)
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The IKI is removed."))
        return _to_plan(plan, f"rhk-{indicator.work_result_id}")
    with_target_labels([indicator])
    return render(
        request, "plans/plans/indicator_delete.html", {"plan": plan, "indicator": indicator}
    )


@login_required
@require_http_methods(["GET", "POST"])
def behaviours_update(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The appraiser writes the ekspektasi khusus pimpinan."""
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    _require(actions_for(user, plan).write_expectations)
    rows = behaviour_rows(plan)
    form = ExpectationsForm(
        request.POST or None,
        initial={row.value.code: row.special_expectation for row in rows},
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_expectations(actor=user, plan=plan, expectations=form.cleaned_data)
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The leader's expectations are saved."))
            return _to_plan(plan, "perilaku")
    return render(request, "plans/plans/behaviours_form.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def attachments_update(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    _require(actions_for(user, plan).edit)
    form = AttachmentsForm(
        request.POST or None, initial=AttachmentsForm.initial_from(attachment_lines(plan))
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_attachments(actor=user, plan=plan, lines=form.lines())
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The lampiran is saved."))
            return _to_plan(plan, "lampiran")
    return render(request, "plans/plans/attachments_form.html", {"form": form, "plan": plan})


# -- the workflow ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    _require(actions_for(user, plan).submit)
    error = ""
    if request.method == "POST":
        try:
            submit_plan(actor=user, plan=plan)
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Your SKP is submitted to your appraiser."))
            return _to_plan(plan)
    context = {"plan": plan, "problems": submission_problems(plan), "error": error}
    return render(request, "plans/plans/plan_submit.html", context)


def _reason_step(request: HttpRequest, plan_id: int, *, step: str) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    actions = actions_for(user, plan)
    _require(actions.decide if step == "return" else actions.revise)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if step == "return":
                target = return_plan(actor=user, plan=plan, reason=reason)
                messages.success(request, _("The SKP is returned to the employee."))
            else:
                target = start_revision(actor=user, plan=plan, reason=reason)
                messages.success(
                    request,
                    _("Revision %(revision)s is started as a draft.")
                    % {"revision": target.revision},
                )
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as error:
            _form_error(form, error)
        else:
            return _to_plan(target)
    template = (
        "plans/plans/plan_return.html" if step == "return" else "plans/plans/plan_revise.html"
    )
    return render(request, template, {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def plan_return(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _reason_step(request, plan_id, step="return")


@login_required
@require_http_methods(["GET", "POST"])
def plan_revise(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _reason_step(request, plan_id, step="revise")


@login_required
@require_http_methods(["GET", "POST"])
def plan_approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    _require(actions_for(user, plan).decide)
    error = ""
    if request.method == "POST":
        try:
            approve_plan(actor=user, plan=plan)
        except PermissionDenied:
            raise HttpForbidden from None
        except PlanRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("The SKP is approved."))
            return _to_plan(plan)
    context = {
        "plan": plan,
        "error": error,
        "empty_expectations": sum(1 for row in behaviour_rows(plan) if not row.special_expectation),
    }
    return render(request, "plans/plans/plan_approve.html", context)


# -- SKP bawahan -------------------------------------------------------------------------


@login_required
@require_GET
def team_plans(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    viewer = get_viewer(user)
    if viewer.employee is None:
        raise Http404
    years = list(PerformanceYear.objects.order_by("-year"))
    chosen = request.GET.get("tahun", "")
    year = next((y for y in years if str(y.year) == chosen), None) or _current_year(years)
    form = TeamFilterForm(request.GET)
    filters = form.to_filter()
    page_obj = None
    rows = []
    counts: dict[str, int] = {}
    if year is not None:
        members = team_plans_of(user, year, filters)
        page_obj = Paginator(members, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = team_rows(list(page_obj.object_list), year)
        counts = team_counts(user, year)
    context = {
        "years": years,
        "year": year,
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "rows": rows,
        "tabs": [
            (status.value, TEAM_STATUS_LABELS[status], counts.get(status.value, 0))
            for status in (
                TeamStatus.SUBMITTED,
                TeamStatus.RETURNED,
                TeamStatus.DRAFT,
                TeamStatus.NONE,
                TeamStatus.APPROVED,
            )
        ],
        "total": sum(counts.values()),
    }
    return render(request, "plans/plans/team_plans.html", context)
