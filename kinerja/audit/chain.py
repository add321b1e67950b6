"""The hash chain behind the audit log, as pure functions (no Django, no clock).

Every event stores the SHA-256 of its own canonical content together with the hash of the
event before it. Editing an event changes its hash; deleting one breaks the link of the
next; swapping two breaks both. Only someone who rewrites every later event *and* the chain
head can hide a change, and the head's hash can be written down elsewhere (a printed
report, an e-mail) to catch even that.
"""

import enum
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class ChainLink:
    """What the chain covers of one event, in plain values."""

    seq: int
    content: Mapping[str, Any]
    prev_hash: str
    hash: str


class BreakKind(enum.StrEnum):
    MISSING = "missing"  # an event number is absent: deleted
    UNLINKED = "unlinked"  # prev_hash does not match: moved, removed or inserted
    ALTERED = "altered"  # content no longer matches its hash: edited
    TRUNCATED = "truncated"  # fewer events than the head recorded: newest deleted
    HEAD_MISMATCH = "head_mismatch"  # newest event is not the one the head recorded


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    kind: BreakKind
    found_seq: int | None = None


def event_hash(content: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 over the event's content and its predecessor's hash.

    ``content`` must be JSON-native (str, int, float, bool, None, lists, dicts): keys are
    sorted, so the database may store JSON objects in any key order.
    """
    canonical = json.dumps(
        {"content": content, "prev_hash": prev_hash},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find_break(links: Iterable[ChainLink], *, head_seq: int, head_hash: str) -> ChainBreak | None:
    """Return the first place where the chain is broken, or None when it is intact.

    ``links`` must come in ascending ``seq`` order. The head is the last (seq, hash) the
    writer recorded; it catches the deletion of the newest events, which no later event
    could reveal.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for link in links:
        if link.seq != expected_seq:
            return ChainBreak(expected_seq, BreakKind.MISSING, found_seq=link.seq)
        if link.prev_hash != prev_hash:
            return ChainBreak(link.seq, BreakKind.UNLINKED)
        if event_hash(link.content, link.prev_hash) != link.hash:
            return ChainBreak(link.seq, BreakKind.ALTERED)
        prev_hash = link.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if last_seq < head_seq:
        return ChainBreak(last_seq + 1, BreakKind.TRUNCATED, found_seq=last_seq)
    if last_seq > head_seq:  # events were added behind the writer's back
        return ChainBreak(head_seq + 1, BreakKind.HEAD_MISMATCH)
    if prev_hash != head_hash:
        return ChainBreak(last_seq, BreakKind.HEAD_MISMATCH)
    return None
