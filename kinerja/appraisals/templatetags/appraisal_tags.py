"""Formatting for the appraisal pages: the distribution curve of a calibration ("kurva",
SE MenPANRB 3/2023) drawn as inline SVG on the server, violations of the pattern in
words, and the labels and badges of predicates and statuses.

    {% load appraisal_tags %}
    {% distribution_chart spread calibration.org_predicate %}
    {% for violation in spread.violations %}<li>{{ violation|violation_text }}</li>{% endfor %}
"""

import math
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext as _

from kinerja.appraisals.presentation import (
    OrgPredicateDescriptor,
    evaluation_status_label,
    org_predicate_descriptor,
    period_name,
    predicate_name,
    predicate_names,
    rule_label,
    violation_message,
)
from kinerja.appraisals.scoring import (
    ORG_PREDICATE_LABELS,
    DistributionViolation,
    OrgPredicate,
    Predicate,
)
from kinerja.appraisals.selectors.calibration import Distribution
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.organization.models import Period

register = template.Library()

# The curve's geometry, in SVG user units (the stylesheet scales it to the page width).
CHART_WIDTH = 640
CHART_HEIGHT = 292
_PLOT_LEFT = 44
_PLOT_RIGHT = CHART_WIDTH - 8
_PLOT_TOP = 24
_BASELINE = 224
_LABEL_Y = 246
_RANGE_Y = 268
_BAND_INSET = 14
_BAR_WIDTH = 34
# A range of one value (minimum = maximum) is still drawn, as a thin band.
_THINNEST_BAND = 3.0
_TICKS = 4

_BADGES = {
    EvaluationStatus.DRAFT.value: "badge badge-warn",
    EvaluationStatus.SUBMITTED.value: "badge badge-open",
    EvaluationStatus.DELIVERED.value: "badge badge-ok",
    EvaluationStatus.OBJECTED.value: "badge badge-error",
    EvaluationStatus.DECIDED.value: "badge",
}


@dataclass(frozen=True)
class ChartColumn:
    """One predicate's column: its count as a bar, the allowed range as a band behind
    it. Coordinates are strings already, so that no locale writes "12,5" into the SVG."""

    predicate: Predicate
    label: str
    count: int
    minimum: int
    maximum: int
    is_within: bool
    centre: str
    band_x: str
    band_y: str
    band_width: str
    band_height: str
    bar_x: str
    bar_y: str
    bar_width: str
    bar_height: str
    count_y: str


@dataclass(frozen=True)
class ChartTick:
    value: int
    y: str


@dataclass(frozen=True)
class GroupNote:
    """A minimum over several predicates together, which no single band can show."""

    names: str
    minimum: int
    actual: int

    @property
    def is_met(self) -> bool:
        return self.actual >= self.minimum


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def _scale_top(peak: int) -> tuple[int, int]:
    """The top of the scale and its tick step: whole employees, about four ticks."""
    step = max(1, math.ceil(peak / _TICKS))
    return step * math.ceil(max(peak, 1) / step), step


def _y(value: int, top: int) -> float:
    return _BASELINE - (_BASELINE - _PLOT_TOP) * value / top


