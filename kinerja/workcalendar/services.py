"""Writes on the working calendar.

The editing services return the earliest day whose working time changed (None when none
did), after rebuilding the table of days from that day on; the caller re-derives the
working time of service tasks from there (``service_metrics.services.calendar``).
Only the HR admin edits the calendar (PermissionDenied for anyone else).
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import islice
from typing import Any

import holidays
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.workcalendar.hours import DEFAULT_WEEK, EPOCH, LAST_DAY, WorkingHours
from kinerja.workcalendar.models import CalendarDay, CalendarException, WeekdayHours
from kinerja.workcalendar.selectors import load_working_calendar

Kind = CalendarException.Kind
# Rows per INSERT when the table of days is rebuilt (up to 36,525 rows).
_BATCH_SIZE = 2_000
_NAME_LENGTH = CalendarException._meta.get_field("name").max_length or 200
_EXCEPTION_FIELDS = ("day", "kind", "name", "opens", "closes")


# ---------------------------------------------------------------------------
# The table of days and the national list.


def rebuild_calendar_days(*, since: date) -> None:
    """Rewrite the table of days from ``since`` to the end of the calendar, from the
    week and the exceptions as they are now."""
    since = max(since, EPOCH)
    if since > LAST_DAY:
        return
    with transaction.atomic():
        calendar = load_working_calendar()
        CalendarDay.objects.filter(day__gte=since).delete()
        rows = (
            CalendarDay(
                day_number=row.day_number,
                day=row.day,
                opens_second=row.opens_second,
                closes_second=row.closes_second,
                seconds_before=row.seconds_before,
                month_key=row.month_key,
            )
            for row in calendar.days(since, LAST_DAY)
        )
        for batch in _batches(rows, _BATCH_SIZE):
            CalendarDay.objects.bulk_create(batch)


def _batches(items: Iterable[CalendarDay], size: int) -> Iterator[list[CalendarDay]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _listed_holidays(years: Iterable[int]) -> dict[date, tuple[str, str]]:
    """National holidays and cuti bersama from the ``holidays`` package (the SKB
    published each year), as ``{day: (kind, name)}``. A day in both lists is a national
    holiday."""
    years = list(years)
    listed: dict[date, tuple[str, str]] = {}
    for category, kind in (
        (holidays.GOVERNMENT, Kind.CUTI_BERSAMA),
        (holidays.PUBLIC, Kind.NATIONAL_HOLIDAY),
    ):
        for day, name in holidays.country_holidays(
            "ID", years=years, categories=(category,), language="id"
        ).items():
            listed[day] = (kind, name[:_NAME_LENGTH])
    return listed


def _add_listed_holidays(years: Iterable[int]) -> list[CalendarException]:
    """Add every listed day of ``years`` that has no exception yet; the days an office
    already entered (or edited) keep their entry."""
    listed = _listed_holidays(years)
    if not listed:
        return []
    taken = set(
        CalendarException.objects.filter(day__range=(min(listed), max(listed))).values_list(
            "day", flat=True
        )
    )
    added = [
        CalendarException(day=day, kind=kind, name=name, is_from_holiday_list=True)
        for day, (kind, name) in sorted(listed.items())
        if day not in taken
    ]
    CalendarException.objects.bulk_create(added)
    return added


def ensure_calendar() -> None:
    """Give a new installation its calendar: Monday to Friday 08:00-16:00, the national
    holidays and cuti bersama of 2000-2099, and the table of days. Does nothing (two
    cheap queries) once the calendar exists, so it is safe to call on every deploy."""
    with transaction.atomic():
        if not WeekdayHours.objects.exists():
            WeekdayHours.objects.bulk_create(
                WeekdayHours(weekday=weekday, opens=hours.opens, closes=hours.closes)
                for weekday, hours in enumerate(DEFAULT_WEEK)
                if hours is not None
            )
        if not CalendarDay.objects.exists():
            _add_listed_holidays(range(EPOCH.year, LAST_DAY.year + 1))
            rebuild_calendar_days(since=EPOCH)


# ---------------------------------------------------------------------------
# Edits.


def _check_can_edit(actor: User) -> None:
    # The HR admin keeps the calendar, as they keep the service catalogue.
    if not actor.has_hr_admin_rights:
        raise PermissionDenied(_("Only the HR admin may change the working calendar."))


def _hours_now(day: date) -> WorkingHours | None:
    """The hours ``day`` has in the database right now (an exception, else the week)."""
    exception = CalendarException.objects.filter(day=day).first()
    if exception is not None:
        if exception.is_day_off or exception.opens is None or exception.closes is None:
            return None
        return WorkingHours(exception.opens, exception.closes)
    weekday = WeekdayHours.objects.filter(weekday=day.weekday()).first()
    return WorkingHours(weekday.opens, weekday.closes) if weekday is not None else None


def _finish(changed: Iterable[date]) -> date | None:
    since = min(changed, default=None)
    if since is not None:
        rebuild_calendar_days(since=since)
    return since


def _check_exception(
    *, day: date, kind: str, name: str, opens: time | None, closes: time | None
) -> None:
    if not EPOCH <= day <= LAST_DAY:
        raise DomainError(
            _("The working calendar covers %(first)s to %(last)s; %(day)s is outside it.")
            % {"first": EPOCH.isoformat(), "last": LAST_DAY.isoformat(), "day": day.isoformat()}
        )
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of day: %(kind)s.") % {"kind": kind})
    if not name:
        raise DomainError(_("Give the day a description, such as the name of the holiday."))
    if len(name) > _NAME_LENGTH:
        raise DomainError(
            _("The description is longer than %(length)s characters.") % {"length": _NAME_LENGTH}
        )
    if kind == Kind.SPECIAL_HOURS:
        if opens is None or closes is None:
            raise DomainError(_("Special working hours need an opening and a closing time."))
        if opens >= closes:
            raise DomainError(_("The opening time must be before the closing time."))
    elif opens is not None or closes is not None:
        raise DomainError(_("A day off has no working hours: leave both times empty."))


def save_exception(
    *,
    actor: User,
    day: date,
    kind: str,
    name: str,
    opens: time | None = None,
    closes: time | None = None,
    exception: CalendarException | None = None,
) -> date | None:
    """Create a day that differs from the usual week, or change ``exception``."""
    _check_can_edit(actor)
    name = name.strip()
    _check_exception(day=day, kind=kind, name=name, opens=opens, closes=closes)
    with transaction.atomic():
        others = CalendarException.objects.filter(day=day)
        if exception is not None:
            others = others.exclude(pk=exception.pk)
        duplicate = others.first()
        if duplicate is not None:
            raise DomainError(
                _("%(day)s is already in the calendar as “%(name)s”; change that entry instead.")
                % {"day": day.isoformat(), "name": duplicate.name}
            )
        if exception is None:
            current = CalendarException(day=day)
            before: dict[str, Any] = {}
            affected = {day}
        else:
            # Locked and read afresh, so two admins editing the same day cannot both win.
            locked = CalendarException.objects.select_for_update().filter(pk=exception.pk).first()
            if locked is None:
                raise NotFound
            current = locked
            before = {field: getattr(current, field) for field in _EXCEPTION_FIELDS}
            affected = {current.day, day}
        hours_before = {affected_day: _hours_now(affected_day) for affected_day in affected}
        current.day, current.kind, current.name = day, kind, name
        current.opens, current.closes = opens, closes
        after = {field: getattr(current, field) for field in _EXCEPTION_FIELDS}
        changes = changed_fields(before, after)
        if not changes:
            return None
        try:
            # A savepoint: an entry for the same day saved by someone else meanwhile
            # surfaces as a DomainError, not as a server error.
            with transaction.atomic():
                current.save()
        except IntegrityError as error:
            raise DomainError(
                _("%(day)s is already in the calendar.") % {"day": day.isoformat()}
            ) from error
        record_event(
            actor=actor,
            action=AuditAction.CALENDAR_CHANGED,
            target=current,
            changes={
                "operation": "exception_created" if exception is None else "exception_updated",
                **changes,
            },
        )
        return _finish(
            affected_day
            for affected_day in affected
            if _hours_now(affected_day) != hours_before[affected_day]
        )


def delete_exception(*, actor: User, exception: CalendarException) -> date | None:
    """Remove a day off or a day with special hours: it follows the usual week again."""
    _check_can_edit(actor)
    with transaction.atomic():
        current = CalendarException.objects.select_for_update().filter(pk=exception.pk).first()
        if current is None:
            raise NotFound
        hours_before = _hours_now(current.day)
        record_event(
            actor=actor,
            action=AuditAction.CALENDAR_CHANGED,
            target=current,
            changes={
                "operation": "exception_deleted",
                **{field: getattr(current, field) for field in _EXCEPTION_FIELDS},
                "is_from_holiday_list": current.is_from_holiday_list,
            },
        )
        current.delete()
        return _finish([current.day] if _hours_now(current.day) != hours_before else [])


def _hours_text(hours: WorkingHours | None) -> str | None:
    return f"{hours.opens:%H:%M:%S}-{hours.closes:%H:%M:%S}" if hours is not None else None


def save_working_week(*, actor: User, hours: Mapping[int, tuple[time, time] | None]) -> date | None:
    """Set the usual hours of every weekday (0 = Monday; None = closed). The new week
    applies to the whole calendar, so the earliest change is usually in January 2000."""
    _check_can_edit(actor)
    if set(hours) != set(range(7)):
        raise ValueError("give the hours of all seven weekdays, 0 = Monday")
    labels = dict(WeekdayHours.Weekday.choices)
    new_week: list[WorkingHours | None] = []
    for weekday in range(7):
        span = hours[weekday]
        if span is not None and span[0] >= span[1]:
            raise DomainError(
                _("%(day)s: the opening time must be before the closing time.")
                % {"day": labels[weekday]}
            )
        new_week.append(WorkingHours(*span) if span is not None else None)
    if all(day_hours is None for day_hours in new_week):
        raise DomainError(_("The office needs at least one working day in the week."))
    with transaction.atomic():
        rows = {row.weekday: row for row in WeekdayHours.objects.select_for_update()}
        old_week = [
            WorkingHours(rows[weekday].opens, rows[weekday].closes) if weekday in rows else None
            for weekday in range(7)
        ]
        changed = [weekday for weekday in range(7) if old_week[weekday] != new_week[weekday]]
        if not changed:
            return None
        for weekday in changed:
            new = new_week[weekday]
            if new is None:
                rows[weekday].delete()
            else:
                WeekdayHours.objects.update_or_create(
                    weekday=weekday, defaults={"opens": new.opens, "closes": new.closes}
                )
        record_event(
            actor=actor,
            action=AuditAction.CALENDAR_CHANGED,
            target_type=WeekdayHours._meta.label_lower,
            target_label="working week",
            changes={
                "operation": "working_week_saved",
                **{
                    WeekdayHours.Weekday(weekday).name.lower(): [
                        _hours_text(old_week[weekday]),
                        _hours_text(new_week[weekday]),
                    ]
                    for weekday in changed
                },
            },
        )
        return _finish(_first_days_following_the_week(changed))


def _first_days_following_the_week(weekdays: Iterable[int]) -> list[date]:
    """For each weekday, the first day of the calendar that falls on it and has no
    exception of its own (an exception hides the week's hours)."""
    exception_days = set(CalendarException.objects.values_list("day", flat=True))
    firsts = []
    for weekday in weekdays:
        day = EPOCH + timedelta(days=(weekday - EPOCH.weekday()) % 7)
        while day <= LAST_DAY and day in exception_days:
            day += timedelta(days=7)
        if day <= LAST_DAY:
            firsts.append(day)
    return firsts


@dataclass(frozen=True, slots=True)
class HolidaySync:
    year: int
    added: int
    changed_since: date | None  # the earliest day whose working time changed


def sync_holidays(*, actor: User, year: int) -> HolidaySync:
    """Add the national holidays and cuti bersama of ``year`` that the calendar lacks.
    A day that already has an entry keeps it."""
    _check_can_edit(actor)
    if not EPOCH.year <= year <= LAST_DAY.year:
        raise DomainError(
            _("The working calendar covers %(first)s to %(last)s.")
            % {"first": EPOCH.year, "last": LAST_DAY.year}
        )
    with transaction.atomic():
        week = {row.weekday for row in WeekdayHours.objects.all()}
        added = _add_listed_holidays([year])
        if not added:
            return HolidaySync(year=year, added=0, changed_since=None)
        record_event(
            actor=actor,
            action=AuditAction.CALENDAR_CHANGED,
            target_type=CalendarException._meta.label_lower,
            target_label=f"holidays {year}",
            changes={
                "operation": "holidays_synced",
                "year": year,
                "added": [f"{exception.day.isoformat()} {exception.name}" for exception in added],
            },
        )
        # A new day off changes working time only where the week had the office open.
        since = _finish(exception.day for exception in added if exception.day.weekday() in week)
        return HolidaySync(year=year, added=len(added), changed_since=since)
