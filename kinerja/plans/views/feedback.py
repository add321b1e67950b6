"""Umpan balik berkelanjutan: the employee's feedback on their plans, the appraiser's
feedback page of one plan, and the threads' replies.

Everyone who may read a plan (``selectors.access``) reads its feedback; only the plan's
appraiser gives feedback, and only the employee and the appraiser reply (403 for the
others). Anybody else gets 404, whether the plan exists or not.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.organization.selectors import get_viewer
from kinerja.plans.forms.feedback import FeedbackFilterForm, FeedbackForm, ReplyForm
from kinerja.plans.models import Feedback, PerformancePlan
from kinerja.plans.selectors.access import get_plan_for_user, is_appraiser, is_owner
from kinerja.plans.selectors.feedback import (
    can_give_feedback,
    can_reply,
    feedback_for_employee,
    feedback_of_plan,
    feedback_periods,
    feedback_subjects,
    get_feedback_for_user,
)
from kinerja.plans.services.feedback import give_feedback, reply_to_feedback

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _plan_or_404(user: User, plan_id: int) -> PerformancePlan:
    try:
        return get_plan_for_user(user, plan_id)
    except NotFound:
        raise Http404 from None


def _form_error(form: FeedbackForm | ReplyForm, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _threads_with_reply_forms(
    feedback: list[Feedback], *, may_reply: bool
) -> list[tuple[Feedback, ReplyForm | None]]:
    """Each thread with its own reply form (unique field ids per thread)."""
    return [
        (item, ReplyForm(auto_id=f"reply-{item.pk}-%s") if may_reply else None) for item in feedback
    ]


@login_required
@require_GET
def my_feedback(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FeedbackFilterForm(request.GET)
    page_obj = Paginator(feedback_for_employee(user, form.to_filter()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page_obj": page_obj,
        "threads": _threads_with_reply_forms(list(page_obj), may_reply=True),
        "has_employee": get_viewer(user).employee is not None,
    }
    return render(request, "plans/feedback/my_feedback.html", context)


def _plan_feedback_response(
    request: HttpRequest, plan: PerformancePlan, *, form: FeedbackForm | None = None
) -> HttpResponse:
    user = _user(request)
    may_give = can_give_feedback(user, plan)
    if may_give and form is None:
        form = _feedback_form(plan)
    page_obj = Paginator(feedback_of_plan(plan), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "form": form if (may_give or (form is not None and form.is_bound)) else None,
        "page_obj": page_obj,
        "threads": _threads_with_reply_forms(list(page_obj), may_reply=can_reply(user, plan)),
        "is_owner": is_owner(get_viewer(user), plan),
    }
    return render(request, "plans/feedback/plan_feedback.html", context)


def _feedback_form(plan: PerformancePlan, data: dict[str, str] | None = None) -> FeedbackForm:
    return FeedbackForm(
        data,
        results=feedback_subjects(plan),
        periods=feedback_periods(plan, today=timezone.localdate()),
    )


@login_required
@require_GET
def plan_feedback(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_feedback_response(request, _plan_or_404(_user(request), plan_id))


@login_required
@require_POST
def feedback_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, plan_id)
    if not is_appraiser(get_viewer(user), plan):
        raise HttpForbidden
    form = _feedback_form(plan, request.POST.dict())
    if form.is_valid():
        try:
            feedback = give_feedback(
                actor=user,
                plan=plan,
                text=form.cleaned_data["text"],
                period=form.cleaned_data["period"],
                **form.subject(),
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your feedback is sent; the employee can read it now."))
            url = reverse("plans:plan_feedback", kwargs={"plan_id": plan.pk})
            return redirect(f"{url}#feedback-{feedback.pk}")
    return _plan_feedback_response(request, plan, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_reply(request: HttpRequest, feedback_id: int) -> HttpResponse:
    user = _user(request)
    try:
        feedback = get_feedback_for_user(user, feedback_id)
    except NotFound:
        raise Http404 from None
    may_reply = can_reply(user, feedback.plan)
    form = ReplyForm(request.POST or None) if may_reply else None
    if request.method == "POST":
        if form is None:
            raise HttpForbidden
        if form.is_valid():
            try:
                reply_to_feedback(actor=user, feedback=feedback, text=form.cleaned_data["text"])
            except PermissionDenied:
                raise HttpForbidden from None
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Your reply is sent."))
                if is_owner(get_viewer(user), feedback.plan):
                    url = reverse("plans:my_feedback")
                else:
                    url = reverse("plans:plan_feedback", kwargs={"plan_id": feedback.plan_id})
                return redirect(f"{url}#feedback-{feedback.pk}")
    context = {"feedback": feedback, "plan": feedback.plan, "form": form}
    return render(request, "plans/feedback/feedback_reply.html", context)
