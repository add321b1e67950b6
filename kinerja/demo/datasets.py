"""Synthetic datasets in the import formats of product.md 4.2, for load tests and trials.

The fictional city of ``kinerja.demo.city`` is written out unit by unit until it has
the requested number of employees. Everything streams: each row is written as soon as
it is drawn, so memory stays flat whatever the size (only the issued NIPs and one entry
per unit are kept).

Guarantees, each tested:
- the same seed gives the same files, byte for byte; a larger ``employees`` gives the
  same first rows (the city grows, it is not redrawn);
- every parent unit and every atasan appears on an earlier row, so each file imports in
  one pass; NIPs are unique and valid for their ASN status;
- ``service_tasks.csv`` holds ``tasks_per_employee`` tasks for each **front-desk**
  employee: the service staff of kecamatan and kelurahan, of Disdukcapil and DPMPTSP,
  and the registration desks of schools and puskesmas. Teachers, nurses and office
  staff record no service tasks.

No database and no clock: the performance year is passed in.
"""

import bisect
import csv
import math
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kinerja.demo.city import JAM_KERJA, Service, Slot, UnitPlan, city_units
from kinerja.demo.people import AsnStatus, make_person
from kinerja.organization.importers.employees import EMPLOYEE_COLUMNS
from kinerja.organization.importers.units import UNIT_COLUMNS
from kinerja.service_metrics.importers import SERVICE_COLUMNS
from kinerja.service_metrics.ingest import TASK_COLUMNS

# The import formats of product.md 4.2, as the importers read them.
UNITS_HEADER = UNIT_COLUMNS
EMPLOYEES_HEADER = EMPLOYEE_COLUMNS
SERVICES_HEADER = SERVICE_COLUMNS
TASKS_HEADER = TASK_COLUMNS
FILE_NAMES = ("units.csv", "employees.csv", "services.csv", "service_tasks.csv")

EMAIL_DOMAIN = "bandarseri.example"  # .example is reserved (RFC 2606): no real inbox

# Working time as product.md 4.3 defaults it: Monday to Friday, 08:00 to 16:00.
DAY_START_MINUTE = 8 * 60
DAY_END_MINUTE = 16 * 60
WORKING_MINUTES_PER_DAY = DAY_END_MINUTE - DAY_START_MINUTE
# Holidays with a fixed date (New Year, Labour Day, Pancasila Day, Independence Day,
# Christmas); the moving ones (Idul Fitri, Nyepi…) are left to the working calendar.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (6, 1), (8, 17), (12, 25)})

# How tasks behave. Turnaround is the standard times a log-normal factor whose median
# is 0.45: about one task in eight misses its standard.
TURNAROUND_MEDIAN_FACTOR = 0.45
TURNAROUND_SIGMA = 0.7
OUTSIDE_HOURS_SHARE = 0.02  # received just before 08:00 or just after 16:00
RETURNED_ONCE_SHARE = 0.07
RETURNED_TWICE_SHARE = 0.02
COMPLAINT_SHARE = 0.02
COMPLAINT_SHARE_WHEN_RETURNED = 0.15
STILL_OPEN_SHARE = 0.01  # a stalled file
RECENT_DAYS = 10  # tasks received in the last ten working days are often still open
STILL_OPEN_SHARE_WHEN_RECENT = 0.35

PROGRESS_EVERY = 10_000


@dataclass(slots=True)
class DatasetSummary:
    units: int = 0
    employees: int = 0
    pppk: int = 0
    services: int = 0
    front_desk: int = 0
    tasks: int = 0
    open_tasks: int = 0
    paths: list[Path] = field(default_factory=list)


class _WorkingTime:
    """Working days of the year (and of the start of the next, for late completions),
    and arithmetic in working minutes over them."""

    def __init__(self, year: int) -> None:
        day, end = date(year, 1, 1), date(year + 1, 3, 31)
        self.days: list[date] = []
        while day <= end:
            if day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS:
                self.days.append(day)
            day += timedelta(days=1)
        self.in_year = sum(1 for working_day in self.days if working_day.year == year)
        self.iso = [working_day.isoformat() for working_day in self.days]

    def add(self, day: int, minute: int, minutes: int) -> tuple[int, int] | None:
        """The working moment ``minutes`` of working time after (day index, minute of the
        day); None beyond the known days. Time outside working hours does not count."""
        minute = min(max(minute, DAY_START_MINUTE), DAY_END_MINUTE)
        while minutes > DAY_END_MINUTE - minute:
            minutes -= DAY_END_MINUTE - minute
            day, minute = day + 1, DAY_START_MINUTE
            if day >= len(self.days):
                return None
        return day, minute + minutes


