"""The hash chain as pure functions: no database, no clock."""

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.audit.chain import (
    GENESIS_HASH,
    BreakKind,
    ChainBreak,
    ChainLink,
    event_hash,
    find_break,
)


def build_chain(contents: list[dict[str, Any]]) -> list[ChainLink]:
    """Links numbered 1..n, each hashed over its content and its predecessor's hash."""
    links: list[ChainLink] = []
    prev_hash = GENESIS_HASH
    for seq, content in enumerate(contents, start=1):
        link = ChainLink(
            seq=seq, content=content, prev_hash=prev_hash, hash=event_hash(content, prev_hash)
        )
        links.append(link)
        prev_hash = link.hash
    return links


def verify(links: list[ChainLink], *, head: ChainLink | None = None) -> ChainBreak | None:
    """find_break against the head a writer would have recorded (default: the last link)."""
    if head is None and links:
        head = links[-1]
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    return find_break(links, head_seq=head_seq, head_hash=head_hash)


def contents(count: int) -> list[dict[str, Any]]:
    return [{"action": "organization.unit.updated", "target_id": str(n)} for n in range(count)]


# --- event_hash ------------------------------------------------------------------------


def test_event_hash_is_a_sha256_hex_digest():
    digest = event_hash({"a": 1}, GENESIS_HASH)

    assert len(digest) == 64
    assert set(digest) <= set("0123456789abcdef")


def test_event_hash_is_the_same_whatever_the_key_order():
    forwards = {"a": 1, "b": {"x": [1, 2], "y": None}, "c": "teks"}
    backwards = {"c": "teks", "b": {"y": None, "x": [1, 2]}, "a": 1}

    assert event_hash(forwards, GENESIS_HASH) == event_hash(backwards, GENESIS_HASH)


def test_event_hash_is_the_same_on_every_call():
    content = {"target_label": "Kecamatan Contoh", "changes": {"name": ["Lama", "Baru"]}}

    assert event_hash(content, GENESIS_HASH) == event_hash(dict(content), GENESIS_HASH)


BASE_CONTENT: dict[str, Any] = {
    "seq": 3,
    "actor_id": 7,
    "target_label": "Seksi Pelayanan",
    "changes": {"name": ["Lama", "Baru"], "active": [True, False]},
}


@pytest.mark.parametrize(
    "altered",
    [
        pytest.param({**BASE_CONTENT, "seq": 4}, id="another number"),
        pytest.param({**BASE_CONTENT, "actor_id": None}, id="actor removed"),
        pytest.param({**BASE_CONTENT, "actor_id": "7"}, id="same digits as a string"),
        pytest.param({**BASE_CONTENT, "target_label": "Seksi pelayanan"}, id="letter case"),
        pytest.param({**BASE_CONTENT, "target_label": "Seksi Pelayanan "}, id="trailing space"),
        pytest.param(
            {**BASE_CONTENT, "changes": {"name": ["Lama", "Baru"], "active": [True, True]}},
            id="nested value",
        ),
        pytest.param(
            {**BASE_CONTENT, "changes": {"name": ["Baru", "Lama"], "active": [True, False]}},
            id="list order",
        ),
        pytest.param({**BASE_CONTENT, "extra": None}, id="key added"),
        pytest.param({k: v for k, v in BASE_CONTENT.items() if k != "seq"}, id="key removed"),
    ],
)
def test_event_hash_changes_with_any_change_of_content(altered):
    assert event_hash(altered, GENESIS_HASH) != event_hash(BASE_CONTENT, GENESIS_HASH)


def test_event_hash_changes_with_the_previous_hash():
    other_prev = event_hash({"seq": 1}, GENESIS_HASH)

    assert event_hash(BASE_CONTENT, other_prev) != event_hash(BASE_CONTENT, GENESIS_HASH)


def test_event_hash_covers_non_ascii_text():
    assert event_hash({"name": "Kelurahan Ñ"}, GENESIS_HASH) != event_hash(
        {"name": "Kelurahan N"}, GENESIS_HASH
    )


