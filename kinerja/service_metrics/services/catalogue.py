"""Writes on the service catalogue: creating and changing a service type and its standard.

A changed standard applies to tasks recorded from then on: each task keeps the standard
in working seconds it was recorded with (``ServiceTask.standard_seconds``), so last
month's figures do not move when this month's standard changes.
"""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.organization.models import OrgUnit
from kinerja.service_metrics.models import ServiceType
from kinerja.service_metrics.selectors.access import can_manage_catalogue

SERVICE_TYPE_FIELDS = ("code", "name", "unit_id", "standard_value", "standard_unit", "is_active")


class ServiceTypeRefused(DomainError):  # noqa: N818 - reads as what happened
    """A catalogue rule refused the change; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _snapshot(service_type: ServiceType) -> dict[str, Any]:
    return {name: getattr(service_type, name) for name in SERVICE_TYPE_FIELDS}


def _check(service_type: ServiceType, *, old_code: str | None) -> None:
    if not service_type.code:
        raise ServiceTypeRefused(_("A service needs a code."), field="code")
    if not service_type.name:
        raise ServiceTypeRefused(_("A service needs a name."), field="name")
    if service_type.standard_value <= 0:
        raise ServiceTypeRefused(
            _("The service standard must be more than zero."), field="standard_value"
        )
    if service_type.standard_unit not in ServiceType.Unit.values:
        raise ServiceTypeRefused(_("Choose working hours or working days."), field="standard_unit")
    clash = ServiceType.objects.filter(code=service_type.code).exclude(pk=service_type.pk)
    if clash.exists():
        raise ServiceTypeRefused(
            _("Another service already has the code %(code)s; codes must be unique.")
            % {"code": service_type.code},
            field="code",
        )
    if old_code is not None and old_code != service_type.code and service_type.tasks.exists():
        raise ServiceTypeRefused(
            _(
                "The code of %(name)s cannot change: tasks have already been recorded under"
                " %(code)s."
            )
            % {"name": service_type.name, "code": old_code},
            field="code",
        )


def save_service_type(
    *,
    actor: User,
    service_type: ServiceType | None = None,
    code: str,
    name: str,
    unit: OrgUnit,
    standard_value: Decimal,
    standard_unit: str,
    is_active: bool,
) -> ServiceType:
    """Create a service type (``service_type`` None) or change one, with one audit event.

    Only the HR admin keeps the catalogue (PermissionDenied otherwise). Codes are unique
    and fixed once tasks exist (ServiceTypeRefused, a DomainError naming the field).
    A change that changes nothing records nothing.
    """
    if not can_manage_catalogue(actor):
        raise PermissionDenied(_("Only the HR admin may change the service catalogue."))
    with transaction.atomic():
        if service_type is None:
            target = ServiceType()
            before: dict[str, Any] = {}
            old_code = None
        else:
            # Locked, so two admins saving at once apply one after the other.
            target = ServiceType.objects.select_for_update().get(pk=service_type.pk)
            before = _snapshot(target)
            old_code = target.code
        target.code = code.strip()
        target.name = name.strip()
        target.unit = unit
        target.standard_value = standard_value
        target.standard_unit = standard_unit
        target.is_active = is_active
        _check(target, old_code=old_code)
        changes = changed_fields(before, _snapshot(target))
        if service_type is not None and not changes:
            return target
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError as error:
            # Another admin took the code between the check and the save.
            raise ServiceTypeRefused(
                _("Another service already has the code %(code)s; codes must be unique.")
                % {"code": target.code},
                field="code",
            ) from error
        record_event(
            actor=actor,
            action=(
                AuditAction.SERVICE_TYPE_CREATED
                if service_type is None
                else AuditAction.SERVICE_TYPE_UPDATED
            ),
            target=target,
            changes=changes,
        )
    return target
