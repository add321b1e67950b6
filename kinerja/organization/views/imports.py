"""The HR admin's import pages: upload a unit or employee file, look at the dry run
(every problem, or what would change), then apply or discard it. Everyone else gets 403.

The work happens in ``kinerja.organization.importers.uploads``; these views read the
form, call one function and render or redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError, NotFound
from kinerja.organization.forms import ImportUploadForm
from kinerja.organization.importers.common import ImportKind
from kinerja.organization.importers.uploads import (
    COLUMN_HELP,
    PendingImport,
    apply_pending_import,
    discard_pending_import,
    get_pending_import_for_user,
    stage_upload,
    template_csv,
)
from kinerja.organization.selectors import can_manage_organization

ERRORS_PAGE_SIZE = 50
CHANGES_SHOWN = 100


def _importer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    if not can_manage_organization(user):
        raise PermissionDenied
    return user


def _template_download(kind: ImportKind) -> HttpResponse:
    response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kinerja-{kind.value}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    user = _importer(request)
    if request.method == "GET" and request.GET.get("template") in ImportKind.values:
        return _template_download(ImportKind(request.GET["template"]))
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending = stage_upload(
                actor=user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("organization:import_preview", token=pending.token)
    formats = [(kind, kind.label, COLUMN_HELP[kind]) for kind in ImportKind]
    return render(request, "organization/import_start.html", {"form": form, "formats": formats})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    user = _importer(request)
    try:
        pending = get_pending_import_for_user(user, token)
        if request.method == "POST":
            return _act(request, user, pending)
    except NotFound as exc:
        raise Http404 from exc
    report = pending.report
    context = {
        "pending": pending,
        "report": report,
        "page_obj": Paginator(report.errors, ERRORS_PAGE_SIZE).get_page(request.GET.get("page")),
        "changes": list(report.updated_rows.items())[:CHANGES_SHOWN],
        "more_changes": report.updated - min(report.updated, CHANGES_SHOWN),
    }
    return render(request, "organization/import_preview.html", context)


def _act(request: HttpRequest, user: User, pending: PendingImport) -> HttpResponse:
    if request.POST.get("action") == "discard":
        discard_pending_import(actor=user, token=pending.token)
        messages.info(request, _("The uploaded file was discarded; nothing was imported."))
        return redirect("organization:import_start")
    if request.POST.get("action") == "apply":
        pending = apply_pending_import(actor=user, token=pending.token)
        if not pending.is_applied:
            messages.error(
                request,
                _("The data changed since the preview and the file is no longer valid."),
            )
    return redirect("organization:import_preview", token=pending.token)
