"""The documents of the appraisal stage as downloads: the evaluation form and the formal
record (PDF) for everyone who may read the evaluation, the calibration recap (XLSX) for
whoever may calibrate the unit. Anyone else gets a 404, whether the object exists or not.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.appraisals import documents
from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.selectors.access import (
    get_calibration_for_user,
    get_evaluation_for_user,
    may_calibrate,
)
from kinerja.core.exceptions import NotFound
from kinerja.organization.selectors import get_viewer

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _evaluation(request: HttpRequest, evaluation_id: int) -> Evaluation:
    try:
        return get_evaluation_for_user(_user(request), evaluation_id)
    except NotFound:
        raise Http404 from None


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: keep it out of shared caches and off the disk of the browser's cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def evaluation_pdf(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = _evaluation(request, evaluation_id)
    document = documents.build_evaluation_document(evaluation, today=timezone.localdate())
    return _download(documents.render_evaluation_pdf(document), PDF, document.filename)


@login_required
@require_GET
def evaluation_record_pdf(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = _evaluation(request, evaluation_id)
    document = documents.build_evaluation_record(evaluation)
    return _download(documents.render_record_pdf(document), PDF, document.filename)


@login_required
@require_GET
def recap_xlsx(request: HttpRequest, calibration_id: int) -> HttpResponse:
    user = _user(request)
    try:
        calibration = get_calibration_for_user(user, calibration_id)
    except NotFound:
        raise Http404 from None
    if not may_calibrate(get_viewer(user), calibration):
        raise Http404
    recap = documents.build_recap(calibration)
    return _download(documents.render_recap_xlsx(recap), XLSX, recap.filename)
