"""The append-only, hash-chained audit trail.

Each clinic has its own chain (system events, with no clinic, form chain 0), so a clinic's trail
can be verified, exported or distributed on its own. Rows hold plain ids rather than foreign keys:
an audit row must outlive, and never be changed by, what it describes. The database refuses
UPDATE and DELETE on these tables (see the triggers migration).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

SYSTEM_CHAIN = 0


class AuditEvent(models.Model):
    chain = models.BigIntegerField(help_text="The clinic's id, or 0 for system events.")
    sequence = models.BigIntegerField(help_text="Position in the chain, from 1.")
    occurred_at = models.DateTimeField()
    action = models.CharField(max_length=120, help_text="Dotted code, e.g. clients.client.viewed")
    actor_id = models.BigIntegerField(null=True)
    actor_label = models.CharField(max_length=254, blank=True)
    clinic_id = models.BigIntegerField(null=True)
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    client_id = models.BigIntegerField(null=True)
    # Text, not an inet column: PostgreSQL rewrites some IPv6 forms, and a stored value must be
    # byte for byte what was hashed.
    ip = models.CharField(max_length=45, null=True)  # noqa: DJ001 - none and "" differ in the hash
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The integrity key whose HMAC `hash` is; empty for legacy events (plain SHA-256).
    key_id = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("chain", "sequence"), name="audit_chain_sequence"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic_id", "occurred_at"), name="audit_clinic_time"),
            models.Index(fields=("clinic_id", "client_id"), name="audit_clinic_client"),
        ]
        ordering = ("chain", "sequence")

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence} {self.action}"


class AuditChainHead(models.Model):
    """The last event of each chain, so a truncated chain (its newest rows removed) shows."""

    chain = models.BigIntegerField(primary_key=True)
    sequence = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.sequence}"


class Seal(models.Model):
    """A keyed digest of a finished record's content (a signed note, an addendum, an approved
    plan, a discharge summary), made when it became final and checked on every read.

    Append-only like the events (database triggers). A record's text changed in the database
    no longer matches its seal, and only the holder of the integrity key could make a new one.
    """

    clinic_id = models.BigIntegerField()
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64)
    key_id = models.CharField(max_length=40)
    digest = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("subject_type", "subject_id"), name="one_seal_each"),
        ]

    def __str__(self) -> str:
        return f"seal of {self.subject_type} {self.subject_id}"
