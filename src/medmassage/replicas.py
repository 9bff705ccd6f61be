"""Reads that may lag a little go to a streaming replica, when one is configured.

With DATABASE_REPLICA_URL set, settings add a `replica` database alias and this router. Code
that can live with data a moment old (search, reports, analytics, exports) runs its reads
inside `lag_tolerant()`; every other read, and every write wherever it happens, goes to the
primary (`default`). Without a replica the block changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections, models

REPLICA = "replica"
_tolerant: ContextVar[bool] = ContextVar("medmassage_lag_tolerant", default=False)


@contextmanager
def lag_tolerant() -> Iterator[None]:
    """Send the block's reads to the replica (if any): it may be a moment behind the primary."""
    token = _tolerant.set(True)
    try:
        yield
    finally:
        _tolerant.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Lag-tolerant reads to the replica; everything else (and every write) to the primary."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str:
        # Inside a transaction on the primary, reads belong to it: a write's own checks (the
        # audit chain's head, a row locked for update) must never see a lagging copy.
        if _tolerant.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, first: models.Model, second: models.Model, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"  # the replica follows the primary's schema by replication
