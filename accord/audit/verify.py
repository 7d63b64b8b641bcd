"""Checking the audit chain from end to end (docs/product.md §4.5), for `manage.py audit_verify`.

The walk streams the log in sequence order and stops at the first broken link: everything after
it is unproven, and the first break is what an investigator needs to look at.
"""

import copy
from dataclasses import dataclass

from accord.audit.models import AuditChainHead, AuditEvent
from accord.audit.services import GENESIS_HASH, event_hash

# Rows fetched per round trip: the log grows without bound, memory must not.
CHUNK_SIZE = 2000
# How far from its place an intact event is looked for, to report "out of order" rather than
# "altered". Only the first broken event is examined, so the cost is a few milliseconds.
MOVE_WINDOW = 1000


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_break: ChainBreak | None = None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def audit_chain_verify(*, chunk_size: int = CHUNK_SIZE) -> ChainReport:
    # The head is read before the walk: events appended while we walk are then recognisable as
    # newer than this head, instead of looking like a mismatch.
    head = AuditChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    if head is None:
        return ChainReport(events=0, first_break=ChainBreak(0, "the chain head row is missing"))
    head_seq, head_hash = head

    expected_seq = 1
    expected_prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        problem = _link_problem(event, expected_seq=expected_seq, expected_prev=expected_prev)
        if problem is not None:
            return ChainReport(events=expected_seq - 1, first_break=problem)
        if event.seq == head_seq and event.hash != head_hash:
            return ChainReport(
                events=expected_seq - 1,
                first_break=ChainBreak(
                    event.seq,
                    "does not match the chain head (the event was replaced and rehashed, "
                    "or the head was altered)",
                ),
            )
        expected_seq += 1
        expected_prev = event.hash

    last_seq = expected_seq - 1
    if last_seq < head_seq:
        # The head only ever moves forward, so a shorter log lost its newest events.
        return ChainReport(
            events=last_seq,
            first_break=ChainBreak(
                last_seq + 1,
                f"missing: the log ends at seq {last_seq} but the chain head records seq "
                f"{head_seq} (events removed from the end)",
            ),
        )
    if last_seq > head_seq:
        # Either appended while we walked (the head has moved on since), or written behind the
        # application's back without moving the head.
        current_head_seq = AuditChainHead.objects.values_list("last_seq", flat=True).get(pk=1)
        if current_head_seq < last_seq:
            return ChainReport(
                events=current_head_seq,
                first_break=ChainBreak(
                    current_head_seq + 1,
                    f"beyond the chain head, which records seq {current_head_seq} "
                    "(events added without the head)",
                ),
            )
    return ChainReport(events=last_seq)


def _link_problem(event: AuditEvent, *, expected_seq: int, expected_prev: str) -> ChainBreak | None:
    if event.seq > expected_seq:
        if expected_seq == 1:
            gap = f"the log starts at seq {event.seq} instead of seq 1"
        else:
            gap = f"the log jumps from seq {expected_seq - 1} to seq {event.seq}"
        return ChainBreak(expected_seq, f"missing event(s): {gap}")
    if event.seq < expected_seq:
        # Only possible for a first row with seq below 1: seq is unique and read in order.
        return ChainBreak(event.seq, "sequence number out of range")
    if event_hash(event) != event.hash:
        written_as = _original_seq(event)
        if written_as is not None:
            return ChainBreak(
                event.seq, f"out of order: this event was written as seq {written_as}"
            )
        return ChainBreak(event.seq, "altered content: its hash does not recompute")
    if event.prev_hash != expected_prev:
        if event.seq == 1:
            return ChainBreak(1, "does not start from the genesis link")
        # The event itself is intact, so its predecessor changed and was given a fresh hash
        # (anyone who knows the algorithm can do that; only the link to here gives it away).
        return ChainBreak(
            event.seq,
            f"does not link to seq {event.seq - 1}: seq {event.seq - 1} was altered and "
            "rehashed, or replaced",
        )
    return None


def _original_seq(event: AuditEvent) -> int | None:
    """The sequence number under which this event's content does hash correctly, if it is
    nearby: the event is intact but was moved."""
    candidate = copy.copy(event)
    for seq in range(max(1, event.seq - MOVE_WINDOW), event.seq + MOVE_WINDOW + 1):
        if seq == event.seq:
            continue
        candidate.seq = seq
        if event_hash(candidate) == event.hash:
            return seq
    return None
