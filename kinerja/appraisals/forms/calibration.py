"""The forms of the calibration pages. Shape only: who may set an organisation predicate,
calibrate or finalise, and what the distribution pattern allows, is decided in
``services.calibration``."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.appraisals.models import OrgPredicateChoice
from kinerja.appraisals.presentation import (
    ORG_PREDICATE_DESCRIPTORS,
    OrgPredicateDescriptor,
    period_name,
)
from kinerja.appraisals.scoring import PREDICATE_LABELS, PREDICATES_BEST_FIRST, OrgPredicate
from kinerja.appraisals.services.calibration import NOTE_MAX_LENGTH
from kinerja.appraisals.services.evaluations import REASON_MAX_LENGTH
from kinerja.organization.models import OrgUnit, Period


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    """Units by their code, indented by their depth in the tree."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


class PeriodChoiceField(forms.ModelChoiceField[Period]):
    """Evaluation periods by their code, named as people say them."""

    def label_from_instance(self, obj: Period) -> str:
        return period_name(obj.kind, obj.starts_on)


class CalibrationFilterForm(forms.Form):
    periode = PeriodChoiceField(
        label=_("Period"),
        queryset=Period.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("— every period —"),
    )

    def __init__(self, *args: Any, periods: QuerySet[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["periode"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = periods

    def period(self) -> Period | None:
        """The chosen period; an unknown one filters nothing."""
        if not self.is_valid():
            return None
        period = self.cleaned_data.get("periode")
        return period if isinstance(period, Period) else None


class OrgPredicateForm(forms.Form):
    """Step 1 of SE MenPANRB 3/2023: the organisation's achievement as a predicate."""

    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.none(),
        to_field_name="code",
        empty_label=_("— choose a unit —"),
    )
    period = PeriodChoiceField(
        label=_("Period"),
        queryset=Period.objects.none(),
        to_field_name="code",
        empty_label=_("— choose a period —"),
    )
    predicate = forms.ChoiceField(
        label=_("Organisation predicate"),
        choices=OrgPredicateChoice.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What the predicate rests on"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The progress of the unit's action plans (rencana aksi) or, for the year, its"
            " Perjanjian Kinerja, and any advice taken from planning, HR or internal audit."
        ),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        periods: QuerySet[Period],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("unit", units), ("period", periods)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = queryset

    def predicate_options(self) -> list[tuple[Any, OrgPredicateDescriptor]]:
        """Each radio button of the predicate with what that predicate means."""
        return [
            (radio, ORG_PREDICATE_DESCRIPTORS[OrgPredicate(radio.data["value"])])
            for radio in self["predicate"]
        ]


class PredicateAdjustForm(forms.Form):
    """Step 3: the leader's final predicate for one employee, within the pattern."""

    predicate = forms.ChoiceField(
        label=_("Final predicate"),
        # The official names only: the select sits in a table cell.
        choices=[(value.value, PREDICATE_LABELS[value]) for value in PREDICATES_BEST_FIRST],
    )
    # The page lays the two fields out on one table row, with hidden labels; the
    # placeholder says when a reason is needed.
    reason = forms.CharField(
        label=_("Reason for departing from the matrix"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Reason, if not the matrix")}),
    )


class FinaliseForm(forms.Form):
    """Adopting the calibration, which delivers every result to its employee."""

    justification = forms.CharField(
        label=_("Why this unit departs from the distribution pattern"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _(
                "The predicates do not fit the distribution pattern: record why this unit"
                " departs from it, or adjust the predicates first."
            )
        },
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that the results will be delivered to the employees and can no"
            " longer be changed."
        ),
        error_messages={"required": _("Tick the box to confirm that you understand.")},
    )

    def __init__(self, *args: Any, needs_justification: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_justification = needs_justification
        if needs_justification:
            self.fields["justification"].required = True
        else:
            del self.fields["justification"]
