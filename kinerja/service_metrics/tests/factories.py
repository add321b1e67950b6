"""Service types and tasks for tests. Tasks go through the real ingest path (staging,
upsert, derived columns, figure refresh), so the figures a test reads are the ones the
application would compute."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import factory
from django.db import transaction
from django.utils import timezone
from factory.django import DjangoModelFactory

from kinerja.organization.models import Employee
from kinerja.organization.tests.factories import OrgUnitFactory
from kinerja.service_metrics.ingest import BatchCounts, TaskBatch
from kinerja.service_metrics.models import ServiceType


class ServiceTypeFactory(DjangoModelFactory[ServiceType]):
    class Meta:
        model = ServiceType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LAY{n:03d}")
    name = factory.Sequence(lambda n: f"Layanan {n}")
    unit = factory.SubFactory(OrgUnitFactory)
    standard_value = Decimal("4")
    standard_unit = ServiceType.Unit.WORKING_HOURS


def task(
    number: str,
    service: ServiceType,
    employee: Employee,
    received: str,
    completed: str | None = None,
    *,
    returned: int = 0,
    complaint: bool = False,
) -> dict[str, Any]:
    """One task in the import's column names (times as ISO text, local when naive)."""
    return {
        "nomor": number,
        "layanan_kode": service.code,
        "nip_petugas": employee.nip,
        "diterima_pada": received,
        "selesai_pada": completed or "",
        "dikembalikan": str(returned),
        "keluhan": "1" if complaint else "0",
    }


def ingest(items: Sequence[dict[str, Any]], *, as_of: datetime | None = None) -> BatchCounts:
    """Record ``items`` as the API and the import do, without the permission check."""
    with transaction.atomic():
        batch = TaskBatch()
        try:
            batch.stage(
                (index, {k: str(v) for k, v in item.items()}) for index, item in enumerate(items)
            )
            problems = batch.problems or batch.duplicate_problems()
            assert not problems, problems
            return batch.apply(as_of=as_of or timezone.now())
        finally:
            batch.close()
