"""The forms of the appraiser's pages. Shape only: which rating may depart from the
suggestion, what must be rated before submitting and who may rate are the rules of
``services.evaluations``.

The field names are the ones ``EvaluationRefused.field`` uses, so that a refusal lands
next to its input: ``result-<id>`` and ``result-<id>-feedback`` per RHK,
``behaviour-<CODE>`` and ``behaviour-<CODE>-feedback`` per BerAKHLAK value,
``rubric-<indicator id>``, ``results_rating``, ``results_rating_reason``,
``behaviour_rating``, ``behaviour_rating_reason`` and ``notes``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from kinerja.appraisals.models import BehaviourRating, RatingChoice, ResultRating
from kinerja.appraisals.selectors.team import BehaviourRow, RatingPage
from kinerja.appraisals.services.evaluations import REASON_MAX_LENGTH, LineInput, RatingInput
from kinerja.criteria.models import Indicator

MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True, slots=True)
class LineFields:
    """A line of the form (an RHK, or a BerAKHLAK value's ``BehaviourRow``) with its
    rating radio group and feedback box."""

    line: ResultRating | BehaviourRow
    rating: BoundField
    feedback: BoundField


def result_field(line: ResultRating) -> str:
    return f"result-{line.pk}"


def behaviour_field(line: BehaviourRating) -> str:
    return f"behaviour-{line.value}"


def rubric_field(indicator: Indicator) -> str:
    return f"rubric-{indicator.pk}"


def _rating_radios() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Rating"),
        choices=RatingChoice.choices,
        widget=forms.RadioSelect,
        required=False,
    )


def _text(label: Any, rows: int = 2, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class RatingForm(forms.Form):
    """The rating page: one radio group and one feedback box per RHK and per value, the
    rubric levels, the two ratings with their reasons, and the notes. Nothing is
    required here: an evaluation may be saved half-rated and completed later."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    results_rating = forms.ChoiceField(
        label=_("Your results rating"),
        choices=[("", _("— choose —")), *RatingChoice.choices],
        required=False,
    )
    results_rating_reason = _text(
        _("Reason for departing from the suggestion"),
        rows=3,
        help_text=_("Needed before submitting when your rating differs from the suggestion."),
    )
    behaviour_rating = forms.ChoiceField(
        label=_("Your behaviour rating"),
        choices=[("", _("— choose —")), *RatingChoice.choices],
        required=False,
    )
    behaviour_rating_reason = _text(
        _("Reason for departing from the suggestion"),
        rows=3,
        help_text=_("Needed before submitting when your rating differs from the suggestion."),
    )
    notes = _text(_("Notes and recommendations"), rows=4)

    def __init__(self, data: Mapping[str, Any] | None = None, *, page: RatingPage) -> None:
        super().__init__(data, initial=self.initial_from(page))
        self.fields["results_rating"].help_text = (
            _("Suggested by the system: %(rating)s.") % {"rating": page.suggested_results_label}
            if page.suggested_results_label
            else _("No suggestion yet: no results line has data.")
        )
        self.fields["behaviour_rating"].help_text = (
            _("Suggested by the system: %(rating)s.") % {"rating": page.suggested_behaviour_label}
            if page.suggested_behaviour_label
            else _("No suggestion yet: rate the seven core values and save.")
        )
        self.result_lines = list(page.results)
        self.behaviour_rows = list(page.behaviours)
        self.rubrics = list(page.rubrics)
        for line in self.result_lines:
            self.fields[result_field(line)] = _rating_radios()
            self.fields[f"{result_field(line)}-feedback"] = _text(_("Feedback"))
        for row in self.behaviour_rows:
            self.fields[behaviour_field(row.rating)] = _rating_radios()
            self.fields[f"{behaviour_field(row.rating)}-feedback"] = _text(_("Feedback"))
        for indicator in self.rubrics:
            self.fields[rubric_field(indicator)] = forms.TypedChoiceField(
                label=indicator.name,
                choices=[
                    ("", _("— not scored yet —")),
                    *(
                        (str(level.level), f"{level.level} — {level.descriptor}")
                        for level in indicator.levels.all()
                    ),
                ],
                coerce=int,
                empty_value=None,
                required=False,
                help_text=indicator.explanation,
            )

    @staticmethod
    def initial_from(page: RatingPage) -> dict[str, Any]:
        evaluation = page.evaluation
        initial: dict[str, Any] = {
            name: getattr(evaluation, name)
            for name in (
                "revision",
                "results_rating",
                "results_rating_reason",
                "behaviour_rating",
                "behaviour_rating_reason",
                "notes",
            )
        }
        for line in page.results:
            initial[result_field(line)] = line.rating
            initial[f"{result_field(line)}-feedback"] = line.feedback
        for row in page.behaviours:
            initial[behaviour_field(row.rating)] = row.rating.rating
            initial[f"{behaviour_field(row.rating)}-feedback"] = row.rating.feedback
        for indicator_id, level in page.rubric_levels.items():
            initial[f"rubric-{indicator_id}"] = str(level)
        return initial

    def result_fields(self) -> list[LineFields]:
        """Each RHK with its two inputs, for the HASIL KERJA table."""
        return [
            LineFields(line, self[result_field(line)], self[f"{result_field(line)}-feedback"])
            for line in self.result_lines
        ]

    def behaviour_fields(self) -> list[LineFields]:
        """Each BerAKHLAK value (a ``BehaviourRow``) with its two inputs."""
        return [
            LineFields(
                row,
                self[behaviour_field(row.rating)],
                self[f"{behaviour_field(row.rating)}-feedback"],
            )
            for row in self.behaviour_rows
        ]

    def rubric_fields(self) -> list[BoundField]:
        return [self[rubric_field(indicator)] for indicator in self.rubrics]

    def to_input(self) -> RatingInput:
        data = self.cleaned_data
        return RatingInput(
            revision=data["revision"],
            results={
                line.pk: LineInput(
                    rating=data[result_field(line)],
                    feedback=data[f"{result_field(line)}-feedback"],
                )
                for line in self.result_lines
            },
            behaviour={
                line.value: LineInput(
                    rating=data[behaviour_field(line)],
                    feedback=data[f"{behaviour_field(line)}-feedback"],
                )
                for line in (row.rating for row in self.behaviour_rows)
            },
            rubric={indicator.pk: data[rubric_field(indicator)] for indicator in self.rubrics},
            results_rating=data["results_rating"],
            results_rating_reason=data["results_rating_reason"],
            behaviour_rating=data["behaviour_rating"],
            behaviour_rating_reason=data["behaviour_rating_reason"],
            notes=data["notes"],
        )


class RevisionForm(forms.Form):
    """The confirmation of a workflow step (submit, reopen): the revision the page was
    read at, so that a step taken on an outdated page is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TeamSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=MAX_SEARCH_LENGTH)

    def search(self) -> str:
        return str(self.cleaned_data["q"]) if self.is_valid() else ""
