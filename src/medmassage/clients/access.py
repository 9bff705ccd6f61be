"""The client named in a page's or an endpoint's path, once the role may act on it."""

from __future__ import annotations

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.clients.models import Client
from medmassage.clients.queries import get_client


def client_for(request: ClinicRequest, client_id: int, action: str) -> Client:
    """The clinic's client, after the role check (403); another clinic's client is a 404."""
    policy.require(request.membership, action)
    return get_client(request.clinic, client_id)
