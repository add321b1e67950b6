"""The coaching pages (Tim Saya → Pembinaan; Kinerja Saya → my coaching plan).

Everyone who may read a case (``selectors.cases_for_user``) opens its page; anybody else
gets 404, whether it exists or not. The forms that run a case answer 403 to a reader who
may not run it. Counselling records appear only to those ``counselling_records_for``
allows. The services decide; a refusal comes back as a message on the form.
"""

from collections.abc import Callable
from dataclasses import dataclass
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.coaching.forms import (
    ActionForm,
    CaseFilterForm,
    CloseForm,
    CommentForm,
    CounsellingForm,
    GoalsForm,
    OpenCaseForm,
    SessionForm,
)
from kinerja.coaching.models import CoachingAction, CoachingCase
from kinerja.coaching.rules import WindowProgress, window_progress
from kinerja.coaching.selectors import (
    actions_of,
    active_case_of,
    case_chain,
    comments_of,
    counselling_records_for,
    counsellor_candidates,
    get_action_of,
    get_case_for_user,
    get_counselling_record_for,
    get_employee_for_opening,
    is_case_employee,
    may_mark_done,
    may_read_all_counselling,
    may_run_case,
    own_cases_for_user,
    reports_for_opening,
    sessions_of,
    team_case_counts,
    team_cases_for_user,
)
from kinerja.coaching.services import (
    close_case,
    comment,
    mark_action_done,
    open_case,
    record_counselling,
    record_session,
    save_action,
    sign_counselling,
    update_goals,
)
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.organization.models import Employee
from kinerja.organization.selectors import Viewer, get_viewer

LIST_PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _case(request: HttpRequest, case_id: int) -> tuple[Viewer, CoachingCase]:
    user = _user(request)
    try:
        case = get_case_for_user(user, case_id)
    except NotFound:
        raise Http404 from None
    return get_viewer(user), case


def _run_case(request: HttpRequest, case_id: int) -> tuple[Viewer, CoachingCase]:
    """The case, for someone who may run it: 404 for non-readers, 403 for the others."""
    viewer, case = _case(request, case_id)
    if not may_run_case(viewer, case):
        raise HttpForbidden
    return viewer, case


