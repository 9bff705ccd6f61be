"""The client record (identity, contact, referral) and the client's informed consent.

Clinical content (findings, plans, visits, measures) lives in its own apps; front desk may see
and edit everything on `Client`, and nothing else in this module (consent is clinical).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, ClassVar

from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone

from medmassage.clients.search import SearchKeyField, name_key, phone_key
from medmassage.clients.signatures import age_on
from medmassage.tenancy import ClinicOwned

# PostgreSQL answers `LIKE 'abc%'` from a B-tree only with pattern operators (whatever the
# database's collation); SQLite ignores operator classes and uses GLOB on a plain index.
_PREFIX_OPCLASSES = ("int8_ops", "varchar_pattern_ops")


class Sex(models.TextChoices):
    """Sex as recorded for clinical purposes (e.g. screening rules that depend on it)."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class Client(ClinicOwned):
    # What staff set on the record (identity, contact, referral, assignment), in form order.
    EDITABLE: ClassVar[tuple[str, ...]] = (
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "phone",
        "email",
        "address",
        "emergency_contact_name",
        "emergency_contact_relationship",
        "emergency_contact_phone",
        "referrer_name",
        "referrer_profession",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
        "primary_therapist",
        "is_active",
    )

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(
        max_length=10,
        choices=Sex.choices,
        default=Sex.UNKNOWN,
        help_text="As recorded for clinical purposes.",
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True, max_length=500, validators=[MaxLengthValidator(500)])

    emergency_contact_name = models.CharField("emergency contact", max_length=200, blank=True)
    emergency_contact_relationship = models.CharField(
        "contact's relationship", max_length=100, blank=True
    )
    emergency_contact_phone = models.CharField("contact's phone", max_length=40, blank=True)

    # A referral in a few fields for now; the referrals app will hold referrals proper.
    referrer_name = models.CharField("referring provider", max_length=200, blank=True)
    referrer_profession = models.CharField("provider's profession", max_length=100, blank=True)
    referrer_organisation = models.CharField("provider's organisation", max_length=200, blank=True)
    referrer_phone = models.CharField("provider's phone", max_length=40, blank=True)
    referrer_email = models.EmailField("provider's email", blank=True)

    primary_therapist = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A therapist of the same clinic.",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    # Derived on save (see search.py); never edited directly.
    given_key = SearchKeyField(max_length=100, editable=False, default="")
    family_key = SearchKeyField(max_length=100, editable=False, default="")
    preferred_key = SearchKeyField(max_length=100, editable=False, default="")
    phone_key = SearchKeyField(max_length=40, editable=False, default="")

    # The name words as read from the database (None: not read), see `save`.
    _stored_words: frozenset[str] | None = None

    SEARCH_KEYS: ClassVar[tuple[str, ...]] = (
        "given_key",
        "family_key",
        "preferred_key",
        "phone_key",
    )

    class Meta(ClinicOwned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "family_name", "given_name", "id"), name="client_by_name"
            ),
            models.Index(fields=("clinic", "date_of_birth"), name="client_birth"),
            *(
                models.Index(
                    fields=("clinic", key), name=f"client_{key}", opclasses=_PREFIX_OPCLASSES
                )
                for key in ("family_key", "given_key", "preferred_key", "phone_key")
            ),
        ]
        ordering = ("family_name", "given_name", "id")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def age(self) -> int:
        """Age in whole years today."""
        return age_on(self.date_of_birth, timezone.localdate())

    def fill_search_keys(self) -> None:
        """Derive the search keys from the names and phone."""
        self.given_key = name_key(self.given_name)[:100]
        self.family_key = name_key(self.family_name)[:100]
        self.preferred_key = name_key(self.preferred_name)[:100]
        self.phone_key = phone_key(self.phone)[:40]

    @property
    def name_words(self) -> frozenset[str]:
        """Every word of the client's names, as searched (`ClientNameWord`)."""
        return words_of(self.given_key, self.family_key, self.preferred_key)

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Client:
        client = super().from_db(db, field_names, values, **kwargs)
        # The words as stored, when the keys were read: a save that keeps them writes none.
        keys = {"given_key", "family_key", "preferred_key"}
        client._stored_words = client.name_words if keys <= set(field_names) else None
        return client

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_search_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.SEARCH_KEYS}
        words = self.name_words
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            if words != self._stored_words:
                index_names([self])
        self._stored_words = words


def words_of(*keys: str) -> frozenset[str]:
    return frozenset(word[:100] for key in keys for word in key.split())


