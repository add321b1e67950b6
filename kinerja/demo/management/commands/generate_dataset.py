import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kinerja.demo.datasets import DatasetSummary, generate_dataset

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ArgumentTypeError("must be at least 1")
    return number


def not_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ArgumentTypeError("must be 0 or more")
    return number


def count(value: int) -> str:
    return number_format(value, force_grouping=True)


class Command(BaseCommand):
    help = (
        "Write a synthetic but realistic dataset (units.csv, employees.csv, services.csv, "
        "service_tasks.csv) in the import formats. The same seed gives the same files."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--employees", type=positive, required=True, help="Number of employees."
        )
        parser.add_argument(
            "--tasks-per-employee",
            type=not_negative,
            default=0,
            help="Service tasks per front-desk employee (service staff of kecamatan, "
            "kelurahan, Disdukcapil and DPMPTSP, registration desks of schools and "
            "puskesmas; other employees record none). Default 0.",
        )
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="Performance year of the tasks and reference year for ages (default: this year).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--out", type=Path, required=True, help="Directory to write into.")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise CommandError(
                _("The year must lie between %(first)s and %(last)s.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
            )
        out_dir: Path = options["out"]
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(_("%(path)s is not a directory.") % {"path": out_dir})
        started = time.monotonic()
        summary = generate_dataset(
            employees=options["employees"],
            tasks_per_employee=options["tasks_per_employee"],
            year=year,
            seed=options["seed"],
            out_dir=out_dir,
            on_progress=self._progress,
        )
        self.stderr.write(
            _(
                "Written in %(seconds)s s: %(units)s units, %(employees)s employees "
                "(%(pppk)s PPPK), %(services)s services, %(tasks)s service tasks "
                "(%(open)s still open) for %(front_desk)s front-desk employees."
            )
            % {
                "seconds": number_format(time.monotonic() - started, 1),
                "units": count(summary.units),
                "employees": count(summary.employees),
                "pppk": count(summary.pppk),
                "services": count(summary.services),
                "tasks": count(summary.tasks),
                "open": count(summary.open_tasks),
                "front_desk": count(summary.front_desk),
            }
        )
        for path in summary.paths:
            self.stdout.write(str(path))

    def _progress(self, summary: DatasetSummary) -> None:
        self.stderr.write(
            _("… %(employees)s employees, %(tasks)s service tasks")
            % {"employees": count(summary.employees), "tasks": count(summary.tasks)}
        )
