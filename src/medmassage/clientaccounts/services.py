"""The only writers of portal accounts: invite, accept, sign in by password or emailed code.

Throttling (MFA-grade, project policy): 5 failures for one email from one address in 15
minutes, or 20 for one email from anywhere in an hour, refuse further attempts until the window
passes; a code works once, for 10 minutes, and at most 5 are sent per email an hour.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.clientaccounts.actors import ClientActor, audit_actor
from medmassage.clientaccounts.models import ClientAccount, Invitation, SignInAttempt, SignInCode
from medmassage.clients.models import Client
from medmassage.messaging.models import Kind
from medmassage.messaging.services import Outgoing, schedule_message, set_contact_consent
from medmassage.problems import DomainError, invalid

INVITATION_HOURS = 72
CODE_MINUTES = 10
PAIR_LIMIT, PAIR_WINDOW = 5, timedelta(minutes=15)
EMAIL_LIMIT, EMAIL_WINDOW = 20, timedelta(hours=1)
CODES_PER_HOUR = 5


class SignInRefused(DomainError):
    """Wrong email, password or code; said the same way whichever it was."""

    status_code = 400


class TooManyAttempts(DomainError):
    status_code = 429


class InvitationInvalid(DomainError):
    status_code = 400


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def invite_client(*, client: Client, by: Actor) -> ClientAccount:
    """Invite the client to the portal by email (a new link each time; older ones stop)."""
    if client.clinic_id != by.clinic_id:
        raise ValueError("Only the client's own clinic invites them")
    if not client.email:
        raise invalid("email", "Record the client's email address before inviting them.")
    account, _ = ClientAccount.objects.for_clinic(by.clinic).get_or_create(
        clinic=by.clinic, client=client, defaults={"email": client.email.lower()}
    )
    account.email, account.invited_at = client.email.lower(), timezone.now()
    account.save(update_fields=["email", "invited_at"])
    Invitation.objects.for_clinic(by.clinic).filter(account=account, used_at=None).update(
        used_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Invitation.objects.for_clinic(by.clinic).create(
        clinic=by.clinic,
        account=account,
        token_hash=_digest(token),
        expires_at=now + timedelta(hours=INVITATION_HOURS),
        created_by=by.label,
    )
    link = settings.SITE_URL + reverse("portal:accept", args=[token])
    schedule_message(
        clinic=by.clinic,
        outgoing=Outgoing(
            kind=Kind.PORTAL_INVITATION,
            key=f"invitation:{account.pk}:{_digest(token)[:16]}",
            to_email=account.email,
            send_after=now,
            values={
                "first_name": client.preferred_name or client.given_name,
                "link": link,
                "hours": str(INVITATION_HOURS),
            },
            secret=True,
        ),
    )
    record_event(action="portal.account.invited", by=by, subject=account, client=client)
    return account


def find_invitation(token: str) -> Invitation:
    """The unused, unexpired invitation of this link, or InvitationInvalid."""
    invitation = (
        Invitation.unscoped_objects.select_related("account__client")
        .filter(token_hash=_digest(token))
        .first()
    )
    if invitation is None or invitation.used_at is not None:
        raise InvitationInvalid("This link was used already or is not valid: ask for a new one.")
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid("This link has expired: ask the clinic for a new one.")
    return invitation


@transaction.atomic
def accept_invitation(
    *, token: str, password: str, email_reminders: bool, address: str | None
) -> ClientAccount:
    """Set the account's password from the invitation link; the link works once."""
    invitation = find_invitation(token)
    locked = Invitation.unscoped_objects.select_for_update(no_key=True).get(pk=invitation.pk)
    if locked.used_at is not None:
        raise InvitationInvalid("This link was used already: sign in instead.")
    account = invitation.account
    try:
        validate_password(password)
    except ValidationError as error:
        raise invalid("password", " ".join(error.messages)) from None
    now = timezone.now()
    locked.used_at = now
    locked.save(update_fields=["used_at"])
    account.password = make_password(password)
    account.activated_at = account.activated_at or now
    account.save(update_fields=["password", "activated_at"])
    by = ClientActor(account, address)
    set_contact_consent(client=account.client, agreed=email_reminders, label=by.label)
    record_event(action="portal.account.activated", subject=account, **audit_actor(by))
    return account


