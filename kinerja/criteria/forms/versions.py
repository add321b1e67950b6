"""The forms of the versions pages. Shape only: every rule (weights, curve order, who may
change what, when a rationale is needed) lives in ``services.versions``, whose messages
the views put on the field they name."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.criteria.models import CriteriaVersion, Indicator, Proposal
from kinerja.criteria.rules import RESULTS_ASPECT_VALUES
from kinerja.criteria.services.versions import IndicatorInput, QuestionInput, VersionSettings
from kinerja.criteria.templatetags.criteria_tags import curve_examples
from kinerja.organization.models import OrgUnit, Position

RUBRIC_ROWS = 5
CHECK_QUESTIONS = 3
CHECK_CHOICES = 4
YEAR_MIN, YEAR_MAX = 2000, 2099


def _plain(value: Decimal | None) -> Decimal | None:
    """0.9000 as 0.9 and 100.00 as 100 in an input, without normalize()'s 1E+2."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class OrganizationChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.code})"


class VersionStartForm(forms.Form):
    """Start a version: a fresh one, or a copy of the version shown."""

    year = forms.IntegerField(
        label=_("Performance year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=_("The year whose performance these criteria will measure."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A name everyone recognises, e.g. “Kriteria kinerja 2027”."),
    )
    organization = OrganizationChoiceField(
        label=_("Organisation"),
        queryset=OrgUnit.objects.none(),
        to_field_name="code",
        help_text=_("The organisation whose criteria these are."),
    )

    def __init__(self, *args: Any, organizations: QuerySet[OrgUnit] | None, **kwargs: Any) -> None:
        """``organizations``: the choice for an HR admin who belongs to no organisation;
        None when the viewer's own organisation is meant."""
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            field = self.fields["organization"]
            assert isinstance(field, OrganizationChoiceField)  # noqa: S101 - declared above
            field.queryset = organizations


class VersionSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    rationale = forms.CharField(
        label=_("What changed and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a version copied from another: the changes as a whole, and why. Each"
            " criterion also carries its own reason."
        ),
    )
    rating_method = forms.ChoiceField(
        label=_("Rating method"),
        choices=CriteriaVersion.RatingMethod.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The rating matrix of PermenPANRB 6/2022 (results and behaviour rated above,"
            " meeting or below expectation), or the numeric score of PP 30/2019."
        ),
    )
    numeric_results_weight = forms.TypedChoiceField(
        label=_("Weights in the numeric method"),
        coerce=int,
        choices=[
            (70, _("Results 70 %, behaviour 30 %")),
            (60, _("Results 60 %, behaviour 40 % (with 360-degree behaviour appraisal)")),
        ],
        help_text=_("Used with the numeric method only (PP 30/2019 Pasal 41)."),
    )
    above_threshold = forms.DecimalField(
        label=_("Results score for “above expectation”"),
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "A results score from this value on suggests Di Atas Ekspektasi (at most 120)."
        ),
    )
    meets_threshold = forms.DecimalField(
        label=_("Results score for “meets expectation”"),
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "A results score from this value on suggests Sesuai Ekspektasi; below it, Di Bawah"
            " Ekspektasi. The appraiser may depart from the suggestion with a written reason."
        ),
    )

    @staticmethod
    def initial_for(version: CriteriaVersion) -> dict[str, Any]:
        return {
            "title": version.title,
            "rationale": version.rationale,
            "rating_method": version.rating_method,
            "numeric_results_weight": version.numeric_results_weight,
            "above_threshold": _plain(version.above_threshold),
            "meets_threshold": _plain(version.meets_threshold),
        }

    def to_settings(self) -> VersionSettings:
        data = self.cleaned_data
        return VersionSettings(
            title=data["title"],
            rationale=data["rationale"],
            rating_method=data["rating_method"],
            numeric_results_weight=data["numeric_results_weight"],
            above_threshold=data["above_threshold"],
            meets_threshold=data["meets_threshold"],
        )


def _aspect_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    results: list[tuple[str, str]] = []
    behaviour: list[tuple[str, str]] = []
    for value, label in Indicator.Aspect.choices:
        (results if value in RESULTS_ASPECT_VALUES else behaviour).append((value, str(label)))
    return [
        (str(_("Results side (hasil kerja)")), results),
        (str(_("Behaviour side (BerAKHLAK)")), behaviour),
    ]


