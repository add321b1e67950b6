"""Service data of the demo office: the catalogue of the kecamatan's PATEN desk and of
each kelurahan, and some fifteen months of public-service tasks for their front-desk
staff, so that every service page has a story to tell.

The tasks are drawn, not recorded, but they behave like a real office's:

- volumes follow the service (the weights of ``kinerja.demo.city``), the weekday
  (Mondays busiest, Friday's short day quietest) and the season: more requests in
  January, more certificates of domicile, SKTM, family cards and birth records around
  school enrolment in June and July, fewer in Ramadan and the Idul Fitri weeks;
- requests arrive within working hours on working days of the office's own working
  calendar, with a morning peak, and go to whichever front-desk officer is in that day;
- turnarounds are drawn around each service's standard in working time, a little slower
  on busy days; about one task in eight is late; a few files are returned for correction
  or draw a complaint, and returned files take longer;
- tasks received in the last days before "today" may still be open, and a handful have
  stalled;
- the officers marked ``declines`` (``kinerja.demo.builder.DECLINING_OFFICERS``) get
  clearly slower and less accurate over the last months.

``draw_tasks`` reads nothing but its arguments (the working calendar is passed in; no
database, no clock).
``load_service_data`` writes the catalogue and the tasks as CSV files and loads them
through the importers, the path a real office's files take, which also computes the
figures.
"""

import bisect
import csv
import math
import random
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

import holidays

from kinerja.demo.city import Service
from kinerja.service_metrics.importers import (
    SERVICE_COLUMNS,
    import_service_tasks,
    import_services,
)
from kinerja.service_metrics.ingest import TASK_COLUMNS
from kinerja.service_metrics.models import (
    ServiceMetric,
    ServiceTask,
    ServiceType,
    ServiceTypeMetric,
)
from kinerja.workcalendar.hours import WorkingCalendar, standard_seconds
from kinerja.workcalendar.selectors import load_working_calendar
from kinerja.workcalendar.services import ensure_calendar

# Full months of history before the month of "today" (which is drawn up to yesterday).
MONTHS_OF_HISTORY = 14
# Multiplies every desk's daily requests. The demo's tests lower it where they check the
# office rather than its service history, to stay quick.
VOLUME = 1.0

# Relative volume by month: the new year brings family-card and ID changes and business
# paperwork; December is quiet with year-end leave.
MONTH_FACTOR = {
    1: 1.30,
    2: 1.05,
    3: 1.00,
    4: 0.95,
    5: 1.00,
    6: 1.05,
    7: 1.10,
    8: 1.00,
    9: 0.95,
    10: 0.95,
    11: 0.95,
    12: 0.85,
}
# Monday first. Friday is short (Friday prayers), so fewer people come.
WEEKDAY_FACTOR = (1.20, 1.05, 1.00, 0.95, 0.80, 1.00, 1.00)
# School enrolment (SPMB, formerly PPDB) asks for proof of domicile, of need, of the
# family and of birth: these services are asked for far more often in June and July.
ENROLMENT_MONTHS = frozenset({6, 7})
ENROLMENT_SERVICES = frozenset({"DOMISILI", "SKTM", "KK", "PENGKK", "AKTALAHIR", "LAHIR"})
ENROLMENT_BOOST = 1.8
# Ramadan (the days before Idul Fitri) and the two weeks from Idul Fitri on.
RAMADAN_DAYS = 30
RAMADAN_FACTOR = 0.75
LEBARAN_DAYS = 14
LEBARAN_FACTOR = 0.55

# Requests arrive from opening time on, most in the morning: the mode of the draw is a
# quarter into the day. None arrives in the last minutes before closing.
ARRIVAL_MODE = 0.25
CLOSING_MARGIN_SECONDS = 10 * 60
# Share of working days an officer is away (leave, training, duty travel).
ABSENCE_SHARE = 0.05

