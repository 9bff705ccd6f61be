"""Failed logins: a slower per-account limit on top of the per-address one, and an audit event
for each failure on a real account while it is not locked out (bounded by both limits).

Attempts on usernames that do not exist leave no row anywhere but the self-culling cache.
"""

from __future__ import annotations

import hashlib
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from medmassage.accounts.actors import request_address
from medmassage.accounts.models import User
from medmassage.audit.services import record_event


def _key(username: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return f"medmassage:account-failures:{digest}"


def account_locked(username: str) -> bool:
    """Whether the account has had too many failures, from all addresses together."""
    return int(cache.get(_key(username), 0)) >= settings.ACCOUNT_FAILURE_LIMIT


def _count_failure(username: str) -> None:
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    key = _key(username)
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:  # culled or expired in between
            cache.add(key, 1, timeout=timeout)


def clear_failures(username: str) -> None:
    cache.delete(_key(username))


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    user = User.objects.filter(email=(username or "").strip().lower()).first()
    if user is None or request is None:
        return
    # Axes signals every refused attempt; the trail needs the lockout once per cool-off.
    address = request_address(request) or ""
    once = f"{_key(user.email)}:locked:{hashlib.sha256(address.encode()).hexdigest()[:16]}"
    if not cache.add(once, 1, timeout=int(settings.AXES_COOLOFF_TIME.total_seconds())):
        return
    with transaction.atomic():
        record_event(
            action="accounts.login.locked_out",
            by=None,
            user=user,
            subject=user,
            address=request_address(request),
        )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")
    if not username or request is None:
        return
    _count_failure(username)
    if getattr(request, "axes_locked_out", False):
        return  # refused by throttling: already recorded when it locked
    user = User.objects.filter(email=username.strip().lower()).first()
    if user is None:
        return  # no row for a username that does not exist
    with transaction.atomic():
        record_event(
            action="accounts.login.failed",
            by=None,
            user=user,
            subject=user,
            address=request_address(request),
        )
