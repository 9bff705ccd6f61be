"""Portal accounts: a separate kind of user, a client of one clinic, never clinic staff.

A client account is not an `accounts.User`: it cannot sign in to the staff pages, holds no
membership and no role, and sees only its own client record. It signs in with a password or a
code sent by email; invitations and codes are stored hashed and work once.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class ClientAccount(ClinicOwned):
    client = models.OneToOneField(
        "clients.Client", on_delete=models.PROTECT, related_name="portal_account"
    )
    email = models.EmailField()
    password = models.CharField(max_length=200, blank=True, help_text="A hash; blank: none set.")
    is_active = models.BooleanField(default=True)
    invited_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicOwned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("email",), name="client_account_email"),
        ]
        ordering = ("email",)

    def __str__(self) -> str:
        return f"Portal account {self.email}"


class Invitation(ClinicOwned):
    """A single-use, expiring link to set up a portal account (only its hash is kept)."""

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Invitation of account {self.account_id}"


class SignInCode(ClinicOwned):
    """A one-time code sent by email (only its hash is kept), good for a few minutes."""

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Sign-in code of account {self.account_id}"


class SignInAttempt(models.Model):
    """One portal sign-in attempt, for throttling by email and address (kept a day)."""

    email = models.EmailField()
    address = models.CharField(max_length=45, blank=True)
    succeeded = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("email", "at"), name="portal_attempt_email"),
        ]
        ordering = ("-at",)

    def __str__(self) -> str:
        return f"{self.email} at {self.at:%Y-%m-%d %H:%M}: {self.succeeded}"


class ClientApiToken(ClinicOwned):
    """A client's sign-in to the JSON API: the API's portal session (only its hash is kept).

    It lives as long as a portal session in a browser (the same idle and absolute lifetimes),
    ends when the client signs out or the account is closed, and reaches only the client's own
    record through `/api/v1/portal/`.
    """

    account = models.ForeignKey(ClientAccount, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicOwned.Meta):
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"API sign-in of account {self.account_id}"
