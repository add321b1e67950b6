"""``kinerja verify_audit``: exit 0 on an intact chain, 1 naming the first broken event."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import translation

from kinerja.accounts.models import User
from kinerja.audit.chain import BreakKind, ChainBreak, event_hash
from kinerja.audit.messages import describe_break, describe_intact
from kinerja.audit.models import AuditAction, AuditChainHead, AuditEvent
from kinerja.audit.services import record_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    # The command speaks the UI's default language.
    with translation.override("id"):
        yield


@pytest.fixture
def five_events() -> list[AuditEvent]:
    actor = User.objects.create_user(username="admin")
    return [
        record_event(
            actor=actor,
            action=AuditAction.UNIT_UPDATED,
            target_type="organization.orgunit",
            target_id=str(n),
            target_label=f"Unit {n}",
            changes={"name": [f"Lama {n}", f"Baru {n}"]},
        )
        for n in range(1, 6)
    ]


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def broken_message() -> str:
    """Run the command on a broken chain; return its message after checking the exit code."""
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit", stdout=StringIO())
    assert caught.value.returncode == 1
    return str(caught.value)


def swap_seq(first: int, second: int) -> None:
    """Swap two rows' numbers through a temporary one (``seq`` is unique)."""
    AuditEvent.objects.filter(seq=first).update(seq=10_000)
    AuditEvent.objects.filter(seq=second).update(seq=first)
    AuditEvent.objects.filter(seq=10_000).update(seq=second)


# --- intact ------------------------------------------------------------------------------


def test_an_intact_chain_reports_how_many_events_were_verified(five_events):
    output = verify()

    assert output.strip() == describe_intact(5)
    assert " 5 " in output


def test_an_empty_log_is_intact():
    assert verify().strip() == describe_intact(0)


def test_a_single_event_is_intact():
    record_event(actor=None, action=AuditAction.DEMO_LOADED)

    assert verify().strip() == describe_intact(1)


# --- tampering ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param({"target_label": "Unit palsu"}, id="target label"),
        pytest.param({"changes": {"name": ["Lama 3", "Palsu"]}}, id="changes"),
        pytest.param({"changes": {}}, id="changes emptied"),
        pytest.param({"target_id": "99"}, id="target id"),
        pytest.param({"actor_username": "orang-lain"}, id="actor username"),
        pytest.param({"actor": None}, id="actor removed"),
        pytest.param({"action": AuditAction.UNIT_CREATED}, id="action"),
    ],
)
def test_an_edited_event_is_named(five_events, edit):
    # Given an intact log of five events
    # When the third row is edited in the database
    AuditEvent.objects.filter(seq=3).update(**edit)
    # Then verification fails naming #3 as altered
    message = broken_message()
    assert "#3" in message
    assert message == describe_break(ChainBreak(3, BreakKind.ALTERED))


def test_an_event_whose_time_was_moved_is_named(five_events):
    AuditEvent.objects.filter(seq=3).update(occurred_at=five_events[2].occurred_at - timedelta(1))

    assert broken_message() == describe_break(ChainBreak(3, BreakKind.ALTERED))


def test_an_edited_event_with_a_recomputed_hash_is_caught_at_the_next_event(five_events):
    # Given an intact log of five events
    # When #3 is edited and its own hash recomputed so that it matches again
    event = AuditEvent.objects.get(seq=3)
    event.target_label = "Unit palsu"
    new_hash = event_hash(event.chain_content(), event.prev_hash)
    AuditEvent.objects.filter(seq=3).update(target_label="Unit palsu", hash=new_hash)
    # Then #4 no longer links to it
    message = broken_message()
    assert "#4" in message
    assert message == describe_break(ChainBreak(4, BreakKind.UNLINKED))


def test_a_deleted_event_is_named(five_events):
    # Given an intact log of five events
    # When #3 is deleted
    AuditEvent.objects.filter(seq=3).delete()
    # Then verification names #3 as missing, with #4 in its place
    message = broken_message()
    assert "#3" in message
    assert "#4" in message
    assert message == describe_break(ChainBreak(3, BreakKind.MISSING, found_seq=4))


def test_a_deleted_first_event_is_named(five_events):
    AuditEvent.objects.filter(seq=1).delete()

    assert broken_message() == describe_break(ChainBreak(1, BreakKind.MISSING, found_seq=2))


