"""Konsultasi: the consultation rounds on a version being prepared, their proposals,
comments, votes and decisions, and each round's summary.

Everyone in the organisation reads and (while a round is open) takes part; the evaluation
team and the HR admin open and close rounds and decide proposals (403 for others).
Outsiders and employees of another organisation get 404 everywhere: they may not learn
that a round exists. What each page may show about an author is decided in
``selectors.consultation``.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.criteria.forms.consultation import (
    CommentForm,
    DecisionForm,
    ProposalFilterForm,
    ProposalForm,
    RoundFilterForm,
    RoundForm,
    VoteForm,
)
from kinerja.criteria.models import ConsultationRound, Indicator, Proposal
from kinerja.criteria.rules import MINIMUM_GROUP_SIZE, is_editable
from kinerja.criteria.selectors.access import (
    can_decide_proposals,
    can_participate,
    can_see_anything,
    viewer_of,
)
from kinerja.criteria.selectors.consultation import (
    OPENABLE_STAGES,
    RoundState,
    get_proposal_for_user,
    get_round_for_user,
    get_version_to_consult,
    in_organization,
    proposal_card,
    proposal_cards,
    proposal_page,
    proposals_of_round,
    round_state,
    round_status,
    rounds_for_user,
    summary_of_round,
    versions_to_consult,
)
from kinerja.criteria.services.consultation import (
    ConsultationRefused,
    cast_vote,
    close_round,
    decide_proposal,
    open_round,
    post_comment,
    post_proposal,
)
from kinerja.organization.selectors import Viewer

ROUND_PAGE_SIZE = 20
PROPOSAL_PAGE_SIZE = 20


class _HtmxRequest(HttpRequest):
    htmx: HtmxDetails  # set by django_htmx's middleware


def _viewer(request: HttpRequest) -> tuple[User, Viewer]:
    """The user and their roles; 404 for an account that belongs to no organisation."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    viewer = viewer_of(user)
    if not can_see_anything(viewer):
        raise Http404
    return user, viewer


def _round_or_404(user: User, round_id: int) -> ConsultationRound:
    try:
        return get_round_for_user(user, round_id)
    except NotFound:
        raise Http404 from None


def _proposal_or_404(user: User, proposal_id: int) -> Proposal:
    try:
        return get_proposal_for_user(user, proposal_id)
    except NotFound:
        raise Http404 from None


def _is_team(viewer: Viewer, round_: ConsultationRound) -> bool:
    return can_decide_proposals(viewer) and in_organization(viewer, round_.version.organization)


def _is_participant(viewer: Viewer, round_: ConsultationRound) -> bool:
    return can_participate(viewer) and in_organization(viewer, round_.version.organization)


def _takes_part(viewer: Viewer, round_: ConsultationRound) -> bool:
    """Whether the viewer may post, comment and vote in the round right now."""
    return (
        _is_participant(viewer, round_)
        and round_state(round_, today=timezone.localdate()) == RoundState.OPEN
        and is_editable(round_.version.status)
    )


def _form_error(
    form: DecisionForm | CommentForm | ProposalForm | RoundForm, error: DomainError
) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


