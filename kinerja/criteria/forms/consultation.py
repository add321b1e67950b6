"""The forms of the consultation pages. Shape only; the rules (who may post, whether the
round is open, which kinds need an indicator) live in ``services.consultation``."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.criteria.models import Indicator, Proposal, Vote
from kinerja.criteria.selectors.consultation import (
    MAX_SEARCH_LENGTH,
    DecisionStatus,
    ProposalFilter,
    ProposalSort,
    RoundFilter,
    RoundState,
)

DEFAULT_ROUND_DAYS = 14
_DATE_ERRORS = {"invalid": _("Enter a valid date, for example 17-08-2026.")}


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question to participants"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What should employees think about? For example: which criteria measure the"
            " work of the front desk fairly, and which weights feel wrong?"
        ),
    )
    opens_on = _date_field(_("Opens on"))
    closes_on = _date_field(_("Closes on"))

    @staticmethod
    def initial_for(*, title: str, today: date) -> dict[str, Any]:
        return {
            "title": title,
            "opens_on": today,
            "closes_on": today + timedelta(days=DEFAULT_ROUND_DAYS),
        }


class IndicatorChoiceField(forms.ModelChoiceField[Indicator]):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} — {obj.name}"


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you propose?"), choices=Proposal.Kind.choices)
    indicator = IndicatorChoiceField(
        label=_("Indicator concerned"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— none (a new indicator) —"),
        help_text=_("Leave empty when you propose a new indicator."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Proposal and reasons"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What should change, and why? Concrete examples from daily work help the"
            " evaluation team decide."
        ),
    )
    is_anonymous = forms.BooleanField(
        label=_("Post anonymously"),
        required=False,
        help_text=_(
            "Nobody, not even the evaluation team or the HR admin, will see that you wrote"
            " it. You will still see it as yours."
        ),
    )

    def __init__(self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, IndicatorChoiceField)  # noqa: S101 - declared above
        field.queryset = indicators


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
    is_anonymous = forms.BooleanField(label=_("Comment anonymously"), required=False)


class VoteForm(forms.Form):
    """An empty stance withdraws the vote."""

    stance = forms.ChoiceField(
        label=_("Vote"), choices=[("", ""), *Vote.Stance.choices], required=False
    )

    def stance_or_none(self) -> str | None:
        return self.cleaned_data.get("stance") or None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Proposal.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone reads it, the author first. Say what will change in the criteria."),
    )


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *RoundState.choices]
    )

    def to_filter(self) -> RoundFilter:
        """The valid filters; an invalid value narrows nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RoundFilter(search=data.get("q") or "", state=data.get("state") or "")


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Proposal.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("All")), *DecisionStatus.choices],
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=ProposalSort.choices)

    def to_filter(self) -> ProposalFilter:
        """The valid filters; an invalid value narrows nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ProposalFilter(
            search=data.get("q") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            sort=data.get("sort") or ProposalSort.NEWEST,
        )

    @property
    def is_filtered(self) -> bool:
        filters = self.to_filter()
        return bool(filters.search.strip() or filters.kind or filters.status)
