"""What a discharge summary is, for its seal (see audit/seals.py)."""

from __future__ import annotations

from typing import Any

from medmassage.accounts.actors import Actor
from medmassage.audit.integrity import Integrity, gathered
from medmassage.audit.seals import SealedKind, check_seal, register, seal
from medmassage.discharges.models import DischargeSummary

SUMMARY_FIELDS = ("client_id", "plan_id", "reason", "note", "measures", "closed_by_id", "closed_at")


def summary_content(summary: Any) -> dict[str, Any]:
    return {name: getattr(summary, name) for name in SUMMARY_FIELDS}


def stored_summary_content(summary: DischargeSummary) -> dict[str, Any]:
    return summary_content(DischargeSummary.unscoped_objects.get(pk=summary.pk))


def seal_summary(summary: DischargeSummary) -> None:
    """Seal a discharge summary in the transaction that writes it."""
    seal(summary, stored_summary_content(summary))


def check_summary(summary: DischargeSummary | None, *, by: Actor | None) -> Integrity:
    if summary is None:
        return Integrity()
    return gathered([check_seal(summary, summary_content(summary), by=by)])


def register_sealed_kinds() -> None:
    register(
        SealedKind(
            "discharges.dischargesummary",
            lambda: DischargeSummary.unscoped_objects.order_by("id"),
            stored_summary_content,
        )
    )