# --- find_break: intact chains ---------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 2, 50])
def test_an_intact_chain_has_no_break(count):
    assert verify(build_chain(contents(count))) is None


def test_an_empty_chain_with_an_untouched_head_has_no_break():
    assert find_break([], head_seq=0, head_hash=GENESIS_HASH) is None


def test_find_break_reads_links_from_any_iterable_once():
    links = build_chain(contents(4))

    assert find_break(iter(links), head_seq=4, head_hash=links[-1].hash) is None


# --- find_break: tampering ---------------------------------------------------------------


def test_an_edited_event_is_reported_as_altered_at_its_number():
    # Given a chain of five events
    links = build_chain(contents(5))
    # When the third event's content is edited but its stored hashes are left alone
    links[2] = replace(links[2], content={**links[2].content, "target_id": "edited"})
    # Then the break is at #3, as an alteration
    assert verify(links, head=links[-1]) == ChainBreak(3, BreakKind.ALTERED)


def test_an_edited_event_whose_hash_was_recomputed_is_reported_at_the_next_event():
    # Given a chain of five events
    links = build_chain(contents(5))
    # When the third event is edited and its own hash recomputed to match
    content = {**links[2].content, "target_id": "edited"}
    links[2] = replace(links[2], content=content, hash=event_hash(content, links[2].prev_hash))
    # Then #3 looks sound on its own, but #4 no longer links to it
    assert verify(links, head=links[-1]) == ChainBreak(4, BreakKind.UNLINKED)


def test_the_first_event_linking_to_something_else_than_genesis_is_unlinked():
    links = build_chain(contents(3))
    other_prev = "f" * 64
    links[0] = replace(
        links[0], prev_hash=other_prev, hash=event_hash(links[0].content, other_prev)
    )

    assert verify(links) == ChainBreak(1, BreakKind.UNLINKED)


def test_a_deleted_middle_event_is_reported_as_missing_with_the_number_found_instead():
    # Given a chain of five events
    links = build_chain(contents(5))
    # When #3 is deleted
    del links[2]
    # Then #3 is missing and #4 stands in its place
    assert verify(links) == ChainBreak(3, BreakKind.MISSING, found_seq=4)


def test_a_deleted_first_event_is_reported_as_missing():
    links = build_chain(contents(3))

    assert verify(links[1:]) == ChainBreak(1, BreakKind.MISSING, found_seq=2)


def test_a_renumbered_chain_after_a_deletion_is_reported_as_unlinked():
    # Given a chain of five events where #3 was deleted
    links = build_chain(contents(5))
    del links[2]
    # When the later events are renumbered to close the gap
    links = [replace(link, seq=seq) for seq, link in enumerate(links, start=1)]
    # Then the event now numbered 3 does not link to #2
    assert verify(links) == ChainBreak(3, BreakKind.UNLINKED)


def test_two_swapped_events_in_the_stream_are_reported_as_missing_at_the_first():
    # Given a chain of five events
    links = build_chain(contents(5))
    # When #2 and #4 trade places in the stream, each keeping its own number
    links[1], links[3] = links[3], links[1]
    # Then the reader expects #2 first and finds #4
    assert verify(links) == ChainBreak(2, BreakKind.MISSING, found_seq=4)


@pytest.mark.parametrize(("first", "second"), [(1, 2), (2, 3), (2, 5), (4, 5)])
def test_two_events_that_traded_numbers_are_reported_as_unlinked_at_the_first(first, second):
    # Given a chain of five events
    links = build_chain(contents(5))
    # When two events trade everything except their number (the rows were swapped)
    a, b = links[first - 1], links[second - 1]
    links[first - 1] = replace(b, seq=first)
    links[second - 1] = replace(a, seq=second)
    # Then the lower number no longer links to the event before it
    assert verify(links) == ChainBreak(first, BreakKind.UNLINKED)


def test_two_swapped_contents_are_reported_as_altered_at_the_first():
    # Given a chain of five events
    links = build_chain(contents(5))
    # When #2 and #4 trade only their content, keeping their hashes
    links[1], links[3] = (
        replace(links[1], content=links[3].content),
        replace(links[3], content=links[1].content),
    )
    # Then #2 no longer matches its hash
    assert verify(links, head=links[-1]) == ChainBreak(2, BreakKind.ALTERED)