def test_events_that_traded_numbers_are_named_at_the_first(five_events):
    # Given an intact log of five events
    # When #2 and #4 swap their numbers (each row otherwise untouched)
    swap_seq(2, 4)
    # Then the row now numbered 2 does not link to #1
    message = broken_message()
    assert "#2" in message
    assert message == describe_break(ChainBreak(2, BreakKind.UNLINKED))


def test_neighbouring_events_that_traded_numbers_are_named_at_the_first(five_events):
    swap_seq(3, 4)

    assert broken_message() == describe_break(ChainBreak(3, BreakKind.UNLINKED))


def test_events_that_traded_their_content_are_named_at_the_first(five_events):
    # Given an intact log of five events
    second, fourth = five_events[1], five_events[3]
    # When #2 and #4 swap what they say, keeping their numbers and hashes
    AuditEvent.objects.filter(seq=2).update(
        target_id=fourth.target_id, target_label=fourth.target_label, changes=fourth.changes
    )
    AuditEvent.objects.filter(seq=4).update(
        target_id=second.target_id, target_label=second.target_label, changes=second.changes
    )
    # Then #2 is the first whose content no longer matches
    message = broken_message()
    assert "#2" in message
    assert message == describe_break(ChainBreak(2, BreakKind.ALTERED))


def test_a_deleted_newest_event_is_caught_by_the_head(five_events):
    # Given an intact log of five events
    # When the newest one is deleted (no later event links to it)
    AuditEvent.objects.filter(seq=5).delete()
    # Then the head reveals it: the chain ends at #4 although #5 was recorded
    message = broken_message()
    assert "#5" in message
    assert message == describe_break(ChainBreak(5, BreakKind.TRUNCATED, found_seq=4))


def test_a_log_emptied_entirely_is_caught_by_the_head(five_events):
    AuditEvent.objects.all().delete()

    assert broken_message() == describe_break(ChainBreak(1, BreakKind.TRUNCATED, found_seq=0))


def test_an_event_added_behind_the_writers_back_is_named(five_events):
    # Given an intact log of five events
    newest = five_events[-1]
    # When a well-linked sixth event is inserted without moving the head
    forged = AuditEvent(
        seq=6,
        occurred_at=newest.occurred_at,
        action=AuditAction.ROLES_CHANGED,
        target_label="Peran palsu",
        prev_hash=newest.hash,
    )
    forged.hash = event_hash(forged.chain_content(), forged.prev_hash)
    forged.save()
    # Then verification names #6 as not the newest recorded link
    message = broken_message()
    assert "#6" in message
    assert message == describe_break(ChainBreak(6, BreakKind.HEAD_MISMATCH))


def test_a_head_that_does_not_match_the_newest_event_is_named(five_events):
    AuditChainHead.objects.update(hash="f" * 64)

    assert broken_message() == describe_break(ChainBreak(5, BreakKind.HEAD_MISMATCH))


def test_a_recorded_event_after_a_break_does_not_hide_it(five_events):
    # Given a log whose #3 was edited
    AuditEvent.objects.filter(seq=3).update(target_label="Unit palsu")
    # When the application keeps recording
    record_event(actor=None, action=AuditAction.DEMO_LOADED)
    # Then #3 is still reported
    assert broken_message() == describe_break(ChainBreak(3, BreakKind.ALTERED))


# --- the process exit code ---------------------------------------------------------------
# Through the command-line entry point, as cron or CI would run it. System checks are
# skipped: they test the whole project, not this command.


def test_the_command_line_exits_with_1_and_prints_the_break(five_events, capsys):
    AuditEvent.objects.filter(seq=3).delete()

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["kinerja", "verify_audit", "--skip-checks"])

    assert exited.value.code == 1
    assert describe_break(ChainBreak(3, BreakKind.MISSING, found_seq=4)) in capsys.readouterr().err


def test_the_command_line_exits_normally_on_an_intact_chain(five_events, capsys):
    execute_from_command_line(["kinerja", "verify_audit", "--skip-checks"])

    captured = capsys.readouterr()
    assert captured.out.strip() == describe_intact(5)
    assert captured.err == ""
