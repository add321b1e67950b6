"""record_event: the one door into the audit log."""

import contextlib
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.accounts.models import User
from kinerja.audit.chain import GENESIS_HASH, event_hash
from kinerja.audit.models import AuditAction, AuditChainHead, AuditEvent
from kinerja.audit.selectors import find_audit_chain_break
from kinerja.audit.services import record_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor() -> User:
    return User.objects.create_user(username="admin", first_name="Ani", last_name="Admin")


def record(actor: User | None = None, **kwargs) -> AuditEvent:
    kwargs.setdefault("action", AuditAction.UNIT_UPDATED)
    return record_event(actor=actor, **kwargs)


def test_events_are_numbered_from_one_without_gaps(actor):
    for label in ["a", "b", "c", "d", "e"]:
        record(actor, target_label=label)

    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


def test_each_event_links_to_the_hash_of_the_one_before(actor):
    # Given three recorded events
    for label in ["a", "b", "c"]:
        record(actor, target_label=label)
    # When they are read back from the database
    events = list(AuditEvent.objects.order_by("seq"))
    # Then the first links to genesis and every later one to its predecessor
    assert events[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]


def test_each_stored_hash_covers_the_stored_content(actor):
    record(actor, target_label="a", changes={"name": ["Lama", "Baru"]})
    record(None, target_label="b")

    for event in AuditEvent.objects.order_by("seq"):
        assert event.hash == event_hash(event.chain_content(), event.prev_hash)


def test_the_returned_event_is_the_stored_one(actor):
    event = record(actor, target_label="a")

    stored = AuditEvent.objects.get(seq=1)
    assert (event.pk, event.hash, event.prev_hash) == (stored.pk, stored.hash, stored.prev_hash)


def test_there_is_no_head_before_the_first_event():
    assert not AuditChainHead.objects.exists()


def test_the_head_holds_the_newest_event(actor):
    for label in ["a", "b", "c"]:
        newest = record(actor, target_label=label)

    head = AuditChainHead.objects.get()
    assert (head.id, head.seq, head.hash) == (1, 3, newest.hash)


def test_a_recorded_log_passes_verification(actor):
    for label in ["a", "b", "c", "d"]:
        record(actor, target_label=label, changes={"label": label})

    assert find_audit_chain_break() == (4, None)


def test_a_target_fills_its_type_id_and_label(actor):
    target = User.objects.create_user(username="staf", first_name="Sari", last_name="Staf")

    event = record(actor, action=AuditAction.ROLES_CHANGED, target=target)

    event.refresh_from_db()
    assert (event.target_type, event.target_id, event.target_label) == (
        "accounts.user",
        str(target.pk),
        "Sari Staf",
    )


def test_explicit_target_fields_win_over_the_target(actor):
    target = User.objects.create_user(username="staf")

    event = record(
        actor, target=target, target_type="import", target_id="batch-7", target_label="Impor"
    )

    assert (event.target_type, event.target_id, event.target_label) == (
        "import",
        "batch-7",
        "Impor",
    )


def test_a_long_target_label_is_cut_to_the_column_width(actor):
    target = User.objects.create_user(username="staf", first_name="N" * 150, last_name="M" * 150)

    event = record(actor, target=target)

    event.refresh_from_db()
    assert event.target_label == ("N" * 150 + " " + "M" * 150)[:255]


def test_an_event_without_a_target_leaves_the_target_fields_empty(actor):
    event = record(actor, action=AuditAction.DEMO_LOADED)

    event.refresh_from_db()
    assert (event.target_type, event.target_id, event.target_label) == ("", "", "")


def test_the_actor_and_their_username_are_stored(actor):
    event = record(actor, target_label="a")

    event.refresh_from_db()
    assert (event.actor_id, event.actor_username) == (actor.pk, "admin")


def test_an_event_without_an_actor_stores_an_empty_username():
    event = record(None, target_label="a")

    event.refresh_from_db()
    assert (event.actor_id, event.actor_username) == (None, "")


def test_the_username_is_kept_when_the_account_is_renamed_later(actor):
    event = record(actor, target_label="a")

    actor.username = "admin-baru"
    actor.save()

    event.refresh_from_db()
    assert event.actor_username == "admin"
    assert find_audit_chain_break() == (1, None)