def _form_error(form: Form, error: DomainError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _attempt(form: Form, write: Callable[[], object]) -> bool:
    """Call the service; a refusal becomes a form error, a permission refusal a 403."""
    try:
        write()
    except PermissionDenied:
        raise HttpForbidden from None
    except DomainError as error:
        _form_error(form, error)
        return False
    return True


def _saved(request: HttpRequest, case: CoachingCase, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    response = redirect("coaching:case_detail", case_id=case.pk)
    response["Location"] += f"#{anchor}"
    return response


def _progress(case: CoachingCase) -> WindowProgress:
    return window_progress(
        starts_on=case.window_starts_on, ends_on=case.window_ends_on, today=timezone.localdate()
    )


# -- lists ------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Tim Saya → Pembinaan: the cases the viewer reads of other people, and the direct
    reports they may open a case for."""
    user = _user(request)
    viewer = get_viewer(user)
    form = CaseFilterForm(request.GET)
    filters = form.to_filter()
    today = timezone.localdate()
    cases = team_cases_for_user(user, filters, today=today, viewer=viewer)
    page = Paginator(cases, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = team_case_counts(user, filters, viewer=viewer)
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "rows": [{"case": case, "progress": _progress(case)} for case in page],
        "tabs": [
            (status.value, status.label, counts[status.value]) for status in CoachingCase.Status
        ],
        "reports": list(reports_for_opening(user, viewer=viewer)),
        "may_open_by_nip": viewer.is_admin,
    }
    return render(request, "coaching/case_list.html", context)


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    """Kinerja Saya → my coaching plan: the viewer's own cases."""
    user = _user(request)
    cases = list(own_cases_for_user(user, today=timezone.localdate()))
    context = {
        "rows": [{"case": case, "progress": _progress(case)} for case in cases],
        "has_employee": get_viewer(user).employee is not None,
    }
    return render(request, "coaching/my_cases.html", context)


# -- opening ----------------------------------------------------------------------------


def _prefilled(user: User, nip: str) -> Employee | None:
    """The employee of ``?employee=<nip>`` when the user may open a case for them."""
    if not nip:
        return None
    try:
        return get_employee_for_opening(user, nip)
    except NotFound:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    """Open a case for a direct report (any employee for the HR admin). ``?employee=<nip>``
    chooses the employee; other parameters (a monitoring alert's id) are ignored."""
    user = _user(request)
    viewer = get_viewer(user)
    if not (viewer.is_admin or viewer.is_penilai):
        raise HttpForbidden
    chosen = _prefilled(user, request.GET.get("employee", ""))
    candidates = None if viewer.is_admin else list(reports_for_opening(user, viewer=viewer))
    form = OpenCaseForm(
        request.POST or None,
        candidates=candidates,
        initial={"employee": chosen.nip if chosen else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            employee = get_employee_for_opening(user, form.cleaned_data["employee"])
        except NotFound as error:
            form.add_error("employee", str(error))
        else:
            opened: list[CoachingCase] = []
            if _attempt(
                form,
                lambda: opened.append(
                    open_case(
                        actor=user,
                        employee=employee,
                        reason=form.cleaned_data["reason"],
                        goals=form.cleaned_data["goals"],
                    )
                ),
            ):
                messages.success(
                    request,
                    _(
                        "The coaching case is open. Plan the first dialogue session and the"
                        " actions."
                    ),
                )
                return redirect("coaching:case_detail", case_id=opened[0].pk)
    context = {
        "form": form,
        "chosen": chosen,
        "existing": active_case_of(chosen) if chosen else None,
        "unknown_employee": bool(request.GET.get("employee")) and chosen is None,
    }
    return render(request, "coaching/case_open.html", context)


# -- the case page ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionRow:
    action: CoachingAction
    may_mark_done: bool
    is_overdue: bool


def _detail_context(
    viewer: Viewer, case: CoachingCase, *, comment_form: CommentForm | None = None
) -> dict[str, Any]:
    records = list(counselling_records_for(viewer, case))
    today = timezone.localdate()
    actions = [
        ActionRow(
            action=action,
            may_mark_done=may_mark_done(viewer, case, action),
            is_overdue=case.is_active and not action.is_done and action.due_on < today,
        )
        for action in actions_of(case)
    ]
    sessions = list(sessions_of(case))
    open_actions = [row.action for row in actions if not row.action.is_done]
    summary = {
        "total": len(actions),
        "done": len(actions) - len(open_actions),
        "overdue": sum(1 for row in actions if row.is_overdue),
        "next_due": min(open_actions, key=lambda action: action.due_on, default=None)
        if case.is_active
        else None,
        "last_session": max((session.held_on for session in sessions), default=None),
    }
    return {
        "case": case,
        "progress": _progress(case),
        "summary": summary,
        "is_employee": is_case_employee(viewer, case),
        "may_run": case.is_active and may_run_case(viewer, case),
        "sessions": sessions,
        "actions": actions,
        "show_counselling": may_read_all_counselling(viewer, case) or bool(records),
        "counselling_records": records,
        "viewer_employee_id": viewer.employee.pk if viewer.employee else None,
        "comments": list(comments_of(case)),
        "comment_form": comment_form or (CommentForm() if case.is_active else None),
    }


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer, case = _case(request, case_id)
    return render(request, "coaching/case_detail.html", _detail_context(viewer, case))


@login_required
@require_POST
def comment_add(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer, case = _case(request, case_id)
    form = CommentForm(request.POST)
    if form.is_valid() and _attempt(
        form, lambda: comment(actor=_user(request), case=case, text=form.cleaned_data["text"])
    ):
        return _saved(request, case, _("Your comment is posted."), "comments")
    context = _detail_context(viewer, case, comment_form=form)
    return render(request, "coaching/case_detail.html", context, status=400)


def _form_page(
    request: HttpRequest,
    case: CoachingCase,
    form: Form,
    *,
    title: str,
    intro: str,
    submit: str,
    **extra: Any,
) -> HttpResponse:
    context = {
        "case": case,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit,
        **extra,
    }
    return render(request, "coaching/case_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goals_update(request: HttpRequest, case_id: int) -> HttpResponse:
    _viewer, case = _run_case(request, case_id)
    form = GoalsForm(request.POST or None, initial={"goals": case.goals})
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: update_goals(actor=_user(request), case=case, goals=form.cleaned_data["goals"]),
        )
    ):
        return _saved(request, case, _("The goals are saved."), "goals")
    return _form_page(
        request,
        case,
        form,
        title=_("Change the goals"),
        intro=_("The employee is notified of the new goals."),
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_record(request: HttpRequest, case_id: int) -> HttpResponse:
    _viewer, case = _run_case(request, case_id)
    form = SessionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form, lambda: record_session(actor=_user(request), case=case, **form.cleaned_data)
        )
    ):
        return _saved(request, case, _("The session is recorded."), "sessions")
    return _form_page(
        request,
        case,
        form,
        title=_("Record a dialogue session"),
        intro=_(
            "A performance dialogue (dialog kinerja): when it was held, who took part, what"
            " was discussed and what was agreed."
        ),
        submit=_("Record the session"),
    )


def _action_page(request: HttpRequest, case_id: int, action_id: int | None) -> HttpResponse:
    _viewer, case = _run_case(request, case_id)
    action = None
    if action_id is not None:
        try:
            action = get_action_of(case, action_id)
        except NotFound:
            raise Http404 from None
    initial = (
        {"text": action.text, "owner": str(action.owner_id), "due_on": action.due_on}
        if action
        else {"owner": str(case.employee_id)}
    )
    form = ActionForm(request.POST or None, owners=case_chain(case), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: save_action(
                actor=_user(request), case=case, action=action, **form.cleaned_data
            ),
        )
    ):
        return _saved(request, case, _("The action is saved."), "actions")
    return _form_page(
        request,
        case,
        form,
        title=_("Change the action") if action else _("Add an action"),
        intro=_(
            "An agreed action with its owner and due date. The owner is reminded when it is due."
        ),
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, case_id: int) -> HttpResponse:
    return _action_page(request, case_id, None)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    return _action_page(request, case_id, action_id)


@login_required
@require_POST
def action_done(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    _viewer, case = _case(request, case_id)
    try:
        action = get_action_of(case, action_id)
    except NotFound:
        raise Http404 from None
    try:
        mark_action_done(actor=_user(request), action=action)
    except PermissionDenied:
        raise HttpForbidden from None
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The action is marked done."))
    response = redirect("coaching:case_detail", case_id=case.pk)
    response["Location"] += f"#action-{action.pk}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def counselling_record(request: HttpRequest, case_id: int) -> HttpResponse:
    _viewer, case = _run_case(request, case_id)
    form = CounsellingForm(
        request.POST or None,
        counsellors=counsellor_candidates(case),
        initial={"counsellor": case.coach_id, "held_on": timezone.localdate()},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: record_counselling(actor=_user(request), case=case, **form.cleaned_data),
        )
    ):
        return _saved(request, case, _("The counselling record is saved."), "counselling")
    return _form_page(
        request,
        case,
        form,
        title=_("Record counselling"),
        intro=_(
            "The Format Pelaksanaan Konseling Kinerja (PermenPANRB 8/2021). Confidential: only"
            " the employee, the counsellor, the coach and the HR admin read it."
        ),
        submit=_("Save the record"),
        confidential=True,
    )


@login_required
@require_POST
def counselling_sign(request: HttpRequest, case_id: int, record_id: int) -> HttpResponse:
    viewer, case = _case(request, case_id)
    try:
        record = get_counselling_record_for(viewer, case, record_id)
    except NotFound:
        raise Http404 from None
    try:
        sign_counselling(actor=_user(request), record=record)
    except PermissionDenied:
        raise HttpForbidden from None
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You signed the counselling record."))
    response = redirect("coaching:case_detail", case_id=case.pk)
    response["Location"] += f"#counselling-{record.pk}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    """Decide the outcome: improved (closes), extended (another window), escalated (closes
    with a follow-up). The form asks for a confirmation."""
    _viewer, case = _run_case(request, case_id)
    if not case.is_active:
        messages.info(request, _("This coaching case is already closed."))
        return redirect("coaching:case_detail", case_id=case.pk)
    form = CloseForm(request.POST or None)
    closed: list[CoachingCase] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            form,
            lambda: closed.append(
                close_case(
                    actor=_user(request),
                    case=case,
                    outcome=form.cleaned_data["outcome"],
                    follow_up=form.cleaned_data["follow_up"],
                    note=form.cleaned_data["note"],
                )
            ),
        )
    ):
        message = (
            _("The improvement window is extended.")
            if closed[0].is_active
            else _("The coaching case is closed.")
        )
        return _saved(request, case, message, "outcome")
    context = {"case": case, "form": form, "progress": _progress(case)}
    return render(request, "coaching/case_close.html", context)
