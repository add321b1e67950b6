from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from kinerja.core.periods import InvalidPeriod, parse_period, periods_of_year
from kinerja.service_metrics.services.metrics import recompute_service_metrics


class Command(BaseCommand):
    help = (
        "Recompute the stored service figures from the recorded tasks: of one period"
        " (2026, 2026-Q1, 2026-03; a year includes its triwulan and months) or, without"
        " --period, of every year that has tasks. Safe to run at any time (e.g. nightly)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", help="2026, 2026-Q1 … 2026-Q4 or 2026-01 … 2026-12")

    def handle(self, *args: Any, **options: Any) -> None:
        periods = None
        if options["period"]:
            try:
                span = parse_period(options["period"])
            except InvalidPeriod as exc:
                raise CommandError(
                    _("%(value)s is not a period: use 2026, 2026-Q1 or 2026-01")
                    % {"value": options["period"]},
                    returncode=1,
                ) from exc
            periods = periods_of_year(span.starts_on.year) if span.code.isdigit() else [span]
        with tqdm(
            total=0, unit=_("period"), file=self.stderr, disable=options["verbosity"] == 0
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            summary = recompute_service_metrics(
                actor=None, as_of=timezone.now(), periods=periods, progress=progress
            )
        self.stdout.write(
            _(
                "Recomputed %(periods)s periods in %(seconds)s s: %(employees)s employee"
                " figures, %(services)s service figures."
            )
            % {
                "periods": summary.periods,
                "seconds": f"{summary.seconds:.1f}",
                "employees": summary.employee_rows,
                "services": summary.service_rows,
            }
        )
