"""Early-warning alerts (domain.md 9.4): a rule of the criteria in force that an employee's
latest figures trigger, for their appraiser to dismiss with a reason or to turn into a
coaching case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.coaching.models import CoachingCase
from kinerja.criteria.models import EarlyWarningRule
from kinerja.organization.models import Employee


class Alert(models.Model):
    class Status(models.TextChoices):
        OPEN = "BARU", _("New")
        DISMISSED = "DITUTUP", _("Dismissed")
        COACHING = "PEMBINAAN", _("Coaching case opened")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("employee")
    )
    # The appraiser when the alert was raised: the one who acts on it.
    appraiser = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule = models.ForeignKey(EarlyWarningRule, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(_("rule"), max_length=26, choices=EarlyWarningRule.Kind.choices)
    # The condition (monitoring.rules.Hit.key): one alert per employee and condition,
    # however often the checks run.
    key = models.CharField(max_length=80)
    period = models.CharField(_("period"), max_length=7)
    # The periods and figures that triggered it (monitoring.rules.PeriodPoint as dicts).
    evidence = models.JSONField(default=list)
    mean = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    raised_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    dismissal_reason = models.TextField(_("reason for dismissing"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    coaching_case = models.ForeignKey(
        CoachingCase, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )

    class Meta:
        ordering = ["-raised_at", "pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(fields=["employee", "key"], name="one_alert_per_condition"),
        ]
        indexes = [models.Index(fields=["appraiser", "status"], name="alert_appraiser_status")]

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.get_kind_display()} · {self.period}"
