"""Personal API tokens: issued once in plain text, stored as a hash, revocable.

A token expires (`API_TOKEN_DAYS`, 90 by default), stops at once when its owner's password
changes (it is bound to the session hash of the password it was issued under) and is revoked
when the membership is deactivated, so that reactivation does not bring it back. Tokens are
issued on a page behind the second factor: holding one means having passed it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import ApiToken, Membership
from medmassage.audit.services import record_event

TOKEN_PREFIX = "mm_"  # noqa: S105 - a marker, not a secret
# Recording every use would write on every API call; once a minute says enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str


class TokenNotFound(Exception):
    """No such token belongs to this user."""


def hash_token(plaintext: str) -> str:
    """SHA-256 of the token (tokens carry 256 random bits, so no slow hash is needed)."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def issue_token(*, by: Actor, name: str) -> IssuedToken:
    """Create a token for the actor in the actor's clinic; the plain text is shown once."""
    prefix = secrets.token_hex(4)
    expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=by.user,
        clinic=by.clinic,
        name=name.strip() or "API token",
        prefix=prefix,
        token_hash=hash_token(plaintext),
        expires_at=expires_at,
        password_fingerprint=by.user.get_session_auth_hash(),
    )
    record_event(
        action="accounts.api_token.issued",
        by=by,
        subject=token,
        details={"name": token.name, "prefix": prefix, "expires": expires_at.isoformat()},
    )
    return IssuedToken(token=token, plaintext=plaintext)


@transaction.atomic
def revoke_token(*, by: Actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens."""
    token = ApiToken.objects.filter(pk=token_id, user=by.user, revoked_at=None).first()
    if token is None:
        raise TokenNotFound(f"No active token {token_id} of yours")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(
        action="accounts.api_token.revoked",
        by=by,
        clinic=token.clinic_id,
        subject=token,
        details={"prefix": token.prefix},
    )
    return token


def authenticate_token(plaintext: str) -> tuple[ApiToken, Membership] | None:
    """The active token and its membership, or None for an unknown, revoked or orphaned token."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "clinic")
        .filter(token_hash=hash_token(plaintext), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None or token.has_expired:
        return None
    if not constant_time_compare(token.password_fingerprint, token.user.get_session_auth_hash()):
        return None  # the password changed since the token was issued
    membership = (
        Membership.objects.select_related("user", "clinic")
        .filter(user=token.user, clinic=token.clinic, is_active=True)
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, membership


def revoke_member_tokens(membership: Membership) -> int:
    """Revoke every token of a member in that clinic (on deactivation); returns how many."""
    return ApiToken.objects.filter(
        user_id=membership.user_id, clinic_id=membership.clinic_id, revoked_at=None
    ).update(revoked_at=timezone.now())


def list_tokens(membership: Membership) -> list[ApiToken]:
    """The user's tokens in this clinic, newest first."""
    return list(ApiToken.objects.filter(user=membership.user, clinic=membership.clinic))
