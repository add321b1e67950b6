import csv
import json
import os
import sys
from argparse import ArgumentParser
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.core.periods import InvalidPeriod, parse_period
from kinerja.service_metrics.selectors.metrics import EXPORT_COLUMNS, ExportRow, export_rows


class Command(BaseCommand):
    help = (
        "Write the service figures of one period to stdout, one row per employee with"
        " tasks in it: nip,nama,unit_kode,period,tasks_completed,on_time,on_time_rate,"
        "first_time_right_rate,median_turnaround_hours,open_overdue (rates 0–1 with 4"
        " decimals, median in working hours). --unit limits it to a unit and its sub-units."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", required=True, help="2026, 2026-Q1 or 2026-01")
        parser.add_argument("--unit", metavar="CODE", help="a unit code")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except InvalidPeriod as exc:
            raise CommandError(
                _("%(value)s is not a period: use 2026, 2026-Q1 or 2026-01")
                % {"value": options["period"]},
                returncode=1,
            ) from exc
        try:
            rows = list(export_rows(period=period, unit_code=options["unit"]))
        except LookupError as exc:
            raise CommandError(
                _("No unit has the code %(code)s.") % {"code": options["unit"]}, returncode=1
            ) from exc
        try:
            self._write(rows, options["format"])
        except BrokenPipeError:
            # A reader that stops early (`| head`) is not an error. As the Python docs
            # advise, point stdout at devnull so that the final flush stays quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())

    def _write(self, rows: list[ExportRow], output_format: str) -> None:
        if output_format == "json":
            self.stdout.write(json.dumps([_json(asdict(row)) for row in rows], indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            values = asdict(row)
            writer.writerow(["" if values[c] is None else values[c] for c in EXPORT_COLUMNS])


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: float(value) if isinstance(value, Decimal) else value for key, value in values.items()
    }
