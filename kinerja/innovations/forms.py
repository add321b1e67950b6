"""The forms of the innovation pages. Shape only; the rules (who may submit, review or
decide, the team's size, the rubric's scale, when verification is allowed) live in
``services`` and ``rules``."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.criteria.models import InnovationRubricCriterion
from kinerja.innovations.selectors import (
    MAX_SEARCH_LENGTH,
    InnovationFilter,
    QueueFilter,
    QueueState,
)
from kinerja.innovations.services import InnovationInput
from kinerja.organization.models import Employee

_DATE_ERRORS = {"invalid": _("Enter a valid date, for example 17-08-2026.")}


class ColleagueField(forms.ModelMultipleChoiceField[Employee]):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.name} — {obj.position.name}, {obj.unit.name}"


class InnovationForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A short name colleagues will recognise, e.g. “Online queue via WhatsApp”."),
    )
    problem = forms.CharField(
        label=_("The problem"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went wrong or took too long before, and for whom?"),
    )
    change = forms.CharField(
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What do you do differently now? Describe it so another unit could copy it."),
    )
    since = forms.DateField(
        label=_("In use since"),
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What shows that it is in use: records, photos, a standard operating procedure…"
        ),
    )
    evidence_url = forms.URLField(
        label=_("Link to the evidence"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A shared folder or document, if there is one."),
    )
    effect = forms.CharField(
        label=_("Measured effect"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What got better, by how much, measured how? Numbers before and after help."),
    )
    co_members = ColleagueField(
        label=_("Colleagues in the team"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Leave empty if the innovation is yours alone. Every member earns the full credit."
            " Hold Ctrl (or Cmd) to choose several."
        ),
    )

    def __init__(self, *args: Any, colleagues: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["co_members"]
        assert isinstance(field, ColleagueField)  # noqa: S101 - declared above
        field.queryset = colleagues

    def to_input(self) -> InnovationInput:
        data = self.cleaned_data
        return InnovationInput(
            title=data["title"],
            problem=data["problem"],
            change=data["change"],
            since=data["since"],
            evidence=data["evidence"],
            evidence_url=data.get("evidence_url") or "",
            effect=data["effect"],
            co_members=[employee.pk for employee in data.get("co_members") or []],
        )


def points_field_name(criterion: InnovationRubricCriterion) -> str:
    return f"points_{criterion.code}"


class ReviewForm(forms.Form):
    """One radio group per rubric criterion (0 to its highest points), then a comment."""

    comment = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why these scores? The panel and, after the decision, the team read it."),
    )

    def __init__(self, *args: Any, rubric: list[InnovationRubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        comment = self.fields.pop("comment")
        for criterion in rubric:
            self.fields[points_field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.descriptor,
                choices=[(str(points), str(points)) for points in range(criterion.max_points + 1)],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields["comment"] = comment

    def to_points(self) -> dict[str, int]:
        return {
            criterion.code: self.cleaned_data[points_field_name(criterion)]
            for criterion in self.rubric
        }


class DecisionForm(forms.Form):
    VERIFY, REJECT = "verifikasi", "tolak"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(VERIFY, _("Verify")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The team reads it; when the innovation is verified, everyone in the office does."
        ),
    )

    def is_verification(self) -> bool:
        return bool(self.cleaned_data["decision"] == self.VERIFY)


class ReviewerField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        employee = obj.employee
        return f"{employee.name} — {employee.position.name}, {employee.unit.name}"


class AppointForm(forms.Form):
    reviewers = ReviewerField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "They form the innovation's panel instead of the whole evaluation team. Choose"
            " none to give the review back to the evaluation team. Hold Ctrl (or Cmd) to"
            " choose several."
        ),
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewers"]
        assert isinstance(field, ReviewerField)  # noqa: S101 - declared above
        field.queryset = candidates

    def reviewer_ids(self) -> list[int]:
        return [user.pk for user in self.cleaned_data.get("reviewers") or []]


class InnovationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = [("", _("All years")), *((str(year), str(year)) for year in years)]

    def to_filter(self) -> InnovationFilter:
        """The valid filters; an invalid value narrows nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return InnovationFilter(search=data.get("q") or "", year=data.get("year"))


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH)
    state = forms.ChoiceField(label=_("Show"), required=False, choices=QueueState.choices)

    def to_filter(self) -> QueueFilter:
        """The valid filters; an invalid value narrows nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return QueueFilter(search=data.get("q") or "", state=data.get("state") or QueueState.OPEN)
