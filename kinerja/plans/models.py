"""Performance plans (SKP, PermenPANRB 6/2022) and their execution.

- ``PerformancePlan``: one revision of an employee's SKP for a performance year, with its
  approach, appraiser and status (``workflow.PlanStatus``). A change during the year is a
  new revision (``supersedes`` → the approved one, ``revision_reason``); the old revision
  stays, marked superseded once the new one is approved.
- ``WorkResult`` (RHK, Rencana Hasil Kerja), utama or tambahan; for non-JPT each names the
  leader's RHK it intervenes in (``intervenes``, an RHK of the appraiser's approved SKP).
- ``ResultIndicator`` (IKI, Indikator Kinerja Individu) with its target: a single value or
  a range, its unit, aspect and direction.
- ``BehaviourExpectation``: the seven BerAKHLAK values, each with the ekspektasi khusus
  pimpinan written by the appraiser. ``PlanAttachment``: the lampiran SKP.
- ``Realisation`` per IKI and period, with ``Evidence`` (bukti dukung: a file or a link).
- ``Feedback`` from the appraiser per RHK or BerAKHLAK value at any time, and the
  employee's ``FeedbackReply``.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import Employee, PerformanceYear, Period
from kinerja.plans.workflow import PlanStatus

BEHAVIOUR_CHOICES = [(value.code, value.name) for value in CORE_VALUES]


def evidence_storage() -> FileSystemStorage:
    """Uploaded evidence lives outside the static and media roots
    (``KINERJA_EVIDENCE_DIR``); it is only ever served by a view that checks access."""
    return FileSystemStorage(location=settings.KINERJA_EVIDENCE_DIR, base_url=None)


class PerformancePlan(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = PlanStatus.DRAFT.value, _("Draft")
        SUBMITTED = PlanStatus.SUBMITTED.value, _("Submitted")
        RETURNED = PlanStatus.RETURNED.value, _("Returned")
        APPROVED = PlanStatus.APPROVED.value, _("Approved")
        SUPERSEDED = PlanStatus.SUPERSEDED.value, _("Superseded")

    class Approach(models.TextChoices):
        QUANTITATIVE = "KUANTITATIF", _("Quantitative")
        QUALITATIVE = "KUALITATIF", _("Qualitative")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="plans", verbose_name=_("employee")
    )
    performance_year = models.ForeignKey(
        PerformanceYear,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("performance year"),
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("revises"),
    )
    revision_reason = models.TextField(_("reason for the revision"), blank=True)
    approach = models.CharField(
        _("approach"), max_length=12, choices=Approach.choices, default=Approach.QUANTITATIVE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    appraiser = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraised_plans",
        verbose_name=_("appraiser (pejabat penilai)"),
    )
    # Who the employee and the appraiser were when the plan was submitted, as the SKP
    # document prints them; later moves do not rewrite an approved plan.
    employee_snapshot = models.JSONField(default=dict, blank=True)
    appraiser_snapshot = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-performance_year__year", "employee__name", "-revision"]
        verbose_name = _("performance plan (SKP)")
        verbose_name_plural = _("performance plans (SKP)")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "performance_year", "revision"], name="plan_revision_unique"
            ),
            # One plan in force per employee and year.
            models.UniqueConstraint(
                fields=["employee", "performance_year"],
                condition=Q(status=PlanStatus.APPROVED.value),
                name="plan_one_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.performance_year_id} — {self.employee} (rev. {self.revision})"


class WorkResult(models.Model):
    """An RHK (Rencana Hasil Kerja)."""

    class Kind(models.TextChoices):
        MAIN = "UTAMA", _("Main (utama)")
        ADDITIONAL = "TAMBAHAN", _("Additional (tambahan)")

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.MAIN)
    text = models.TextField(_("planned work result (RHK)"))
    intervenes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("leader's RHK it intervenes in"),
    )
    # For JPT and unit heads, whose RHK come from the Perjanjian Kinerja or a directive.
    assigned_by = models.CharField(_("assigned by (penugasan dari)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # Utama before tambahan, as the SKP lists them ("UTAMA" sorts after "TAMBAHAN").
        ordering = ["plan", "-kind", "order", "pk"]
        verbose_name = _("work result (RHK)")
        verbose_name_plural = _("work results (RHK)")

    def __str__(self) -> str:
        return self.text[:80]


class ResultIndicator(models.Model):
    """An IKI (Indikator Kinerja Individu) of an RHK, with its target."""

    class Aspect(models.TextChoices):
        QUANTITY = "KUANTITAS", _("Quantity")
        QUALITY = "KUALITAS", _("Quality")
        TIME = "WAKTU", _("Time")
        COST = "BIAYA", _("Cost")

    work_result = models.ForeignKey(WorkResult, on_delete=models.CASCADE, related_name="indicators")
    text = models.TextField(_("indicator (IKI)"))
    aspect = models.CharField(_("aspect"), max_length=10, choices=Aspect.choices, blank=True)
    # Quantitative: a number or a range min–max in ``unit``. Qualitative: ``target_text``.
    target_min = models.DecimalField(
        _("target (or lower bound)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_max = models.DecimalField(
        _("upper bound of a range"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_text = models.TextField(_("target, described"), blank=True)
    unit = models.CharField(_("unit of measure"), max_length=60, blank=True)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["work_result", "order", "pk"]
        verbose_name = _("indicator (IKI)")
        verbose_name_plural = _("indicators (IKI)")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_max__isnull=True)
                | Q(target_min__isnull=False, target_max__gte=models.F("target_min")),
                name="iki_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class BehaviourExpectation(models.Model):
    """A BerAKHLAK value on the SKP with the appraiser's ekspektasi khusus pimpinan."""

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="behaviours")
    value = models.CharField(_("core value"), max_length=24, choices=BEHAVIOUR_CHOICES)
    special_expectation = models.TextField(_("leader's specific expectation"), blank=True)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "value"], name="plan_behaviour_unique"),
        ]
        verbose_name = _("behaviour expectation")
        verbose_name_plural = _("behaviour expectations")

    def __str__(self) -> str:
        return self.get_value_display()


