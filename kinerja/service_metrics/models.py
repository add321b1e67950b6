"""The service catalogue (jenis layanan and their standards), the service tasks recorded
by front-desk staff, and the metrics computed from them per employee and period."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.core.periods import PeriodKind
from kinerja.organization.models import Employee, OrgUnit
from kinerja.workcalendar.hours import SECONDS_PER_HOUR, StandardUnit

RATE_PLACES = Decimal("0.0001")


class ServiceType(TimeStampedModel):
    """A kind of public service (jenis layanan) with its service standard: the time within
    which the office promises to finish it, in working hours or working days."""

    class Unit(models.TextChoices):
        WORKING_HOURS = StandardUnit.WORKING_HOURS.value, _("working hours")
        WORKING_DAYS = StandardUnit.WORKING_DAYS.value, _("working days")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="service_types",
        verbose_name=_("responsible unit"),
    )
    standard_value = models.DecimalField(
        _("service standard"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    standard_unit = models.CharField(_("time unit"), max_length=10, choices=Unit.choices)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        constraints = [
            models.CheckConstraint(condition=Q(standard_value__gt=0), name="standard_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ServiceTask(models.Model):
    """One request from a citizen handled by one employee, as the front-desk system (or an
    import) reports it. The last four columns are derived in SQL from the working calendar
    whenever the task or the calendar changes; never set them from Python."""

    number = models.CharField(_("number"), max_length=64, unique=True)  # nomor
    # No index of their own: the indexes below begin with them.
    service_type = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("service"),
        db_index=False,
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="service_tasks",
        verbose_name=_("officer"),
        db_index=False,
    )
    received_at = models.DateTimeField(_("received at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    returned_count = models.PositiveIntegerField(_("times returned for correction"), default=0)
    has_complaint = models.BooleanField(_("complaint filed"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    # Derived: the service standard in working seconds when the task was recorded…
    standard_seconds = models.IntegerField(default=0)
    # …and the working-time ordinals of reception and completion (workcalendar.hours),
    # whose difference is the turnaround in working seconds.
    received_ordinal = models.BigIntegerField(null=True)
    completed_ordinal = models.BigIntegerField(null=True)
    # YYYYMM of completion in local time: the month the task counts in; and of reception.
    completed_month = models.IntegerField(null=True)
    received_month = models.IntegerField(null=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("service task")
        verbose_name_plural = _("service tasks")
        # One employee's or one service's tasks of a year, as the near-real-time refresh
        # reads them.
        indexes = [
            models.Index(fields=["employee", "completed_month"], name="task_employee_month"),
            models.Index(fields=["service_type", "completed_month"], name="task_service_month"),
            # Each year's completed tasks by turnaround, per employee and per service, with
            # every column the ranking reads: SQLite, which has no percentile function,
            # finds the medians by walking them in this order (sql.metric_rows_sql).
            *(
                models.Index(
                    F(group),
                    F("completed_month") / 100,
                    F("completed_ordinal") - F("received_ordinal"),
                    "completed_month",
                    "completed_ordinal",
                    "received_ordinal",
                    name=f"task_{prefix}_turnaround",
                )
                for group, prefix in (("employee", "employee"), ("service_type", "service"))
            ),
            models.Index(fields=["employee", "received_at"], name="task_employee_received"),
            models.Index(fields=["service_type", "received_at"], name="task_service_received"),
            models.Index(fields=["received_at"], name="task_received"),
            # The few tasks open across a month end, for the open-and-overdue figures.
            models.Index(
                fields=["received_month"],
                condition=Q(completed_month__isnull=True)
                | Q(completed_month__gt=models.F("received_month")),
                name="task_spanning_months",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(completed_at__gte=models.F("received_at")),
                name="task_completed_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def turnaround_seconds(self) -> int | None:
        if self.completed_ordinal is None or self.received_ordinal is None:
            return None
        return self.completed_ordinal - self.received_ordinal

    @property
    def is_on_time(self) -> bool | None:
        turnaround = self.turnaround_seconds
        return None if turnaround is None else turnaround <= self.standard_seconds

    @property
    def is_first_time_right(self) -> bool:
        return self.returned_count == 0 and not self.has_complaint


class MetricFigures(models.Model):
    """The figures of product.md 4.3 over the tasks completed in one period."""

    period = models.CharField(_("period"), max_length=7)
    period_kind = models.CharField(max_length=8, choices=[(k.value, k.value) for k in PeriodKind])
    tasks_completed = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    first_time_right = models.PositiveIntegerField(default=0)
    # Working seconds; the median of an even count is the mean of the middle two.
    median_turnaround_seconds = models.FloatField(null=True)
    open_overdue = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        abstract = True

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.tasks_completed)

    @property
    def first_time_right_rate(self) -> Decimal | None:
        return rate(self.first_time_right, self.tasks_completed)

    @property
    def late(self) -> int:
        return self.tasks_completed - self.on_time

    @property
    def median_turnaround_hours(self) -> Decimal | None:
        if self.median_turnaround_seconds is None:
            return None
        hours = Decimal(repr(self.median_turnaround_seconds)) / SECONDS_PER_HOUR
        return hours.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


class ServiceMetric(MetricFigures):
    """One employee's figures for one period (month, triwulan or year), refreshed whenever
    their tasks change and by ``kinerja recompute_service_metrics``."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="service_metrics")

    class Meta:
        ordering = ["employee", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period"], name="one_metric_per_employee_period"
            ),
        ]
        indexes = [models.Index(fields=["period", "employee"], name="metric_period_employee")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.period}"


class ServiceTypeMetric(MetricFigures):
    """The office-wide figures of one service for one period."""

    service_type = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="metrics")

    class Meta:
        ordering = ["service_type", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_type", "period"], name="one_metric_per_service_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type_id} {self.period}"


def rate(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a decimal 0–1 with four places (as the export), None for 0/0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