def test_a_deleted_newest_event_is_caught_by_the_head():
    # Given a chain of five events and the head the writer recorded
    links = build_chain(contents(5))
    head = links[-1]
    # When the newest event is deleted
    del links[-1]
    # Then the chain ends at #4 although the head says #5
    assert verify(links, head=head) == ChainBreak(5, BreakKind.TRUNCATED, found_seq=4)


def test_several_deleted_newest_events_are_reported_from_the_first_missing():
    links = build_chain(contents(5))
    head = links[-1]

    assert verify(links[:2], head=head) == ChainBreak(3, BreakKind.TRUNCATED, found_seq=2)


def test_a_chain_emptied_entirely_is_truncated_at_the_first_event():
    links = build_chain(contents(3))

    assert verify([], head=links[-1]) == ChainBreak(1, BreakKind.TRUNCATED, found_seq=0)


def test_an_event_appended_without_the_head_is_a_head_mismatch_after_the_head():
    # Given a chain of five events whose head records #5
    links = build_chain(contents(6))
    head = links[4]
    # When a sixth, well-linked event is appended without moving the head
    # Then the break is at #6, the first event the head does not know
    assert verify(links, head=head) == ChainBreak(6, BreakKind.HEAD_MISMATCH)


def test_an_event_appended_to_an_empty_log_without_the_head_is_a_head_mismatch():
    links = build_chain(contents(1))

    assert find_break(links, head_seq=0, head_hash=GENESIS_HASH) == ChainBreak(
        1, BreakKind.HEAD_MISMATCH
    )


def test_a_head_hash_that_does_not_match_the_newest_event_is_a_head_mismatch():
    links = build_chain(contents(5))

    assert find_break(links, head_seq=5, head_hash="a" * 64) == ChainBreak(
        5, BreakKind.HEAD_MISMATCH
    )


def test_a_rewritten_tail_is_caught_by_the_head_hash():
    # Given a chain of five events and the head the writer recorded
    original = build_chain(contents(5))
    head = original[-1]
    # When someone rebuilds the whole chain with #4 edited (every later hash recomputed)
    forged_contents = contents(5)
    forged_contents[3] = {**forged_contents[3], "target_id": "forged"}
    forged = build_chain(forged_contents)
    # Then the links agree with each other, but not with the head
    assert verify(forged, head=head) == ChainBreak(5, BreakKind.HEAD_MISMATCH)


def test_only_the_first_break_is_reported():
    links = build_chain(contents(6))
    links[4] = replace(links[4], content={"edited": True})
    del links[1]

    assert verify(links, head=links[-1]) == ChainBreak(2, BreakKind.MISSING, found_seq=3)


# --- properties ------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=8,
)
json_objects = st.dictionaries(st.text(max_size=8), json_values, max_size=5)
chain_contents = st.lists(json_objects, min_size=1, max_size=8)


@given(chain_contents)
def test_any_chain_built_from_json_content_verifies(contents_list):
    assert verify(build_chain(contents_list)) is None


@given(chain_contents, st.data())
def test_deleting_any_one_event_breaks_the_chain_at_or_before_it(contents_list, data):
    links = build_chain(contents_list)
    head = links[-1]
    index = data.draw(st.integers(0, len(links) - 1), label="deleted index")
    deleted_seq = links[index].seq

    del links[index]
    broken = verify(links, head=head)

    assert broken is not None
    assert broken.seq <= deleted_seq


@given(chain_contents, st.data())
def test_mutating_any_one_events_content_breaks_the_chain_at_or_before_it(contents_list, data):
    links = build_chain(contents_list)
    head = links[-1]
    index = data.draw(st.integers(0, len(links) - 1), label="mutated index")
    original = links[index].content
    mutated = data.draw(json_objects.filter(lambda c: c != original), label="new content")

    links[index] = replace(links[index], content=mutated)
    broken = verify(links, head=head)

    assert broken is not None
    assert broken.seq <= links[index].seq
