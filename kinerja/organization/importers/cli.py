"""What ``kinerja import_units`` and ``kinerja import_employees`` share: arguments,
the actor, the ``row N, column C: message`` listing and the exit status."""

from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.accounts.models import User
from kinerja.core.tabular import UnreadableFile
from kinerja.organization.importers.common import ImportReport


class ImportCommand(BaseCommand):
    """Exit 0 when the file was imported (or, with ``--dry-run``, would import cleanly);
    exit 1 listing every problem on stdout when any row is invalid, having written
    nothing."""

    # The service that validates and writes this kind of file; each command names its own.
    importer: Callable[..., ImportReport]

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", type=Path, help="A .csv (UTF-8, comma or semicolon) or .xlsx file."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would change; write nothing.",
        )
        parser.add_argument(
            "--actor",
            metavar="USERNAME",
            help="Record the import in the audit log under this user (default: no user).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": source}, returncode=1)
        actor = self._actor(options["actor"])
        try:
            report = self.importer(
                source=source, actor=actor, dry_run=options["dry_run"], label=source.name
            )
        except UnreadableFile as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if report.errors:
            for error in report.errors:
                self.stdout.write(str(error))
            raise CommandError(
                ngettext(
                    "%(count)s problem found; nothing was written.",
                    "%(count)s problems found; nothing was written.",
                    len(report.errors),
                )
                % {"count": len(report.errors)},
                returncode=1,
            )
        if report.dry_run and options["verbosity"] > 1:
            for key, diff in report.updated_rows.items():
                changes = "; ".join(f"{field}: {old} → {new}" for field, (old, new) in diff.items())
                self.stdout.write(f"{key}: {changes}")
        self.stdout.write(self.summary(report))

    @staticmethod
    def _actor(username: str | None) -> User | None:
        if not username:
            return None
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(
                _("No user is called %(username)s.") % {"username": username}, returncode=1
            )
        return actor

    @staticmethod
    def summary(report: ImportReport) -> str:
        counts = {
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if report.dry_run:
            return (
                _(
                    "Dry run, nothing was written: %(rows)s rows; %(created)s would be created,"
                    " %(updated)s updated, %(unchanged)s unchanged."
                )
                % counts
            )
        return (
            _(
                "Import complete: %(rows)s rows; %(created)s created, %(updated)s updated,"
                " %(unchanged)s unchanged."
            )
            % counts
        )
