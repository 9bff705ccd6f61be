"""Recomputing the audit chains: the first event that does not match, and why."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from medmassage.audit.chain import GENESIS_HASH, event_hash, event_payload
from medmassage.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    chain: int
    event_id: int | None
    sequence: int
    problem: str

    def __str__(self) -> str:
        event = f"event {self.event_id}" if self.event_id is not None else "end of chain"
        return f"chain {self.chain}, {event} (sequence {self.sequence}): {self.problem}"


@dataclass(frozen=True)
class VerificationReport:
    events_checked: int
    chains_checked: int
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_chains() -> VerificationReport:
    """Recompute every chain; report the first event (by chain, then sequence) that fails."""
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    chains = sorted(set(heads) | set(AuditEvent.objects.values_list("chain", flat=True)))
    checked = 0
    for chain in chains:
        count, problem = _verify_chain(chain, heads.get(chain))
        checked += count
        if problem is not None:
            return VerificationReport(checked, len(chains), problem)
    return VerificationReport(checked, len(chains), None)


def _events(chain: int) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(chain=chain).order_by("sequence", "id").iterator(2000)


def _verify_chain(chain: int, head: AuditChainHead | None) -> tuple[int, ChainBreak | None]:
    expected_prev, expected_sequence, count = GENESIS_HASH, 1, 0
    for event in _events(chain):
        count += 1
        problem = _check_event(event, expected_prev=expected_prev, sequence=expected_sequence)
        if problem is not None:
            return count, ChainBreak(chain, event.id, event.sequence, problem)
        expected_prev, expected_sequence = event.hash, event.sequence + 1
    if head is None:
        return count, ChainBreak(
            chain, None, expected_sequence, "the chain's head record is missing"
        )
    if head.sequence != expected_sequence - 1 or head.hash != expected_prev:
        problem = "the chain ends before its recorded head: newest events are missing"
        return count, ChainBreak(chain, None, expected_sequence, problem)
    return count, None


def _check_event(event: AuditEvent, *, expected_prev: str, sequence: int) -> str | None:
    if event.sequence != sequence:
        return f"expected sequence {sequence}: an event was removed or moved"
    if event.prev_hash != expected_prev:
        return "its previous-hash does not match the event before it: removed or reordered"
    recomputed = event_hash(
        event_payload(
            chain=event.chain,
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            action=event.action,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            clinic_id=event.clinic_id,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            client_id=event.client_id,
            ip=event.ip,
            details=event.details,
            prev_hash=event.prev_hash,
        )
    )
    if recomputed != event.hash:
        return "its contents do not match its hash: the event was edited"
    return None