# -- rounds ------------------------------------------------------------------------------


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user, _viewer_roles = _viewer(request)
    today = timezone.localdate()
    form = RoundFilterForm(request.GET)
    filters = form.to_filter()
    page_obj = Paginator(rounds_for_user(user, filters, today=today), ROUND_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "rows": [(round_, round_status(round_, today=today)) for round_ in page_obj],
        "versions_to_consult": list(versions_to_consult(user)),
    }
    return render(request, "criteria/consultation/round_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request: HttpRequest, version_id: int) -> HttpResponse:
    user, viewer = _viewer(request)
    try:
        version = get_version_to_consult(user, version_id)
    except NotFound:
        raise Http404 from None
    if not can_decide_proposals(viewer):
        raise HttpForbidden
    today = timezone.localdate()
    form = RoundForm(
        request.POST or None,
        initial=RoundForm.initial_for(
            title=_("Consultation on %(version)s") % {"version": version.label}, today=today
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = open_round(actor=user, version=version, **form.cleaned_data)
        except PermissionDenied:
            raise HttpForbidden from None
        except ConsultationRefused as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("The consultation round is open. Employees can now post proposals."),
            )
            return redirect("criteria:round_detail", round_id=round_.pk)
    context = {
        "form": form,
        "version": version,
        "can_open": version.status in OPENABLE_STAGES,
    }
    return render(request, "criteria/consultation/round_form.html", context)


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    user, viewer = _viewer(request)
    round_ = _round_or_404(user, round_id)
    form = ProposalFilterForm(request.GET)
    proposals = proposals_of_round(round_, form.to_filter())
    page_obj = Paginator(proposals, PROPOSAL_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "round": round_,
        "status": round_status(round_, today=timezone.localdate()),
        "form": form,
        "page_obj": page_obj,
        "cards": proposal_cards(page_obj, viewer=user),
        "takes_part": _takes_part(viewer, round_),
        "is_team": _is_team(viewer, round_),
    }
    return render(request, "criteria/consultation/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    user, viewer = _viewer(request)
    round_ = _round_or_404(user, round_id)
    if not _is_team(viewer, round_):
        raise HttpForbidden
    if request.method == "POST":
        try:
            close_round(actor=user, round=round_)
        except PermissionDenied:
            raise HttpForbidden from None
        except ConsultationRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The consultation round is closed."))
        return redirect("criteria:round_detail", round_id=round_.pk)
    return render(
        request,
        "criteria/consultation/round_close.html",
        {"round": round_, "status": round_status(round_, today=timezone.localdate())},
    )


@login_required
@require_GET
def round_summary(request: HttpRequest, round_id: int) -> HttpResponse:
    user, _viewer_roles = _viewer(request)
    round_ = _round_or_404(user, round_id)
    context = {
        "round": round_,
        "status": round_status(round_, today=timezone.localdate()),
        "summary": summary_of_round(user, round_),
        "minimum_group_size": MINIMUM_GROUP_SIZE,
    }
    return render(request, "criteria/consultation/round_summary.html", context)


# -- proposals ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, round_id: int) -> HttpResponse:
    user, viewer = _viewer(request)
    round_ = _round_or_404(user, round_id)
    if not _is_participant(viewer, round_):
        raise HttpForbidden
    indicators = Indicator.objects.filter(version=round_.version).order_by("order", "code")
    form = ProposalForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = post_proposal(actor=user, round=round_, **form.cleaned_data)
        except PermissionDenied:
            raise HttpForbidden from None
        except ConsultationRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your proposal is posted."))
            return redirect("criteria:proposal_detail", proposal_id=proposal.pk)
    context = {"round": round_, "form": form, "takes_part": _takes_part(viewer, round_)}
    return render(request, "criteria/consultation/proposal_form.html", context)


def _proposal_response(
    request: HttpRequest,
    proposal: Proposal,
    *,
    comment_form: CommentForm | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    user, viewer = _viewer(request)
    page = proposal_page(user, proposal)
    round_ = proposal.round
    if decision_form is None and _is_team(viewer, round_):
        decision_form = DecisionForm(
            initial={"decision": page.card.decision, "reason": page.card.decision_reason}
        )
    takes_part = _takes_part(viewer, round_)
    context = {
        "round": round_,
        "status": round_status(round_, today=timezone.localdate()),
        "page": page,
        "card": page.card,
        "takes_part": takes_part,
        "comment_form": comment_form or (CommentForm() if takes_part else None),
        "decision_form": decision_form if _is_team(viewer, round_) else None,
    }
    return render(request, "criteria/consultation/proposal_detail.html", context)


@login_required
@require_GET
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user, _viewer_roles = _viewer(request)
    return _proposal_response(request, _proposal_or_404(user, proposal_id))


@login_required
@require_POST
def comment_create(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user, viewer = _viewer(request)
    proposal = _proposal_or_404(user, proposal_id)
    if not _is_participant(viewer, proposal.round):
        raise HttpForbidden
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            post_comment(actor=user, proposal=proposal, **form.cleaned_data)
        except PermissionDenied:
            raise HttpForbidden from None
        except ConsultationRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect("criteria:proposal_detail", proposal_id=proposal.pk)
    return _proposal_response(request, proposal, comment_form=form)


@login_required
@require_POST
def vote(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user, viewer = _viewer(request)
    proposal = _proposal_or_404(user, proposal_id)
    if not _is_participant(viewer, proposal.round):
        raise HttpForbidden
    form = VoteForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose to support or to oppose.")
    else:
        try:
            cast_vote(actor=user, proposal=proposal, stance=form.stance_or_none())
        except PermissionDenied:
            raise HttpForbidden from None
        except ConsultationRefused as refused:
            error = str(refused)
    if cast(_HtmxRequest, request).htmx:
        context = {
            "card": proposal_card(user, proposal),
            "takes_part": _takes_part(viewer, proposal.round),
            "vote_error": error,
        }
        return render(request, "criteria/consultation/_vote_box.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your vote is recorded."))
    return redirect("criteria:proposal_detail", proposal_id=proposal.pk)


@login_required
@require_POST
def decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user, viewer = _viewer(request)
    proposal = _proposal_or_404(user, proposal_id)
    if not _is_team(viewer, proposal.round):
        raise HttpForbidden
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decide_proposal(actor=user, proposal=proposal, **form.cleaned_data)
        except PermissionDenied:
            raise HttpForbidden from None
        except ConsultationRefused as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The decision is recorded and the author is notified."))
            return redirect("criteria:proposal_detail", proposal_id=proposal.pk)
    return _proposal_response(request, proposal, decision_form=form)
