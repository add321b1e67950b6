from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.monitoring.services.checks import CheckSummary, run_checks

BAR_WIDTH = 30


def _count(value: int) -> str:
    """1024 as "1.024" in Indonesian, "1,024" in English."""
    return formats.number_format(value, force_grouping=True)


def _plain(text: str) -> str:
    return text


class ProgressBar:
    """``[#####     ] 512/1.024 pegawai``, redrawn in place on a terminal."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        text = f"\r[{bar}] {_count(done)}/{_count(total)} {_('employees')}"
        # Not in the error colour of stderr, and no line end: the next step overwrites it.
        self.stream.write(text, style_func=_plain, ending="")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("", style_func=_plain, ending="\n")
            self.stream.flush()


def summary_line(summary: CheckSummary) -> str:
    """The one line on stdout, e.g. Checked 1,024 employees: 3 new alerts, 12 already
    recorded, 2 action reminders."""
    checked = ngettext(
        "Checked %(count)s employee", "Checked %(count)s employees", summary.employees_checked
    ) % {"count": _count(summary.employees_checked)}
    created = ngettext("%(count)s new alert", "%(count)s new alerts", summary.alerts_created) % {
        "count": _count(summary.alerts_created)
    }
    known = _("%(count)s already recorded") % {"count": _count(summary.already_known)}
    reminders = ngettext(
        "%(count)s action reminder", "%(count)s action reminders", summary.reminders_sent
    ) % {"count": _count(summary.reminders_sent)}
    return f"{checked}: {created}, {known}, {reminders}."


class Command(BaseCommand):
    help = (
        "Run the early-warning checks: every active employee against the early-warning rules"
        " of the criteria in force, one alert per new condition for the appraiser, then the"
        " reminders of coaching actions that are due. Safe to run at any time (e.g. nightly"
        " from cron): running it again creates nothing new. A progress bar is drawn on"
        " stderr when it is a terminal; the summary is one line on stdout. Exit 1 on a"
        " malformed --date."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--date", help="check as of this day, YYYY-MM-DD (default: today, local time)"
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="print nothing when all goes well (no progress bar, no summary)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._day(options["date"])
        quiet = options["quiet"] or options["verbosity"] == 0
        # The bar is redrawn with carriage returns: only for a person at a terminal, never
        # into a cron mail or a log file.
        bar = ProgressBar(self.stderr) if not quiet and self.stderr.isatty() else None
        try:
            summary = run_checks(today=today, progress=bar)
        finally:
            if bar is not None:
                bar.close()
        if not quiet:
            self.stdout.write(summary_line(summary))

    @staticmethod
    def _day(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(
                _("%(value)s is not a date: use YYYY-MM-DD, e.g. 2026-03-31") % {"value": value},
                returncode=1,
            ) from exc
