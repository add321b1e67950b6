"""The forms of the SKP pages. Shape only; the rules (who may edit, what an IKI needs
under the approach, which RHK may be intervened in) live in ``services.plans``."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import PerformanceYear
from kinerja.plans.models import PerformancePlan, PlanAttachment, ResultIndicator, WorkResult
from kinerja.plans.selectors.plans import CandidateGroup, TeamFilter, TeamStatus

MAX_SEARCH_LENGTH = 100
_NUMBER_ERRORS = {"invalid": _("Enter a number, for example 100 or 7.5.")}


class YearChoiceField(forms.ModelChoiceField[PerformanceYear]):
    def label_from_instance(self, obj: PerformanceYear) -> str:
        return str(obj.year)


class PlanCreateForm(forms.Form):
    performance_year = YearChoiceField(
        label=_("Performance year"), queryset=PerformanceYear.objects.none(), empty_label=None
    )
    approach = forms.ChoiceField(
        label=_("Approach"),
        choices=PerformancePlan.Approach.choices,
        widget=forms.RadioSelect,
        initial=PerformancePlan.Approach.QUANTITATIVE,
        help_text=_(
            "Quantitative: each IKI has a numeric target in a unit and an aspect (quantity,"
            " quality, time, cost). Qualitative: success is described in words."
        ),
    )

    def __init__(self, *args: Any, years: QuerySet[PerformanceYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["performance_year"].queryset = years  # type: ignore[attr-defined]


class PlanApproachForm(forms.Form):
    approach = forms.ChoiceField(
        label=_("Approach"),
        choices=PerformancePlan.Approach.choices,
        widget=forms.RadioSelect,
    )


class ResultForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=WorkResult.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Planned work result (RHK)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write a result, not an activity: what exists or has changed at the end."),
    )
    intervenes = forms.ChoiceField(
        label=_("Leader's RHK it intervenes in"),
        required=False,
        help_text=_(
            "Choose the RHK of your appraiser that this result supports. While their SKP is"
            " not approved yet you may choose from their draft; you can submit once the RHK"
            " you chose is in their approved SKP."
        ),
    )
    assigned_by = forms.CharField(
        label=_("Assigned by (penugasan dari)"),
        required=False,
        max_length=200,
        help_text=_("Where the RHK comes from: the Perjanjian Kinerja, a directive of …"),
    )

    def __init__(
        self,
        *args: Any,
        groups: Sequence[CandidateGroup],
        needs_intervention: bool,
        is_jpt: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(r.pk): r for group in groups for r in group.results}
        field = self.fields["intervenes"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [
            ("", _("— none —")),
            *(
                (
                    _("%(status)s SKP, revision %(revision)s")
                    % {"status": group.plan.get_status_display(), "revision": group.plan.revision},
                    [(str(r.pk), r.text) for r in group.results],
                )
                for group in groups
            ),
        ]
        if is_jpt:
            del self.fields["intervenes"]
        elif needs_intervention:
            del self.fields["assigned_by"]

    def clean_intervenes(self) -> WorkResult | None:
        value = self.cleaned_data.get("intervenes") or ""
        return self.candidates.get(value)


class IndicatorForm(forms.Form):
    text = forms.CharField(
        label=_("Indicator (IKI)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    aspect = forms.ChoiceField(
        label=_("Aspect"),
        choices=[("", _("— choose —")), *ResultIndicator.Aspect.choices],
        required=False,
    )
    target_min = forms.DecimalField(
        label=_("Target (or lower bound of a range)"),
        required=False,
        max_digits=14,
        decimal_places=4,
        error_messages=_NUMBER_ERRORS,
    )
    target_max = forms.DecimalField(
        label=_("Upper bound of a range"),
        required=False,
        max_digits=14,
        decimal_places=4,
        error_messages=_NUMBER_ERRORS,
        help_text=_("Only for a range target, for example 7 to 8 months."),
    )
    unit = forms.CharField(label=_("Unit of measure"), required=False, max_length=60)
    target_text = forms.CharField(
        label=_("Target, described"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    lower_is_better = forms.BooleanField(
        label=_("Lower is better (a time, a number of complaints…)"), required=False
    )

    def __init__(self, *args: Any, approach: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if approach == PerformancePlan.Approach.QUALITATIVE:
            self.fields["target_text"].required = True
            self.order_fields(["text", "target_text"])
        else:
            self.fields["aspect"].required = True
            self.fields["target_min"].required = True
            self.fields["unit"].required = True

    @staticmethod
    def initial_from(indicator: ResultIndicator) -> dict[str, Any]:
        return {
            name: getattr(indicator, name)
            for name in (
                "text",
                "aspect",
                "target_min",
                "target_max",
                "unit",
                "target_text",
                "lower_is_better",
            )
        }


class ExpectationsForm(forms.Form):
    """One field per BerAKHLAK value, named after its code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value in CORE_VALUES:
            self.fields[value.code] = forms.CharField(
                label=value.name,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=" · ".join(value.indicators),
            )


class AttachmentsForm(forms.Form):
    """The lampiran SKP, one line of the document per line of each box."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        examples: dict[str, Any] = {
            PlanAttachment.Kind.RESOURCES: _("For example: a laptop; an internet connection."),
            PlanAttachment.Kind.ACCOUNTABILITY: _(
                "For example: results are reported every month to the appraiser."
            ),
            PlanAttachment.Kind.CONSEQUENCES: _(
                "For example: an award when the expectations are exceeded."
            ),
        }
        for kind, label in PlanAttachment.Kind.choices:
            self.fields[kind] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("One item per line. %(example)s") % {"example": examples[kind]},
            )

    @staticmethod
    def initial_from(lines: dict[str, list[PlanAttachment]]) -> dict[str, str]:
        return {kind: "\n".join(line.text for line in rows) for kind, rows in lines.items()}

    def lines(self) -> dict[str, list[str]]:
        return {
            kind: self.cleaned_data.get(kind, "").splitlines()
            for kind in PlanAttachment.Kind.values
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class TeamFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, position or NIP"), required=False, max_length=MAX_SEARCH_LENGTH
    )
    status = forms.ChoiceField(
        label=_("SKP status"),
        required=False,
        choices=[("", _("Every status")), *((s.value, s.value) for s in TeamStatus)],
    )

    def to_filter(self) -> TeamFilter:
        if not self.is_valid():
            return TeamFilter()
        return TeamFilter(status=self.cleaned_data["status"], search=self.cleaned_data["q"])
