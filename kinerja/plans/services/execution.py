"""Writes of the execution stage (pendokumentasian kinerja, PermenPANRB 6/2022 Pasal 5):
the employee records the realisation of each IKI per period and supports it with
evidence (bukti dukung: an uploaded file or a link, with a description).

Only the plan's owner writes here, and only on the approved plan of the year (the one in
force), for periods of its year that have started. Each function is one transaction with
one audit event. Files go through ``uploads.check_upload`` before anything is stored, are
saved under a generated name through ``evidence_storage()`` (outside the web roots) and
are removed from it once the deletion of their row has committed.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.organization.models import Period
from kinerja.organization.selectors import get_viewer
from kinerja.plans.models import (
    Evidence,
    PerformancePlan,
    Realisation,
    ResultIndicator,
    evidence_storage,
)
from kinerja.plans.selectors.access import is_owner
from kinerja.plans.selectors.execution import has_started, is_realisation_period
from kinerja.plans.uploads import check_upload
from kinerja.plans.workflow import PlanStatus

NARRATIVE_MAX_LENGTH = 5000
DESCRIPTION_MAX_LENGTH = 300
URL_MAX_LENGTH = 500
# More than this on one IKI in one period is a folder, not evidence: link to it instead.
MAX_EVIDENCE_PER_REALISATION = 20
# The realisation column holds 14 digits, 4 of them after the decimal point.
MAX_VALUE = Decimal("9999999999.9999")
VALUE_PLACES = Decimal("0.0001")


class ExecutionRefused(DomainError):  # noqa: N818 - reads as what happened
    """A rule of the execution stage refused the action; ``field`` names the input at
    fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _locked_plan(plan_id: int) -> PerformancePlan:
    """The plan, locked until the transaction ends: a status change (a new revision
    approved) waits for the write in progress, and the other way round."""
    return (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("performance_year")
        .get(pk=plan_id)
    )


def _require_owner_of_plan_in_force(actor: User, plan: PerformancePlan) -> None:
    if not is_owner(get_viewer(actor), plan):
        raise PermissionDenied(
            _("Only the employee whose SKP this is records its realisation and evidence.")
        )
    if plan.status != PlanStatus.APPROVED.value:
        raise ExecutionRefused(
            _(
                "Realisation and evidence are recorded on the approved SKP in force; this"
                " one is %(status)s."
            )
            % {"status": plan.get_status_display().lower()}
        )