class UnitMultipleChoiceField(forms.MultipleChoiceField):
    """Unit codes of the organisation, the tree shown by indentation."""

    def set_units(self, units: Iterable[OrgUnit]) -> None:
        units = list(units)
        base = min((unit.depth for unit in units), default=0)
        self.choices = [
            (unit.code, "\u00a0\u00a0\u00a0" * (unit.depth - base) + f"{unit.name} ({unit.code})")
            for unit in units
        ]


class IndicatorForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "Short and stable, e.g. layanan-tepat-waktu. A later version keeps the code, so"
            " that the comparison can match the criterion."
        ),
    )
    aspect = forms.ChoiceField(
        label=_("Aspect"),
        choices=_aspect_choices,
        help_text=_(
            "Efficiency, effectiveness and innovation form the results side and carry a"
            " weight; the seven BerAKHLAK values form the behaviour side."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    explanation = forms.CharField(
        label=_("Explanation in plain language"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone in scope reads this when they acknowledge the criteria."),
    )
    source = forms.ChoiceField(
        label=_("Measurement source"),
        choices=Indicator.Source.choices,
        help_text=_(
            "Where the measured value comes from. Service rates are fractions (0.9 is 90 %);"
            " a supervisor rubric is scored on its levels."
        ),
    )
    floor = forms.DecimalField(
        label=_("Floor (score 0)"),
        max_digits=12,
        decimal_places=4,
        help_text=_("At this value or worse the indicator scores 0."),
    )
    target = forms.DecimalField(
        label=_("Target (score 100)"),
        max_digits=12,
        decimal_places=4,
        help_text=_("Meeting the target scores 100."),
    )
    ceiling = forms.DecimalField(
        label=_("Ceiling (score 120)"),
        max_digits=12,
        decimal_places=4,
        help_text=_("At this value or better the indicator scores the maximum, 120."),
    )
    lower_is_better = forms.BooleanField(
        label=_("Lower is better"),
        required=False,
        help_text=_(
            "For a turnaround time or an error count: the floor is then the highest value"
            " and the ceiling the lowest."
        ),
    )
    weight = forms.DecimalField(
        label=_("Weight (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "Results side only. For every kind of employee, the weights of the results"
            " indicators that apply to them must add up to 100. Leave empty for behaviour."
        ),
    )
    position_kinds = forms.MultipleChoiceField(
        label=_("Applies to position types"),
        required=False,
        choices=Position.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every position type."),
    )
    unit_codes = UnitMultipleChoiceField(
        label=_("Applies to units"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "None chosen: every unit. A unit includes its sub-units. Hold Ctrl (or ⌘) to"
            " choose several."
        ),
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Indicators are listed by this number within their aspect."),
    )
    rationale = forms.CharField(
        label=_("Reason for this criterion or its change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the criterion is measured this way. Required in a version copied from"
            " another when the criterion is new or changed."
        ),
    )
    shaped_by = forms.TypedMultipleChoiceField(
        label=_("Shaped by proposals"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The proposals of this version's consultation rounds that led to it."),
    )

    def __init__(
        self,
        *args: Any,
        units: Iterable[OrgUnit],
        proposals: Iterable[Proposal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit_codes"]
        assert isinstance(unit_field, UnitMultipleChoiceField)  # noqa: S101 - declared above
        unit_field.set_units(units)
        proposal_choices = [
            (proposal.pk, f"#{proposal.pk} {proposal.title} — {proposal.round.title}")
            for proposal in proposals
        ]
        if proposal_choices:
            self.fields["shaped_by"].choices = proposal_choices  # type: ignore[attr-defined]
        else:
            del self.fields["shaped_by"]
        for number in range(1, RUBRIC_ROWS + 1):
            self.fields[f"level_{number}"] = forms.IntegerField(
                label=_("Level %(number)s") % {"number": number},
                required=False,
                min_value=0,
                max_value=99,
                initial=number,
            )
            self.fields[f"descriptor_{number}"] = forms.CharField(
                label=_("Descriptor of level %(number)s") % {"number": number},
                required=False,
                max_length=300,
            )
        self.rubric_errors: list[str] = []

    # -- rendering -------------------------------------------------------------------

    MAIN_FIELDS = ("code", "aspect", "name", "explanation", "source")
    CURVE_FIELDS = ("floor", "target", "ceiling", "lower_is_better")
    SCOPE_FIELDS = ("weight", "position_kinds", "unit_codes", "order")

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MAIN_FIELDS]

    def curve_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CURVE_FIELDS]

    def scope_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.SCOPE_FIELDS]

    def rubric_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"level_{number}"], self[f"descriptor_{number}"])
            for number in range(1, RUBRIC_ROWS + 1)
        ]

    def is_rubric(self) -> bool:
        return bool(self["source"].value() == Indicator.Source.SUPERVISOR_RUBRIC)

    def curve_example(self) -> list[tuple[Decimal, Decimal]]:
        """The worked example of the curve as entered (or stored): see
        ``criteria_tags.curve_examples``. Empty while the curve is incomplete."""
        points = []
        for name in ("floor", "target", "ceiling"):
            try:
                point = Decimal(str(self[name].value()))
            except ArithmeticError:
                return []
            if not point.is_finite():
                return []
            points.append(point)
        floor, target, ceiling = points
        return curve_examples(
            floor, target, ceiling, lower_is_better=bool(self["lower_is_better"].value())
        )

    def add_service_error(self, field: str | None, message: str) -> None:
        """Put a service's refusal on the field it names (the rubric as one block)."""
        if field == "levels":
            self.rubric_errors.append(message)
        else:
            self.add_error(field if field in self.fields else None, message)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.rubric_errors)

    # -- data ------------------------------------------------------------------------

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "code": indicator.code,
            "aspect": indicator.aspect,
            "name": indicator.name,
            "explanation": indicator.explanation,
            "source": indicator.source,
            "floor": _plain(indicator.floor),
            "target": _plain(indicator.target),
            "ceiling": _plain(indicator.ceiling),
            "lower_is_better": indicator.lower_is_better,
            "weight": _plain(indicator.weight),
            "position_kinds": list(indicator.position_kinds),
            "unit_codes": list(indicator.unit_codes),
            "order": indicator.order,
            "rationale": indicator.rationale,
            "shaped_by": [proposal.pk for proposal in indicator.shaped_by.all()],
        }
        for number, level in enumerate(indicator.levels.all(), start=1):
            if number > RUBRIC_ROWS:
                break
            initial[f"level_{number}"] = level.level
            initial[f"descriptor_{number}"] = level.descriptor
        return initial

    def to_input(self) -> IndicatorInput:
        data = self.cleaned_data
        levels: list[tuple[int, str]] = []
        if data["source"] == Indicator.Source.SUPERVISOR_RUBRIC:
            # A row counts once it has a descriptor; its number defaults to its position.
            for number in range(1, RUBRIC_ROWS + 1):
                descriptor = data[f"descriptor_{number}"].strip()
                level = data[f"level_{number}"]
                if descriptor:
                    levels.append((number if level is None else level, descriptor))
        return IndicatorInput(
            code=data["code"],
            aspect=data["aspect"],
            name=data["name"],
            explanation=data["explanation"],
            source=data["source"],
            floor=data["floor"],
            target=data["target"],
            ceiling=data["ceiling"],
            lower_is_better=data["lower_is_better"],
            weight=data["weight"],
            position_kinds=tuple(data["position_kinds"]),
            unit_codes=tuple(data["unit_codes"]),
            order=data["order"],
            rationale=data["rationale"],
            levels=tuple(levels),
            shaped_by=tuple(data.get("shaped_by") or ()),
        )


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log with the change, e.g. the decree that adopts it."),
    )


