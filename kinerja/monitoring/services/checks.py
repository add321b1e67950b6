"""The early-warning checks (domain.md 9.4): every active employee's record against the
early-warning rules of the criteria version in force for their organisation, each hit
an alert for their appraiser, with the evidence; and the reminders of coaching actions
that fall due.

Two ways in:

- :func:`run_checks`, the scheduled run (``kinerja run_checks``, from cron): everyone,
  or one organisation, then the coaching reminders, audited as one CHECKS_RUN event.
- :func:`check_employees`, when new data arrives: the service figures after recorded
  tasks and the evaluations after a calibration is finalised announce the employees
  concerned through ``kinerja.core.hooks`` (ADR 0007); only those are checked.

Both are idempotent. An alert is one condition of one employee (``Alert.key``, the
``monitoring.rules.Hit.key``): a condition already alerted, whatever became of the
alert, is counted as known and never raised again, and a streak that goes on is the
same condition.

Which years are checked: the performance year of ``today`` and the one before, whose
last evaluations are delivered in the first weeks of the new year. Each year is its own
series under the criteria in force for that year; a streak does not run across the turn
of the year.
"""

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.models import AuditAction
from kinerja.audit.services import record_event
from kinerja.coaching.services import remind_due_actions
from kinerja.criteria.models import CriteriaVersion, EarlyWarningRule
from kinerja.criteria.selectors.versions import published_version
from kinerja.monitoring.models import Alert
from kinerja.monitoring.rules import (
    Hit,
    Measure,
    RuleConfig,
    RuleKind,
    check,
    point_as_dict,
    series_for,
)
from kinerja.monitoring.selectors.series import employee_series, series_periods
from kinerja.notifications.services import Message, notify
from kinerja.organization.models import Employee, OrgUnit, PerformanceYear, Period

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (employees done, employees in all)

# Employees are checked in batches: a constant number of queries per batch, memory
# bounded by the batch, and a progress step after each.
BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class CheckSummary:
    employees_checked: int = 0
    alerts_created: int = 0
    already_known: int = 0
    reminders_sent: int = 0


@dataclass(frozen=True, slots=True)
class _Rule:
    row: EarlyWarningRule
    config: RuleConfig


@dataclass(frozen=True, slots=True)
class _Year:
    performance_year: PerformanceYear
    periods: list[Period]


def rule_config(rule: EarlyWarningRule) -> RuleConfig:
    """The stored rule as the pure rule module reads it."""
    return RuleConfig(
        kind=RuleKind(rule.kind),
        periods=rule.periods,
        threshold=rule.threshold,
        minimum_tasks=rule.minimum_tasks,
        points=rule.points,
        window=rule.window,
        measure=Measure(rule.measure),
    )


def _root_path(unit_path: str) -> str:
    return "/" + unit_path.strip("/").split("/")[0] + "/"


class _RuleBook:
    """The active rules in force per organisation and year, read once per run."""

    def __init__(self) -> None:
        self._roots: dict[str, OrgUnit | None] = {}
        self._rules: dict[tuple[str, int], list[_Rule]] = {}

    def rules(self, unit_path: str, year: int) -> list[_Rule]:
        root_path = _root_path(unit_path)
        key = (root_path, year)
        if key not in self._rules:
            if root_path not in self._roots:
                self._roots[root_path] = OrgUnit.objects.filter(path=root_path).first()
            root = self._roots[root_path]
            version = published_version(root, year) if root is not None else None
            self._rules[key] = _active_rules(version) if version is not None else []
        return self._rules[key]


def _active_rules(version: CriteriaVersion) -> list[_Rule]:
    rules = []
    for row in EarlyWarningRule.objects.filter(version=version, is_active=True).order_by(
        "order", "pk"
    ):
        config = rule_config(row)
        problem = config.problem()
        if problem is not None:
            # The criteria services refuse such a rule; one stored before that is skipped.
            logger.warning("early-warning rule %s cannot be checked: %s", row.pk, problem)
            continue
        rules.append(_Rule(row, config))
    return rules


def _years(today: date) -> list[_Year]:
    years = PerformanceYear.objects.filter(year__in=[today.year - 1, today.year]).order_by("year")
    return [_Year(year, series_periods(year, today=today)) for year in years]


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start : start + BATCH_SIZE]


def _message(alert: Alert) -> Message:
    return Message(
        title=_("Early warning: %(name)s") % {"name": alert.employee.name},
        body=_("%(rule)s in %(period)s. Dismiss it with a reason or open a coaching case.")
        % {"rule": alert.get_kind_display(), "period": alert.period},
        url=reverse("monitoring:alert_detail", args=[alert.pk]),
    )


def _raise(employee: Employee, rule: _Rule, hit: Hit) -> bool:
    """Store the alert of ``hit`` unless the condition is known; True when it is new."""
    alert, created = Alert.objects.get_or_create(
        employee=employee,
        key=hit.key,
        defaults={
            "appraiser": employee.supervisor,
            "rule": rule.row,
            "kind": hit.kind.value,
            "period": hit.period,
            "evidence": [point_as_dict(point) for point in hit.evidence],
            "mean": hit.mean,
            "raised_at": timezone.now(),
        },
    )
    if created and employee.supervisor is not None and employee.supervisor.user is not None:
        notify(recipients=[employee.supervisor.user], message=_message(alert))
    return created


