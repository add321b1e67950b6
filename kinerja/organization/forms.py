from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.tabular import UnreadableFile, check_suffix
from kinerja.organization.importers.common import ImportKind
from kinerja.organization.importers.uploads import MAX_UPLOAD_BYTES
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


class ImportUploadForm(forms.Form):
    kind = forms.TypedChoiceField(
        label=_("What does the file hold?"),
        choices=ImportKind.choices,
        coerce=ImportKind,
        initial=ImportKind.UNITS,  # the first file to import
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            ".csv (UTF-8, separated by commas or semicolons) or .xlsx (the first sheet is"
            " read), at most 20 MB, with the column names in the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        try:
            check_suffix(upload.name or "")
        except UnreadableFile as exc:
            raise forms.ValidationError(str(exc)) from exc
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 20 MB; split it into smaller files.")
            )
        return upload
