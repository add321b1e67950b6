"""The forms of the alert pages. Shape only: whether a reason or goals are enough, and
who may decide, are the rules of ``services.alerts``."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.monitoring.models import Alert
from kinerja.monitoring.selectors.alerts import MAX_SEARCH_LENGTH
from kinerja.monitoring.services.alerts import REASON_MAX_LENGTH


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Alert.Status.choices],
        required=False,
    )
    q = forms.CharField(label=_("Name or NIP"), max_length=MAX_SEARCH_LENGTH, required=False)

    def values(self) -> tuple[str, str]:
        """The status and search to apply; blank for any invalid input."""
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["status"], self.cleaned_data["q"].strip()


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why no coaching case is needed"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. a known, temporary cause such as sick leave or a system outage."),
    )


class CoachingForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the case is opened"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Starts with the alert in words; add what you know."),
    )
    goals = forms.CharField(
        label=_("Goals of the case"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What should have improved by the end of the six-month window."),
    )

    def __init__(self, *args: Any, joins_case: bool = False, **kwargs: Any) -> None:
        """``joins_case``: the employee already has an active case, which the alert joins;
        the case keeps its own reason and goals."""
        super().__init__(*args, **kwargs)
        if joins_case:
            del self.fields["reason"]
            del self.fields["goals"]
