"""The acting client: a portal account acting now, from an address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic
from medmassage.clientaccounts.models import ClientAccount
from medmassage.clients.models import Client


@dataclass(frozen=True)
class ClientActor:
    """A client signed in to the portal: acts on their own record only."""

    account: ClientAccount
    address: str | None = None

    @property
    def client(self) -> Client:
        return self.account.client

    @property
    def clinic_id(self) -> int:
        return self.account.clinic_id

    @property
    def clinic(self) -> Clinic:
        return self.account.clinic

    @property
    def label(self) -> str:
        """How the audit trail names the client (never a staff user's label)."""
        return f"portal:{self.account.email}"


def audit_actor(by: Actor | ClientActor) -> dict[str, Any]:
    """The keywords `record_event` takes for this actor, staff member or client."""
    if isinstance(by, Actor):
        return {"by": by}
    return {"by": None, "clinic": by.clinic_id, "address": by.address, "actor_label": by.label}
