"""Clinic-scoped reads of portal accounts."""

from __future__ import annotations

from medmassage.accounts.models import Clinic
from medmassage.clientaccounts.models import ClientAccount
from medmassage.clients.models import Client


def get_account(clinic: Clinic | int, client: Client) -> ClientAccount | None:
    """The client's portal account, if they were ever invited."""
    return ClientAccount.objects.for_clinic(clinic).filter(client=client).first()


def loaded_account(client: Client) -> ClientAccount | None:
    """The portal account read with the client (`related=("portal_account",)`), or None."""
    return getattr(client, "portal_account", None)
