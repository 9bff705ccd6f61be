"""Recomputing the audit chains: the first event that does not match, and why."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass

from medmassage.audit.chain import GENESIS_HASH, event_hash, event_payload
from medmassage.audit.checkpoints import Checkpoint, latest_checkpoints
from medmassage.audit.models import AuditChainHead, AuditEvent
from medmassage.integrity.keys import KeyRing, keyring


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
    legacy_events: int = 0  # plain SHA-256, written before keyed hashing
    checkpoints_checked: int = 0

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_chains() -> VerificationReport:
    """Recompute every chain with the integrity keys, then hold each chain against its newest
    checkpoint written outside the database; report the first event that fails."""
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    chains = sorted(set(heads) | set(AuditEvent.objects.values_list("chain", flat=True)))
    checkpoints = latest_checkpoints()
    ring = keyring()
    checked = legacy = 0
    for chain in chains:
        count, old, problem = _verify_chain(chain, heads.get(chain), ring)
        checked, legacy = checked + count, legacy + old
        if problem is not None:
            return VerificationReport(checked, len(chains), problem, legacy)
    for checkpoint in checkpoints.values():
        if problem := _check_checkpoint(checkpoint, heads.get(checkpoint.chain)):
            return VerificationReport(checked, len(chains), problem, legacy, len(checkpoints))
    return VerificationReport(checked, len(chains), None, legacy, len(checkpoints))


def _check_checkpoint(checkpoint: Checkpoint, head: AuditChainHead | None) -> ChainBreak | None:
    where = (checkpoint.chain, None, checkpoint.sequence)
    if not checkpoint.valid:
        return ChainBreak(*where, "a checkpoint outside the database fails its key check")
    event = AuditEvent.objects.filter(chain=checkpoint.chain, sequence=checkpoint.sequence).first()
    if event is None or head is None or head.sequence < checkpoint.sequence:
        problem = (
            f"the chain ends before the checkpoint of {checkpoint.at}: "
            "newest events were removed or the database rolled back"
        )
        return ChainBreak(*where, problem)
    if event.hash != checkpoint.hash:
        return ChainBreak(
            checkpoint.chain,
            event.id,
            event.sequence,
            f"it differs from the checkpoint of {checkpoint.at}: the chain was rewritten",
        )
    return None


def _events(chain: int) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(chain=chain).order_by("sequence", "id").iterator(2000)


def _verify_chain(
    chain: int, head: AuditChainHead | None, ring: KeyRing
) -> tuple[int, int, ChainBreak | None]:
    expected_prev, expected_sequence, count, legacy, keyed = GENESIS_HASH, 1, 0, 0, False
    for event in _events(chain):
        count += 1
        problem = _check_event(
            event, expected_prev=expected_prev, sequence=expected_sequence, ring=ring
        )
        if problem is None and keyed and not event.key_id:
            problem = "an unkeyed event after keyed ones: it was forged without the key"
        if problem is not None:
            return count, legacy, ChainBreak(chain, event.id, event.sequence, problem)
        legacy += not event.key_id
        keyed = keyed or bool(event.key_id)
        expected_prev, expected_sequence = event.hash, event.sequence + 1
    if head is None:
        return (
            count,
            legacy,
            ChainBreak(chain, None, expected_sequence, "the chain's head record is missing"),
        )
    if head.sequence != expected_sequence - 1 or head.hash != expected_prev:
        problem = "the chain ends before its recorded head: newest events are missing"
        return count, legacy, ChainBreak(chain, None, expected_sequence, problem)
    if count and not keyed:
        problem = "no keyed event anchors this chain: run the migrations to anchor it"
        return count, legacy, ChainBreak(chain, None, expected_sequence, problem)
    return count, legacy, None


def _check_event(
    event: AuditEvent, *, expected_prev: str, sequence: int, ring: KeyRing
) -> str | None:
    if event.sequence != sequence:
        return f"expected sequence {sequence}: an event was removed or moved"
    if event.prev_hash != expected_prev:
        return "its previous-hash does not match the event before it: removed or reordered"
    key = ring.get(event.key_id) if event.key_id else None
    if event.key_id and key is None:
        return f"it was written with integrity key {event.key_id}, which is not in the key ring"
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
            key_id=event.key_id,
        ),
        key,
    )
    if not hmac.compare_digest(recomputed, event.hash):
        return "its contents do not match its hash: the event was edited"
    return None