class ComprehensionCheckForm(forms.Form):
    """Up to three multiple-choice questions; a question left entirely blank is dropped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        correct_choices = [
            (str(number), _("Choice %(number)s") % {"number": number})
            for number in range(1, CHECK_CHOICES + 1)
        ]
        for question in range(1, CHECK_QUESTIONS + 1):
            self.fields[f"q{question}_text"] = forms.CharField(
                label=_("Question"),
                required=False,
                max_length=300,
            )
            for choice in range(1, CHECK_CHOICES + 1):
                label = _("Choice %(number)s") % {"number": choice}
                self.fields[f"q{question}_choice_{choice}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=200,
                    widget=forms.TextInput(attrs={"placeholder": label}),
                )
            self.fields[f"q{question}_correct"] = forms.ChoiceField(
                label=_("Correct choice"),
                required=False,
                choices=correct_choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"q{question}_explanation"] = forms.CharField(
                label=_("Explanation of the answer"),
                required=False,
                max_length=300,
                help_text=_("Shown after answering, whether right or wrong."),
            )

    def questions(self) -> list[dict[str, Any]]:
        """The fields of each question, for the template: each choice with whether it
        is the one marked correct."""
        result = []
        for question in range(1, CHECK_QUESTIONS + 1):
            correct = self[f"q{question}_correct"]
            marked = str(correct.value() or "")
            result.append(
                {
                    "number": question,
                    "text": self[f"q{question}_text"],
                    "choices": [
                        {
                            "number": choice,
                            "field": self[f"q{question}_choice_{choice}"],
                            "is_correct": marked == str(choice),
                        }
                        for choice in range(1, CHECK_CHOICES + 1)
                    ],
                    "correct": correct,
                    "explanation": self[f"q{question}_explanation"],
                }
            )
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question in range(1, CHECK_QUESTIONS + 1):
            text = data.get(f"q{question}_text", "").strip()
            choices = [
                data.get(f"q{question}_choice_{choice}", "").strip()
                for choice in range(1, CHECK_CHOICES + 1)
            ]
            if not text and not any(choices):
                continue
            if not text:
                self.add_error(f"q{question}_text", _("Write the question."))
            if sum(1 for choice in choices if choice) < 2:
                self.add_error(f"q{question}_choice_1", _("Give at least two choices."))
            correct = data.get(f"q{question}_correct")
            if not correct:
                self.add_error(f"q{question}_correct", _("Mark the correct choice."))
            elif not choices[int(correct) - 1]:
                self.add_error(f"q{question}_correct", _("The choice marked correct is empty."))
        return data

    @staticmethod
    def initial_for(questions: Iterable[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for question, stored in enumerate(questions, start=1):
            if question > CHECK_QUESTIONS:
                break
            initial[f"q{question}_text"] = stored.text
            for choice, text in enumerate(stored.choices[:CHECK_CHOICES], start=1):
                initial[f"q{question}_choice_{choice}"] = text
            initial[f"q{question}_correct"] = str(stored.correct_choice + 1)
            initial[f"q{question}_explanation"] = stored.explanation
        return initial

    def to_questions(self) -> list[QuestionInput]:
        data = self.cleaned_data
        result = []
        for question in range(1, CHECK_QUESTIONS + 1):
            text = data[f"q{question}_text"].strip()
            choices = [
                data[f"q{question}_choice_{choice}"] for choice in range(1, CHECK_CHOICES + 1)
            ]
            if not text and not any(choice.strip() for choice in choices):
                continue
            result.append(
                QuestionInput(
                    text=text,
                    choices=choices,
                    correct_choice=int(data[f"q{question}_correct"]) - 1,
                    explanation=data[f"q{question}_explanation"],
                )
            )
        return result


class VersionChoiceField(forms.ModelChoiceField[CriteriaVersion]):
    def label_from_instance(self, obj: CriteriaVersion) -> str:
        return f"{obj.label} — {obj.title} ({obj.get_status_display()})"


class CompareForm(forms.Form):
    """Two versions to compare, from those the viewer may read."""

    a = VersionChoiceField(label=_("Older version"), queryset=CriteriaVersion.objects.none())
    b = VersionChoiceField(label=_("Newer version"), queryset=CriteriaVersion.objects.none())

    def __init__(self, *args: Any, versions: QuerySet[CriteriaVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, VersionChoiceField)  # noqa: S101 - declared above
            field.queryset = versions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        older, newer = data.get("a"), data.get("b")
        if older is not None and newer is not None:
            if older.pk == newer.pk:
                raise forms.ValidationError(_("Choose two different versions."))
            if older.organization_id != newer.organization_id:
                raise forms.ValidationError(
                    _("Only versions of the same organisation can be compared.")
                )
        return data