def test_changes_with_dates_decimals_and_uuids_are_stored_as_json_native_values(actor):
    # Given changes holding values JSON has no type for
    batch = uuid.UUID("12345678-1234-5678-1234-567812345678")
    changes = {
        "tmt": [date(2020, 1, 1), date(2026, 7, 1)],
        "target": [Decimal("12.50"), Decimal("100")],
        "at": datetime(2026, 1, 31, 8, 30, tzinfo=UTC),
        "batch": batch,
        "note": None,
    }
    # When they are recorded and read back
    event = record(actor, target_label="a", changes=changes)
    event.refresh_from_db()
    # Then they are strings, identical to what was hashed, and the chain still verifies
    assert event.changes == {
        "tmt": ["2020-01-01", "2026-07-01"],
        "target": ["12.50", "100"],
        "at": "2026-01-31T08:30:00Z",
        "batch": str(batch),
        "note": None,
    }
    assert event.hash == event_hash(event.chain_content(), event.prev_hash)
    assert find_audit_chain_break() == (1, None)


def test_the_returned_event_holds_the_same_json_native_changes_as_the_stored_one(actor):
    event = record(actor, target_label="a", changes={"target": Decimal("7.5")})

    assert event.changes == {"target": "7.5"}


def test_changes_default_to_an_empty_object(actor):
    event = record(actor, target_label="a")

    event.refresh_from_db()
    assert event.changes == {}


def test_nested_changes_in_any_key_order_verify_after_reading_back(actor):
    # PostgreSQL's jsonb reorders keys; the hash must not depend on their order.
    record(actor, target_label="a", changes={"zeta": {"b": 1, "a": [1, {"y": 2, "x": 3}]}})
    record(actor, target_label="b", changes={"bbbbbb": 1, "a": 2, "cc": 3})

    assert find_audit_chain_break() == (2, None)


def test_non_ascii_text_verifies_after_reading_back(actor):
    record(actor, target_label="Kelurahan Ñoño — café", changes={"name": ["Lama", "Baru ✓"]})

    assert find_audit_chain_break() == (1, None)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(0.5, id="plain"),
        pytest.param(87.25, id="score"),
        pytest.param(-0.0, id="negative zero"),
        pytest.param(1e16, id="large exponent"),
    ],
)
def test_float_changes_verify_after_reading_back(actor, value):
    # Given a change holding a float (a score, for instance)
    record(actor, target_label="a", changes={"score": [None, value]})
    # When the chain is verified from what the database gives back
    # Then it is intact: the stored JSON must be the JSON that was hashed
    assert find_audit_chain_break() == (1, None)


class ServiceFailedError(Exception):
    pass


def record_then_fail(actor: User, label: str) -> None:
    """A service that records its event, then fails later in the same transaction."""
    with transaction.atomic():
        record(actor, target_label=label)
        raise ServiceFailedError


def test_an_event_in_a_rolled_back_transaction_leaves_no_trace(actor):
    # Given one committed event
    first = record(actor, target_label="a")
    # When another is recorded inside a transaction that fails afterwards
    with pytest.raises(ServiceFailedError):
        record_then_fail(actor, "b")
    # Then neither the event nor the head moved
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1]
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (1, first.hash)
    # And the next event takes the number the rolled-back one had
    assert record(actor, target_label="c").seq == 2
    assert find_audit_chain_break() == (2, None)


def test_a_rolled_back_first_event_leaves_no_event_and_no_head(actor):
    with pytest.raises(ServiceFailedError):
        record_then_fail(actor, "a")

    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()
    assert find_audit_chain_break() == (0, None)


# Text PostgreSQL can store: no NUL, no lone surrogates (neither can be UTF-8 encoded there).
storable_text = st.text(
    alphabet=st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=12
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | storable_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(storable_text, children, max_size=4)
    ),
    max_leaves=10,
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.dictionaries(storable_text, json_values, max_size=5), label=storable_text)
def test_any_json_changes_verify_after_reading_back(db, changes, label):
    # Each example runs in its own transaction, rolled back, so every one starts at #1.
    with contextlib.suppress(ServiceFailedError), transaction.atomic():
        record(None, target_label=label, changes=changes)
        assert find_audit_chain_break() == (1, None)
        raise ServiceFailedError
