"""Formatting for the criteria pages: status badges, measured values in the unit of their
source (a rate as a percentage), worked examples of a scoring curve, and the fields and
values of a comparison in words."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import Stage, curve_problem, curve_score
from kinerja.organization.models import Position

register = template.Library()

NO_VALUE = "—"
# Sources whose values are rates between 0 and 1, shown as percentages.
RATE_SOURCES = frozenset(
    {Indicator.Source.SERVICE_ON_TIME.value, Indicator.Source.SERVICE_FIRST_TIME_RIGHT.value}
)
_BADGES = {
    Stage.DRAFT.value: "badge",
    Stage.CONSULTATION.value: "badge badge-open",
    Stage.ADOPTED.value: "badge badge-warn",
    Stage.PUBLISHED.value: "badge badge-ok",
    Stage.RETIRED.value: "badge",
}


@register.filter
def status_badge(status: str) -> str:
    """The CSS classes of a version's status badge: the version in force stands out."""
    return _BADGES.get(str(status), "badge")


def plain(value: Decimal) -> Decimal:
    """0.9000 as 0.9 and 100.00 as 100, without normalize()'s 1E+2."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def number(value: Decimal | int) -> str:
    """A number in the current locale, without trailing zeros: 0,9 · 100 · 12,5."""
    if isinstance(value, Decimal):
        value = plain(value)
    return formats.number_format(value, use_l10n=True)


@register.filter
def measure(value: Decimal | None, source: str) -> str:
    """A measured value in the unit of its ``source``: a rate as a percentage (0.9 →
    90%), anything else as a number (a rubric level, a credit)."""
    if value is None:
        return NO_VALUE
    if str(source) in RATE_SOURCES:
        return number(Decimal(value) * 100) + "%"
    return number(Decimal(value))


@register.filter
def score(value: Decimal | None) -> str:
    return NO_VALUE if value is None else number(value)


def curve_examples(
    floor: Decimal, target: Decimal, ceiling: Decimal, *, lower_is_better: bool
) -> list[tuple[Decimal, Decimal]]:
    """Measured values with their scores: the floor, halfway to the target, the target,
    halfway to the ceiling and the ceiling. Empty for a curve out of order."""
    if curve_problem(floor, target, ceiling, lower_is_better=lower_is_better):
        return []
    values = [floor, (floor + target) / 2, target, (target + ceiling) / 2, ceiling]
    return [
        (
            plain(value),
            curve_score(
                value, floor=floor, target=target, ceiling=ceiling, lower_is_better=lower_is_better
            ),
        )
        for value in values
    ]


@register.filter
def examples(indicator: Indicator) -> list[tuple[Decimal, Decimal]]:
    """The worked example of an indicator's curve (see :func:`curve_examples`)."""
    return curve_examples(
        indicator.floor,
        indicator.target,
        indicator.ceiling,
        lower_is_better=indicator.lower_is_better,
    )


@register.filter
def unit_label(code: str, names: Mapping[str, str]) -> str:
    """ "Seksi Pelayanan (PEL)" for a unit code, the code alone if the unit is gone."""
    name = names.get(code)
    return f"{name} ({code})" if name else code


# -- the comparison ---------------------------------------------------------------------

_SPECIAL_LABELS = {
    "rubric": lambda: _("rubric levels"),
    "numeric_results_weight": lambda: _("weights in the numeric method"),
}


@register.filter
def diff_label(field: str) -> str:
    """The name of a compared field as the forms call it."""
    special = _SPECIAL_LABELS.get(field)
    if special is not None:
        return capfirst(special())
    for model in (Indicator, CriteriaVersion):
        try:
            model_field = model._meta.get_field(field)
        except FieldDoesNotExist:
            continue
        return capfirst(str(getattr(model_field, "verbose_name", field)))
    return capfirst(field.replace("_", " "))


def _choice_label(choices: Any, value: Any) -> str:
    return str(dict(choices).get(value, value))


@register.filter
def diff_value(value: Any, field: str) -> str:  # noqa: PLR0911 - one format per kind of field
    """A compared value in words: labels for coded values, lists joined, Decimals
    without trailing zeros, and "—" for nothing."""
    if value is None or value in ("", (), []):
        return NO_VALUE
    if field == "aspect":
        return _choice_label(Indicator.Aspect.choices, value)
    if field == "source":
        return _choice_label(Indicator.Source.choices, value)
    if field == "rating_method":
        return _choice_label(CriteriaVersion.RatingMethod.choices, value)
    if field == "numeric_results_weight":
        return f"{value}/{100 - int(value)}"
    if field == "position_kinds":
        return ", ".join(_choice_label(Position.Kind.choices, kind) for kind in value)
    if field == "rubric":
        return "; ".join(f"{level}: {descriptor}" for level, descriptor in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(item) for item in value)
    return str(value)