# Turnaround as a share of the standard: log-normal with this median and spread, so
# that about one task in eight misses its standard; busier days are slower.
TURNAROUND_MEDIAN = 0.5
TURNAROUND_SIGMA = 0.6
LOAD_EFFECT = 0.5  # turnaround grows with (the day's volume factor) ** LOAD_EFFECT
SKILL_SIGMA = 0.12  # officers differ in speed…
ACCURACY_RANGE = (0.6, 1.4)  # …and in how often their files come back
MIN_TURNAROUND_SECONDS = 5 * 60
RETURNED_ONCE_SHARE = 0.055
RETURNED_TWICE_SHARE = 0.012
RETURN_DELAY = (0.3, 0.8)  # extra turnaround per return, as a share of the standard
COMPLAINT_SHARE = 0.01
COMPLAINT_SHARE_WHEN_RETURNED = 0.12
COMPLAINT_SHARE_WHEN_LATE = 0.04
# Tasks received in the last weeks that have stalled: still open, and overdue.
STALLED_DAYS = 21
STALLED_SHARE = 0.004

# Decline: from DECLINE_DAYS before "today" an officer marked ``declines`` drifts
# linearly to turnarounds (1 + DECLINE_SLOWER) times as long and DECLINE_MORE_RETURNED
# more files returned, DECLINE_MORE_COMPLAINTS more complaints.
DECLINE_DAYS = 110
DECLINE_SLOWER = 1.3
DECLINE_MORE_RETURNED = 0.20
DECLINE_MORE_COMPLAINTS = 0.05


@dataclass(frozen=True, slots=True)
class Officer:
    nip: str
    name: str
    declines: bool = False


@dataclass(frozen=True, slots=True)
class Desk:
    """A front desk: the unit whose catalogue it serves, how many requests an ordinary
    day brings, and the officers who take them."""

    unit_code: str
    services: tuple[Service, ...]
    daily_requests: float
    officers: tuple[Officer, ...]

    def service_code(self, service: Service) -> str:
        # Unit codes are unique, so the codes are unique across the office.
        return f"{self.unit_code}-{service.code}"


@dataclass(frozen=True, slots=True)
class DrawnTask:
    number: str
    service_code: str
    nip: str
    received_at: datetime
    completed_at: datetime | None
    returned: int
    complaint: bool


