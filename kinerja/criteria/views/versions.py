"""Versi & perbandingan: the criteria versions of the organisation, one version with its
indicators, lifecycle and weight check, the team's editing pages, and the comparison of
two versions.

Everyone in the organisation reads the versions that left the drafting table; drafts
stay with the evaluation team and the HR admin (404 for anyone else, as for versions of
another organisation). The team prepares; only the HR admin publishes and retires.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.criteria.diff import diff_versions
from kinerja.criteria.forms.versions import (
    CompareForm,
    ComprehensionCheckForm,
    IndicatorForm,
    MoveForm,
    VersionSettingsForm,
    VersionStartForm,
)
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import RESULTS_ASPECT_VALUES, TRANSITIONS, Stage
from kinerja.criteria.selectors.access import (
    can_prepare_versions,
    can_publish,
    can_see_anything,
    can_see_coverage,
    viewer_of,
    viewer_organization,
)
from kinerja.criteria.selectors.socialisation import employees_in_scope
from kinerja.criteria.selectors.versions import (
    get_version_for_user,
    indicators_of,
    proposals_of,
    published_version,
    results_weight_gaps,
    rounds_of,
    snapshot_of,
    units_of,
    version_counts,
    versions_for_user,
)
from kinerja.criteria.selectors.warning_rules import warning_rule_lines
from kinerja.criteria.services.versions import (
    VersionRefused,
    adoption_problems,
    create_version,
    delete_indicator,
    delete_version,
    move_version,
    save_comprehension_check,
    save_indicator,
    update_version,
)
from kinerja.organization.models import OrgUnit

VERSIONS_PAGE_SIZE = 20
SEARCH_MAX_LENGTH = 100

# What the button of each lifecycle step says.
MOVE_LABELS: dict[Stage, Promise] = {
    Stage.DRAFT: gettext_lazy("Back to draft"),
    Stage.CONSULTATION: gettext_lazy("Open for consultation"),
    Stage.ADOPTED: gettext_lazy("Adopt"),
    Stage.PUBLISHED: gettext_lazy("Publish"),
    Stage.RETIRED: gettext_lazy("Retire"),
}
ADMIN_ONLY_STAGES = frozenset({Stage.PUBLISHED, Stage.RETIRED})


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    return request.user


def _version(user: User, version_id: int) -> CriteriaVersion:
    try:
        return get_version_for_user(user, version_id)
    except NotFound:
        raise Http404 from None


def _team_version(user: User, version_id: int) -> CriteriaVersion:
    """A version the user may read (404 otherwise) and prepare (403 otherwise)."""
    version = _version(user, version_id)
    if not can_prepare_versions(viewer_of(user)):
        raise HttpForbidden
    return version


def _locked(request: HttpRequest, version: CriteriaVersion, title: str) -> HttpResponse:
    """The page an editing URL shows for a version that can no longer change."""
    return render(
        request, "criteria/versions/locked.html", {"version": version, "page_title": title}
    )


# -- the list ------------------------------------------------------------------------------


def _filtered(
    versions: QuerySet[CriteriaVersion], search: str, status: str
) -> QuerySet[CriteriaVersion]:
    if search:
        matches = Q(title__icontains=search)
        if search.isdigit():
            matches |= Q(year=int(search))
        versions = versions.filter(matches)
    if status in CriteriaVersion.Status.values:
        versions = versions.filter(status=status)
    return versions


def _compare_initial(page_obj: Page[CriteriaVersion]) -> dict[str, int]:
    """The newest version shown against the one it was copied from (or the next one)."""
    shown = list(page_obj.object_list)
    if len(shown) < 2:
        return {}
    newest = shown[0]
    return {"a": newest.based_on_id or shown[1].pk, "b": newest.pk}


@login_required
@require_GET
def version_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    viewer = viewer_of(user)
    if not can_see_anything(viewer):
        raise Http404
    search = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    status = request.GET.get("status", "")
    visible = versions_for_user(user)
    listing = _filtered(visible, search, status).order_by("-year", "-number", "organization_id")
    page_obj = Paginator(listing, VERSIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "search": search,
        "status": status,
        "statuses": CriteriaVersion.Status.choices,
        "can_prepare": can_prepare_versions(viewer),
        "several_organizations": viewer.org_root_path is None,
        "compare_form": CompareForm(
            versions=visible.order_by("-year", "-number"), initial=_compare_initial(page_obj)
        ),
        "can_compare": visible.count() > 1,
    }
    return render(request, "criteria/versions/version_list.html", context)


# -- one version ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AspectGroup:
    label: str
    indicators: list[Indicator]


def _groups(indicators: list[Indicator], *, results: bool) -> list[AspectGroup]:
    """The indicators of one side, by aspect in the order the aspects are listed."""
    groups = []
    for value, label in Indicator.Aspect.choices:
        if (value in RESULTS_ASPECT_VALUES) != results:
            continue
        members = [indicator for indicator in indicators if indicator.aspect == value]
        if members:
            groups.append(AspectGroup(str(label), members))
    return groups


@dataclass(frozen=True, slots=True)
class NextStep:
    stage: str
    label: str


def _next_steps(user: User, version: CriteriaVersion) -> list[NextStep]:
    """The lifecycle moves the user may make from the version's status."""
    viewer = viewer_of(user)
    steps = []
    for stage in Stage:
        if stage not in TRANSITIONS[Stage(version.status)]:
            continue
        allowed = (
            can_publish(viewer) if stage in ADMIN_ONLY_STAGES else can_prepare_versions(viewer)
        )
        if allowed:
            steps.append(NextStep(stage.value, str(MOVE_LABELS[stage])))
    return steps


