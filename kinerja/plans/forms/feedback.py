"""The forms of the feedback pages. Shape only; who may give or answer feedback, and on
which plans, is decided in ``services.feedback``."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import Period
from kinerja.plans.models import WorkResult
from kinerja.plans.selectors.feedback import MAX_SEARCH_LENGTH, FeedbackFilter, Topic
from kinerja.plans.services.feedback import TEXT_MAX_LENGTH

_RESULT_PREFIX = "rhk-"
_VALUE_PREFIX = "nilai-"


class FeedbackForm(forms.Form):
    about = forms.ChoiceField(label=_("About"))
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=Period.objects.none(),
        required=False,
        empty_label=_("— the year in general —"),
        to_field_name="code",
    )
    text = forms.CharField(
        label=_("Feedback"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Base it on what you saw or on the evidence, and say what to keep or change."),
    )

    def __init__(
        self,
        *args: Any,
        results: Sequence[WorkResult],
        periods: Sequence[Period],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._results = {f"{_RESULT_PREFIX}{result.pk}": result for result in results}
        about = self.fields["about"]
        assert isinstance(about, forms.ChoiceField)  # noqa: S101 - declared above
        about.choices = [
            ("", _("— choose —")),
            (
                _("Work results (RHK)"),
                [(key, str(result)) for key, result in self._results.items()],
            ),
            (
                _("Work behaviour (BerAKHLAK)"),
                [(f"{_VALUE_PREFIX}{value.code}", value.name) for value in CORE_VALUES],
            ),
        ]
        period = self.fields["period"]
        assert isinstance(period, forms.ModelChoiceField)  # noqa: S101 - declared above
        period.queryset = Period.objects.filter(pk__in=[p.pk for p in periods])

    def subject(self) -> dict[str, Any]:
        """``work_result`` and ``behaviour_value`` for the service, from ``about``."""
        about = self.cleaned_data["about"]
        if about.startswith(_VALUE_PREFIX):
            return {"work_result": None, "behaviour_value": about.removeprefix(_VALUE_PREFIX)}
        return {"work_result": self._results[about], "behaviour_value": ""}


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH)
    topic = forms.ChoiceField(
        label=_("About"),
        required=False,
        choices=[(topic.value, topic.label) for topic in Topic],
    )

    def to_filter(self) -> FeedbackFilter:
        """The valid filters; an invalid value narrows nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return FeedbackFilter(
            search=(data.get("q") or "").strip(), topic=Topic(data.get("topic") or Topic.ALL)
        )

    @property
    def is_filtered(self) -> bool:
        filters = self.to_filter()
        return bool(filters.search or filters.topic != Topic.ALL)
