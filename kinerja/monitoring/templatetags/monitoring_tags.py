"""Formatting for the dashboards: a six-month trend as an inline SVG sparkline, the
share of each step as a stacked bar, and the links from a number to the list of people
behind it. Drawn on the server; no script, no inline style (the Content Security Policy
allows neither).

    {% load monitoring_tags %}
    {% trend_sparkline figures.trend figures.trend_labels _("On time") %}
    {% step_bar figures.skp %}
    {% count_link count.value board.code count.show count.label %}
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kinerja.monitoring.selectors.dashboard import LinkedCount

register = template.Library()

# Sparkline geometry in SVG user units; the stylesheet sets the displayed size.
_WIDTH = 100
_HEIGHT = 24
_PAD = 2.5
# Service rates mostly live in the upper half: the line spans 50-100 % unless a month
# fell lower, so that a trend is not flattened into one line.
_FLOOR = Decimal("0.5")
_BAR_WIDTH = 100
_BAR_HEIGHT = 10


def _percent(value: Decimal) -> str:
    shown = (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(shown, decimal_pos=1) + "%"


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


@register.simple_tag
def trend_sparkline(
    rates: Sequence[Decimal | None], labels: Sequence[str], label: str = ""
) -> SafeString:
    """Monthly rates (0–1, None for a month without tasks) as a small line, oldest first,
    with the months and their values as its text alternative. A month without tasks
    leaves a gap; the latest known month is marked."""
    known = [min(max(value, Decimal(0)), Decimal(1)) for value in rates if value is not None]
    floor = min([_FLOOR, *(Decimal(int(value * 10)) / 10 for value in known)])
    span = (Decimal(1) - floor) or Decimal(1)
    step = (_WIDTH - 2 * _PAD) / max(len(rates) - 1, 1)
    points: list[tuple[float, float] | None] = []
    for index, value in enumerate(rates):
        if value is None:
            points.append(None)
            continue
        height = float((min(max(value, Decimal(0)), Decimal(1)) - floor) / span)
        points.append((_PAD + index * step, _PAD + (1 - height) * (_HEIGHT - 2 * _PAD)))
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    runs = [run for run in runs if run]
    last = runs[-1][-1] if runs else None
    spoken = [
        f"{month} {_percent(value) if value is not None else _('no tasks')}"
        for month, value in zip(labels, rates, strict=False)
    ]
    title = ", ".join(spoken)
    if label:
        title = f"{label}: {title}"
    lines = format_html_join(
        "",
        '<polyline class="sparkline__line" points="{}"/>',
        (
            (" ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in run),)
            for run in runs
            if len(run) > 1
        ),
    )
    dots = format_html_join(
        "",
        '<circle class="sparkline__dot{}" cx="{}" cy="{}" r="2"/>',
        (
            (" sparkline__dot--last" if point == last else "", _coordinate(x), _coordinate(y))
            for point in [
                *(run[0] for run in runs if len(run) == 1 and run[0] != last),
                *([last] if last else []),
            ]
            for x, y in [point]
        ),
    )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" role="img" aria-label="{}"'
        ' focusable="false"><line class="sparkline__base" x1="0" x2="{}" y1="{}" y2="{}"/>'
        "{}{}</svg>",
        _WIDTH,
        _HEIGHT,
        title,
        _WIDTH,
        _PAD,
        _PAD,
        lines,
        dots,
    )


@register.simple_tag
def step_bar(counts: Sequence[LinkedCount]) -> SafeString:
    """The share of each step (SKP or evaluation) as one stacked bar, first step on the
    left; decorative: the counts are written out next to it."""
    total = sum(count.value for count in counts)
    if not total:
        return format_html(
            '<svg class="step-bar" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">'
            '<rect class="step-bar__empty" x="0" y="0" width="{}" height="{}" rx="2"/></svg>',
            _BAR_WIDTH,
            _BAR_HEIGHT,
            _BAR_WIDTH,
            _BAR_HEIGHT,
        )
    left = 0.0
    parts = []
    for index, count in enumerate(counts):
        width = _BAR_WIDTH * count.value / total
        if width:
            parts.append((index + 1, _coordinate(left), _coordinate(width), _BAR_HEIGHT))
        left += width
    return format_html(
        '<svg class="step-bar" viewBox="0 0 {} {}" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false">{}</svg>',
        _BAR_WIDTH,
        _BAR_HEIGHT,
        format_html_join(
            "",
            '<rect class="step-bar__part step-bar__part--{}" x="{}" y="0" width="{}" height="{}"/>',
            parts,
        ),
    )


@register.simple_tag
def people_url(code: str, show: str = "all") -> str:
    """The list of people of a unit (and its sub-units) behind one number."""
    return reverse("dashboard:people", args=[code]) + "?" + urlencode({"show": show})


@register.simple_tag
def count_link(value: int, code: str, show: str, label: str = "") -> SafeString:
    """A count linked to the list of the people behind it; a zero (nobody to list) or a
    count without a unit to list it in is plain text."""
    if not value:
        return format_html('<span class="dash-zero">{}</span>', formats.number_format(value))
    if not code:
        return format_html("{}", formats.number_format(value, force_grouping=True))
    return format_html(
        '<a class="dash-count" href="{}"{}>{}</a>',
        people_url(code, show),
        format_html(' title="{}"', label) if label else "",
        formats.number_format(value, force_grouping=True),
    )