@login_required
@require_GET
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    version = _version(user, version_id)
    viewer = viewer_of(user)
    indicators = list(indicators_of(version))
    codes = {code for indicator in indicators for code in indicator.unit_codes}
    steps = _next_steps(user, version)
    can_prepare = can_prepare_versions(viewer)
    context = {
        "version": version,
        "results": _groups(indicators, results=True),
        "behaviour": _groups(indicators, results=False),
        "indicator_count": len(indicators),
        "unit_names": dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "name")),
        "weight_gaps": results_weight_gaps(version),
        "questions": list(version.questions.all()),
        "warning_rules": warning_rule_lines(version),
        "next_steps": steps,
        "adoption_problems": (
            adoption_problems(version) if any(step.stage == Stage.ADOPTED for step in steps) else []
        ),
        "rounds": list(rounds_of(version)),
        "counts": version_counts(version),
        "can_prepare": can_prepare,
        "can_edit": can_prepare and version.is_editable,
        "can_open_round": can_prepare
        and version.status in {Stage.DRAFT.value, Stage.CONSULTATION.value},
        "can_see_coverage": can_see_coverage(viewer) or can_prepare,
    }
    return render(request, "criteria/versions/version_detail.html", context)


# -- starting a version --------------------------------------------------------------------


def _start(
    request: HttpRequest, form: VersionStartForm, based_on: CriteriaVersion | None
) -> HttpResponse | None:
    """Hand a valid form to the service; None when the form must be shown again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        version = create_version(
            actor=_user(request),
            year=form.cleaned_data["year"],
            title=form.cleaned_data["title"],
            based_on=based_on,
            organization=form.cleaned_data.get("organization"),
        )
    except PermissionDenied:
        raise HttpForbidden from None
    except VersionRefused as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None
    except DomainError as error:
        form.add_error(None, str(error))
        return None
    if based_on is None:
        message = _("Version %(version)s is started with the 21 BerAKHLAK indicators.")
    else:
        message = _("Version %(version)s is started as a copy of %(original)s.")
    messages.success(
        request,
        message % {"version": version.label, "original": based_on.label if based_on else ""},
    )
    return redirect("criteria:version_detail", version_id=version.pk)


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    viewer = viewer_of(user)
    if not can_see_anything(viewer):
        raise Http404
    if not can_prepare_versions(viewer):
        raise HttpForbidden
    own = viewer_organization(viewer)
    form = VersionStartForm(
        request.POST or None,
        initial={"year": timezone.localdate().year + 1},
        organizations=None if own else OrgUnit.objects.filter(parent=None).order_by("name"),
    )
    response = _start(request, form, None)
    context = {"form": form, "organization": own}
    return response or render(request, "criteria/versions/version_start.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def version_copy(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    based_on = _team_version(user, version_id)
    # A version in force is usually copied for the next year; one still being prepared,
    # for a second attempt at the same year.
    year = (
        based_on.year + 1 if based_on.status in {Stage.PUBLISHED, Stage.RETIRED} else based_on.year
    )
    form = VersionStartForm(
        request.POST or None,
        initial={"year": year, "title": based_on.title.replace(str(based_on.year), str(year))},
        organizations=None,
    )
    response = _start(request, form, based_on)
    context = {"form": form, "based_on": based_on, "organization": based_on.organization}
    return response or render(request, "criteria/versions/version_start.html", context)


# -- settings ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def version_update(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    version = _team_version(user, version_id)
    if not version.is_editable:
        return _locked(request, version, _("Settings of %(version)s") % {"version": version.label})
    form = VersionSettingsForm(
        request.POST or None, initial=VersionSettingsForm.initial_for(version)
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_version(actor=user, version=version, settings=form.to_settings())
        except PermissionDenied:
            raise HttpForbidden from None
        except VersionRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("criteria:version_detail", version_id=version.pk)
    context = {"form": form, "version": version}
    return render(request, "criteria/versions/version_form.html", context)


# -- lifecycle -----------------------------------------------------------------------------


def _stage(value: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise Http404 from None


@dataclass(frozen=True, slots=True)
class MovePreview:
    """What a move will do, shown before it is confirmed."""

    problems: list[str]
    acknowledgements: int
    replaces: CriteriaVersion | None


def _preview(version: CriteriaVersion, to: Stage) -> MovePreview:
    problems = adoption_problems(version) if to == Stage.ADOPTED else []
    acknowledgements = 0
    replaces = None
    if to == Stage.PUBLISHED:
        acknowledgements = employees_in_scope(version).count()
        current = published_version(version.organization, version.year)
        replaces = current if current is not None and current.year == version.year else None
    return MovePreview(problems, acknowledgements, replaces)


@login_required
@require_http_methods(["GET", "POST"])
def version_move(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    version = _team_version(user, version_id)
    to = _stage(request.POST.get("to", "") or request.GET.get("to", ""))
    if to in ADMIN_ONLY_STAGES and not can_publish(viewer_of(user)):
        raise HttpForbidden
    if to not in TRANSITIONS[Stage(version.status)]:
        messages.error(
            request,
            _("A version that is %(current)s cannot become %(to)s.")
            % {
                "current": version.get_status_display().lower(),
                "to": CriteriaVersion.Status(to).label.lower(),
            },
        )
        return redirect("criteria:version_detail", version_id=version.pk)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = move_version(actor=user, version=version, to=to, note=form.cleaned_data["note"])
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Version %(version)s is now %(status)s.")
                % {"version": moved.label, "status": moved.get_status_display().lower()},
            )
            return redirect("criteria:version_detail", version_id=moved.pk)
    context = {
        "version": version,
        "to": to.value,
        "to_label": CriteriaVersion.Status(to).label,
        "button": MOVE_LABELS[to],
        "form": form,
        "preview": _preview(version, to),
    }
    return render(request, "criteria/versions/version_move.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def version_delete(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    version = _team_version(user, version_id)
    rounds = list(rounds_of(version))
    deletable = version.status == Stage.DRAFT and not rounds
    if request.method == "POST" and deletable:
        try:
            delete_version(actor=user, version=version)
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("criteria:version_detail", version_id=version.pk)
        messages.success(request, _("Version %(version)s is deleted.") % {"version": version.label})
        return redirect("criteria:version_list")
    context = {
        "version": version,
        "deletable": deletable,
        "rounds": rounds,
        "indicator_count": version.indicators.count(),
    }
    return render(request, "criteria/versions/version_delete.html", context)


# -- indicators ----------------------------------------------------------------------------


def _indicator(version: CriteriaVersion, indicator_id: int) -> Indicator:
    indicator = indicators_of(version).filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404
    return indicator


def _indicator_page(
    request: HttpRequest, version: CriteriaVersion, indicator: Indicator | None
) -> HttpResponse:
    user = _user(request)
    title = indicator.name if indicator is not None else _("New indicator")
    if not version.is_editable:
        return _locked(request, version, title)
    initial = IndicatorForm.initial_for(indicator) if indicator is not None else {}
    form = IndicatorForm(
        request.POST or None,
        initial=initial,
        units=units_of(version),
        proposals=proposals_of(version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_indicator(
                actor=user, version=version, data=form.to_input(), indicator=indicator
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except VersionRefused as error:
            form.add_service_error(error.field, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            url = reverse("criteria:version_detail", kwargs={"version_id": version.pk})
            return redirect(f"{url}#indicator-{saved.pk}")
    context = {"form": form, "version": version, "indicator": indicator, "page_title": title}
    return render(request, "criteria/versions/indicator_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _team_version(_user(request), version_id)
    return _indicator_page(request, version, None)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_update(request: HttpRequest, version_id: int, indicator_id: int) -> HttpResponse:
    version = _team_version(_user(request), version_id)
    return _indicator_page(request, version, _indicator(version, indicator_id))


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, version_id: int, indicator_id: int) -> HttpResponse:
    user = _user(request)
    version = _team_version(user, version_id)
    indicator = _indicator(version, indicator_id)
    if not version.is_editable:
        return _locked(request, version, indicator.name)
    if request.method == "POST":
        try:
            delete_indicator(actor=user, indicator=indicator)
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is deleted.") % {"name": indicator.name})
        return redirect("criteria:version_detail", version_id=version.pk)
    context = {"version": version, "indicator": indicator}
    return render(request, "criteria/versions/indicator_delete.html", context)


# -- comprehension check -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def check_update(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    version = _team_version(user, version_id)
    if not version.is_editable:
        return _locked(request, version, _("Comprehension check"))
    form = ComprehensionCheckForm(
        request.POST or None, initial=ComprehensionCheckForm.initial_for(version.questions.all())
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_comprehension_check(actor=user, version=version, questions=form.to_questions())
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The comprehension check is saved."))
            return redirect("criteria:version_detail", version_id=version.pk)
    context = {"form": form, "version": version}
    return render(request, "criteria/versions/check_form.html", context)


# -- the comparison ------------------------------------------------------------------------


@login_required
@require_GET
def version_diff(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_see_anything(viewer_of(user)):
        raise Http404
    visible = versions_for_user(user).order_by("-year", "-number")
    form = CompareForm(request.GET if request.GET else None, versions=visible)
    diff = None
    older = newer = None
    if form.is_bound:
        if any(
            name in request.GET and form.has_error(name, "invalid_choice") for name in ("a", "b")
        ):
            # A version the viewer may not read looks like one that does not exist.
            raise Http404
        if form.is_valid():
            older, newer = form.cleaned_data["a"], form.cleaned_data["b"]
            diff = diff_versions(snapshot_of(older), snapshot_of(newer))
    context = {"form": form, "diff": diff, "older": older, "newer": newer}
    return render(request, "criteria/versions/version_diff.html", context)