def _checked_value(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0:
        raise ExecutionRefused(_("The realisation must be a number of 0 or more."), field="value")
    if value > MAX_VALUE:
        raise ExecutionRefused(_("The realisation is too large."), field="value")
    return value.quantize(VALUE_PLACES)


def _check_realisation_content(
    plan: PerformancePlan, indicator: ResultIndicator, value: Decimal | None, narrative: str
) -> None:
    """A quantitative IKI with a numeric target is realised as a number (the narrative
    may explain it); a qualitative SKP, or an IKI whose target is only described, as a
    narrative of what was achieved (6/2022, pendekatan kuantitatif / kualitatif)."""
    if len(narrative) > NARRATIVE_MAX_LENGTH:
        raise ExecutionRefused(
            _("Keep the description to %(max)s characters.") % {"max": NARRATIVE_MAX_LENGTH},
            field="narrative",
        )
    if plan.approach == PerformancePlan.Approach.QUALITATIVE:
        if value is not None:
            raise ExecutionRefused(
                _("A qualitative SKP records what was achieved in words, not as a number."),
                field="value",
            )
        if not narrative:
            raise ExecutionRefused(_("Describe what was achieved."), field="narrative")
        return
    if indicator.target_min is not None and value is None:
        raise ExecutionRefused(
            _("Enter the realisation as a number, in the IKI's unit."), field="value"
        )
    if indicator.target_min is None and value is None and not narrative:
        raise ExecutionRefused(_("Describe what was achieved."), field="narrative")


def save_realisation(
    *,
    actor: User,
    indicator: ResultIndicator,
    period: Period,
    value: Decimal | None,
    narrative: str,
) -> Realisation:
    """Record (or correct) the realisation of ``indicator`` in ``period``.

    The plan's owner, on the approved plan, for a month (or triwulan, as the year's
    periodic evaluation runs) of the plan's year that has started.
    """
    narrative = narrative.strip()
    value = _checked_value(value)
    with transaction.atomic():
        plan = _locked_plan(indicator.work_result.plan_id)
        _require_owner_of_plan_in_force(actor, plan)
        if not is_realisation_period(plan, period):
            raise ExecutionRefused(
                _("Realisation of this SKP is recorded per period of %(year)s.")
                % {"year": plan.performance_year.year},
                field="period",
            )
        if not has_started(period, today=timezone.localdate()):
            raise ExecutionRefused(
                _("Period %(period)s has not started yet.") % {"period": period.code},
                field="period",
            )
        _check_realisation_content(plan, indicator, value, narrative)
        realisation = (
            Realisation.objects.select_for_update()
            .filter(indicator=indicator, period=period)
            .first()
        )
        before = (
            {"value": realisation.value, "narrative": realisation.narrative} if realisation else {}
        )
        is_new = realisation is None
        if realisation is None:
            realisation = Realisation(indicator=indicator, period=period)
        realisation.value = value
        realisation.narrative = narrative
        realisation.updated_by = actor
        changes = changed_fields(before, {"value": value, "narrative": narrative})
        if not is_new and not changes:
            return realisation
        realisation.save()
        record_event(
            actor=actor,
            action=AuditAction.REALISATION_SAVED,
            target=realisation,
            target_label=f"{period.code}: {indicator.text[:200]}",
            changes={"plan": plan.pk, "period": period.code, **changes},
        )
    return realisation


def _checked_link(url: str) -> str:
    url = url.strip()
    if len(url) > URL_MAX_LENGTH:
        raise ExecutionRefused(
            _("The link can be at most %(max)s characters long.") % {"max": URL_MAX_LENGTH},
            field="url",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ExecutionRefused(
            _("Enter a full web address starting with https:// (or http://)."), field="url"
        ) from None
    return url


def _check_description(description: str) -> str:
    description = description.strip()
    if not description:
        raise ExecutionRefused(
            _("Say what this evidence shows, for example “Minutes of the March meeting”."),
            field="description",
        )
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ExecutionRefused(
            _("Keep the description to %(max)s characters.") % {"max": DESCRIPTION_MAX_LENGTH},
            field="description",
        )
    return description


def add_evidence(
    *,
    actor: User,
    realisation: Realisation,
    description: str,
    upload: File[bytes] | None = None,
    url: str = "",
) -> Evidence:
    """Attach evidence to a realisation: exactly one of an uploaded file or a link.

    The file is checked (size, type by content, name) before anything is stored, then
    saved under a generated name; if recording the row fails afterwards, the file is
    removed again.
    """
    description = _check_description(description)
    has_link = bool(url.strip())
    if (upload is None) == (not has_link):
        raise ExecutionRefused(
            _("Attach either a file or a link, not both.")
            if has_link
            else _("Attach a file or give a link."),
            field=None,
        )
    link = _checked_link(url) if has_link else ""
    plan = realisation.indicator.work_result.plan
    # The cheap checks first, so that a refused actor never gets a file stored.
    _require_owner_of_plan_in_force(actor, plan)
    checked = None
    if upload is not None:
        checked = check_upload(
            upload, name=upload.name or "", max_bytes=settings.KINERJA_EVIDENCE_MAX_BYTES
        )
    storage = evidence_storage()
    stored_name = ""
    try:
        if checked is not None and upload is not None:
            upload.seek(0)
            stored_name = storage.save(checked.stored_name(), upload)
        with transaction.atomic():
            locked = _locked_plan(plan.pk)
            _require_owner_of_plan_in_force(actor, locked)
            if realisation.evidence.count() >= MAX_EVIDENCE_PER_REALISATION:
                raise ExecutionRefused(
                    _(
                        "This realisation already has %(max)s pieces of evidence. Put further"
                        " documents in one shared folder and add its link."
                    )
                    % {"max": MAX_EVIDENCE_PER_REALISATION}
                )
            evidence = Evidence.objects.create(
                realisation=realisation,
                description=description,
                file=stored_name,
                original_name=checked.display_name if checked else "",
                content_type=checked.content_type if checked else "",
                size=checked.size if checked else 0,
                url=link,
                uploaded_by=actor,
            )
            record_event(
                actor=actor,
                action=AuditAction.EVIDENCE_ADDED,
                target=evidence,
                changes={
                    "plan": plan.pk,
                    "realisation": realisation.pk,
                    "period": realisation.period.code,
                    "description": description,
                    "file": stored_name,
                    "original_name": evidence.original_name,
                    "content_type": evidence.content_type,
                    "size": evidence.size,
                    "url": link,
                },
            )
    except BaseException:
        if stored_name:
            storage.delete(stored_name)
        raise
    return evidence


def delete_evidence(*, actor: User, evidence: Evidence) -> None:
    """Remove a piece of evidence. Its file leaves the storage once the deletion has
    committed, so a rolled-back deletion never loses the file."""
    plan = evidence.realisation.indicator.work_result.plan
    with transaction.atomic():
        locked = _locked_plan(plan.pk)
        _require_owner_of_plan_in_force(actor, locked)
        stored_name = evidence.file.name or ""
        record_event(
            actor=actor,
            action=AuditAction.EVIDENCE_DELETED,
            target=evidence,
            changes={
                "plan": plan.pk,
                "realisation": evidence.realisation_id,
                "description": evidence.description,
                "file": stored_name,
                "original_name": evidence.original_name,
                "url": evidence.url,
            },
        )
        Evidence.objects.filter(pk=evidence.pk).delete()
        if stored_name:
            storage = evidence_storage()
            transaction.on_commit(lambda: storage.delete(stored_name))
