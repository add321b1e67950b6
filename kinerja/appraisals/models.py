"""The appraisal stage (PermenPANRB 6/2022 Pasal 5 and Lampiran; SE MenPANRB 3/2023;
PP 30/2019 Pasal 41 and 59).

- A :class:`Calibration` is one unit's organisation predicate for a period, set by the
  leader one level above, and the calibration of the predicates of the employees under
  it against the distribution pattern that predicate allows.
- An :class:`Evaluation` is one employee's periodic or annual evaluation: the results
  score computed from the criteria version (kept with it), the appraiser's rating of each
  RHK and each BerAKHLAK value, the two ratings, the matrix predicate and the final one.
- An :class:`Objection` is the employee's keberatan against a delivered evaluation, the
  appraiser's explanation and the superior's final decision.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.core.models import TimeStampedModel
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.organization.models import Employee, OrgUnit, Period
from kinerja.plans.models import BEHAVIOUR_CHOICES, PerformancePlan, WorkResult


class RatingChoice(models.TextChoices):
    """``scoring.Rating`` for forms and columns (the stored values are the same)."""

    DI_ATAS_EKSPEKTASI = "DI_ATAS_EKSPEKTASI", _("Above expectation")
    SESUAI_EKSPEKTASI = "SESUAI_EKSPEKTASI", _("As expected")
    DI_BAWAH_EKSPEKTASI = "DI_BAWAH_EKSPEKTASI", _("Below expectation")


class PredicateChoice(models.TextChoices):
    """``scoring.Predicate``: the employee's predicate (predikat kinerja pegawai)."""

    SANGAT_BAIK = "SANGAT_BAIK", _("Very good (Sangat Baik)")
    BAIK = "BAIK", _("Good (Baik)")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Needs improvement (Butuh Perbaikan)")
    KURANG = "KURANG", _("Poor / misconduct (Kurang)")
    SANGAT_KURANG = "SANGAT_KURANG", _("Very poor (Sangat Kurang)")


class OrgPredicateChoice(models.TextChoices):
    """``scoring.OrgPredicate``: the organisation's predicate (predikat kinerja organisasi)."""

    ISTIMEWA = "ISTIMEWA", _("Outstanding (Istimewa)")
    BAIK = "BAIK", _("Good (Baik)")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Needs improvement (Butuh Perbaikan)")
    KURANG = "KURANG", _("Poor (Kurang)")
    SANGAT_KURANG = "SANGAT_KURANG", _("Very poor (Sangat Kurang)")