def chart_columns(distribution: Distribution) -> tuple[list[ChartColumn], list[ChartTick]]:
    """The columns and the scale of the curve, best predicate first."""
    top, step = _scale_top(distribution.peak)
    width = (_PLOT_RIGHT - _PLOT_LEFT) / max(len(distribution.bars), 1)
    columns = []
    for index, bar in enumerate(distribution.bars):
        left = _PLOT_LEFT + index * width
        centre = left + width / 2
        band_top, band_bottom = _y(bar.maximum, top), _y(bar.minimum, top)
        if band_bottom - band_top < _THINNEST_BAND:
            middle = (band_top + band_bottom) / 2
            band_top, band_bottom = middle - _THINNEST_BAND / 2, middle + _THINNEST_BAND / 2
        bar_top = _y(bar.count, top)
        columns.append(
            ChartColumn(
                predicate=bar.predicate,
                label=predicate_name(bar.predicate),
                count=bar.count,
                minimum=bar.minimum,
                maximum=bar.maximum,
                is_within=bar.is_within,
                centre=_coordinate(centre),
                band_x=_coordinate(left + _BAND_INSET),
                band_y=_coordinate(band_top),
                band_width=_coordinate(width - 2 * _BAND_INSET),
                band_height=_coordinate(band_bottom - band_top),
                bar_x=_coordinate(centre - _BAR_WIDTH / 2),
                bar_y=_coordinate(bar_top),
                bar_width=_coordinate(_BAR_WIDTH),
                bar_height=_coordinate(_BASELINE - bar_top),
                count_y=_coordinate(bar_top - 6),
            )
        )
    ticks = [ChartTick(value, _coordinate(_y(value, top))) for value in range(0, top + 1, step)]
    return columns, ticks


def _org_label(org_predicate: OrgPredicate | str) -> str:
    try:
        return ORG_PREDICATE_LABELS[OrgPredicate(org_predicate)]
    except ValueError:
        return str(org_predicate)


@register.inclusion_tag("appraisals/calibration/_chart.html")
def distribution_chart(
    distribution: Distribution, org_predicate: OrgPredicate | str
) -> dict[str, Any]:
    """The curve of a calibration: for each predicate, best first, a bar of how many
    employees have it and a shaded band of how many the pattern of ``org_predicate``
    allows, with the numbers as text and the same figures as a table. Once per page
    (its ids are fixed)."""
    columns, ticks = chart_columns(distribution)
    counts = {bar.predicate: bar.count for bar in distribution.bars}
    groups = [
        GroupNote(
            names=predicate_names(group.predicates),
            minimum=group.minimum,
            actual=sum(counts.get(predicate, 0) for predicate in group.predicates),
        )
        for group in distribution.pattern.group_minimums
        if group.minimum > 0
    ]
    largest = distribution.pattern.largest
    org_label = _org_label(org_predicate)
    description = "; ".join(
        _("%(predicate)s: %(count)d, allowed %(minimum)d to %(maximum)d")
        % {
            "predicate": column.label,
            "count": column.count,
            "minimum": column.minimum,
            "maximum": column.maximum,
        }
        for column in columns
    )
    return {
        "distribution": distribution,
        "columns": columns,
        "ticks": ticks,
        "groups": groups,
        "largest": predicate_name(largest) if largest and distribution.total else "",
        "org_label": org_label,
        "description": description,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "plot_left": _PLOT_LEFT,
        "plot_right": _PLOT_RIGHT,
        "tick_label_x": _PLOT_LEFT - 8,
        "baseline": _BASELINE,
        "label_y": _LABEL_Y,
        "range_y": _RANGE_Y,
        "line_points": " ".join(f"{column.centre},{column.bar_y}" for column in columns),
    }


@register.filter
def evaluation_period(period: Period) -> str:
    """ "Januari 2026", "Triwulan I 2026", "Tahunan 2026"."""
    return period_name(period.kind, period.starts_on)


@register.filter
def violation_text(violation: DistributionViolation) -> str:
    """A broken rule of the distribution pattern as a sentence."""
    return violation_message(violation)


@register.filter
def rule_text(rule: str) -> str:
    """The short name of a rule code kept with a finalised calibration."""
    return rule_label(rule)


@register.filter
def predicate_label(predicate: str) -> str:
    """An employee predicate by its official name; "—" when there is none yet."""
    return predicate_name(predicate) if predicate else "—"


@register.filter
def org_descriptor(org_predicate: str) -> OrgPredicateDescriptor | None:
    return org_predicate_descriptor(org_predicate)


@register.filter
def evaluation_status(status: str) -> str:
    return evaluation_status_label(status)


@register.filter
def evaluation_badge(status: str) -> str:
    """The CSS classes of an evaluation's status badge."""
    return _BADGES.get(str(status), "badge")