def _check_batch(
    ids: Sequence[int], years: list[_Year], book: _RuleBook, *, today: date
) -> tuple[int, int]:
    """Check one batch of employees; returns (alerts created, conditions already known)."""
    employees = list(
        Employee.objects.filter(pk__in=list(ids)).select_related("unit", "supervisor__user")
    )
    hits: dict[tuple[int, str], tuple[Employee, _Rule, Hit]] = {}
    for year in years:
        series = employee_series(
            year.performance_year, list(ids), today=today, periods=year.periods
        )
        for employee in employees:
            points = series.get(employee.pk)
            if not points:
                continue
            for rule in book.rules(employee.unit.path, year.performance_year.year):
                hit = check(rule.config, series_for(rule.config, points))
                if hit is not None:
                    hits.setdefault((employee.pk, hit.key), (employee, rule, hit))
    if not hits:
        return 0, 0
    known = set(
        Alert.objects.filter(
            employee_id__in=list(ids), key__in={key for _, key in hits}
        ).values_list("employee_id", "key")
    )
    created = 0
    for pair, (employee, rule, hit) in hits.items():
        if pair not in known and _raise(employee, rule, hit):
            created += 1
    return created, len(hits) - created


def _check(
    employees: QuerySet[Employee], *, today: date, progress: Progress | None
) -> CheckSummary:
    ids = list(employees.order_by("pk").values_list("pk", flat=True))
    years = _years(today)
    book = _RuleBook()
    created = known = done = 0
    if progress is not None:
        progress(0, len(ids))
    for batch in _batches(ids):
        if years:
            batch_created, batch_known = _check_batch(batch, years, book, today=today)
            created += batch_created
            known += batch_known
        done += len(batch)
        if progress is not None:
            progress(done, len(ids))
    return CheckSummary(employees_checked=len(ids), alerts_created=created, already_known=known)


def _scope(
    organization: OrgUnit | None, employees: Iterable[Employee | int] | None
) -> QuerySet[Employee]:
    scope = Employee.objects.filter(is_active=True)
    if organization is not None:
        scope = scope.filter(unit__path__startswith=organization.path)
    if employees is not None:
        ids = [item.pk if isinstance(item, Employee) else item for item in employees]
        scope = scope.filter(pk__in=ids)
    return scope


def run_checks(
    *,
    today: date,
    organization: OrgUnit | None = None,
    employees: Iterable[Employee | int] | None = None,
    progress: Progress | None = None,
) -> CheckSummary:
    """Check every active employee (of ``organization``, or only ``employees``) as of
    ``today``, raise an alert for each new condition and notify its appraiser, then send
    the reminders of the coaching actions that are due. One transaction, one CHECKS_RUN
    audit event with the counts. Running it again creates nothing new.

    ``progress(done, total)`` is called as the employees are checked.
    """
    with transaction.atomic():
        summary = _check(_scope(organization, employees), today=today, progress=progress)
        reminders = remind_due_actions(today=today)
        summary = CheckSummary(
            employees_checked=summary.employees_checked,
            alerts_created=summary.alerts_created,
            already_known=summary.already_known,
            reminders_sent=reminders,
        )
        record_event(
            actor=None,
            action=AuditAction.CHECKS_RUN,
            target_type="monitoring.checks",
            target_id=today.isoformat(),
            target_label=_("Early-warning checks of %(date)s") % {"date": today.isoformat()},
            changes={
                "today": today.isoformat(),
                "organization": organization.code if organization is not None else None,
                "employees_checked": summary.employees_checked,
                "alerts_created": summary.alerts_created,
                "already_known": summary.already_known,
                "reminders_sent": summary.reminders_sent,
            },
        )
    return summary


def check_employees(employee_ids: Iterable[int], *, today: date, trigger: str = "") -> CheckSummary:
    """Check only these employees, when new data about them has arrived. One transaction;
    audited (CHECKS_RUN, naming the trigger) only when it raised an alert, so that every
    recorded task does not add an event. No reminders: those go with the scheduled run."""
    with transaction.atomic():
        summary = _check(_scope(None, list(employee_ids)), today=today, progress=None)
        if summary.alerts_created:
            record_event(
                actor=None,
                action=AuditAction.CHECKS_RUN,
                target_type="monitoring.checks",
                target_id=today.isoformat(),
                target_label=_("Early-warning checks after new data"),
                changes={
                    "today": today.isoformat(),
                    "trigger": trigger,
                    "employees_checked": summary.employees_checked,
                    "alerts_created": summary.alerts_created,
                    "already_known": summary.already_known,
                },
            )
    return summary


def check_employee(employee: Employee, *, today: date) -> CheckSummary:
    """Check one employee now (see :func:`check_employees`)."""
    return check_employees([employee.pk], today=today)


def on_new_data(kind: str, employee_ids: frozenset[int]) -> None:
    """The listener registered with ``kinerja.core.hooks`` (``MonitoringConfig.ready``)."""
    check_employees(employee_ids, today=timezone.localdate(), trigger=kind)
