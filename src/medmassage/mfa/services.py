"""Enrolling and verifying a second factor; each change and each failure is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from medmassage.accounts.actors import request_address
from medmassage.accounts.models import User
from medmassage.audit.services import record_event
from medmassage.problems import DomainError, invalid

RECOVERY_CODES = 10
PENDING_KEY = "medmassage.mfa.pending_key"
AUTHENTICATOR = "Authenticator app"


class TooManyAttempts(DomainError):
    """Wrong codes in a row: django-otp makes the next attempt wait, doubling each time."""

    status_code = 429


def pending_authenticator(request: HttpRequest, user: User) -> TOTPDevice:
    """The authenticator being set up: its key kept in the session (a GET writes no row), the
    row saved with the first code typed, so that wrong codes are throttled."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = default_key()
    device = TOTPDevice.objects.filter(user=user, confirmed=False, key=key).first()
    return device or TOTPDevice(user=user, name=AUTHENTICATOR, confirmed=False, key=key)


def _audit(action: str, request: HttpRequest, user: User, **details: object) -> None:
    membership = getattr(request, "membership", None)
    record_event(
        action=action,
        by=None,
        user=user,
        clinic=membership.clinic_id if membership is not None else None,
        subject=user,
        address=request_address(request),
        details=dict(details),
    )


def confirm_authenticator(request: HttpRequest, user: User, code: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; returns new recovery codes.

    A wrong code is refused after its transaction commits, so that the throttling counter and
    the audit event of the failure are kept.
    """
    with transaction.atomic():
        pending = pending_authenticator(request, user)
        if pending.pk is None:
            pending.save()
        device = TOTPDevice.objects.select_for_update(no_key=True).get(pk=pending.pk)
        _check_allowed(device)
        if not device.verify_token(code.strip()):
            _audit("accounts.mfa.failed", request, user, step="enrolment")
            codes = None
        else:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            request.session.pop(PENDING_KEY, None)
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            otp_login(request, device)
            request.session.cycle_key()  # a new session id on every change of privilege
            _audit("accounts.mfa.enrolled", request, user, device="totp")
    if codes is None:
        raise invalid("code", "That code is not right: type the 6 digits the app shows now.")
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def replace_recovery_codes(request: HttpRequest, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    _audit("accounts.mfa.recovery_codes_replaced", request, user)
    return codes


def _check_allowed(device: Device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = (details or {}).get("locked_until")
        when = f" until {wait:%H:%M:%S} UTC" if wait else ""
        raise TooManyAttempts(f"Too many wrong codes: wait{when or ' a moment'}, then try again.")


@dataclass(frozen=True)
class Verified:
    method: str  # "totp" or "recovery_code"


def verify_second_factor(request: HttpRequest, user: User, code: str) -> Verified:
    """Check a code from the authenticator (6 digits) or a recovery code; each is single use
    (a TOTP step once accepted is never accepted again) and wrong codes are throttled (the
    failure commits before it is refused, so the counter and its audit event are kept)."""
    code = "".join(code.split()).lower()
    with transaction.atomic():
        totp = (
            TOTPDevice.objects.select_for_update(no_key=True)
            .filter(user=user, confirmed=True)
            .first()
        )
        static = (
            StaticDevice.objects.select_for_update(no_key=True)
            .filter(user=user, confirmed=True)
            .first()
        )
        device: Device | None = totp if code.isdigit() else static
        if device is not None:
            _check_allowed(device)
        accepted = device is not None and device.verify_token(code)
        if device is None or not accepted:
            _audit("accounts.mfa.failed", request, user, step="verification")
        else:
            otp_login(request, device)
            request.session.cycle_key()
            _audit("accounts.mfa.verified", request, user, method=_method(device, totp))
    if device is None or not accepted:
        raise invalid("code", "That code is not right, or was used already.")
    return Verified(_method(device, totp))


def _method(device: Device, totp: TOTPDevice | None) -> str:
    return "totp" if device is totp else "recovery_code"


def enrol_for_demo(user: User) -> tuple[str, list[str]]:
    """A confirmed authenticator and recovery codes for a demo login: (base32 key, codes)."""
    from base64 import b32encode

    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
    codes = _new_recovery_codes(user)
    return b32encode(device.bin_key).decode(), codes
