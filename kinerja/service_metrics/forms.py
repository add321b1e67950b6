"""The service-type form of the catalogue. Shape only; the rules (unique code, a code
fixed once tasks exist, who may save) live in ``services.catalogue``."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.organization.models import OrgUnit
from kinerja.service_metrics.models import ServiceType


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        # Indented by depth, so the tree reads in a plain <select>.
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


class ServiceTypeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The code front-desk systems and import files use (layanan_kode), e.g. SKD."
            " It cannot change once tasks have been recorded."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = UnitChoiceField(
        label=_("Responsible unit"), queryset=OrgUnit.objects.none(), to_field_name="code"
    )
    standard_value = forms.DecimalField(
        label=_("Service standard"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        help_text=_(
            "The time within which the office promises to finish the service, counted in"
            " working time. A changed standard applies to tasks recorded from then on;"
            " tasks already recorded keep the standard they were recorded with."
        ),
    )
    standard_unit = forms.ChoiceField(label=_("Time unit"), choices=ServiceType.Unit.choices)
    is_active = forms.BooleanField(
        label=_("In service"),
        required=False,
        initial=True,
        help_text=_("A service no longer offered stays in the catalogue for its history."),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        code_locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, UnitChoiceField)  # noqa: S101 - declared above
        unit_field.queryset = units
        if code_locked:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _(
                "Tasks have been recorded under this code, so it can no longer change."
            )

    @staticmethod
    def initial_for(service_type: ServiceType) -> dict[str, Any]:
        return {
            "code": service_type.code,
            "name": service_type.name,
            "unit": service_type.unit.code,
            "standard_value": _plain(service_type.standard_value),
            "standard_unit": service_type.standard_unit,
            "is_active": service_type.is_active,
        }


def _plain(value: Decimal) -> Decimal:
    """4.00 as 4 and 1.50 as 1.5 in the input, without normalize()'s 1E+1 for 10."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