def history_start(today: date) -> date:
    """The first day of the drawn history: the first of the month MONTHS_OF_HISTORY
    months before the month of ``today``."""
    months = today.year * 12 + today.month - 1 - MONTHS_OF_HISTORY
    return date(months // 12, months % 12 + 1, 1)


def idul_fitri_days(years: Sequence[int]) -> list[date]:
    """The first day of Idul Fitri in each of ``years``, from the ``holidays`` package
    (the government's SKB list)."""
    listed = holidays.country_holidays("ID", years=list(years), language="en_US")
    days = sorted(listed.get_named("Eid al-Fitr"))
    return [day for day in days if day - timedelta(days=1) not in days]


@dataclass(frozen=True, slots=True)
class _Traits:
    speed: float  # multiplies every turnaround
    accuracy: float  # multiplies the chance of a return
    declines: bool


@dataclass(frozen=True, slots=True)
class _Catalogue:
    codes: tuple[str, ...]
    standards: tuple[int, ...]  # working seconds
    normal: tuple[float, ...]  # cumulative weights
    enrolment: tuple[float, ...]  # cumulative weights in the enrolment months

    @classmethod
    def of(cls, desk: Desk, day_length: int) -> "_Catalogue":
        boost = [
            ENROLMENT_BOOST if service.code in ENROLMENT_SERVICES else 1.0
            for service in desk.services
        ]
        return cls(
            codes=tuple(desk.service_code(service) for service in desk.services),
            standards=tuple(
                standard_seconds(Decimal(service.standard), service.unit, day_length)
                for service in desk.services
            ),
            normal=tuple(accumulate(float(service.weight) for service in desk.services)),
            enrolment=tuple(
                accumulate(
                    service.weight * factor
                    for service, factor in zip(desk.services, boost, strict=True)
                )
            ),
        )


class _Season:
    """The volume factor of each day (month, weekday, Ramadan and Lebaran)."""

    def __init__(self, first: date, last: date) -> None:
        self.ramadan: set[date] = set()
        self.lebaran: set[date] = set()
        for eid in idul_fitri_days(range(first.year, last.year + 2)):
            self.ramadan.update(eid - timedelta(days=back) for back in range(1, RAMADAN_DAYS + 1))
            self.lebaran.update(eid + timedelta(days=ahead) for ahead in range(LEBARAN_DAYS))

    def factor(self, day: date) -> float:
        factor = MONTH_FACTOR[day.month] * WEEKDAY_FACTOR[day.weekday()]
        if day in self.ramadan:
            factor *= RAMADAN_FACTOR
        elif day in self.lebaran:
            factor *= LEBARAN_FACTOR
        return factor


def draw_tasks(
    *, desks: Sequence[Desk], calendar: WorkingCalendar, today: date, seed: int
) -> Iterator[DrawnTask]:
    """Every task of every desk from ``history_start(today)`` up to the day before
    ``today``, day by day and desk by desk, in order of reception. A task whose drawn
    completion falls on or after the local midnight starting ``today`` is still open.
    The same arguments give the same tasks."""
    drawer = _Drawer(desks, calendar, today, seed)
    day = history_start(today)
    while day < today:
        yield from drawer.day(day)
        day += timedelta(days=1)


class _Drawer:
    def __init__(
        self, desks: Sequence[Desk], calendar: WorkingCalendar, today: date, seed: int
    ) -> None:
        self.rng = random.Random(f"kinerja-demo-services:{seed}")  # noqa: S311 - fictional
        self.desks, self.calendar = desks, calendar
        self.season = _Season(history_start(today), today)
        self.cutoff = datetime.combine(today, time(), tzinfo=calendar.zone)
        self.stalled_from = today - timedelta(days=STALLED_DAYS)
        self.decline_from = today - timedelta(days=DECLINE_DAYS)
        self.catalogues = [_Catalogue.of(desk, calendar.day_length()) for desk in desks]
        self.traits = {
            officer.nip: _Traits(
                speed=math.exp(self.rng.gauss(0.0, SKILL_SIGMA)),
                accuracy=self.rng.uniform(*ACCURACY_RANGE),
                declines=officer.declines,
            )
            for desk in desks
            for officer in desk.officers
        }

    def day(self, day: date) -> Iterator[DrawnTask]:
        hours = self.calendar.hours_on(day)
        if hours is None:
            return
        rng = self.rng
        volume = self.season.factor(day)
        decline = min(max((day - self.decline_from).days / DECLINE_DAYS, 0.0), 1.0)
        midnight = datetime.combine(day, time(), tzinfo=self.calendar.zone)
        span = hours.seconds - CLOSING_MARGIN_SECONDS
        for desk, catalogue in zip(self.desks, self.catalogues, strict=True):
            weights = catalogue.enrolment if day.month in ENROLMENT_MONTHS else catalogue.normal
            expected = desk.daily_requests * VOLUME * volume * weights[-1] / catalogue.normal[-1]
            count = max(0, round(rng.gauss(expected, math.sqrt(expected))))
            present = [officer for officer in desk.officers if rng.random() >= ABSENCE_SHARE] or [
                desk.officers[0]
            ]
            arrivals = sorted(
                hours.opens_second + int(span * rng.triangular(0.0, 1.0, ARRIVAL_MODE))
                for _request in range(count)
            )
            for sequence, second in enumerate(arrivals, start=1):
                service = bisect.bisect_right(weights, rng.random() * weights[-1])
                officer = present[int(rng.random() * len(present))]
                yield self.task(
                    number=f"{desk.unit_code}/{day:%Y%m%d}/{sequence:03d}",
                    code=catalogue.codes[service],
                    standard=catalogue.standards[service],
                    nip=officer.nip,
                    received=midnight + timedelta(seconds=second),
                    load=volume**LOAD_EFFECT,
                    decline=decline if self.traits[officer.nip].declines else 0.0,
                )

    def task(
        self,
        *,
        number: str,
        code: str,
        standard: int,
        nip: str,
        received: datetime,
        load: float,
        decline: float,
    ) -> DrawnTask:
        """One task: its returns, its turnaround in working time, a complaint or not."""
        rng, trait = self.rng, self.traits[nip]
        returned = _returns(rng.random(), trait.accuracy, decline * DECLINE_MORE_RETURNED)
        factor = math.exp(math.log(TURNAROUND_MEDIAN) + TURNAROUND_SIGMA * rng.gauss(0.0, 1.0))
        working = standard * factor * trait.speed * load * (1.0 + DECLINE_SLOWER * decline)
        working += sum(standard * rng.uniform(*RETURN_DELAY) for _return in range(returned))
        seconds = max(MIN_TURNAROUND_SECONDS, round(working))
        if returned:
            complaint_share = COMPLAINT_SHARE_WHEN_RETURNED
        elif seconds > standard:
            complaint_share = COMPLAINT_SHARE_WHEN_LATE
        else:
            complaint_share = COMPLAINT_SHARE
        complaint = rng.random() < complaint_share + decline * DECLINE_MORE_COMPLAINTS
        completed: datetime | None = self.calendar.deadline(received, seconds)
        stalled = received.date() >= self.stalled_from and rng.random() < STALLED_SHARE
        if stalled or (completed is not None and completed >= self.cutoff):
            completed = None
        return DrawnTask(number, code, nip, received, completed, returned, complaint)


def _returns(draw: float, accuracy: float, extra: float) -> int:
    twice = RETURNED_TWICE_SHARE * accuracy + extra / 4
    once = RETURNED_ONCE_SHARE * accuracy + extra
    if draw < twice:
        return 2
    if draw < twice + once:
        return 1
    return 0


def catalogue_rows(desks: Sequence[Desk]) -> Iterator[tuple[str, str, str, int, str]]:
    """The service catalogue as rows of the import format (kode, nama, unit_kode,
    standar_waktu, satuan_waktu)."""
    seen: set[str] = set()
    for desk in desks:
        if desk.unit_code in seen:
            continue
        seen.add(desk.unit_code)
        for service in desk.services:
            yield (
                desk.service_code(service),
                service.name,
                desk.unit_code,
                service.standard,
                service.unit,
            )


def task_row(task: DrawnTask) -> tuple[str, str, str, str, str, int, int]:
    """A task as a row of the import format, times in ISO 8601 with their offset."""
    return (
        task.number,
        task.service_code,
        task.nip,
        task.received_at.isoformat(timespec="seconds"),
        task.completed_at.isoformat(timespec="seconds") if task.completed_at else "",
        task.returned,
        int(task.complaint),
    )


# -- loading (Django) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServiceData:
    service_types: int
    tasks: int
    open_tasks: int
    front_desk: int
    first_day: date
    last_day: date
    decliners: tuple[str, ...]  # names


def load_service_data(*, desks: Sequence[Desk], today: date, seed: int) -> ServiceData:
    """Write the catalogue and the drawn tasks as CSV files and import them (which also
    computes the figures). Raises RuntimeError when a file does not import: the drawing
    is at fault then, not the user."""
    ensure_calendar()
    calendar = load_working_calendar()
    with tempfile.TemporaryDirectory(prefix="kinerja-demo-") as directory:
        services_file = Path(directory) / "services.csv"
        tasks_file = Path(directory) / "service_tasks.csv"
        with services_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(SERVICE_COLUMNS)
            writer.writerows(catalogue_rows(desks))
        tasks = open_tasks = 0
        last_day = history_start(today)
        with tasks_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(TASK_COLUMNS)
            for task in draw_tasks(desks=desks, calendar=calendar, today=today, seed=seed):
                writer.writerow(task_row(task))
                tasks += 1
                open_tasks += task.completed_at is None
                last_day = task.received_at.date()
        catalogue = import_services(source=services_file, actor=None, dry_run=False, label="demo")
        _check_imported("services.csv", catalogue.errors)
        imported = import_service_tasks(source=tasks_file, actor=None, dry_run=False, label="demo")
        _check_imported("service_tasks.csv", imported.errors)
    return ServiceData(
        service_types=catalogue.created + catalogue.updated + catalogue.unchanged,
        tasks=tasks,
        open_tasks=open_tasks,
        front_desk=len({officer.nip for desk in desks for officer in desk.officers}),
        first_day=history_start(today),
        last_day=last_day,
        decliners=tuple(
            officer.name for desk in desks for officer in desk.officers if officer.declines
        ),
    )


def _check_imported(name: str, errors: Sequence[Any]) -> None:
    if errors:
        shown = "; ".join(str(error) for error in errors[:5])
        raise RuntimeError(f"the demo's {name} did not import ({len(errors)} errors): {shown}")


def clear_service_data() -> dict[str, int]:
    """Delete every service figure, task and service type (tasks and service types
    protect the employees and units they name); return how many tasks and services."""
    removed = {
        "service_tasks": ServiceTask.objects.count(),
        "service_types": ServiceType.objects.count(),
    }
    ServiceTypeMetric.objects.all().delete()
    ServiceMetric.objects.all().delete()
    ServiceTask.objects.all().delete()
    ServiceType.objects.all().delete()
    return removed
