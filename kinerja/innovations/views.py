"""Inovasi (product.md section 6): the verified innovations of the office, "my
innovations" and submitting one, and the panel's pages (the queue, a review, appointing
reviewers, the decision).

Everyone in an organisation reads its verified innovations. An innovation the viewer
may not see is 404, as is every page for an account outside any organisation; a page
the viewer may see but an action they may not take is 403. What a page shows of the
reviews and credits is decided by ``selectors.access_of``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.innovations.forms import (
    AppointForm,
    DecisionForm,
    InnovationFilterForm,
    InnovationForm,
    QueueFilterForm,
    ReviewForm,
)
from kinerja.innovations.models import Innovation
from kinerja.innovations.rules import MIN_REVIEWS
from kinerja.innovations.selectors import (
    InnovationAccess,
    access_of,
    can_use_queue,
    credit_preview,
    credits_of,
    get_innovation_for_user,
    my_innovations_for_user,
    pending_credits,
    queue_rows,
    review_count,
    review_queue_for_user,
    reviewer_candidates,
    reviews_of,
    rubric_of,
    rubric_version,
    team_candidates,
    verified_innovations_for_user,
    verified_years_for_user,
    viewer_of,
)
from kinerja.innovations.services import (
    InnovationRefused,
    attach_pending_credits,
    decide_innovation,
    submit_innovation,
    submit_review,
    update_innovation,
)
from kinerja.innovations.services import appoint_reviewers as appoint
from kinerja.organization.selectors import Viewer

PAGE_SIZE = 20

AnyForm = InnovationForm | ReviewForm | DecisionForm | AppointForm


def _viewer(request: HttpRequest) -> tuple[User, Viewer]:
    """The user and their roles; 404 for an account that belongs to no organisation."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    viewer = viewer_of(user)
    if viewer.is_outsider:
        raise Http404
    return user, viewer


def _innovation(request: HttpRequest, innovation_id: int) -> tuple[User, Viewer, Innovation]:
    user, viewer = _viewer(request)
    try:
        innovation = get_innovation_for_user(user, innovation_id)
    except NotFound:
        raise Http404 from None
    return user, viewer, innovation


def _form_error(form: AnyForm, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _to_detail(innovation: Innovation) -> HttpResponse:
    return redirect("innovations:innovation_detail", innovation_id=innovation.pk)


# -- everyone ----------------------------------------------------------------------------


@login_required
@require_GET
def innovation_list(request: HttpRequest) -> HttpResponse:
    user, viewer = _viewer(request)
    form = InnovationFilterForm(request.GET, years=verified_years_for_user(user))
    filters = form.to_filter()
    page_obj = Paginator(verified_innovations_for_user(user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "can_submit": viewer.employee is not None,
    }
    return render(request, "innovations/innovation_list.html", context)


@login_required
@require_GET
def innovation_detail(request: HttpRequest, innovation_id: int) -> HttpResponse:
    _user, viewer, innovation = _innovation(request, innovation_id)
    access = access_of(viewer, innovation)
    reviews = reviews_of(innovation) if access.sees_reviews else []
    credits = []
    if innovation.status == Innovation.Status.VERIFIED and (access.is_team or access.is_member):
        credits = [
            credit
            for credit in credits_of(innovation)
            if access.sees_all_credits
            or (viewer.employee is not None and credit.employee_id == viewer.employee.pk)
        ]
    version = rubric_version(innovation) if access.is_team or access.on_panel else None
    context = {
        "innovation": innovation,
        "access": access,
        "reviews": reviews,
        "review_count": len(reviews) if access.sees_reviews else review_count(innovation),
        "min_reviews": MIN_REVIEWS,
        "credits": credits,
        "version": version,
        "appointed": (
            list(innovation.reviewers.select_related("employee").order_by("employee__name"))
            if access.is_team or access.on_panel
            else []
        ),
    }
    return render(request, "innovations/innovation_detail.html", context)


# -- the team's own ----------------------------------------------------------------------


@login_required
@require_GET
def my_innovations(request: HttpRequest) -> HttpResponse:
    user, viewer = _viewer(request)
    if viewer.employee is None:
        raise Http404
    page_obj = Paginator(my_innovations_for_user(user), PAGE_SIZE).get_page(request.GET.get("page"))
    pending = pending_credits(viewer.employee)
    context = {
        "page_obj": page_obj,
        "pending": pending,
        "can_attach": any(credit.has_plan for credit in pending),  # type: ignore[attr-defined]
    }
    return render(request, "innovations/my_innovations.html", context)


@login_required
@require_POST
def credit_attach(request: HttpRequest) -> HttpResponse:
    user, viewer = _viewer(request)
    if viewer.employee is None:
        raise Http404
    try:
        count = attach_pending_credits(actor=user)
    except PermissionDenied:
        raise HttpForbidden from None
    except InnovationRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s credit was added to your SKP as a tambahan RHK.",
                "%(count)s credits were added to your SKP as tambahan RHK.",
                count,
            )
            % {"count": count},
        )
    return redirect("innovations:my_innovations")


