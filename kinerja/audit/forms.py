"""The filters of the audit page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.audit.models import AuditAction
from kinerja.audit.selectors import AuditFilter

_DATE_ERRORS = {"invalid": _("Enter a valid date, for example 17-08-2026.")}


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    target_type = forms.ChoiceField(label=_("Target type"), required=False)
    q = forms.CharField(label=_("Target (name or id)"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, target_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _("All"))
        self.fields["action"].choices = [everything, *AuditAction.choices]  # type: ignore[attr-defined]
        self.fields["target_type"].choices = [  # type: ignore[attr-defined]
            everything,
            *((name, name) for name in target_types if name),
        ]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        date_from, date_to = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def to_filter(self) -> AuditFilter:
        """The filters that are valid; an invalid field narrows nothing (its error shows)."""
        if not self.is_bound:
            return AuditFilter()
        self.is_valid()
        data = self.cleaned_data
        return AuditFilter(
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            target_type=data.get("target_type") or "",
            search=(data.get("q") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
