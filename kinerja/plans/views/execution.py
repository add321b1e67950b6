"""Realisasi & bukti dukung: the realisation of each IKI per period with its evidence.

Everyone who may read a plan (``selectors.access``) sees its realisation and downloads its
evidence; only the plan's owner records (403 for the others). Anybody else gets 404,
whether the plan exists or not. Evidence files are served by ``evidence_download`` only,
never from a public directory.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.organization.selectors import get_viewer
from kinerja.plans.forms.execution import EvidenceFileForm, EvidenceLinkForm, RealisationForm
from kinerja.plans.models import PerformancePlan
from kinerja.plans.selectors.access import get_plan_for_user, is_appraiser, is_owner
from kinerja.plans.selectors.execution import (
    RealisationPage,
    current_approved_plan,
    get_evidence_for_user,
    get_realisation_page_for_user,
    has_started,
    open_evidence_file,
    realisation_grid,
)
from kinerja.plans.services.execution import add_evidence, delete_evidence, save_realisation
from kinerja.plans.uploads import accepted_kinds_label, megabytes
from kinerja.plans.workflow import PlanStatus

_FormWithErrors = RealisationForm | EvidenceFileForm | EvidenceLinkForm


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _form_error(form: _FormWithErrors, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _grid_response(
    request: HttpRequest, plan: PerformancePlan, *, is_mine_page: bool
) -> HttpResponse:
    user = _user(request)
    viewer = get_viewer(user)
    grid = realisation_grid(plan, today=timezone.localdate(), period_code=request.GET.get("period"))
    context = {
        "plan": plan,
        "grid": grid,
        "is_mine_page": is_mine_page,
        "is_owner": is_owner(viewer, plan),
        "is_appraiser": is_appraiser(viewer, plan),
    }
    return render(request, "plans/execution/realisations.html", context)


@login_required
@require_GET
def my_realisations(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(_user(request))
    plan = (
        current_approved_plan(viewer.employee, today=timezone.localdate())
        if viewer.employee is not None
        else None
    )
    if plan is None:
        return render(
            request,
            "plans/execution/no_plan.html",
            {"has_employee": viewer.employee is not None},
        )
    return _grid_response(request, plan, is_mine_page=True)


@login_required
@require_GET
def plan_realisations(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = get_plan_for_user(_user(request), plan_id)
    except NotFound:
        raise Http404 from None
    return _grid_response(request, plan, is_mine_page=False)


def _may_record(user: User, page: RealisationPage) -> bool:
    return (
        is_owner(get_viewer(user), page.plan)
        and page.plan.status == PlanStatus.APPROVED.value
        and has_started(page.period, today=timezone.localdate())
    )


def _realisation_response(
    request: HttpRequest,
    page: RealisationPage,
    *,
    realisation_form: RealisationForm | None = None,
    file_form: EvidenceFileForm | None = None,
    link_form: EvidenceLinkForm | None = None,
) -> HttpResponse:
    user = _user(request)
    may_record = _may_record(user, page)
    if may_record and realisation_form is None:
        realisation = page.realisation
        realisation_form = RealisationForm(
            plan=page.plan,
            indicator=page.indicator,
            initial={
                "value": page.value,
                "narrative": realisation.narrative if realisation else "",
            },
        )
    context = {
        "page": page,
        "plan": page.plan,
        "may_record": may_record,
        "is_owner": is_owner(get_viewer(user), page.plan),
        "realisation_form": realisation_form if may_record else None,
        "file_form": (file_form or EvidenceFileForm()) if may_record else None,
        "link_form": (link_form or EvidenceLinkForm()) if may_record else None,
        "max_megabytes": megabytes(settings.KINERJA_EVIDENCE_MAX_BYTES),
        "accepted_kinds": accepted_kinds_label(),
        "today": timezone.localdate(),
    }
    return render(request, "plans/execution/realisation_edit.html", context)


def _back_to(page: RealisationPage) -> HttpResponse:
    return redirect(
        "plans:realisation_edit",
        plan_id=page.plan.pk,
        indicator_id=page.indicator.pk,
        period=page.period.code,
    )


def _post_realisation(request: HttpRequest, page: RealisationPage) -> HttpResponse:
    form = RealisationForm(request.POST, plan=page.plan, indicator=page.indicator)
    if form.is_valid():
        try:
            save_realisation(
                actor=_user(request),
                indicator=page.indicator,
                period=page.period,
                value=form.cleaned_data.get("value"),
                narrative=form.cleaned_data["narrative"],
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The realisation is saved."))
            return _back_to(page)
    return _realisation_response(request, page, realisation_form=form)


def _post_evidence(request: HttpRequest, page: RealisationPage, *, is_file: bool) -> HttpResponse:
    form: EvidenceFileForm | EvidenceLinkForm = (
        EvidenceFileForm(request.POST, request.FILES) if is_file else EvidenceLinkForm(request.POST)
    )
    if form.is_valid():
        if page.realisation is None:
            form.add_error(None, _("Save the realisation first, then attach its evidence."))
        else:
            try:
                add_evidence(
                    actor=_user(request),
                    realisation=page.realisation,
                    description=form.cleaned_data["description"],
                    upload=form.cleaned_data["upload"] if is_file else None,
                    url="" if is_file else form.cleaned_data["url"],
                )
            except PermissionDenied:
                raise HttpForbidden from None
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The evidence is attached."))
                return _back_to(page)
    if isinstance(form, EvidenceFileForm):
        return _realisation_response(request, page, file_form=form)
    return _realisation_response(request, page, link_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def realisation_edit(
    request: HttpRequest, plan_id: int, indicator_id: int, period: str
) -> HttpResponse:
    user = _user(request)
    try:
        page = get_realisation_page_for_user(user, plan_id, indicator_id, period)
    except NotFound:
        raise Http404 from None
    if request.method != "POST":
        return _realisation_response(request, page)
    if not is_owner(get_viewer(user), page.plan):
        raise HttpForbidden
    action = request.POST.get("action")
    if action == "realisation":
        return _post_realisation(request, page)
    if action in {"file", "link"}:
        return _post_evidence(request, page, is_file=action == "file")
    return HttpResponseBadRequest()


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    try:
        evidence, _plan = get_evidence_for_user(_user(request), evidence_id)
        handle = open_evidence_file(evidence)
    except NotFound:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or evidence.file.name or "",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    user = _user(request)
    try:
        evidence, plan = get_evidence_for_user(user, evidence_id)
    except NotFound:
        raise Http404 from None
    if not is_owner(get_viewer(user), plan):
        raise HttpForbidden
    realisation = evidence.realisation
    back: dict[str, int | str] = {
        "plan_id": plan.pk,
        "indicator_id": realisation.indicator_id,
        "period": realisation.period.code,
    }
    if request.method == "POST":
        try:
            delete_evidence(actor=user, evidence=evidence)
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The evidence is deleted."))
        return redirect(reverse("plans:realisation_edit", kwargs=back))
    context = {"evidence": evidence, "plan": plan, "realisation": realisation, "back": back}
    return render(request, "plans/execution/evidence_delete.html", context)
