"""Writes on the early-warning rules of a criteria version: add one, change its
parameters or switch it on or off, remove one, while the version may change (draft or
consultation). The evaluation team and the HR admin of the organisation do this; each
write is one transaction with one WARNING_RULE_SAVED audit event.

A rule is checked by ``kinerja.monitoring.rules``, which sits above criteria and may not
be imported here: :func:`rule_problem` applies the same bounds as
``monitoring.rules.RuleConfig.problem`` (a test holds the two together), so that no
version is published with a rule the checks cannot run.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.criteria.models import CriteriaVersion, EarlyWarningRule
from kinerja.criteria.services.versions import (
    VersionRefused,
    _locked_version,
    _require_editable,
    _require_organization,
    _require_team,
)

# What the columns can hold (PositiveSmallIntegerField; numeric(5, 4); numeric(6, 2)).
MAX_COUNT = 32767
MAX_POINTS = Decimal("9999.99")
SNAPSHOT_FIELDS = (
    "kind",
    "periods",
    "threshold",
    "minimum_tasks",
    "points",
    "window",
    "measure",
    "is_active",
    "order",
)


@dataclass(frozen=True, slots=True)
class WarningRuleInput:
    kind: str
    periods: int = 2
    threshold: Decimal | None = None  # a fraction, 0.80 = 80 %
    minimum_tasks: int = 10
    points: Decimal | None = None
    window: int = 3
    measure: str = EarlyWarningRule.Measure.RESULTS_SCORE.value
    is_active: bool = True


def rule_problem(data: WarningRuleInput) -> tuple[str, str] | None:
    """The field at fault and why, or None when the rule can be checked.

    The bounds are those of ``monitoring.rules.RuleConfig.problem``: a streak of at least
    one period; an on-time threshold above 0 and at most 1 with at least one task; a drop
    of more than 0 points against a window of at least one period. Only the parameters
    of the rule's kind are checked.
    """
    kind = data.kind
    if kind not in EarlyWarningRule.Kind.values:
        return "kind", _("Choose a kind of rule.")
    if kind == EarlyWarningRule.Kind.RATING_BELOW_STREAK:
        if not 1 <= data.periods <= MAX_COUNT:
            return "periods", _("A streak is at least one period long.")
    elif kind == EarlyWarningRule.Kind.ON_TIME_BELOW:
        if data.threshold is None or not Decimal(0) < data.threshold <= Decimal(1):
            return "threshold", _("The on-time threshold must be above 0% and at most 100%.")
        if not 1 <= data.minimum_tasks <= MAX_COUNT:
            return "minimum_tasks", _("Count the rate from at least one completed task.")
    else:
        if data.points is None or not Decimal(0) < data.points <= MAX_POINTS:
            return "points", _("The drop must be more than 0 points.")
        if not 1 <= data.window <= MAX_COUNT:
            return "window", _("Compare with the average of at least one period before.")
        if data.measure not in EarlyWarningRule.Measure.values:
            return "measure", _("Choose what the drop is measured on.")
    return None


def _snapshot(rule: EarlyWarningRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in SNAPSHOT_FIELDS}


def _apply(rule: EarlyWarningRule, data: WarningRuleInput) -> None:
    """Copy the parameters of the rule's kind; the others go back to their defaults, so
    that a stored rule never carries a value that does not apply to it."""
    rule.is_active = data.is_active
    rule.periods, rule.threshold, rule.minimum_tasks = 2, None, 10
    rule.points, rule.window = None, 3
    rule.measure = EarlyWarningRule.Measure.RESULTS_SCORE.value
    if rule.kind == EarlyWarningRule.Kind.RATING_BELOW_STREAK:
        rule.periods = data.periods
    elif rule.kind == EarlyWarningRule.Kind.ON_TIME_BELOW:
        rule.threshold, rule.minimum_tasks = data.threshold, data.minimum_tasks
    else:
        rule.points, rule.window, rule.measure = data.points, data.window, data.measure


def save_warning_rule(
    *,
    actor: User,
    version: CriteriaVersion,
    data: WarningRuleInput,
    rule: EarlyWarningRule | None = None,
) -> EarlyWarningRule:
    """Add a rule to an editable version (``rule`` None, placed last) or change one. A
    rule keeps its kind: another kind is another rule (remove this one, add that one)."""
    _require_team(actor)
    with transaction.atomic():
        locked = _locked_version(version)
        _require_organization(actor, locked.organization)
        _require_editable(locked)
        if rule is not None and rule.version_id != locked.pk:
            raise VersionRefused(_("That rule belongs to another version."))
        if rule is not None and data.kind != rule.kind:
            raise VersionRefused(
                _("A rule keeps its kind; remove it and add a rule of the other kind."),
                field="kind",
            )
        problem = rule_problem(data)
        if problem is not None:
            raise VersionRefused(problem[1], field=problem[0])
        if rule is None:
            last = EarlyWarningRule.objects.filter(version=locked).aggregate(last=Max("order"))
            target = EarlyWarningRule(version=locked, kind=data.kind, order=(last["last"] or 0) + 1)
            before: dict[str, Any] = {}
        else:
            target = rule
            before = _snapshot(rule)
        _apply(target, data)
        changes = changed_fields(before, _snapshot(target))
        if rule is None or changes:
            target.save()
            record_event(
                actor=actor,
                action=AuditAction.WARNING_RULE_SAVED,
                target=target,
                target_label=f"{locked.label}: {target.get_kind_display()}"[:255],
                changes=changes,
            )
    return target


def delete_warning_rule(*, actor: User, rule: EarlyWarningRule) -> None:
    """Remove a rule from an editable version. Audited as a saved rule whose change is
    its deletion (``changes["deleted"]``)."""
    _require_team(actor)
    with transaction.atomic():
        locked = _locked_version(rule.version)
        _require_organization(actor, locked.organization)
        _require_editable(locked)
        if rule.version_id != locked.pk:
            raise VersionRefused(_("That rule belongs to another version."))
        snapshot = _snapshot(rule)
        label = f"{locked.label}: {rule.get_kind_display()}"[:255]
        pk = rule.pk
        rule.delete()
        record_event(
            actor=actor,
            action=AuditAction.WARNING_RULE_SAVED,
            target_type="criteria.earlywarningrule",
            target_id=str(pk),
            target_label=label,
            changes={"deleted": snapshot},
        )