class Calibration(TimeStampedModel):
    """A unit's organisation predicate for a period and the calibration of its employees'
    predicates (SE MenPANRB 3/2023: organisation achievement → distribution pattern →
    employee predicates).

    The population of the curve is every evaluation of the period whose employee works in
    the unit or below it, except those that belong to a calibration further down and the
    unit's own head, who is rated in the calibration above (domain.md 5.4).
    """

    class Status(models.TextChoices):
        OPEN = "TERBUKA", _("Open")
        FINAL = "FINAL", _("Finalised")

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="calibrations", verbose_name=_("unit")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="calibrations", verbose_name=_("period")
    )
    org_predicate = models.CharField(
        _("organisation predicate"), max_length=16, choices=OrgPredicateChoice.choices
    )
    org_predicate_note = models.TextField(_("basis for the organisation predicate"))
    org_predicate_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    org_predicate_set_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    # Set when the leader finalised with the pattern still violated.
    justification = models.TextField(_("justification for deviating from the pattern"), blank=True)
    violations_at_finalisation = models.JSONField(default=list, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period__starts_on", "unit__path"]
        verbose_name = _("calibration")
        verbose_name_plural = _("calibrations")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="calibration_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.period_id}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class Evaluation(TimeStampedModel):
    """One employee's evaluation for a period (evaluasi kinerja periodik or tahunan).

    ``computation`` keeps every line the results score was computed from (indicator,
    curve, weight, measured value and where it came from) together with the criteria
    version, so that the result never changes when the criteria change afterwards, and
    the same inputs recompute to the same figures.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("employee")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("period")
    )
    plan = models.ForeignKey(
        PerformancePlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("SKP"),
    )
    # The reporting line and place when the evaluation was opened: later moves do not
    # rewrite who rated whom.
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    appraiser = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appraiser_superior = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The unit this employee heads, if any: their results rating follows that unit's
    # organisation predicate (SE MenPANRB 3/2023).
    heads_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    employee_snapshot = models.JSONField(default=dict, blank=True)
    appraiser_snapshot = models.JSONField(default=dict, blank=True)
    superior_snapshot = models.JSONField(default=dict, blank=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[(status.value, status.value) for status in EvaluationStatus],
        default=EvaluationStatus.DRAFT.value,
    )
    # Optimistic locking: every save checks and bumps it, so that two people saving the
    # same evaluation never overwrite each other unknowingly.
    revision = models.PositiveIntegerField(default=1)

    criteria_version = models.ForeignKey(
        CriteriaVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("criteria version"),
    )
    computation = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    results_score = models.DecimalField(
        _("results score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    suggested_results_rating = models.CharField(
        max_length=20, choices=RatingChoice.choices, blank=True
    )
    suggested_behaviour_rating = models.CharField(
        max_length=20, choices=RatingChoice.choices, blank=True
    )
    results_rating = models.CharField(
        _("results rating"), max_length=20, choices=RatingChoice.choices, blank=True
    )
    results_rating_reason = models.TextField(
        _("reason for departing from the suggestion"), blank=True
    )
    behaviour_rating = models.CharField(
        _("behaviour rating"), max_length=20, choices=RatingChoice.choices, blank=True
    )
    behaviour_rating_reason = models.TextField(
        _("reason for departing from the suggestion"), blank=True
    )
    # PP 30/2019 numeric method, when the criteria version uses it.
    numeric_score = models.DecimalField(
        _("final score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    matrix_predicate = models.CharField(
        _("predicate from the matrix"), max_length=16, choices=PredicateChoice.choices, blank=True
    )
    final_predicate = models.CharField(
        _("final predicate"), max_length=16, choices=PredicateChoice.choices, blank=True
    )
    final_predicate_reason = models.TextField(_("reason for departing from the matrix"), blank=True)
    notes = models.TextField(_("notes and recommendations"), blank=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    calibration = models.ForeignKey(
        Calibration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    objection_deadline = models.DateField(_("objection deadline"), null=True, blank=True)
    # The employee's sign-off: they confirmed they received the result (6/2022 Dokumen
    # Evaluasi Kinerja Pegawai, item 10: date and signature of the employee evaluated).
    received_at = models.DateTimeField(_("received by the employee at"), null=True, blank=True)

    class Meta:
        ordering = ["period__starts_on", "employee__name"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period"], name="evaluation_employee_period"
            ),
        ]
        indexes = [models.Index(fields=["period", "status"], name="evaluation_period_status")]

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.period_id}"

    @property
    def predicate(self) -> str:
        """The predicate in force: the final one once set, the matrix one before."""
        return self.final_predicate or self.matrix_predicate


class ResultRating(models.Model):
    """The appraiser's judgement of one RHK of the SKP in the evaluation (PermenPANRB
    6/2022, evaluasi kinerja: hasil kerja table, per row)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="result_ratings"
    )
    # The RHK may later be revised away; its text and kind are kept.
    work_result = models.ForeignKey(
        WorkResult, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=WorkResult.Kind.choices)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    rating = models.CharField(_("rating"), max_length=20, choices=RatingChoice.choices, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["evaluation", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_main(self) -> bool:
        return self.kind == WorkResult.Kind.MAIN


class BehaviourRating(models.Model):
    """The appraiser's judgement of one BerAKHLAK core value in the evaluation."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="behaviour_ratings"
    )
    value = models.CharField(_("core value"), max_length=24, choices=BEHAVIOUR_CHOICES)
    order = models.PositiveSmallIntegerField(default=0)
    rating = models.CharField(_("rating"), max_length=20, choices=RatingChoice.choices, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["evaluation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "value"], name="behaviour_rating_once"),
        ]

    def __str__(self) -> str:
        return self.value


class RubricScore(models.Model):
    """The appraiser's level on an indicator measured by a supervisor rubric."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="rubric_scores"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="rubric_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.level}"


class Objection(models.Model):
    """The employee's objection (keberatan) to a delivered evaluation, PP 30/2019 Pasal 59:
    lodged with reasons within the deadline, explained by the appraiser, decided by the
    appraiser's superior, whose decision is final."""

    class Decision(models.TextChoices):
        UPHELD = "DIKUATKAN", _("Result upheld")
        CHANGED = "DIUBAH", _("Result changed")

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="objection"
    )
    reasons = models.TextField(_("reasons for the objection"))
    filed_at = models.DateTimeField()
    appraiser_explanation = models.TextField(_("appraiser's explanation"), blank=True)
    explained_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    # What the evaluation said before a changed decision, for the record.
    previous = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.evaluation_id}"
