"""People, clinics and the roles that join them."""

from __future__ import annotations

from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    THERAPIST = "therapist", "Therapist"
    FRONT_DESK = "front_desk", "Front desk"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        """Create a user who logs in with their email address."""
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        """Create a platform administrator (not a clinic role)."""
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: staff of one or more clinics."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    # Access to the Django admin; owners get it through their role (see policy.py).
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ("full_name",)

    def __str__(self) -> str:
        return self.full_name or self.email


class Clinic(models.Model):
    """The tenant: a practice whose records are seen only by its own staff."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    jurisdiction = models.CharField(
        max_length=100, blank=True, help_text="Where the clinic's therapists are licensed."
    )
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    # Times are stored in UTC and shown, booked and reminded in the clinic's own time zone.
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text="IANA time zone, e.g. America/Toronto."
    )
    # Printed on receipts and superbills (an EIN in the US, a business number elsewhere).
    tax_id = models.CharField("tax id", max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Security settings the owner chooses (owners and administrators always need MFA).
    require_mfa = models.BooleanField(
        "require two-factor authentication for everyone", default=False
    )
    care_team_only = models.BooleanField(
        "limit each client's record to their treating team",
        default=False,
        help_text="Others reach a record only through break-glass, with a written reason.",
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        """The clinic's time zone (UTC if the stored name is unknown)."""
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")


class Membership(models.Model):
    """A user's role in one clinic."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("user", "clinic"), name="one_membership_per_clinic"),
            models.CheckConstraint(
                condition=models.Q(role__in=[role.value for role in Role]),
                name="membership_role_known",
            ),
        ]
        ordering = ("clinic__name",)

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} at {self.clinic}"


class Practitioner(ClinicOwned):
    """A therapist's professional profile in a clinic.

    Licences, certifications and continuing education live in the practitioners app, which
    owns everything about a practitioner's standing; this row only ties them to a membership.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="practitioner"
    )
    # The US National Provider Identifier, printed on superbills (blank where there is none).
    npi = models.CharField("NPI", max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        ordering = ("membership__user__full_name", "id")

    def __str__(self) -> str:
        return str(self.membership.user)


class ApiToken(models.Model):
    """A personal bearer token for the API, bound to one clinic; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True, help_text="Shown to tell tokens apart.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, help_text="Tokens expire (default 90 days).")
    # The owner's session hash when issued: a changed password ends the token at once.
    password_fingerprint = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.has_expired

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
