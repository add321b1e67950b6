from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.organization.models import PerformanceYear


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    periodicity = forms.ChoiceField(
        label=_("Periodic evaluation"),
        choices=PerformanceYear.Periodicity.choices,
        initial=PerformanceYear.Periodicity.MONTHLY,
        help_text=_("e-Kinerja BKN evaluates monthly; a quarterly rhythm is also allowed."),
    )
    rating_method = forms.ChoiceField(
        label=_("Rating method"),
        choices=PerformanceYear.RatingMethod.choices,
        initial=PerformanceYear.RatingMethod.QUADRANT_6_2022,
    )
    skp_deadline = forms.DateField(
        label=_("SKP adoption deadline"),
        required=False,
        help_text=_("Leave empty for 31 January of that year."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, deadline = cleaned.get("year"), cleaned.get("skp_deadline")
        if year and PerformanceYear.objects.filter(year=year).exists():
            self.add_error("year", _("Performance year %(year)s already exists.") % {"year": year})
        if year and isinstance(deadline, date) and deadline.year not in (year - 1, year):
            self.add_error(
                "skp_deadline",
                _("The deadline must fall in %(year)s or the year before.") % {"year": year},
            )
        return cleaned
