"""The audit log: an append-only, hash-chained record of every write that matters."""

from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # organization
    UNIT_CREATED = "organization.unit.created", _("Unit created")
    UNIT_UPDATED = "organization.unit.updated", _("Unit updated")
    EMPLOYEE_CREATED = "organization.employee.created", _("Employee created")
    EMPLOYEE_UPDATED = "organization.employee.updated", _("Employee updated")
    UNITS_IMPORTED = "organization.units.imported", _("Units imported")
    EMPLOYEES_IMPORTED = "organization.employees.imported", _("Employees imported")
    PERFORMANCE_YEAR_OPENED = "organization.year.opened", _("Performance year opened")
    APPRAISAL_CHAINS_SNAPSHOTTED = (
        "organization.chains.snapshotted",
        _("Appraisers snapshotted for a period"),
    )
    # service_metrics
    SERVICE_TYPE_CREATED = "service_metrics.service_type.created", _("Service type created")
    SERVICE_TYPE_UPDATED = "service_metrics.service_type.updated", _("Service type updated")
    SERVICES_IMPORTED = "service_metrics.services.imported", _("Service catalogue imported")
    SERVICE_TASKS_IMPORTED = "service_metrics.tasks.imported", _("Service tasks imported")
    SERVICE_TASKS_RECORDED = "service_metrics.tasks.recorded", _("Service tasks recorded")
    SERVICE_METRICS_RECOMPUTED = (
        "service_metrics.metrics.recomputed",
        _("Service figures recomputed"),
    )
    # workcalendar: one action for every calendar edit; ``changes`` says which
    CALENDAR_CHANGED = "workcalendar.changed", _("Working calendar changed")
    # criteria: the rulebook, its consultation and its socialisation
    CRITERIA_VERSION_CREATED = "criteria.version.created", _("Criteria version created")
    CRITERIA_VERSION_UPDATED = "criteria.version.updated", _("Criteria version changed")
    CRITERIA_VERSION_DELETED = "criteria.version.deleted", _("Criteria version deleted")
    CRITERIA_VERSION_MOVED = "criteria.version.moved", _("Criteria version status changed")
    CRITERIA_INDICATOR_SAVED = "criteria.indicator.saved", _("Criterion saved")
    CRITERIA_INDICATOR_DELETED = "criteria.indicator.deleted", _("Criterion deleted")
    CRITERIA_CHECK_SAVED = "criteria.check.saved", _("Comprehension check changed")
    CONSULTATION_OPENED = "criteria.round.opened", _("Consultation round opened")
    CONSULTATION_CLOSED = "criteria.round.closed", _("Consultation round closed")
    PROPOSAL_POSTED = "criteria.proposal.posted", _("Proposal posted")
    PROPOSAL_COMMENTED = "criteria.proposal.commented", _("Comment posted")
    PROPOSAL_VOTED = "criteria.proposal.voted", _("Vote cast")
    PROPOSAL_DECIDED = "criteria.proposal.decided", _("Proposal decided")
    CRITERIA_ACKNOWLEDGED = "criteria.acknowledged", _("Criteria acknowledged")
    CRITERIA_CHECK_FAILED = "criteria.check.failed", _("Comprehension check not passed")
    CRITERIA_QUESTION_ASKED = "criteria.question.asked", _("Question about the criteria asked")
    CRITERIA_QUESTION_ANSWERED = "criteria.question.answered", _("Question answered")
    CRITERIA_REMINDERS_SENT = "criteria.reminders.sent", _("Acknowledgement reminders sent")
    # plans: the SKP, its execution and feedback
    PLAN_CREATED = "plans.plan.created", _("SKP created")
    PLAN_UPDATED = "plans.plan.updated", _("SKP changed")
    PLAN_SUBMITTED = "plans.plan.submitted", _("SKP submitted")
    PLAN_RETURNED = "plans.plan.returned", _("SKP returned")
    PLAN_APPROVED = "plans.plan.approved", _("SKP approved")
    PLAN_REVISION_STARTED = "plans.plan.revision_started", _("SKP revision started")
    PLAN_EXPECTATIONS_SET = "plans.plan.expectations_set", _("Leader's expectations written")
    REALISATION_SAVED = "plans.realisation.saved", _("Realisation recorded")
    EVIDENCE_ADDED = "plans.evidence.added", _("Evidence added")
    EVIDENCE_DELETED = "plans.evidence.deleted", _("Evidence deleted")
    FEEDBACK_GIVEN = "plans.feedback.given", _("Feedback given")
    FEEDBACK_REPLIED = "plans.feedback.replied", _("Feedback replied to")
    # innovations
    INNOVATION_SUBMITTED = "innovations.submitted", _("Innovation submitted")
    INNOVATION_UPDATED = "innovations.updated", _("Innovation changed")
    INNOVATION_REVIEWED = "innovations.reviewed", _("Innovation reviewed")
    INNOVATION_DECIDED = "innovations.decided", _("Innovation decided")
    INNOVATION_CREDITED = "innovations.credited", _("Innovation credit added to an SKP")
    # appraisals
    EVALUATION_OPENED = "appraisals.evaluation.opened", _("Evaluation opened")
    EVALUATION_RATED = "appraisals.evaluation.rated", _("Evaluation ratings saved")
    EVALUATION_SUBMITTED = "appraisals.evaluation.submitted", _("Evaluation submitted")
    EVALUATION_REOPENED = "appraisals.evaluation.reopened", _("Evaluation reopened")
    ORG_PREDICATE_SET = "appraisals.org_predicate.set", _("Organisation predicate set")
    PREDICATE_ADJUSTED = "appraisals.predicate.adjusted", _("Final predicate adjusted")
    CALIBRATION_FINALISED = "appraisals.calibration.finalised", _("Calibration finalised")
    EVALUATION_RECEIVED = "appraisals.evaluation.received", _("Evaluation result signed for")
    OBJECTION_FILED = "appraisals.objection.filed", _("Objection filed")
    OBJECTION_EXPLAINED = "appraisals.objection.explained", _("Objection explained")
    OBJECTION_DECIDED = "appraisals.objection.decided", _("Objection decided")
    # coaching
    COACHING_CASE_OPENED = "coaching.case.opened", _("Coaching case opened")
    COACHING_CASE_UPDATED = "coaching.case.updated", _("Coaching case changed")
    COACHING_SESSION_RECORDED = "coaching.session.recorded", _("Coaching session recorded")
    COACHING_ACTION_SAVED = "coaching.action.saved", _("Coaching action saved")
    COACHING_ACTION_DONE = "coaching.action.done", _("Coaching action done")
    COUNSELLING_RECORDED = "coaching.counselling.recorded", _("Counselling record saved")
    COACHING_COMMENTED = "coaching.case.commented", _("Comment on a coaching case")
    COACHING_CASE_CLOSED = "coaching.case.closed", _("Coaching case closed")
    # monitoring
    ALERT_DISMISSED = "monitoring.alert.dismissed", _("Alert dismissed")
    ALERT_TO_COACHING = "monitoring.alert.coaching", _("Alert turned into a coaching case")
    CHECKS_RUN = "monitoring.checks.run", _("Early-warning checks run")
    ROLLOUT_PLANNED = "organization.rollout.planned", _("Rollout plan saved")
    WARNING_RULE_SAVED = "criteria.warning_rule.saved", _("Early-warning rule saved")
    # accounts
    ROLES_CHANGED = "accounts.roles.changed", _("Roles changed")
    PASSWORD_CHANGED = "accounts.password.changed", _("Password changed")
    API_TOKEN_ISSUED = "accounts.api_token.issued", _("API token issued")
    DEMO_LOADED = "demo.loaded", _("Demo data loaded")


class AuditEvent(models.Model):
    """One recorded write. Rows are never updated or deleted by the application.

    ``seq`` numbers the chain without gaps; ``hash`` covers every column below except
    ``id`` and ``hash`` itself (see ``kinerja.audit.chain``).
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    # PROTECT: an account that acted can be deactivated, never deleted, or the trail
    # would lose who did what.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(max_length=64, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_label}"

    def chain_content(self) -> dict[str, Any]:
        """The values the hash covers, as JSON-native data."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "changes": self.changes,
        }


class AuditChainHead(models.Model):
    """A single row holding the newest link. Writers lock it, so events get their
    sequence numbers one at a time even across processes, and it reveals deletion of
    the newest events."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
