"""The forms of an objection (keberatan, PP 30/2019 Pasal 59): the employee's reasons, the
appraiser's explanation, the superior's final decision. They check shape only; the
services in ``services.objections`` apply the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.appraisals.models import Objection, PredicateChoice
from kinerja.appraisals.services.objections import TEXT_MAX_LENGTH


def _textarea() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 6})


class ObjectionForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for the objection"),
        help_text=_(
            "Say which part of the result you disagree with and why; point to the records"
            " (tasks, realisation, evidence) that support you. Your appraiser explains, and"
            " the appraiser's superior decides."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
    )


class ExplanationForm(forms.Form):
    explanation = forms.CharField(
        label=_("Your explanation"),
        help_text=_("Explain to your superior how you reached the result the employee objects to."),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Objection.Decision.choices,
        widget=forms.RadioSelect(attrs={"class": "decision-choice"}),
    )
    predicate = forms.ChoiceField(
        label=_("New final predicate"),
        choices=[],
        required=False,
        help_text=_("Only when you change the result."),
    )
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this decision is final and cannot be changed afterwards."),
        required=True,
        error_messages={"required": _("Confirm that the decision is final.")},
    )

    def __init__(self, *args: Any, current_predicate: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The predicate in force is no change: it is left out of the choices.
        field = self.fields["predicate"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "—")] + [
            (value, label) for value, label in PredicateChoice.choices if value != current_predicate
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Objection.Decision.CHANGED and not data.get("predicate"):
            self.add_error("predicate", _("Choose the new predicate."))
        if data.get("decision") == Objection.Decision.UPHELD:
            data["predicate"] = ""
        return data
