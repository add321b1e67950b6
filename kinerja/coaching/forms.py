"""The forms of the coaching pages. They check shape only; who may do what, and the rules
of a case, are in ``services``."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.coaching.models import CoachingCase
from kinerja.coaching.selectors import MAX_SEARCH_LENGTH, CaseFilter
from kinerja.coaching.services import PLACE_MAX_LENGTH, TEXT_MAX_LENGTH
from kinerja.organization.models import Employee


def _text(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person(employee: Employee) -> str:
    return f"{employee.name} — {employee.position.name}"


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, position or NIP"), required=False, max_length=MAX_SEARCH_LENGTH
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=CoachingCase.Status.choices
    )

    def to_filter(self) -> CaseFilter:
        if not self.is_valid():
            return CaseFilter()
        return CaseFilter(
            status=self.cleaned_data["status"] or CoachingCase.Status.ACTIVE,
            search=self.cleaned_data["q"],
        )


class OpenCaseForm(forms.Form):
    employee = forms.CharField(label=_("Employee"), max_length=18)
    reason = forms.CharField(
        label=_("Why the case is opened"),
        max_length=TEXT_MAX_LENGTH,
        widget=_text(),
        help_text=_(
            "What declined, since when and on which evidence (ratings, service figures,"
            " an early-warning alert)."
        ),
    )
    goals = forms.CharField(
        label=_("Goals"),
        max_length=TEXT_MAX_LENGTH,
        widget=_text(),
        help_text=_("What should be reached by the end of the 6-month improvement window."),
    )

    def __init__(
        self, *args: Any, candidates: Sequence[Employee] | None = None, **kwargs: Any
    ) -> None:
        """``candidates``: the people to choose from (a select); None asks for a NIP."""
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        if candidates is None:
            field.label = _("NIP of the employee")
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        else:
            field.widget = forms.Select(
                choices=[("", "—")] + [(person.nip, _person(person)) for person in candidates]
            )


class GoalsForm(forms.Form):
    goals = forms.CharField(label=_("Goals"), max_length=TEXT_MAX_LENGTH, widget=_text(6))


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=_date())
    participants = forms.CharField(
        label=_("Participants"),
        max_length=TEXT_MAX_LENGTH,
        widget=_text(2),
        help_text=_("Everyone who took part, with their position."),
    )
    notes = forms.CharField(
        label=_("What was discussed"), max_length=TEXT_MAX_LENGTH, widget=_text(6)
    )
    agreements = forms.CharField(
        label=_("Agreements"), max_length=TEXT_MAX_LENGTH, widget=_text(), required=False
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=TEXT_MAX_LENGTH, widget=_text(3))
    owner = forms.ChoiceField(
        label=_("Owner"), help_text=_("The employee, the coach or a superior in the line.")
    )
    due_on = forms.DateField(label=_("Due on"), widget=_date())

    def __init__(self, *args: Any, owners: Sequence[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owners = {str(person.pk): person for person in owners}
        field = self.fields["owner"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(key, _person(person)) for key, person in self._owners.items()]

    def clean_owner(self) -> Employee:
        return self._owners[self.cleaned_data["owner"]]


class _PersonChoiceField(forms.ModelChoiceField[Employee]):
    def label_from_instance(self, obj: Employee) -> str:
        return _person(obj)


class CounsellingForm(forms.Form):
    counsellor = _PersonChoiceField(
        label=_("Counsellor"),
        queryset=Employee.objects.none(),
        help_text=_(
            "The coach, an appraiser trained in counselling, or an official whose function is"
            " counselling (PermenPANRB 8/2021)."
        ),
    )
    held_on = forms.DateField(label=_("Date"), widget=_date())
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX_LENGTH)
    problems = forms.CharField(
        label=_("Problems identified"), max_length=TEXT_MAX_LENGTH, widget=_text()
    )
    causes = forms.CharField(label=_("Causes"), max_length=TEXT_MAX_LENGTH, widget=_text())
    solutions = forms.CharField(
        label=_("Solutions agreed"), max_length=TEXT_MAX_LENGTH, widget=_text()
    )
    follow_up = forms.ChoiceField(
        label=_("Recommended follow-up"),
        choices=[("", "—"), *CoachingCase.FollowUp.choices],
        required=False,
    )

    def __init__(self, *args: Any, counsellors: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["counsellor"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = counsellors


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=TEXT_MAX_LENGTH, widget=_text(3))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=CoachingCase.Outcome.choices,
        widget=forms.RadioSelect,
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        choices=[("", "—"), *CoachingCase.FollowUp.choices],
        required=False,
        help_text=_("Required when the case is escalated."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=TEXT_MAX_LENGTH,
        widget=_text(),
        help_text=_("What the decision rests on: the results in the window, the agreements kept."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the outcome with the employee's records."),
        required=True,
        error_messages={"required": _("Confirm the outcome.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == CoachingCase.Outcome.ESCALATED and not data.get("follow_up"):
            self.add_error("follow_up", _("An escalated case needs its follow-up."))
        return data
