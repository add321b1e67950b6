from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kinerja.audit.messages import describe_break, describe_intact
from kinerja.audit.selectors import find_audit_chain_break


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exit 1 naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        counted, broken = find_audit_chain_break()
        if broken is not None:
            raise CommandError(describe_break(broken), returncode=1)
        self.stdout.write(describe_intact(counted))
