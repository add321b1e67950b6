"""Coaching (pembinaan kinerja) of an employee whose performance declines (domain.md 9.2
and 9.4; PermenPANRB 8/2021 on counselling; PP 30/2019's 6-month improvement window).

A :class:`CoachingCase` holds the goals, the dialogue sessions, the agreed actions with
their owners and due dates, an optional counselling record in the 8/2021 format
(confidential), the improvement window and the outcome. The employee sees their own case
and comments on it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.organization.models import Employee

# PP 30/2019: an employee who does not meet the target gets six months to improve before
# any sanction (domain.md 8.2, 9.2).
IMPROVEMENT_WINDOW_MONTHS = 6


class CoachingCase(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "AKTIF", _("Active")
        CLOSED = "SELESAI", _("Closed")

    class Outcome(models.TextChoices):
        IMPROVED = "MEMBAIK", _("Improved")
        EXTENDED = "DIPERPANJANG", _("Extended")
        ESCALATED = "DIEKSKALASI", _("Escalated")

    class FollowUp(models.TextChoices):
        """PermenPANRB 8/2021, counselling: the possible follow-ups (domain.md 9.2)."""

        GUIDANCE = "BIMBINGAN", _("Guidance")
        TRAINING = "PELATIHAN", _("Training")
        SPECIAL_ASSIGNMENT = "PENUGASAN_KHUSUS", _("Special assignment")
        TRANSFER = "USUL_MUTASI", _("Proposed transfer")
        DISCIPLINARY = "REKOMENDASI_DISIPLIN", _("Recommendation to start disciplinary proceedings")

    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="coaching_cases",
        verbose_name=_("employee"),
    )
    # The appraiser who runs the case, fixed when it opens.
    coach = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why the case was opened"))
    goals = models.TextField(_("goals"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    window_starts_on = models.DateField(_("improvement window starts"))
    window_ends_on = models.DateField(_("improvement window ends"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=22, choices=FollowUp.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome notes"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coaching case")
        verbose_name_plural = _("coaching cases")
        constraints = [
            # One active case per employee at a time.
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status="AKTIF"),
                name="one_active_coaching_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.window_starts_on}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class CoachingSession(models.Model):
    """A performance dialogue: when, who took part, what was said and agreed."""

    case = models.ForeignKey(CoachingCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"))
    agreements = models.TextField(_("agreements"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "held_on", "pk"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.held_on}"


class CoachingAction(models.Model):
    """An agreed action with its owner and due date."""

    case = models.ForeignKey(CoachingCase, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The last reminder sent, so that the checks remind once per due action.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "due_on", "pk"]
        verbose_name = _("coaching action")
        verbose_name_plural = _("coaching actions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class CounsellingRecord(models.Model):
    """The Format Pelaksanaan Konseling Kinerja of PermenPANRB 8/2021, filled in by the
    counsellor after a session. Confidential: only the employee, the counsellor, the
    appraiser and the HR admin read it (domain.md 9.2: schedule and place per person,
    with confidentiality)."""

    case = models.ForeignKey(
        CoachingCase, on_delete=models.CASCADE, related_name="counselling_records"
    )
    counsellor = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("counsellor")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    problems = models.TextField(_("problems identified"))
    causes = models.TextField(_("causes"))
    solutions = models.TextField(_("solutions agreed"))
    follow_up = models.CharField(
        _("recommended follow-up"), max_length=22, choices=CoachingCase.FollowUp.choices, blank=True
    )
    signed_at = models.DateTimeField(_("signed by the counsellor at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "held_on", "pk"]
        verbose_name = _("counselling record")
        verbose_name_plural = _("counselling records")

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.held_on}"


class CaseComment(models.Model):
    """A comment on the case, by the employee or the people running it."""

    case = models.ForeignKey(CoachingCase, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