class PlanAttachment(models.Model):
    """One line of the lampiran SKP."""

    class Kind(models.TextChoices):
        RESOURCES = "DUKUNGAN_SUMBER_DAYA", _("Resource support")
        ACCOUNTABILITY = "SKEMA_PERTANGGUNGJAWABAN", _("Accountability scheme")
        CONSEQUENCES = "KONSEKUENSI", _("Consequences")

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("part"), max_length=26, choices=Kind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "kind", "order", "pk"]
        verbose_name = _("SKP attachment line")
        verbose_name_plural = _("SKP attachment lines")

    def __str__(self) -> str:
        return self.text[:80]


class Realisation(models.Model):
    """What the employee achieved on an IKI in a period, as they report it."""

    indicator = models.ForeignKey(
        ResultIndicator, on_delete=models.CASCADE, related_name="realisations"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(
        _("realisation"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    narrative = models.TextField(_("what was achieved"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period__starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="one_realisation_per_period"
            ),
        ]
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")

    def __str__(self) -> str:
        return f"{self.indicator_id} @ {self.period_id}"


class Evidence(models.Model):
    """Bukti dukung of a realisation: an uploaded file (stored outside the web roots) or
    a link, with a description."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(_("description"), max_length=300)
    file = models.FileField(_("file"), storage=evidence_storage, blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(_("link"), blank=True, max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["realisation", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_file_or_link",
            ),
        ]
        verbose_name = _("evidence (bukti dukung)")
        verbose_name_plural = _("evidence (bukti dukung)")

    def __str__(self) -> str:
        return self.description


class Feedback(models.Model):
    """Continuous feedback (umpan balik berkelanjutan) from the appraiser on an RHK or a
    BerAKHLAK value, at any time of the year."""

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="feedback")
    work_result = models.ForeignKey(
        WorkResult, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    behaviour_value = models.CharField(max_length=24, choices=BEHAVIOUR_CHOICES, blank=True)
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(work_result__isnull=False) & Q(behaviour_value=""))
                | (Q(work_result__isnull=True) & ~Q(behaviour_value="")),
                name="feedback_on_one_thing",
            ),
        ]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return self.text[:60]


class FeedbackReply(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reply"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply to feedback")
        verbose_name_plural = _("replies to feedback")

    def __str__(self) -> str:
        return self.text[:60]
