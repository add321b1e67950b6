"""The criteria rulebook: versions per performance year, their indicators and rubric
levels, the consultation rounds that shape them (proposals, comments, votes, decisions),
and the socialisation of a published version (acknowledgements and questions).

A version is editable only while it is a draft or in consultation
(``rules.is_editable``). The services enforce this with clear messages; the models
enforce it too, so that a published version cannot change even through a direct
``save()`` or ``delete()`` (the tests prove both).
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.exceptions import DomainError
from kinerja.core.models import TimeStampedModel
from kinerja.criteria.rules import RESULTS_ASPECT_VALUES, Stage, is_editable
from kinerja.organization.models import Employee, OrgUnit, Position


class VersionLocked(DomainError):  # noqa: N818 - reads as what happened
    """The version's content can no longer change (adopted, published or retired)."""


class CriteriaVersion(TimeStampedModel):
    """One edition of an organisation's criteria for a performance year."""

    class Status(models.TextChoices):
        DRAFT = Stage.DRAFT.value, _("Draft")
        CONSULTATION = Stage.CONSULTATION.value, _("In consultation")
        ADOPTED = Stage.ADOPTED.value, _("Adopted")
        PUBLISHED = Stage.PUBLISHED.value, _("Published")
        RETIRED = Stage.RETIRED.value, _("Retired")

    class RatingMethod(models.TextChoices):
        MATRIX = "MATRIKS_6_2022", _("Rating matrix (PermenPANRB 6/2022)")
        NUMERIC = "NUMERIK_PP_30_2019", _("Numeric score (PP 30/2019)")

    organization = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="criteria_versions",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(
        _("performance year"), validators=[MinValueValidator(2000), MaxValueValidator(2099)]
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(
        _("what changed and why"),
        blank=True,
        help_text=_("Explain the changes against the version this one was copied from."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("copied from"),
    )
    rating_method = models.CharField(
        _("rating method"), max_length=20, choices=RatingMethod.choices, default=RatingMethod.MATRIX
    )
    # PP 30/2019 Pasal 41: SKP 70 % and behaviour 30 %, or 60/40 where 360-degree
    # behaviour appraisal is used. Only read with the numeric method.
    numeric_results_weight = models.PositiveSmallIntegerField(
        _("weight of results in the numeric method (%)"),
        default=70,
        choices=[(70, "70/30"), (60, "60/40")],
    )
    above_threshold = models.DecimalField(
        _("results score for 'above expectation'"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(110),
    )
    meets_threshold = models.DecimalField(
        _("results score for 'meets expectation'"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(90),
    )
    # The innovation ledger (kinerja.innovations): the most verified-innovation credit an
    # employee may earn in a year, whatever the number of innovations, and the average
    # rubric score (0–100) the panel must give before an innovation can be verified.
    innovation_credit_cap = models.DecimalField(
        _("innovation credit cap per employee per year (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0))],
    )
    innovation_pass_score = models.DecimalField(
        _("rubric score needed to verify an innovation"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="criteria_version_number"
            ),
            # One rulebook in force per organisation and year.
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(status="DITERBITKAN"),
                name="criteria_one_published_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.number} — {self.title}"

    @property
    def label(self) -> str:
        return f"{self.year} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return is_editable(self.status)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse any change to a version stored as published or retired, except the
        status fields of its retirement."""
        if self.pk is not None:
            stored = (
                CriteriaVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
            if stored in {Stage.PUBLISHED, Stage.RETIRED} and not _is_retirement(
                stored, self, kwargs.get("update_fields")
            ):
                raise VersionLocked(_("A published version can never be edited."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # The stored status decides, not a copy of the row read before it moved on.
        stored = CriteriaVersion.objects.filter(pk=self.pk).values_list("status", flat=True)
        if self.status != Stage.DRAFT or stored.first() not in {None, Stage.DRAFT}:
            raise VersionLocked(_("Only a draft version can be deleted."))
        return super().delete(*args, **kwargs)


def _is_retirement(stored: str, version: CriteriaVersion, update_fields: Any) -> bool:
    return (
        stored == Stage.PUBLISHED
        and version.status == Stage.RETIRED
        and update_fields is not None
        and set(update_fields) <= {"status", "retired_at", "updated_at"}
    )


class LockedWithVersion(models.Model):
    """Content of a version: saved and deleted only while the version is editable."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._check_version_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._check_version_editable()
        return super().delete(*args, **kwargs)

    def _check_version_editable(self) -> None:
        version_id = self._version_id()
        stored = CriteriaVersion.objects.filter(pk=version_id).values_list("status", flat=True)
        status = stored.first()
        if status is not None and not is_editable(status):
            raise VersionLocked(
                _("This version is %(status)s; its criteria can no longer change.")
                % {"status": CriteriaVersion.Status(status).label}
            )

    def _version_id(self) -> int:
        """The version this row belongs to; rows that hang off an indicator override it."""
        return int(self.version_id)  # type: ignore[attr-defined]


class Indicator(LockedWithVersion):
    """One criterion of a version: what is measured, for whom, from which source, and
    how a measurement becomes a score (the curve) and counts (the weight)."""

    class Aspect(models.TextChoices):
        # The results side (hasil kerja): the three criteria of the office.
        EFISIENSI = "EFISIENSI", _("Efficiency")
        EFEKTIVITAS = "EFEKTIVITAS", _("Effectiveness")
        INOVASI = "INOVASI", _("Innovation")
        # The behaviour side (perilaku kerja): the seven BerAKHLAK values.
        BERORIENTASI_PELAYANAN = "BERORIENTASI_PELAYANAN", _("Service-oriented")
        AKUNTABEL = "AKUNTABEL", _("Accountable")
        KOMPETEN = "KOMPETEN", _("Competent")
        HARMONIS = "HARMONIS", _("Harmonious")
        LOYAL = "LOYAL", _("Loyal")
        ADAPTIF = "ADAPTIF", _("Adaptive")
        KOLABORATIF = "KOLABORATIF", _("Collaborative")

    class Source(models.TextChoices):
        SERVICE_ON_TIME = "LAYANAN_TEPAT_WAKTU", _("Service on-time rate")
        SERVICE_FIRST_TIME_RIGHT = "LAYANAN_TEPAT_PERTAMA", _("Service first-time-right rate")
        IKI_ACHIEVEMENT = "CAPAIAN_IKI", _("SKP IKI achievement")
        INNOVATION_CREDIT = "KREDIT_INOVASI", _("Verified innovation credit")
        SUPERVISOR_RUBRIC = "RUBRIK_ATASAN", _("Supervisor rubric")

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stays the same in later versions, so that changes can be compared."),
    )
    aspect = models.CharField(_("aspect"), max_length=24, choices=Aspect.choices)
    name = models.CharField(_("name"), max_length=200)
    explanation = models.TextField(_("explanation in plain language"))
    position_kinds = models.JSONField(
        _("position types"),
        default=list,
        blank=True,
        help_text=_("Empty: every position type."),
    )
    # Unit codes rather than a many-to-many relation: the list is part of the row, so it
    # is copied with the version and locked with it.
    unit_codes = models.JSONField(
        _("units"),
        default=list,
        blank=True,
        help_text=_("Empty: every unit. A unit includes its sub-units."),
    )
    source = models.CharField(_("measurement source"), max_length=24, choices=Source.choices)
    floor = models.DecimalField(_("floor (score 0)"), max_digits=12, decimal_places=4)
    target = models.DecimalField(_("target (score 100)"), max_digits=12, decimal_places=4)
    ceiling = models.DecimalField(_("ceiling (score 120)"), max_digits=12, decimal_places=4)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    # Results-side indicators carry a weight (they sum to 100 in a version); behaviour
    # indicators do not: the appraiser rates each value (PermenPANRB 6/2022).
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    rationale = models.TextField(
        _("reason for this criterion or its change"),
        blank=True,
    )
    shaped_by: "models.ManyToManyField[Proposal, Any]" = models.ManyToManyField(
        "Proposal",
        blank=True,
        related_name="shaped_indicators",
        verbose_name=_("shaped by proposals"),
    )

    class Meta:
        ordering = ["version", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicator_code_in_version"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_results(self) -> bool:
        return self.aspect in RESULTS_ASPECT_VALUES

    def position_kind_labels(self) -> list[str]:
        labels = dict(Position.Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.position_kinds]


class RubricLevel(LockedWithVersion):
    """A level descriptor of an indicator the supervisor scores on a rubric."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    descriptor = models.CharField(_("descriptor"), max_length=300)

    class Meta:
        ordering = ["indicator", "level"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="rubric_level_unique"),
        ]
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")

    def __str__(self) -> str:
        return f"{self.level}: {self.descriptor}"

    def _version_id(self) -> int:
        return int(
            Indicator.objects.filter(pk=self.indicator_id).values_list("version_id", flat=True)[0]
        )


class ComprehensionQuestion(LockedWithVersion):
    """One of up to three multiple-choice questions an employee answers before
    acknowledging a version, if the version has any."""

    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list)
    correct_choice = models.PositiveSmallIntegerField(_("correct choice (0 = first)"))
    explanation = models.CharField(_("explanation of the answer"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("comprehension question")
        verbose_name_plural = _("comprehension questions")

    def __str__(self) -> str:
        return self.text


class ConsultationRound(TimeStampedModel):
    """A consultation (analisis kebutuhan) on a draft version: a question put to everyone,
    open between two dates."""

    version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question to participants"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed early at"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Contribution(models.Model):
    """Something a participant posts. The author is kept (so the author can follow it
    and nobody posts twice in their name) but never shown when ``is_anonymous``; the
    unit at posting time feeds the participation breakdown."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_anonymous = models.BooleanField(_("post anonymously"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Proposal(Contribution):
    class Kind(models.TextChoices):
        ADD = "TAMBAH", _("Add an indicator")
        CHANGE = "UBAH", _("Change an indicator")
        REMOVE = "HAPUS", _("Remove an indicator")
        WEIGHT = "BOBOT", _("Change a weight")
        TARGET = "TARGET", _("Change a target")

    class Decision(models.TextChoices):
        ACCEPTED = "DITERIMA", _("Accepted")
        PARTLY_ACCEPTED = "DITERIMA_SEBAGIAN", _("Partly accepted")
        REJECTED = "DITOLAK", _("Rejected")

    round = models.ForeignKey(ConsultationRound, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("kind of proposal"), max_length=12, choices=Kind.choices)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("indicator concerned"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("proposal and reasons"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title


class Comment(Contribution):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class Vote(models.Model):
    class Stance(models.TextChoices):
        SUPPORT = "DUKUNG", _("Support")
        OPPOSE = "TOLAK", _("Oppose")

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voter_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stance = models.CharField(_("vote"), max_length=6, choices=Stance.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "voter"], name="one_vote_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.stance} #{self.proposal_id}"


class Acknowledgement(models.Model):
    """The socialisation task of one employee for one published version: assigned at
    publication, done when the employee has read the criteria that apply to them (and
    passed the comprehension check, if the version has one)."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="criteria_acknowledgements"
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The employee's unit at publication, for the coverage per unit."),
    )
    assigned_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "employee__name"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "employee"], name="one_acknowledgement_per_version"
            ),
        ]
        indexes = [models.Index(fields=["version", "unit", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.employee} — {self.version.label}"


class CriteriaQuestion(models.Model):
    """A question an employee leaves for the evaluation team while reading a version,
    and the team's answer (seen by the employee)."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="employee_questions"
    )
    asked_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("question about the criteria")
        verbose_name_plural = _("questions about the criteria")

    def __str__(self) -> str:
        return self.text[:60]


class InnovationRubricCriterion(LockedWithVersion):
    """One criterion of the rubric on which the innovation panel scores a submitted
    innovation (kinerja.innovations): what the reviewer looks for, the points they may
    give (0 to ``max_points``) and how much it counts in the score out of 100."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.CASCADE, related_name="innovation_rubric"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    descriptor = models.TextField(_("what the reviewer looks for"))
    max_points = models.PositiveSmallIntegerField(
        _("highest points"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(25),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "order", "code"]
        verbose_name = _("innovation rubric criterion")
        verbose_name_plural = _("innovation rubric criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="innovation_rubric_code_in_version"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=1), name="innovation_rubric_max_points_positive"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="innovation_rubric_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EarlyWarningRule(LockedWithVersion):
    """A rule of the version that flags declining performance for the appraiser
    (``kinerja.monitoring.rules`` evaluates it; domain.md 9.4 leaves the thresholds to the
    office). Published with the criteria, so that everyone knows what raises an alert."""

    class Kind(models.TextChoices):
        # The values are kinerja.monitoring.rules.RuleKind's.
        RATING_BELOW_STREAK = "RATING_DI_BAWAH_BERTURUT", _("Below expectation periods in a row")
        ON_TIME_BELOW = "TEPAT_WAKTU_DI_BAWAH", _("Service on-time rate below a threshold")
        DROP_BELOW_TRAILING = "TURUN_DARI_RERATA", _("Drop below the person's own recent average")

    class Measure(models.TextChoices):
        RESULTS_SCORE = "SKOR_HASIL", _("Results score")
        ON_TIME_RATE = "TEPAT_WAKTU", _("On-time rate (percentage points)")

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.CASCADE, related_name="warning_rules"
    )
    kind = models.CharField(_("rule"), max_length=26, choices=Kind.choices)
    periods = models.PositiveSmallIntegerField(
        _("periods in a row"), default=2, validators=[MinValueValidator(1)]
    )
    threshold = models.DecimalField(
        _("on-time rate below (0-1)"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(1))],
    )
    minimum_tasks = models.PositiveSmallIntegerField(
        _("only with at least this many tasks"), default=10, validators=[MinValueValidator(1)]
    )
    points = models.DecimalField(
        _("drop of more than (points)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    window = models.PositiveSmallIntegerField(
        _("average of the previous periods"), default=3, validators=[MinValueValidator(1)]
    )
    measure = models.CharField(
        _("measure"), max_length=12, choices=Measure.choices, default=Measure.RESULTS_SCORE
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("early-warning rule")
        verbose_name_plural = _("early-warning rules")

    def __str__(self) -> str:
        return self.get_kind_display()
