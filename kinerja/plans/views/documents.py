"""The SKP as a PDF (PermenPANRB 6/2022 format), for everyone who may read the plan."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.plans.documents import build_skp_document, render_skp_pdf
from kinerja.plans.selectors.access import get_plan_for_user


@login_required
@require_GET
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    try:
        plan = get_plan_for_user(user, plan_id)
    except NotFound:
        raise Http404 from None
    document = build_skp_document(plan, today=timezone.localdate())
    response = HttpResponse(render_skp_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    # Personal data: keep it out of shared caches and off the disk of the browser's cache.
    response["Cache-Control"] = "private, no-store"
    return response
