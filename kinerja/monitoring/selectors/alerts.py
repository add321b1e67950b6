"""Who sees and acts on an early-warning alert, and the alert with its evidence in
readable form.

An alert is for the people who can act on the employee's performance: the appraiser it
was raised for, the employee's current direct superior (after a move), the pimpinan over
the employee's unit, and the HR admin. Nobody sees alerts about themselves, and everyone
else gets NotFound, as if the alert did not exist.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.accounts.models import User
from kinerja.appraisals.models import PredicateChoice, RatingChoice
from kinerja.core.exceptions import NotFound
from kinerja.criteria.selectors.warning_rules import describe_rule
from kinerja.monitoring.models import Alert
from kinerja.monitoring.rules import Measure, PeriodPoint, RuleKind, point_from_dict
from kinerja.organization.selectors import Viewer, get_viewer

MAX_SEARCH_LENGTH = 100
STATUS_FILTERS = frozenset(Alert.Status.values)


def _scope(viewer: Viewer) -> Q | None:
    """The alerts the viewer may act on; None for all of them."""
    if viewer.is_admin:
        return None
    if viewer.employee is None:
        return Q(pk__in=[])
    scope = Q(appraiser=viewer.employee) | Q(employee__supervisor=viewer.employee)
    if viewer.pimpinan_path:
        scope |= Q(employee__unit__path__startswith=viewer.pimpinan_path)
    return scope


def alerts_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[Alert]:
    """Every alert the user may see and act on (see the module docstring)."""
    viewer = viewer or get_viewer(user)
    alerts = Alert.objects.select_related(
        "employee__unit",
        "employee__position",
        "appraiser",
        "rule",
        "coaching_case",
        "decided_by",
    )
    if viewer.employee is not None:
        alerts = alerts.exclude(employee=viewer.employee)
    scope = _scope(viewer)
    return alerts if scope is None else alerts.filter(scope)


def may_act_on(viewer: Viewer, alert: Alert) -> bool:
    """Whether the viewer may dismiss the alert or turn it into a coaching case."""
    own = viewer.employee
    if own is not None and alert.employee_id == own.pk:
        return False
    if viewer.is_admin:
        return True
    if own is None:
        return False
    if own.pk in {alert.appraiser_id, alert.employee.supervisor_id}:
        return True
    return bool(viewer.pimpinan_path) and alert.employee.unit.path.startswith(
        viewer.pimpinan_path or ""
    )


def get_alert_for_user(user: User, alert_id: int) -> Alert:
    """The alert, if the user may see it; NotFound otherwise (whether it exists or not)."""
    alert = alerts_for_user(user).filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("That alert does not exist or is not visible to you."))
    return alert


def alert_list_for_user(user: User, *, status: str = "", search: str = "") -> QuerySet[Alert]:
    """The alert list: new ones first, then the most recent; optionally one status and a
    name or NIP."""
    alerts = alerts_for_user(user)
    if status in STATUS_FILTERS:
        alerts = alerts.filter(status=status)
    search = search.strip()[:MAX_SEARCH_LENGTH]
    if search:
        alerts = alerts.filter(Q(employee__name__icontains=search) | Q(employee__nip=search))
    return alerts.annotate(
        is_new=Case(
            When(status=Alert.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("is_new", "-raised_at", "pk")


def alert_counts_for_user(user: User) -> dict[str, int]:
    """How many alerts of each status the user sees (for the filter labels)."""
    counts = dict.fromkeys(Alert.Status.values, 0)
    grouped = alerts_for_user(user).order_by().values("status").annotate(total=Count("pk"))
    for row in grouped:
        counts[row["status"]] = row["total"]
    return counts


# -- the evidence, readable ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    period: str
    results_rating: str
    behaviour_rating: str
    predicate: str
    results_score: Decimal | None
    on_time_rate: Decimal | None
    tasks_completed: int
    is_latest: bool
    is_weak_results: bool
    is_weak_behaviour: bool


@dataclass(frozen=True, slots=True)
class AlertCard:
    """An alert as the pages show it: what happened in one sentence, the rule it met,
    and the periods behind it with the columns that matter for its kind."""

    alert: Alert
    summary: str
    rule_text: str
    rows: list[EvidenceRow]
    show_ratings: bool
    show_score: bool
    show_on_time: bool


def _label(choices: Mapping[str, Any], value: str) -> str:
    return str(choices.get(value, value)) if value else ""


def _rows(points: list[PeriodPoint]) -> list[EvidenceRow]:
    ratings = dict(RatingChoice.choices)
    predicates = dict(PredicateChoice.choices)
    below = RatingChoice.DI_BAWAH_EKSPEKTASI.value
    return [
        EvidenceRow(
            period=point.period,
            results_rating=_label(ratings, point.results_rating),
            behaviour_rating=_label(ratings, point.behaviour_rating),
            predicate=_label(predicates, point.predicate),
            results_score=point.results_score,
            on_time_rate=point.on_time_rate,
            tasks_completed=point.tasks_completed,
            is_latest=index == len(points) - 1,
            is_weak_results=point.results_rating == below,
            is_weak_behaviour=point.behaviour_rating == below,
        )
        for index, point in enumerate(points)
    ]


def _number(value: Decimal | None, places: int = 2) -> str:
    """In the current locale, rounded half up: 78.333 → 78,33 (Indonesian)."""
    if value is None:
        return "–"
    exponent = Decimal(1).scaleb(-places)
    return formats.number_format(value.quantize(exponent, rounding=ROUND_HALF_UP), places)


def _percent(rate: Decimal | None) -> str:
    return "–" if rate is None else _number(rate * 100, 1) + "%"


def _summary(alert: Alert, points: list[PeriodPoint]) -> str:
    latest = points[-1] if points else None
    if alert.kind == RuleKind.RATING_BELOW_STREAK:
        first = points[0].period if points else alert.period
        return ngettext(
            "Below expectation in %(last)s.",
            "Below expectation %(count)d periods in a row, %(first)s to %(last)s.",
            len(points),
        ) % {"count": len(points), "first": first, "last": alert.period}
    if alert.kind == RuleKind.ON_TIME_BELOW and latest is not None:
        return ngettext(
            "%(rate)s of %(count)d service task on time in %(period)s.",
            "%(rate)s of %(count)d service tasks on time in %(period)s.",
            latest.tasks_completed,
        ) % {
            "rate": _percent(latest.on_time_rate),
            "count": latest.tasks_completed,
            "period": alert.period,
        }
    if alert.kind == RuleKind.DROP_BELOW_TRAILING and latest is not None:
        if alert.rule.measure == Measure.ON_TIME_RATE:
            return _("On-time rate %(value)s in %(period)s against an average of %(mean)s%%.") % {
                "value": _percent(latest.on_time_rate),
                "period": alert.period,
                "mean": _number(alert.mean, 1),
            }
        return _("Results score %(value)s in %(period)s against an average of %(mean)s.") % {
            "value": _number(latest.results_score),
            "period": alert.period,
            "mean": _number(alert.mean),
        }
    return str(alert.get_kind_display())


def alert_card(alert: Alert) -> AlertCard:
    points = [point_from_dict(item) for item in alert.evidence if isinstance(item, dict)]
    on_time_drop = (
        alert.kind == RuleKind.DROP_BELOW_TRAILING and alert.rule.measure == Measure.ON_TIME_RATE
    )
    return AlertCard(
        alert=alert,
        summary=_summary(alert, points),
        rule_text=describe_rule(alert.rule),
        rows=_rows(points),
        show_ratings=alert.kind == RuleKind.RATING_BELOW_STREAK,
        show_score=alert.kind == RuleKind.DROP_BELOW_TRAILING and not on_time_drop,
        show_on_time=alert.kind == RuleKind.ON_TIME_BELOW or on_time_drop,
    )
