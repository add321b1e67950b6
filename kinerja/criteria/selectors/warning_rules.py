"""The early-warning rules of a criteria version, in plain words for the version page
and for the employees reading the criteria (what raises an alert is published with the
criteria, so that nobody is flagged by a rule they could not read)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.criteria.models import CriteriaVersion, EarlyWarningRule


@dataclass(frozen=True, slots=True)
class RuleLine:
    rule: EarlyWarningRule
    text: str

    @property
    def is_active(self) -> bool:
        return self.rule.is_active


def _number(value: Decimal) -> str:
    """80.00 as "80" and 12.50 as "12.5" (normalize() alone writes 80 as "8E+1")."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


def _streak_text(rule: EarlyWarningRule) -> str:
    return ngettext(
        "The results or behaviour rating is below expectation, or the predicate is Butuh"
        " Perbaikan or worse, in a period.",
        "The results or behaviour rating is below expectation, or the predicate is Butuh"
        " Perbaikan or worse, %(count)d periods in a row.",
        rule.periods,
    ) % {"count": rule.periods}


def _on_time_text(rule: EarlyWarningRule) -> str:
    threshold = _number(rule.threshold * 100) if rule.threshold is not None else "?"
    return ngettext(
        "Fewer than %(percent)s%% of the service tasks completed in a period are on time"
        " (counted once at least %(count)d task is completed in the period).",
        "Fewer than %(percent)s%% of the service tasks completed in a period are on time"
        " (counted once at least %(count)d tasks are completed in the period).",
        rule.minimum_tasks,
    ) % {"percent": threshold, "count": rule.minimum_tasks}


def _drop_text(rule: EarlyWarningRule) -> str:
    points = _number(rule.points) if rule.points is not None else "?"
    if rule.measure == EarlyWarningRule.Measure.ON_TIME_RATE:
        return ngettext(
            "The on-time rate of a period is more than %(points)s percentage points below"
            " the rate of the period before it.",
            "The on-time rate of a period is more than %(points)s percentage points below"
            " the average of the %(count)d periods before it.",
            rule.window,
        ) % {"points": points, "count": rule.window}
    return ngettext(
        "The results score of a period is more than %(points)s points below the score of"
        " the period before it.",
        "The results score of a period is more than %(points)s points below the average"
        " of the %(count)d periods before it.",
        rule.window,
    ) % {"points": points, "count": rule.window}


def describe_rule(rule: EarlyWarningRule) -> str:
    """When ``rule`` raises an alert, in one sentence."""
    if rule.kind == EarlyWarningRule.Kind.RATING_BELOW_STREAK:
        return _streak_text(rule)
    if rule.kind == EarlyWarningRule.Kind.ON_TIME_BELOW:
        return _on_time_text(rule)
    if rule.kind == EarlyWarningRule.Kind.DROP_BELOW_TRAILING:
        return _drop_text(rule)
    return _("Unknown rule.")


def warning_rules_of(version: CriteriaVersion) -> QuerySet[EarlyWarningRule]:
    return EarlyWarningRule.objects.filter(version=version).order_by("order", "pk")


def warning_rule_lines(version: CriteriaVersion, *, active_only: bool = False) -> list[RuleLine]:
    """The version's rules in their order, each with its sentence."""
    rules = warning_rules_of(version)
    if active_only:
        rules = rules.filter(is_active=True)
    return [RuleLine(rule, describe_rule(rule)) for rule in rules]
