"""Kriteria yang berlaku (the criteria that apply to me, acknowledging them, asking the
evaluation team) and Sosialisasi (coverage per unit, who is missing, reminders, and the
team's answers to questions).

Who may see and do what is decided in ``selectors.access`` and the socialisation
selectors and services; these views read the request, call one of them and render.
Outsiders get 404 everywhere; employees without the role get 403 on the coverage pages.
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
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.criteria.forms.socialisation import AcknowledgeForm, AnswerForm, QuestionForm
from kinerja.criteria.models import CriteriaQuestion, CriteriaVersion
from kinerja.criteria.selectors.access import can_see_coverage, is_criteria_team, viewer_of
from kinerja.criteria.selectors.socialisation import (
    CriteriaPage,
    QuestionList,
    coverage_for_user,
    coverage_index_for_user,
    coverage_scope_path,
    criteria_page_for,
    get_coverage_version_for_user,
    get_question_for_team,
    get_socialised_version_for_user,
    my_criteria_for_user,
    pending_reminders,
    questions_for_team,
    unit_coverage_for_user,
)
from kinerja.criteria.selectors.warning_rules import warning_rule_lines
from kinerja.criteria.services import socialisation as services
from kinerja.criteria.services.socialisation import SocialisationRefused
from kinerja.organization.models import OrgUnit

UNIT_PAGE_SIZE = 50
QUESTION_PAGE_SIZE = 20
MAX_SEARCH_LENGTH = 100


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


# -- Kriteria yang berlaku ---------------------------------------------------------------


@login_required
@require_GET
def my_criteria(request: HttpRequest) -> HttpResponse:
    """The version in force for my organisation and all my acknowledgement tasks."""
    try:
        overview = my_criteria_for_user(_user(request), year=timezone.localdate().year)
    except NotFound:
        raise Http404 from None
    return render(request, "criteria/socialisation/my_criteria.html", {"overview": overview})


def _reading_page(
    request: HttpRequest,
    version: CriteriaVersion,
    *,
    page: CriteriaPage | None = None,
    acknowledge_form: AcknowledgeForm | None = None,
    question_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = page or criteria_page_for(_user(request), version)
    context = {
        "page": page,
        "acknowledge_form": acknowledge_form or AcknowledgeForm(questions=page.check),
        "question_form": question_form or QuestionForm(),
        "warning_rules": warning_rule_lines(version, active_only=True),
    }
    return render(request, "criteria/socialisation/version_for_me.html", context, status=status)


def _socialised_version(request: HttpRequest, version_id: int) -> CriteriaVersion:
    try:
        return get_socialised_version_for_user(_user(request), version_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_GET
def version_for_me(request: HttpRequest, version_id: int) -> HttpResponse:
    return _reading_page(request, _socialised_version(request, version_id))


@login_required
@require_POST
def acknowledge(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _socialised_version(request, version_id)
    page = criteria_page_for(_user(request), version)
    form = AcknowledgeForm(request.POST, questions=page.check)
    if not form.is_valid():
        return _reading_page(request, version, page=page, acknowledge_form=form, status=400)
    try:
        result = services.acknowledge(actor=_user(request), version=version, answers=form.answers())
    except PermissionDenied:
        raise HttpForbidden from None
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("criteria:version_for_me", version_id=version.pk)
    if not result.acknowledged:
        form.mark_wrong(result.wrong)
        return _reading_page(request, version, page=page, acknowledge_form=form)
    messages.success(
        request,
        _("Thank you: you acknowledged the criteria %(version)s.") % {"version": version.label},
    )
    return redirect("criteria:version_for_me", version_id=version.pk)


@login_required
@require_POST
def ask_question(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _socialised_version(request, version_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.ask_question(
                actor=_user(request), version=version, text=form.cleaned_data["text"]
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except SocialisationRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your question is with the evaluation team. The answer appears below.")
            )
            return redirect(reverse("criteria:version_for_me", args=[version.pk]) + "#my-questions")
    return _reading_page(request, version, question_form=form, status=400)


# -- Sosialisasi: coverage and reminders -------------------------------------------------


@login_required
@require_GET
def coverage_index(request: HttpRequest) -> HttpResponse:
    try:
        rows = coverage_index_for_user(_user(request))
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise HttpForbidden from None
    context = {"rows": rows, "can_answer": is_criteria_team(viewer_of(_user(request)))}
    return render(request, "criteria/socialisation/coverage_index.html", context)


@login_required
@require_GET
def coverage(request: HttpRequest, version_id: int) -> HttpResponse:
    try:
        overview = coverage_for_user(_user(request), version_id)
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise HttpForbidden from None
    context = {"coverage": overview, "can_answer": is_criteria_team(viewer_of(_user(request)))}
    return render(request, "criteria/socialisation/coverage.html", context)


@login_required
@require_GET
def coverage_unit(request: HttpRequest, version_id: int, unit_code: str) -> HttpResponse:
    try:
        listing = unit_coverage_for_user(
            _user(request),
            version_id,
            unit_code,
            show=request.GET.get("show", "missing"),
            search=request.GET.get("q", "")[:MAX_SEARCH_LENGTH],
        )
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise HttpForbidden from None
    page_obj = Paginator(listing.tasks, UNIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"listing": listing, "page_obj": page_obj}
    return render(request, "criteria/socialisation/coverage_unit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def send_reminders(request: HttpRequest, version_id: int) -> HttpResponse:
    """GET: what a reminder would do, to confirm; POST: send it."""
    user = _user(request)
    viewer = viewer_of(user)
    try:
        version = get_coverage_version_for_user(user, version_id)
        if not can_see_coverage(viewer):
            raise PermissionDenied
        path = coverage_scope_path(viewer, version)
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise HttpForbidden from None
    unit_code = request.POST.get("unit") or request.GET.get("unit") or ""
    unit = None
    if unit_code:
        unit = OrgUnit.objects.filter(code=unit_code, path__startswith=path).first()
        if unit is None:
            raise Http404
    if request.method == "POST":
        try:
            count = services.send_reminders(actor=user, version=version, unit=unit)
        except PermissionDenied:
            raise HttpForbidden from None
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "A reminder was sent to %(count)s person who has not acknowledged yet.",
                    "Reminders were sent to %(count)s people who have not acknowledged yet.",
                    count,
                )
                % {"count": count},
            )
        if unit is not None:
            return redirect("criteria:coverage_unit", version_id=version.pk, unit_code=unit.code)
        return redirect("criteria:coverage", version_id=version.pk)
    context = {
        "version": version,
        "unit": unit,
        "pending": pending_reminders(version, unit.path if unit else path),
    }
    return render(request, "criteria/socialisation/send_reminders.html", context)


# -- Sosialisasi: questions for the evaluation team --------------------------------------


def _questions_page(
    request: HttpRequest,
    listing: QuestionList,
    *,
    bound: tuple[int, AnswerForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    page_obj = Paginator(listing.questions, QUESTION_PAGE_SIZE).get_page(request.GET.get("page"))
    forms = {
        question.pk: bound[1]
        if bound is not None and bound[0] == question.pk
        else AnswerForm(prefix=f"q{question.pk}", initial={"answer": question.answer})
        for question in page_obj
    }
    rows = [(question, forms[question.pk]) for question in page_obj]
    if bound is not None and bound[0] not in forms:
        # The question answered is on another page: show it first, with its error.
        question = listing.questions.model.objects.select_related(
            "asked_by", "asked_by__unit", "answered_by"
        ).get(pk=bound[0])
        rows.insert(0, (question, bound[1]))
    context = {"listing": listing, "page_obj": page_obj, "rows": rows}
    return render(request, "criteria/socialisation/questions.html", context, status=status)


@login_required
@require_GET
def questions(request: HttpRequest, version_id: int) -> HttpResponse:
    try:
        listing = questions_for_team(_user(request), version_id, show=request.GET.get("show", ""))
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise HttpForbidden from None
    return _questions_page(request, listing)


@login_required
@require_POST
def answer_question(request: HttpRequest, question_id: int) -> HttpResponse:
    user = _user(request)
    try:
        question: CriteriaQuestion = get_question_for_team(user, question_id)
    except NotFound:
        raise Http404 from None
    except PermissionDenied:
        raise HttpForbidden from None
    form = AnswerForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            services.answer_question(
                actor=user, question=question, answer=form.cleaned_data["answer"]
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except NotFound:
            raise Http404 from None
        except SocialisationRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The answer is saved and the employee notified."))
            url = reverse("criteria:questions", args=[question.version_id])
            return redirect(f"{url}#question-{question.pk}")
    listing = questions_for_team(user, question.version_id, show="all")
    return _questions_page(request, listing, bound=(question.pk, form), status=400)
