"""Who must use a second factor, and whether this session has passed it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from medmassage.accounts.models import Membership, Role, User


def mfa_required(user: User) -> bool:
    """Required for platform administrators, for owners, and for everyone in a clinic whose
    setting says so (in any clinic the user belongs to: one login serves all of them)."""
    if user.is_superuser:
        return True
    memberships = Membership.objects.filter(user=user, is_active=True)
    return (
        memberships.filter(role=Role.OWNER).exists()
        or memberships.filter(clinic__require_mfa=True).exists()
    )


def has_authenticator(user: User) -> bool:
    """Whether the user has enrolled an authenticator app (a confirmed TOTP device)."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def is_verified(request: HttpRequest) -> bool:
    """Whether this session passed the second factor (django-otp's middleware says so)."""
    user: Any = getattr(request, "user", None)
    return bool(user is not None and getattr(user, "is_verified", lambda: False)())


def session_passes(request: HttpRequest) -> bool:
    """A logged-in session may act: verified, or neither enrolled nor required to be."""
    user: Any = request.user
    if not user.is_authenticated:
        return False
    if is_verified(request):
        return True
    return not has_authenticator(user) and not mfa_required(user)


def recovery_codes_left(user: User) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0
