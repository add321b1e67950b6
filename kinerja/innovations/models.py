"""The innovation ledger: what employees changed for the better, how the panel scored it,
and the credit it earned them.

- ``Innovation``: one submission by an employee, alone or with colleagues of the same
  organisation (``members`` always holds the submitter too), for the performance year in
  which it was submitted; its status follows ``rules.InnovationStatus``.
- ``Review``: one reviewer's independent scores on the rubric of the criteria version
  in force (``ReviewScore`` per rubric criterion). Final once submitted.
- ``InnovationCredit``: the points a verified innovation earned one member (capped per
  year by the criteria version), and the tambahan RHK it became in that member's SKP —
  or none yet, while the member has no SKP for the year.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.criteria.models import CriteriaVersion, InnovationRubricCriterion
from kinerja.innovations.rules import InnovationStatus
from kinerja.organization.models import Employee, OrgUnit, PerformanceYear
from kinerja.plans.models import WorkResult


class Innovation(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = InnovationStatus.SUBMITTED.value, _("Submitted")
        IN_REVIEW = InnovationStatus.IN_REVIEW.value, _("In review")
        VERIFIED = InnovationStatus.VERIFIED.value, _("Verified")
        REJECTED = InnovationStatus.REJECTED.value, _("Rejected")

    organization = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="innovations",
        verbose_name=_("organisation"),
    )
    performance_year = models.ForeignKey(
        PerformanceYear,
        on_delete=models.PROTECT,
        related_name="innovations",
        verbose_name=_("performance year"),
    )
    submitted_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="submitted_innovations",
        verbose_name=_("submitted by"),
    )
    members = models.ManyToManyField(
        Employee, related_name="innovations", verbose_name=_("team members")
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    change = models.TextField(_("what changed"))
    since = models.DateField(_("in use since"))
    evidence = models.TextField(_("evidence"))
    evidence_url = models.URLField(_("link to the evidence"), max_length=500, blank=True)
    effect = models.TextField(_("measured effect"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    # Appointed by the evaluation team for this innovation; when there are any, they are
    # its panel instead of the whole team.
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="innovations_to_review",
        verbose_name=_("appointed reviewers"),
    )
    # The criteria version whose rubric the reviews use: the one in force when the first
    # review arrived, so that every review of the innovation is on the same rubric.
    criteria_version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    panel_score = models.DecimalField(
        _("panel score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        indexes = [models.Index(fields=["organization", "status", "decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["DIAJUKAN", "DINILAI"])
                | (Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="innovation_decided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def badge_class(self) -> str:
        """The CSS classes of the status badge: verified stands out, rejected warns."""
        return {
            InnovationStatus.IN_REVIEW.value: "badge badge-open",
            InnovationStatus.VERIFIED.value: "badge badge-ok",
            InnovationStatus.REJECTED.value: "badge badge-warn",
        }.get(self.status, "badge")

    @property
    def is_undecided(self) -> bool:
        return self.status in {self.Status.SUBMITTED, self.Status.IN_REVIEW}


class Review(models.Model):
    """One reviewer's scores and comment. Other reviewers see it only once they have
    submitted their own (``selectors.access_of``)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="innovation_reviews"
    )
    criteria_version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"))
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["innovation", "submitted_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["innovation", "reviewer"], name="one_review_each"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="review_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.innovation_id}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        InnovationRubricCriterion, on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        ordering = ["review", "criterion__order", "pk"]
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class InnovationCredit(models.Model):
    """What a verified innovation earned one member: ``points`` after the yearly cap
    (``uncapped_points`` before it) and the tambahan RHK it became in their SKP, or null
    while the member has no SKP for the year (or the RHK was removed from a draft)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="credits")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="innovation_credits"
    )
    points = models.DecimalField(_("credit points"), max_digits=5, decimal_places=2)
    uncapped_points = models.DecimalField(
        _("credit points before the cap"), max_digits=5, decimal_places=2
    )
    work_result = models.ForeignKey(
        WorkResult,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tambahan RHK"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["innovation", "employee__name"]
        verbose_name = _("innovation credit")
        verbose_name_plural = _("innovation credits")
        constraints = [
            models.UniqueConstraint(fields=["innovation", "employee"], name="one_credit_each"),
            models.CheckConstraint(
                condition=Q(points__gte=Decimal(0)) & Q(points__lte=models.F("uncapped_points")),
                name="credit_within_uncapped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} +{self.points} ({self.innovation_id})"
