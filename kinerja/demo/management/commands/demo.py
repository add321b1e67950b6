import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from kinerja.core.exceptions import DomainError
from kinerja.demo.builder import DEMO_PASSWORD, DemoResult, load_demo_office, organisation_exists


def format_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Plain-text columns, padded to the widest cell."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    return [line(header), line(["-" * width for width in widths]), *(line(row) for row in rows)]


class Command(BaseCommand):
    help = (
        "Load the Binawidya demo office (Kecamatan Binawidya, Kota Pekanbaru, with its five "
        "kelurahan) and print the demo accounts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every unit, employee and their accounts first, then load the demo.",
        )
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"Password of every demo account (default: {DEMO_PASSWORD}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database holds no units yet; otherwise do nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"] and options["if_empty"]:
            raise CommandError(_("Use either --reset or --if-empty, not both."))
        if not options["password"]:
            raise CommandError(_("The password must not be empty."))
        if options["if_empty"] and organisation_exists():
            self.stdout.write(_("The database already holds organisation data; demo not loaded."))
            return
        started = time.monotonic()
        try:
            result = load_demo_office(
                today=timezone.localdate(), password=options["password"], reset=options["reset"]
            )
        except DomainError as error:
            raise CommandError(str(error), returncode=1) from error
        self._report(result, options["password"], time.monotonic() - started)

    def _report(self, result: DemoResult, password: str, seconds: float) -> None:
        if result.removed:
            self.stdout.write(
                _("Removed: %(units)s units, %(employees)s employees, %(deleted)s accounts.")
                % {
                    "units": result.removed["units"],
                    "employees": result.removed["employees"],
                    "deleted": result.removed["users_deleted"],
                }
            )
        if result.removed.get("users_retired"):
            self.stdout.write(
                _(
                    "%(retired)s accounts named in the audit log were deactivated and renamed "
                    "instead of deleted."
                )
                % {"retired": result.removed["users_retired"]}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo office loaded in %(seconds)s s: %(units)s units, %(employees)s "
                    "employees, performance year %(year)s opened."
                )
                % {
                    "seconds": number_format(seconds, 1),
                    "units": result.units,
                    "employees": result.employees,
                    "year": result.performance_year,
                }
            )
        )
        services = result.services
        self.stdout.write(
            _(
                "Service data: %(services)s services, %(tasks)s tasks (%(open)s still open) "
                "of %(front_desk)s front-desk employees from %(first)s to %(last)s."
            )
            % {
                "services": services.service_types,
                "tasks": number_format(services.tasks, force_grouping=True),
                "open": services.open_tasks,
                "front_desk": services.front_desk,
                "first": date_format(services.first_day),
                "last": date_format(services.last_day),
            }
        )
        criteria = result.criteria
        self.stdout.write(
            _(
                "Criteria: %(published)s published and acknowledged by %(acknowledged)s of "
                "%(in_scope)s employees; %(consulted)s in consultation with %(proposals)s "
                "proposals, %(votes)s votes and %(decided)s decisions."
            )
            % {
                "published": criteria.published,
                "acknowledged": criteria.acknowledged,
                "in_scope": criteria.in_scope,
                "consulted": criteria.consulted,
                "proposals": criteria.proposals,
                "votes": criteria.votes,
                "decided": criteria.decided,
            }
        )
        plans = result.plans
        self.stdout.write(
            _(
                "SKP %(year)s: approved for %(approved)s of %(employees)s employees; "
                "%(realisations)s realisations with %(evidence)s pieces of evidence "
                "(%(files)s files) and %(feedback)s feedback notes."
            )
            % {
                "year": plans.year,
                "approved": plans.approved,
                "employees": plans.employees,
                "realisations": number_format(plans.realisations, force_grouping=True),
                "evidence": number_format(plans.evidence, force_grouping=True),
                "files": plans.files,
                "feedback": plans.feedback,
            }
        )
        self.stdout.write("")
        header = [_("Username"), _("Role"), _("Name"), _("Position")]
        rows = [[row.username, row.role, row.name, row.position] for row in result.accounts]
        for line in format_table(header, rows):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(_("Password of every account: %(password)s") % {"password": password})
        self.stdout.write(
            _("Every other employee logs in with their NIP as username, e.g. %(nip)s.")
            % {"nip": result.example_nip}
        )
