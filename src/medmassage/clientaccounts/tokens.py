"""A client's sign-in to the JSON API: a bearer token that is the API's portal session.

The client signs in with the same password or emailed code as in the browser (the same
throttling); the token is shown once and only its hash is kept. It ends like a portal session
(idle and absolute lifetimes, project policy: one rule for both ways in), when the client signs
out, or when the clinic closes the account. Its prefix tells it from a staff token, which never
opens the portal and which it never replaces.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from medmassage.audit.services import record_event
from medmassage.clientaccounts.actors import ClientActor, audit_actor
from medmassage.clientaccounts.models import ClientApiToken

CLIENT_TOKEN_PREFIX = "mmc_"  # noqa: S105 - a marker, not a secret
# Recording every use would write on every call; once a minute is enough to measure idleness.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedClientToken:
    plaintext: str
    expires_at: datetime


def _digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def issue_client_token(by: ClientActor) -> IssuedClientToken:
    """A new API sign-in for a client who has just proved who they are."""
    plaintext = f"{CLIENT_TOKEN_PREFIX}{secrets.token_urlsafe(32)}"
    now = timezone.now()
    token = ClientApiToken.objects.for_clinic(by.clinic_id).create(
        clinic_id=by.clinic_id,
        account=by.account,
        token_hash=_digest(plaintext),
        created_at=now,
        last_used_at=now,
        expires_at=now + settings.SESSION_ABSOLUTE_TIMEOUT,
    )
    record_event(action="portal.api_token.issued", subject=token, **audit_actor(by))
    return IssuedClientToken(plaintext=plaintext, expires_at=token.expires_at)


def authenticate_client_token(plaintext: str, address: str | None) -> ClientActor | None:
    """The client whose live token this is, or None (unknown, revoked, expired, idle, closed)."""
    if not plaintext.startswith(CLIENT_TOKEN_PREFIX):
        return None
    token = (
        ClientApiToken.unscoped_objects.select_related("account__client", "account__clinic")
        .filter(token_hash=_digest(plaintext), revoked_at=None, account__is_active=True)
        .first()
    )
    now = timezone.now()
    if token is None or token.expires_at <= now:
        return None
    if now - token.last_used_at > settings.SESSION_IDLE_TIMEOUT:
        return None
    if now - token.last_used_at >= LAST_USED_RESOLUTION:
        ClientApiToken.unscoped_objects.filter(pk=token.pk).update(last_used_at=now)
    return ClientActor(token.account, address)


@transaction.atomic
def revoke_client_token(plaintext: str, by: ClientActor) -> bool:
    """Sign out: the token stops at once. False when it was not this client's live token."""
    token = (
        ClientApiToken.objects.for_clinic(by.clinic_id)
        .filter(token_hash=_digest(plaintext), account=by.account, revoked_at=None)
        .first()
    )
    if token is None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(action="portal.api_token.revoked", subject=token, **audit_actor(by))
    return True