class ClientNameWord(ClinicOwned):
    """One word of a client's names: what client search reads, one index range per word typed.

    "lov" finds Ada Lovelace from the words beginning with "lov" in the clinic, however large
    the clinic; a word inside a name is found too ("berg" finds Anna van den Berg, "ann" finds
    Mary Ann Evans). Written by `index_names` whenever a client's names change.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = SearchKeyField(max_length=100)

    class Meta(ClinicOwned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "word", "client"),
                name="client_name_word",
                opclasses=(*_PREFIX_OPCLASSES, "int8_ops"),
            ),
            # For replacing one client's words.
            models.Index(fields=("client",), name="client_name_word_client"),
        ]

    def __str__(self) -> str:
        return self.word


def index_names(clients: Iterable[Client]) -> None:
    """Write the clients' name words anew (after their names changed, or a bulk insert)."""
    clients = list(clients)
    by_clinic: dict[int, list[int]] = {}
    for client in clients:
        by_clinic.setdefault(client.clinic_id, []).append(client.pk)
    for clinic_id, ids in by_clinic.items():  # each clinic's rows by its clinic (see tenancy)
        ClientNameWord.objects.for_clinic(clinic_id).filter(client_id__in=ids).delete()
    ClientNameWord.unscoped_objects.bulk_create(
        [
            ClientNameWord(clinic_id=client.clinic_id, client_id=client.pk, word=word)
            for client in clients
            for word in sorted(client.name_words)
        ],
        batch_size=1000,
    )


class ConsentTopic(models.TextChoices):
    """What a therapist explains before treatment; a clinic's consent text requires some."""

    TECHNIQUES = "techniques", "The techniques to be used, where, and why"
    RISK_SORENESS = "risk_soreness", "Risk of soreness after treatment"
    RISK_BRUISING = "risk_bruising", "Risk of bruising"
    DRAPING = "draping", "Draping, and what clothing may stay on"
    RIGHT_TO_STOP = "right_to_stop", "The right to stop or change treatment at any time"
    FEEDBACK = "feedback", "Telling the therapist about pain or discomfort during treatment"
    ALTERNATIVES = "alternatives", "Alternatives, including no treatment"
    CONFIDENTIALITY = "confidentiality", "Confidentiality of records and its limits"


class ConsentTemplate(ClinicOwned):
    """One version of the clinic's consent text; published versions are never edited."""

    version = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=20_000, validators=[MaxLengthValidator(20_000)])
    required_topics = models.JSONField(
        default=list, help_text="Topics that must be explained for a consent to this text."
    )
    effective_from = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("clinic", "version"), name="consent_version_unique"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "effective_from", "id"), name="consent_template_current"
            ),
        ]
        ordering = ("-effective_from", "-id")

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class SignatureMethod(models.TextChoices):
    TYPED = "typed", "Typed full name"
    DRAWN = "drawn", "Drawn on the screen"


class ConsentSource(models.TextChoices):
    STAFF = "staff", "With a member of the clinic"
    PORTAL = "portal", "By the client, in the portal"


class Consent(ClinicOwned):
    """A client's informed consent to treatment, as obtained, signed and (perhaps) revoked."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(ConsentTemplate, on_delete=models.PROTECT, related_name="+")
    topics = models.JSONField(default=list, help_text="What was explained (ConsentTopic codes).")
    notes = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    obtained_by = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="None when the client signed in the portal.",
    )
    source = models.CharField(
        max_length=10, choices=ConsentSource.choices, default=ConsentSource.STAFF
    )
    # A consent signed in the portal waits for the therapist to go through it with the client.
    reviewed_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    signature_method = models.CharField(max_length=10, choices=SignatureMethod.choices)
    # The typed name, an SVG path ("M… L…") or a PNG data URL.
    signature = models.TextField()
    guardian_name = models.CharField(max_length=200, blank=True)
    guardian_relationship = models.CharField(max_length=100, blank=True)
    # A guardian's consent for a minor lapses when the client comes of age (project policy).
    minor_at_signing = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(
        blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(signature_method__in=SignatureMethod.values),
                name="consent_signature_method_known",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="consent_revocation_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(source=ConsentSource.STAFF, obtained_by__isnull=False)
                | models.Q(source=ConsentSource.PORTAL, obtained_by__isnull=True),
                name="consent_obtainer_matches_source",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "signed_at"), name="consent_by_client"),
            # The dashboard's consents to review: only those signed online and not yet read.
            models.Index(
                fields=("clinic", "signed_at"),
                condition=models.Q(
                    source=ConsentSource.PORTAL, reviewed_at__isnull=True, revoked_at__isnull=True
                ),
                name="consent_to_review",
            ),
        ]
        ordering = ("-signed_at", "-id")

    def __str__(self) -> str:
        return f"Consent of {self.client} on {self.signed_at:%Y-%m-%d}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def obtained_by_name(self) -> str:
        if self.obtained_by is None:
            return "the client, in the portal"
        return self.obtained_by.user.full_name

    @property
    def signed_by_guardian(self) -> bool:
        return bool(self.guardian_name)

    @property
    def signer_name(self) -> str:
        return self.guardian_name or self.client.full_name

    @property
    def topic_labels(self) -> list[str]:
        return [str(ConsentTopic(t).label) if t in ConsentTopic.values else t for t in self.topics]
