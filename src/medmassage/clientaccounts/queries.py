"""Clinic-scoped reads of portal accounts."""

from __future__ import annotations

from medmassage.clientaccounts.models import ClientAccount
from medmassage.clients.models import Client


def loaded_account(client: Client) -> ClientAccount | None:
    """The portal account read with the client (`related=("portal_account",)`), or None."""
    return getattr(client, "portal_account", None)