@dataclass(frozen=True, slots=True)
class _Catalogue:
    """A unit's services prepared for drawing: codes, standards in working minutes and
    cumulative weights."""

    codes: tuple[str, ...]
    standard_minutes: tuple[int, ...]
    cumulative_weights: tuple[int, ...]

    @classmethod
    def of(cls, unit_code: str, services: Sequence[Service]) -> "_Catalogue":
        return cls(
            codes=tuple(f"{unit_code}-{service.code}" for service in services),
            standard_minutes=tuple(
                service.standard * (60 if service.unit == JAM_KERJA else WORKING_MINUTES_PER_DAY)
                for service in services
            ),
            cumulative_weights=tuple(_cumulative(service.weight for service in services)),
        )


class _TaskWriter:
    """Draws and writes the tasks of one front-desk employee at a time. The inner loop
    runs millions of times for a load-test file, hence the precomputed tables."""

    def __init__(self, writer: Any, rng: random.Random, year: int, per_employee: int):
        self.writer, self.rng, self.year, self.per_employee = writer, rng, year, per_employee
        self.time = _WorkingTime(year)
        self.clock = [f"T{minute // 60:02d}:{minute % 60:02d}:00" for minute in range(24 * 60)]
        self.number = 0
        self.open = 0

    def write(self, nip: str, catalogue: _Catalogue) -> None:
        random_draw, gauss, time, clock = self.rng.random, self.rng.gauss, self.time, self.clock
        in_year, iso = time.in_year, time.iso
        recent = in_year - RECENT_DAYS
        span = DAY_END_MINUTE - 15 - DAY_START_MINUTE
        total_weight = catalogue.cumulative_weights[-1]
        log_median = math.log(TURNAROUND_MEDIAN_FACTOR)
        # Moments as minutes since the first working day, so that sorting is cheap.
        moments = sorted(
            int(random_draw() * in_year) * 1440 + DAY_START_MINUTE + int(random_draw() * span)
            for _task in range(self.per_employee)
        )
        rows = []
        for moment in moments:
            day, minute = divmod(moment, 1440)
            if random_draw() < OUTSIDE_HOURS_SHARE:
                minute = (
                    DAY_START_MINUTE - 5 - int(random_draw() * 25)
                    if random_draw() < 0.5
                    else DAY_END_MINUTE + 1 + int(random_draw() * 29)
                )
            service = bisect.bisect_right(
                catalogue.cumulative_weights, random_draw() * total_weight
            )
            returned = _returns(random_draw())
            factor = math.exp(log_median + TURNAROUND_SIGMA * gauss())
            turnaround = max(
                5, round(catalogue.standard_minutes[service] * (factor + 0.5 * returned))
            )
            complaint = random_draw() < (
                COMPLAINT_SHARE_WHEN_RETURNED if returned else COMPLAINT_SHARE
            )
            still_open = random_draw() < (
                STILL_OPEN_SHARE_WHEN_RECENT if day >= recent else STILL_OPEN_SHARE
            )
            done = None if still_open else time.add(day, minute, turnaround)
            self.number += 1
            rows.append(
                (
                    f"LYN-{self.year}-{self.number:08d}",
                    catalogue.codes[service],
                    nip,
                    iso[day] + clock[minute],
                    "" if done is None else iso[done[0]] + clock[done[1]],
                    returned,
                    int(complaint),
                )
            )
            self.open += done is None
        self.writer.writerows(rows)


def _returns(draw: float) -> int:
    if draw < RETURNED_TWICE_SHARE:
        return 2
    if draw < RETURNED_TWICE_SHARE + RETURNED_ONCE_SHARE:
        return 1
    return 0


