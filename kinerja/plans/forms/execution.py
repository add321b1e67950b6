"""The forms of the realisation page. Shape only; the rules (who records, which periods,
number or narrative, which files) live in ``services.execution`` and ``uploads``."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.plans.models import PerformancePlan, ResultIndicator
from kinerja.plans.services.execution import (
    DESCRIPTION_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    URL_MAX_LENGTH,
)
from kinerja.plans.uploads import ACCEPTED_KINDS

_ACCEPT = ",".join(
    sorted(f".{extension}" for kind in ACCEPTED_KINDS for extension in kind.name_extensions)
)


class RealisationForm(forms.Form):
    value = forms.DecimalField(
        label=_("Realisation"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=4,
        localize=True,
    )
    narrative = forms.CharField(
        label=_("What was achieved"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, plan: PerformancePlan, indicator: ResultIndicator, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if plan.approach == PerformancePlan.Approach.QUALITATIVE:
            # A qualitative SKP is realised in words only.
            del self.fields["value"]
            self.fields["narrative"].required = True
            self.fields["narrative"].help_text = _(
                "Describe the result against the target as written in the SKP."
            )
            return
        value = self.fields["value"]
        if indicator.unit:
            value.label = _("Realisation (%(unit)s)") % {"unit": indicator.unit}
        if indicator.target_min is not None:
            value.required = True
            self.fields["narrative"].help_text = _(
                "Explain the number if it helps, for example what held it back."
            )
        else:
            self.fields["narrative"].help_text = _(
                "This IKI has a described target: say what was achieved."
            )


class EvidenceFileForm(forms.Form):
    prefix = "file"

    description = forms.CharField(label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH)
    upload = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
        # Emptiness, size and type are checked by the service, with its own messages.
        allow_empty_file=True,
    )


class EvidenceLinkForm(forms.Form):
    prefix = "link"

    description = forms.CharField(label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH)
    url = forms.URLField(
        label=_("Link"),
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        help_text=_("A shared folder or document, for example on the office's drive."),
    )
