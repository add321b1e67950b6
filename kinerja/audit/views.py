"""The audit page: the HR admin reads the log, filters it, and checks the chain."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kinerja.audit.forms import AuditFilterForm
from kinerja.audit.messages import EventChanges, describe_break, describe_intact, readable_changes
from kinerja.audit.models import AuditEvent
from kinerja.audit.selectors import (
    audit_events_for_user,
    audit_target_types,
    can_view_audit_log,
    find_audit_chain_break,
)

if TYPE_CHECKING:
    # Only for annotations: the audit log sits below accounts, which records into it.
    from kinerja.accounts.models import User

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class EventRow:
    event: AuditEvent
    changes: EventChanges


@dataclass(frozen=True, slots=True)
class ChainVerification:
    is_intact: bool
    message: str
    broken_seq: int | None = None


def _verify_chain() -> ChainVerification:
    counted, broken = find_audit_chain_break()
    if broken is None:
        return ChainVerification(is_intact=True, message=describe_intact(counted))
    return ChainVerification(is_intact=False, message=describe_break(broken), broken_seq=broken.seq)


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)  # authenticated: guaranteed by login_required
    if not can_view_audit_log(user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, target_types=audit_target_types())
    events = audit_events_for_user(user, form.to_filter())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "rows": [EventRow(event, readable_changes(event.changes)) for event in page],
        "verification": _verify_chain() if request.GET.get("verify") == "1" else None,
        "is_filtered": any(request.GET.get(name) for name in form.fields),
    }
    return render(request, "audit/event_list.html", context)