def generate_dataset(
    *,
    employees: int,
    tasks_per_employee: int,
    year: int,
    seed: int,
    out_dir: Path,
    on_progress: Callable[[DatasetSummary], None] | None = None,
) -> DatasetSummary:
    """Write units.csv, employees.csv, services.csv and service_tasks.csv into ``out_dir``
    (created if missing, files overwritten) and say what was written."""
    if employees < 1 or tasks_per_employee < 0:
        raise ValueError("employees must be at least 1 and tasks_per_employee at least 0")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = DatasetSummary(paths=[out_dir / name for name in FILE_NAMES])
    # Separate streams, so that asking for more tasks does not change the people.
    # Synthetic data, not secrets: a seeded PRNG is what makes the files reproducible.
    people_rng = random.Random(f"kinerja-dataset:{seed}:organisation")  # noqa: S311
    task_rng = random.Random(f"kinerja-dataset:{seed}:tasks")  # noqa: S311
    with ExitStack() as files:
        units_csv, employees_csv, services_csv, tasks_csv = (
            csv.writer(
                files.enter_context(path.open("w", encoding="utf-8", newline="")),
                lineterminator="\n",
            )
            for path in summary.paths
        )
        for writer, header in zip(
            (units_csv, employees_csv, services_csv, tasks_csv),
            (UNITS_HEADER, EMPLOYEES_HEADER, SERVICES_HEADER, TASKS_HEADER),
            strict=True,
        ):
            writer.writerow(header)
        city = _CityWriter(
            people_rng,
            year=year,
            units=units_csv,
            employees=employees_csv,
            services=services_csv,
            tasks=_TaskWriter(tasks_csv, task_rng, year, tasks_per_employee),
            summary=summary,
        )
        for unit in city_units(people_rng):
            if summary.employees >= employees:
                break
            catalogue = city.write_unit(unit)
            holders: dict[str, list[str]] = {}
            for slot in unit.slots:
                for index in range(people_rng.randint(*slot.count)):
                    if summary.employees >= employees:
                        break
                    city.write_employee(unit, slot, index, holders, catalogue)
                    if on_progress and summary.employees % PROGRESS_EVERY == 0:
                        on_progress(city.summary_so_far())
        city.summary_so_far()
    return summary


class _CityWriter:
    """Writes units, their services and their people, and remembers just enough to
    name each person's atasan: the head of every unit and every unit's parent."""

    def __init__(
        self,
        rng: random.Random,
        *,
        year: int,
        units: Any,
        employees: Any,
        services: Any,
        tasks: _TaskWriter,
        summary: DatasetSummary,
    ) -> None:
        self.rng, self.year, self.summary = rng, year, summary
        self.units, self.employees, self.services, self.tasks = units, employees, services, tasks
        self.taken_numbers: set[int] = set()
        self.emails: dict[str, int] = {}
        self.head_of: dict[str, str] = {}
        self.parent_of: dict[str, str | None] = {}

    def write_unit(self, unit: UnitPlan) -> _Catalogue | None:
        self.units.writerow((unit.code, unit.name, unit.parent or "", unit.kind))
        self.summary.units += 1
        self.parent_of[unit.code] = unit.parent
        for service in unit.services:
            self.services.writerow(
                (
                    f"{unit.code}-{service.code}",
                    service.name,
                    unit.code,
                    service.standard,
                    service.unit,
                )
            )
        self.summary.services += len(unit.services)
        return _Catalogue.of(unit.code, unit.services) if unit.services else None

    def write_employee(
        self,
        unit: UnitPlan,
        slot: Slot,
        index: int,
        holders: dict[str, list[str]],
        catalogue: _Catalogue | None,
    ) -> None:
        pppk = self.rng.random() < slot.pppk_share
        person = make_person(
            self.rng,
            asn_status=AsnStatus.PPPK if pppk else AsnStatus.PNS,
            golongan=self.rng.choice(slot.pppk_golongan if pppk else slot.golongan),
            reference_year=self.year,
            taken_numbers=self.taken_numbers,
            titles=slot.titles,
        )
        if slot.heads_unit:
            atasan = self._nearest_head(unit.parent)
            self.head_of[unit.code] = person.nip
        else:
            superiors = [nip for title in slot.reports_to for nip in holders.get(title, ())]
            atasan = (
                superiors[index % len(superiors)] if superiors else self._nearest_head(unit.code)
            )
        holders.setdefault(slot.title, []).append(person.nip)
        self.employees.writerow(
            (
                person.nip,
                person.name,
                person.asn_status.value,
                person.rank,
                slot.title,
                slot.kind,
                unit.code,
                atasan or "",
                self._email(person.email_local_part),
            )
        )
        self.summary.employees += 1
        self.summary.pppk += pppk
        if slot.front_desk and catalogue:
            self.summary.front_desk += 1
            self.tasks.write(person.nip, catalogue)

    def summary_so_far(self) -> DatasetSummary:
        self.summary.tasks, self.summary.open_tasks = self.tasks.number, self.tasks.open
        return self.summary

    def _nearest_head(self, code: str | None) -> str | None:
        while code is not None:
            if code in self.head_of:
                return self.head_of[code]
            code = self.parent_of.get(code)
        return None

    def _email(self, local: str) -> str:
        self.emails[local] = self.emails.get(local, 0) + 1
        number = self.emails[local]
        return f"{local}{number if number > 1 else ''}@{EMAIL_DOMAIN}"


def _cumulative(values: Iterator[int]) -> Iterator[int]:
    total = 0
    for value in values:
        total += value
        yield total