def _throttled(email: str, address: str | None) -> bool:
    now = timezone.now()
    failures = SignInAttempt.objects.filter(email=email, succeeded=False)
    from_here = failures.filter(address=address or "", at__gte=now - PAIR_WINDOW).count()
    from_anywhere = failures.filter(at__gte=now - EMAIL_WINDOW).count()
    return from_here >= PAIR_LIMIT or from_anywhere >= EMAIL_LIMIT


def _attempt(email: str, address: str | None, *, succeeded: bool) -> None:
    SignInAttempt.objects.create(email=email, address=address or "", succeeded=succeeded)


def _accounts(email: str) -> list[ClientAccount]:
    return list(
        ClientAccount.unscoped_objects.select_related("client", "clinic").filter(
            email=email.strip().lower(), is_active=True, activated_at__isnull=False
        )
    )


def sign_in_with_password(*, email: str, password: str, address: str | None) -> ClientActor:
    """The client whose email and password these are, or SignInRefused (throttled)."""
    email = email.strip().lower()
    if _throttled(email, address):
        raise TooManyAttempts("Too many attempts: wait 15 minutes, or use a code by email.")
    for account in _accounts(email):
        if account.password and check_password(password, account.password):
            return _signed_in(account, address, method="password")
    with transaction.atomic():
        _attempt(email, address, succeeded=False)
    raise SignInRefused("That email and password do not match an account.")


@transaction.atomic
def request_code(*, email: str, address: str | None) -> None:
    """Email a one-time code to each active account of this email (nothing says whether any)."""
    email = email.strip().lower()
    if _throttled(email, address):
        raise TooManyAttempts("Too many attempts: wait 15 minutes.")
    now = timezone.now()
    for account in _accounts(email):
        recent = SignInCode.objects.for_clinic(account.clinic_id).filter(
            account=account, created_at__gte=now - timedelta(hours=1)
        )
        if recent.count() >= CODES_PER_HOUR:
            continue
        code = f"{secrets.randbelow(10**6):06d}"
        stored = SignInCode.objects.for_clinic(account.clinic_id).create(
            clinic_id=account.clinic_id,
            account=account,
            code_hash=_digest(f"{account.pk}:{code}"),
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        schedule_message(
            clinic=account.clinic,
            outgoing=Outgoing(
                kind=Kind.SIGN_IN_CODE,
                key=f"code:{stored.pk}",
                to_email=account.email,
                send_after=now,
                values={"code": code},
                secret=True,
            ),
        )


def sign_in_with_code(*, email: str, code: str, address: str | None) -> ClientActor:
    """The client whose emailed code this is (it works once), or SignInRefused (throttled)."""
    email = email.strip().lower()
    if _throttled(email, address):
        raise TooManyAttempts("Too many attempts: wait 15 minutes.")
    now = timezone.now()
    for account in _accounts(email):
        with transaction.atomic():
            used = (
                SignInCode.objects.for_clinic(account.clinic_id)
                .filter(
                    account=account,
                    code_hash=_digest(f"{account.pk}:{code.strip()}"),
                    used_at=None,
                    expires_at__gt=now,
                )
                .update(used_at=now)
            )
        if used:
            return _signed_in(account, address, method="code")
    with transaction.atomic():
        _attempt(email, address, succeeded=False)
    raise SignInRefused("That code is wrong or has expired: ask for a new one.")


@transaction.atomic
def _signed_in(account: ClientAccount, address: str | None, *, method: str) -> ClientActor:
    _attempt(account.email, address, succeeded=True)
    account.last_sign_in_at = timezone.now()
    account.save(update_fields=["last_sign_in_at"])
    by = ClientActor(account, address)
    record_event(
        action="portal.account.signed_in",
        subject=account,
        details={"method": method},
        **audit_actor(by),
    )
    return by


@transaction.atomic
def deactivate_account(*, account: ClientAccount, by: Actor) -> ClientAccount:
    """Close a client's portal access (staff only); their record stays."""
    account.is_active = False
    account.save(update_fields=["is_active"])
    record_event(action="portal.account.deactivated", by=by, subject=account)
    return account
