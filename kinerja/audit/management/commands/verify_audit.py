from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.audit.chain import BreakKind, ChainBreak
from kinerja.audit.selectors import find_audit_chain_break


def describe_break(broken: ChainBreak) -> str:
    reasons = {
        BreakKind.MISSING: _("the event is missing (deleted); #%(found)s stands in its place"),
        BreakKind.UNLINKED: _(
            "it does not link to the event before it (an event was moved, removed or inserted)"
        ),
        BreakKind.ALTERED: _("its content was changed after it was recorded"),
        BreakKind.TRUNCATED: _(
            "the chain ends at #%(found)s although more events were recorded "
            "(the newest were deleted)"
        ),
        BreakKind.HEAD_MISMATCH: _("it is not the event recorded as the newest link"),
    }
    reason = reasons[broken.kind] % {"found": broken.found_seq}
    return _("Audit chain broken at event #%(seq)s: %(reason)s.") % {
        "seq": broken.seq,
        "reason": reason,
    }


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exit 1 naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        counted, broken = find_audit_chain_break()
        if broken is not None:
            raise CommandError(describe_break(broken), returncode=1)
        self.stdout.write(_("Audit chain intact: %(count)s events verified.") % {"count": counted})
