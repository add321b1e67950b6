"""The form of an early-warning rule. Shape only: which parameters a kind needs and
their bounds are checked by ``services.warning_rules``, whose messages land on the field
they name. The on-time threshold is typed as a percentage and stored as a fraction."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.criteria.models import EarlyWarningRule
from kinerja.criteria.services.warning_rules import MAX_COUNT, WarningRuleInput

HUNDRED = Decimal(100)


def _plain(value: Decimal) -> Decimal:
    """80.0000 as 80 and 12.50 as 12.5 in an input, without normalize()'s 8E+1."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class WarningRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rule"), choices=EarlyWarningRule.Kind.choices)
    periods = forms.IntegerField(
        label=_("Periods in a row"),
        min_value=1,
        max_value=MAX_COUNT,
        required=False,
        help_text=_("For “below expectation periods in a row”: how many periods (e.g. 2)."),
    )
    threshold = forms.DecimalField(
        label=_("On-time rate below (%)"),
        min_value=Decimal("0.01"),
        max_value=HUNDRED,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("For the on-time rule: e.g. 80 raises an alert below 80% on time."),
    )
    minimum_tasks = forms.IntegerField(
        label=_("Only with at least this many tasks"),
        min_value=1,
        max_value=MAX_COUNT,
        required=False,
        help_text=_("For the on-time rule: a period with fewer completed tasks is not judged."),
    )
    points = forms.DecimalField(
        label=_("Drop of more than (points)"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text=_(
            "For the drop rule: in score points, or in percentage points for the on-time rate."
        ),
    )
    window = forms.IntegerField(
        label=_("Average of the previous periods"),
        min_value=1,
        max_value=MAX_COUNT,
        required=False,
        help_text=_("For the drop rule: how many periods before the latest make the average."),
    )
    measure = forms.ChoiceField(
        label=_("Measure"),
        choices=EarlyWarningRule.Measure.choices,
        required=False,
        help_text=_("For the drop rule: what is watched."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive rule stays in the version but raises no alert."),
    )

    def __init__(self, *args: Any, rule: EarlyWarningRule | None = None, **kwargs: Any) -> None:
        """``rule``: the rule being changed, whose kind is fixed; None for a new rule."""
        super().__init__(*args, **kwargs)
        self.rule = rule
        if rule is not None:
            del self.fields["kind"]

    @classmethod
    def initial_for(cls, rule: EarlyWarningRule) -> dict[str, Any]:
        return {
            "periods": rule.periods,
            "threshold": _plain(rule.threshold * HUNDRED) if rule.threshold is not None else None,
            "minimum_tasks": rule.minimum_tasks,
            "points": _plain(rule.points) if rule.points is not None else None,
            "window": rule.window,
            "measure": rule.measure,
            "is_active": rule.is_active,
        }

    def to_input(self) -> WarningRuleInput:
        data = self.cleaned_data
        kind = self.rule.kind if self.rule is not None else data["kind"]
        threshold = data.get("threshold")
        return WarningRuleInput(
            kind=kind,
            periods=data.get("periods") or 0,
            threshold=threshold / HUNDRED if threshold is not None else None,
            minimum_tasks=data.get("minimum_tasks") or 0,
            points=data.get("points"),
            window=data.get("window") or 0,
            measure=data.get("measure") or EarlyWarningRule.Measure.RESULTS_SCORE.value,
            is_active=bool(data.get("is_active")),
        )
