"""Bodies of the service-metrics API. Field names follow the import and export formats of
product.md 4.2 and 4.3 (Indonesian column names), not the model's English attributes."""

import re
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from kinerja.core.periods import InvalidPeriod, PeriodSpan, parse_period

# The columns of the service_tasks import format; an API item uses the same names.
TASK_FIELDS = (
    "nomor",
    "layanan_kode",
    "nip_petugas",
    "diterima_pada",
    "selesai_pada",
    "dikembalikan",
    "keluhan",
)
MAX_TASKS_PER_REQUEST = 1000


class ServiceMetricSerializer(serializers.Serializer[Any]):
    """One employee's figures for one period: the export columns of product.md 4.3."""

    nip = serializers.CharField(source="employee.nip", read_only=True)
    nama = serializers.CharField(source="employee.name", read_only=True)
    unit_kode = serializers.CharField(source="employee.unit.code", read_only=True)
    period = serializers.CharField(read_only=True)
    tasks_completed = serializers.IntegerField(read_only=True, min_value=0)
    on_time = serializers.IntegerField(read_only=True, min_value=0)
    on_time_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
        min_value=0,
        max_value=1,
        help_text=_("on_time / tasks_completed; null without tasks."),
    )
    first_time_right_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
        min_value=0,
        max_value=1,
        help_text=_("Share of completed tasks never returned and without complaint."),
    )
    median_turnaround_hours = serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
        min_value=0,
        help_text=_("Median turnaround in working hours; null without tasks."),
    )
    open_overdue = serializers.IntegerField(read_only=True, min_value=0)


@extend_schema_field(
    {"type": "string", "pattern": "^[0-9]{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$", "example": "2026-Q1"}
)
class _PeriodField(serializers.CharField):
    """Checked by parse_period; the pattern only documents the notation."""


class MetricQuerySerializer(serializers.Serializer[Any]):
    period = _PeriodField(
        help_text=_("2026 (year), 2026-Q1 … 2026-Q4 (triwulan) or 2026-01 … 2026-12 (month).")
    )

    def validate_period(self, value: str) -> PeriodSpan:
        try:
            return parse_period(value)
        except InvalidPeriod:
            raise serializers.ValidationError(
                _(
                    "Write the period as a year (2026), a triwulan (2026-Q1 … 2026-Q4) or a "
                    "month (2026-01 … 2026-12)."
                )
            ) from None


class MetricListQuerySerializer(MetricQuerySerializer):
    unit = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Only employees of this unit and the units below it."),
    )


class QueryErrorsSerializer(serializers.Serializer[Any]):
    """DRF's validation errors: a list of messages per query parameter."""

    period = serializers.ListField(child=serializers.CharField(), required=False)
    unit = serializers.ListField(child=serializers.CharField(), required=False)


# What the documentation promises for each item; TaskItemParser below does the checking,
# because per-item errors must carry the item's index.
@extend_schema_field({"type": "string"})
class _TextCell(serializers.CharField):
    pass


@extend_schema_field({"type": "integer", "minimum": 0})
class _CountCell(serializers.IntegerField):
    pass


@extend_schema_field({"type": "integer", "enum": [0, 1]})
class _FlagCell(serializers.IntegerField):
    pass


class ServiceTaskItemSerializer(serializers.Serializer[Any]):
    """One service task, with the column names of the service_tasks import format."""

    nomor = _TextCell(help_text=_("The task's unique number; a known number updates the task."))
    layanan_kode = _TextCell(help_text=_("Code of the service in the catalogue."))
    nip_petugas = _TextCell(help_text=_("NIP of the employee who handled the task."))
    diterima_pada = _TextCell(
        help_text=_("Reception time, ISO 8601; local time Asia/Jakarta when no offset is given.")
    )
    selesai_pada = _TextCell(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=_("Completion time, ISO 8601; blank or null while open."),
    )
    dikembalikan = _CountCell(
        required=False,
        allow_null=True,
        help_text=_("Times the output was returned for correction."),
    )
    keluhan = _FlagCell(
        required=False, allow_null=True, help_text=_("1 if a complaint was filed, else 0.")
    )


class TaskBatchReportSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField(min_value=0)
    updated = serializers.IntegerField(min_value=0)
    unchanged = serializers.IntegerField(min_value=0)


class TaskErrorSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField(
        allow_null=True, help_text=_("Position of the item in the list; null for the whole body.")
    )
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


# A field named "errors" would shadow Serializer.errors; this one only documents the body.
TaskErrorsSerializer = inline_serializer(
    name="TaskErrors", fields={"errors": TaskErrorSerializer(many=True)}
)


class TaskBody:
    """Checks the shape of a POSTed list of service tasks and turns each item into the
    cells of an import row (text, blank when null), so that the API and the file import
    share one validation of the contents. Shape errors are collected per item."""

    def __init__(self, data: object) -> None:
        self.items: list[dict[str, str]] = []
        self.errors: list[dict[str, Any]] = []
        if not isinstance(data, list):
            self._body_error(gettext("Send a JSON list of service tasks."))
        elif not data:
            self._body_error(gettext("The list is empty: send at least one service task."))
        elif len(data) > MAX_TASKS_PER_REQUEST:
            self._body_error(
                gettext("Send at most %(limit)s service tasks per request; this one has %(count)s.")
                % {"limit": MAX_TASKS_PER_REQUEST, "count": len(data)}
            )
        else:
            for index, item in enumerate(data):
                self.items.append(self._cells(index, item))

    def _body_error(self, message: str) -> None:
        self.errors.append({"index": None, "field": None, "message": str(message)})

    def _item_error(self, index: int, field: str | None, message: str) -> None:
        self.errors.append({"index": index, "field": field, "message": str(message)})

    def _cells(self, index: int, item: object) -> dict[str, str]:
        if not isinstance(item, dict):
            self._item_error(index, None, gettext("Each service task must be a JSON object."))
            return {}
        for name in item:
            if name not in TASK_FIELDS:
                self._item_error(index, _displayable(name[:64]), gettext("Unknown field."))
        return {name: self._cell(index, name, item.get(name)) for name in TASK_FIELDS}

    def _cell(self, index: int, name: str, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            if name == "keluhan":
                return "1" if value else "0"
        elif isinstance(value, int):
            return str(value)
        elif isinstance(value, float):
            return str(int(value)) if value.is_integer() else str(value)
        elif isinstance(value, str):
            # PostgreSQL refuses NUL characters, and a lone surrogate cannot be encoded at
            # all (not even into the JSON of an error message quoting the value).
            if "\x00" in value:
                self._item_error(index, name, gettext("Remove the NUL character (\\u0000)."))
                return ""
            if _SURROGATE.search(value):
                self._item_error(index, name, gettext("The text contains an invalid character."))
                return ""
            return value
        self._item_error(index, name, gettext("Expected text, a number or null."))
        return ""


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _displayable(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)
