"""Formatting for the Layanan pages: rates as percentages, working hours, service
standards, period names, links to the tasks behind a number, and sparklines drawn as
inline SVG on the server (no script needed)."""

import math
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.core.periods import InvalidPeriod, PeriodKind, PeriodSpan, parse_period
from kinerja.service_metrics.models import ServiceType, rate

register = template.Library()

NO_VALUE = "–"
ONE_DECIMAL = Decimal("0.1")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTHS = range(1, 13)

# Sparkline geometry, in SVG user units (the CSS sets the displayed size).
_WIDTH = 100
_HEIGHT = 24
_PAD = 2.5
_FLOOR = 0.5


@register.filter
def percent(value: Decimal | float | None) -> str:
    """A rate 0–1 as a percentage with one decimal in the current locale: 0.875 → 87,5%."""
    if value is None:
        return NO_VALUE
    return _one_decimal(Decimal(str(value)) * 100) + "%"


@register.filter
def hours(value: Decimal | float | None) -> str:
    """Working hours with one decimal in the current locale: 3.25 → 3,3. None → –."""
    if value is None:
        return NO_VALUE
    return _one_decimal(Decimal(str(value)))


def _one_decimal(value: Decimal) -> str:
    # number_format cuts extra decimals off; round half up first, as the export does.
    return formats.number_format(value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP), decimal_pos=1)


@register.filter
def share(part: int | None, whole: int | None) -> Decimal | None:
    """``part / whole`` as a rate, for annotated counts: {{ on_time|share:volume|percent }}."""
    return rate(part or 0, whole or 0)


@register.filter
def service_standard(service_type: ServiceType) -> str:
    """The standard as people say it: "4 working hours", "3 working days"."""
    value = service_type.standard_value
    whole = value == value.to_integral_value()
    number = formats.number_format(int(value) if whole else value.normalize())
    count = int(value) if whole else 2  # a fraction of a day reads as plural
    if service_type.standard_unit == ServiceType.Unit.WORKING_DAYS:
        text = ngettext("%(value)s working day", "%(value)s working days", count)
    else:
        text = ngettext("%(value)s working hour", "%(value)s working hours", count)
    return text % {"value": number}


@register.filter
def period_label(period: PeriodSpan | str, style: str = "") -> str:
    """A period's name: Januari 2026, Quarter II 2026 (translated: Triwulan II 2026), 2026.
    ``period_label:"short"`` leaves the year out of months and quarters, for tables that
    cover one year."""
    if isinstance(period, str):
        try:
            span = parse_period(period)
        except InvalidPeriod:
            return period
    else:
        span = period
    year = span.starts_on.year
    short = style == "short"
    if span.kind is PeriodKind.MONTH:
        return formats.date_format(span.starts_on, "F" if short else "F Y")
    if span.kind is PeriodKind.QUARTER:
        number = _ROMAN[(span.starts_on.month + 2) // 3]
        if short:
            return _("Triwulan %(number)s") % {"number": number}
        return _("Triwulan %(number)s %(year)s") % {"number": number, "year": year}
    return str(year)


@register.filter
def indent(level: int) -> str:
    """Non-breaking spaces that indent a unit in a <select> by its depth in the tree."""
    return "\u00a0\u00a0\u00a0" * max(level, 0)


@register.simple_tag
def task_list_url(employee_id: int, period: PeriodSpan | str, show: str = "all") -> str:
    """The address of the tasks behind one figure of one employee."""
    code = period if isinstance(period, str) else period.code
    query = urlencode({"period": code, "show": show})
    return reverse("service_metrics:employee_tasks", args=[employee_id]) + "?" + query


def _points(rates: Sequence[Decimal | None]) -> list[tuple[float, float] | None]:
    step = (_WIDTH - 2 * _PAD) / max(len(rates) - 1, 1)
    known = [min(max(float(value), 0.0), 1.0) for value in rates if value is not None]
    # The line spans 50-100% unless a month fell lower: service rates mostly live in the
    # upper half, where a 0-100% scale would flatten every trend into one line.
    floor = min([_FLOOR, *(math.floor(value * 10) / 10 for value in known)])
    span = 1.0 - floor or 1.0
    points: list[tuple[float, float] | None] = []
    for index, value in enumerate(rates):
        if value is None:
            points.append(None)
            continue
        height = (min(max(float(value), 0.0), 1.0) - floor) / span
        points.append((_PAD + index * step, _PAD + (1 - height) * (_HEIGHT - 2 * _PAD)))
    return points


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known points: a month without tasks breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _spoken(rates: Sequence[Decimal | None]) -> list[str]:
    """The text alternative: the months with a value, named when there are twelve."""
    if len(rates) != len(_MONTHS):
        return [percent(value) for value in rates]
    known = [
        f"{formats.date_format(date(2000, month, 1), 'M')} {percent(value)}"
        for month, value in zip(_MONTHS, rates, strict=True)
        if value is not None
    ]
    return known or [_("no tasks")]


@register.simple_tag
def sparkline(rates: Sequence[Decimal | None], label: str = "") -> SafeString:
    """A small line of monthly rates (0–1) as inline SVG, with the values as its text
    alternative. Months without tasks leave a gap; the latest known month gets a dot."""
    points = _points(rates)
    segments = _segments(points)
    title = ", ".join(_spoken(rates))
    if label:
        title = f"{label}: {title}"
    lines = format_html_join(
        "",
        '<polyline class="sparkline__line" points="{}"/>',
        ((" ".join(f"{x:.1f},{y:.1f}" for x, y in run),) for run in segments if len(run) > 1),
    )
    marked = [run[0] for run in segments if len(run) == 1]
    last = segments[-1][-1] if segments else None
    dots = format_html_join(
        "",
        '<circle class="sparkline__dot{}" cx="{}" cy="{}" r="2"/>',
        (
            (" sparkline__dot--last" if point == last else "", f"{point[0]:.1f}", f"{point[1]:.1f}")
            for point in [*(p for p in marked if p != last), *([last] if last else [])]
        ),
    )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" role="img" aria-label="{}" focusable="false">'
        '<line class="sparkline__base" x1="0" x2="{}" y1="{}" y2="{}"/>{}{}</svg>',
        _WIDTH,
        _HEIGHT,
        title,
        _WIDTH,
        _PAD,
        _PAD,
        lines,
        dots,
    )