@login_required
@require_http_methods(["GET", "POST"])
def innovation_create(request: HttpRequest) -> HttpResponse:
    user, viewer = _viewer(request)
    if viewer.employee is None:
        raise HttpForbidden
    form = InnovationForm(request.POST or None, colleagues=team_candidates(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            innovation = submit_innovation(actor=user, data=form.to_input())
        except PermissionDenied:
            raise HttpForbidden from None
        except InnovationRefused as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Your innovation is submitted. The panel has been told and will score it."),
            )
            return _to_detail(innovation)
    return render(request, "innovations/innovation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def innovation_update(request: HttpRequest, innovation_id: int) -> HttpResponse:
    user, viewer, innovation = _innovation(request, innovation_id)
    access = access_of(viewer, innovation)
    if not access.is_submitter:
        raise HttpForbidden
    if not access.may_edit:
        messages.error(
            request, _("The panel has started on this innovation: it can no longer be changed.")
        )
        return _to_detail(innovation)
    initial = {
        "title": innovation.title,
        "problem": innovation.problem,
        "change": innovation.change,
        "since": innovation.since,
        "evidence": innovation.evidence,
        "evidence_url": innovation.evidence_url,
        "effect": innovation.effect,
        "co_members": [
            member.pk
            for member in innovation.members.all()
            if member.pk != innovation.submitted_by_id
        ],
    }
    form = InnovationForm(request.POST or None, initial=initial, colleagues=team_candidates(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            update_innovation(actor=user, innovation=innovation, data=form.to_input())
        except PermissionDenied:
            raise HttpForbidden from None
        except InnovationRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The innovation is updated."))
            return _to_detail(innovation)
    context = {"form": form, "innovation": innovation}
    return render(request, "innovations/innovation_form.html", context)


# -- the panel ---------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user, viewer = _viewer(request)
    if not can_use_queue(viewer):
        raise HttpForbidden
    form = QueueFilterForm(request.GET)
    filters = form.to_filter()
    page_obj = Paginator(review_queue_for_user(user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "rows": queue_rows(viewer, page_obj),
        "min_reviews": MIN_REVIEWS,
    }
    return render(request, "innovations/review_queue.html", context)


def _panel_access(viewer: Viewer, innovation: Innovation) -> InnovationAccess:
    access = access_of(viewer, innovation)
    if not access.on_panel:
        raise HttpForbidden
    return access


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, innovation_id: int) -> HttpResponse:
    user, viewer, innovation = _innovation(request, innovation_id)
    access = _panel_access(viewer, innovation)
    if not access.may_review:
        messages.info(
            request,
            _("You have already reviewed this innovation.")
            if access.has_reviewed
            else _("This innovation is already decided."),
        )
        return _to_detail(innovation)
    version = rubric_version(innovation)
    rubric = rubric_of(version)
    form = ReviewForm(request.POST or None, rubric=rubric)
    if request.method == "POST" and form.is_valid():
        try:
            submit_review(
                actor=user,
                innovation=innovation,
                points=form.to_points(),
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except InnovationRefused as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Your review is recorded. You now see the other reviews, if any.")
            )
            return _to_detail(innovation)
    context = {"form": form, "innovation": innovation, "version": version, "rubric": rubric}
    return render(request, "innovations/review_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appoint_reviewers(request: HttpRequest, innovation_id: int) -> HttpResponse:
    user, viewer, innovation = _innovation(request, innovation_id)
    access = access_of(viewer, innovation)
    if not access.is_team or access.is_member:
        raise HttpForbidden
    if not access.may_appoint:
        messages.info(request, _("This innovation is already decided."))
        return _to_detail(innovation)
    candidates = reviewer_candidates(innovation)
    form = AppointForm(
        request.POST or None,
        candidates=candidates,
        initial={"reviewers": list(innovation.reviewers.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            appoint(actor=user, innovation=innovation, reviewer_ids=form.reviewer_ids())
        except PermissionDenied:
            raise HttpForbidden from None
        except InnovationRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The panel of this innovation is set."))
            return _to_detail(innovation)
    return render(
        request, "innovations/appoint_form.html", {"form": form, "innovation": innovation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, innovation_id: int) -> HttpResponse:
    user, viewer, innovation = _innovation(request, innovation_id)
    access = access_of(viewer, innovation)
    if not access.is_team or access.is_member:
        raise HttpForbidden
    if not access.is_undecided:
        messages.info(request, _("This innovation is already decided."))
        return _to_detail(innovation)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_innovation(
                actor=user,
                innovation=innovation,
                verify=form.is_verification(),
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except InnovationRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The decision is recorded and the team is told."))
            return _to_detail(innovation)
    reviews = reviews_of(innovation) if access.sees_reviews else []
    version = rubric_version(innovation)
    context = {
        "form": form,
        "innovation": innovation,
        "access": access,
        "reviews": reviews,
        "min_reviews": MIN_REVIEWS,
        "version": version,
        "preview": credit_preview(innovation, version, reviews) if access.sees_reviews else None,
    }
    return render(request, "innovations/decide.html", context)
