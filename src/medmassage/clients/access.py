"""The client named in a page's or an endpoint's path, once the role may act on it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_read
from medmassage.clients.models import Client
from medmassage.clients.queries import get_client


def record_shown(request: ClinicRequest, client: Client, section: str) -> None:
    """Audit that a page or answer showed this client (a form, a list): who, where, which part."""
    record_read(
        "clients.client.viewed", by=request.actor, subject=client, details={"section": section}
    )


def record_search(by: Actor, shown: Iterable[Client], *, count: int) -> None:
    """Audit a search by what it showed: the clients listed, never the terms typed."""
    ids = [client.pk for client in shown]
    if ids:
        record_read("clients.search.viewed", by=by, details={"shown": ids, "matches": count})


def client_for(
    request: ClinicRequest, client_id: int, action: str, *, related: Sequence[str] = ()
) -> Client:
    """The clinic's client, after the role check (403); another clinic's client is a 404.
    `related` as for `get_client`."""
    policy.require(request.membership, action)
    return get_client(request.clinic, client_id, related=related)
