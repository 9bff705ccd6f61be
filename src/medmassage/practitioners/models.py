"""A practitioner's standing: licences, certifications, continuing education, clinic rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from medmassage.practitioners.credentials import CREDENTIALS, SCOPE_ITEMS
from medmassage.tenancy import ClinicOwned

CREDENTIAL_CHOICES = list(CREDENTIALS.items())
SCOPE_ITEM_CHOICES = list(SCOPE_ITEMS.items())


class Licence(ClinicOwned):
    """A licence to practise massage therapy in one jurisdiction; a renewal moves its dates."""

    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.CASCADE, related_name="licences"
    )
    jurisdiction = models.CharField(max_length=100)
    number = models.CharField("licence number", max_length=60)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField()
    # The renewal period runs from its start to the expiry; the regulator asks for CE hours in it.
    renewal_period_start = models.DateField(null=True, blank=True)
    ce_hours_required = models.DecimalField(
        "CE hours required per renewal period",
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("clinic", "jurisdiction", "number"), name="licence_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="licence_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(renewal_period_start__isnull=True)
                | Q(expires_on__gt=F("renewal_period_start")),
                name="licence_period_starts_before_expiry",
            ),
            models.CheckConstraint(
                condition=Q(ce_hours_required__gte=0), name="licence_ce_hours_not_negative"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "expires_on"), name="licence_expiry"),
        ]
        ordering = ("-expires_on", "id")

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.number}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "The expiry date must come after the issue date."
        start = self.renewal_period_start
        if start and self.expires_on and start >= self.expires_on:
            errors["renewal_period_start"] = "The renewal period must start before the expiry."
        if self._number_taken():
            errors["number"] = (
                f"Licence number {self.number} in {self.jurisdiction} is already on record "
                "in this clinic."
            )
        if errors:
            raise ValidationError(errors)

    def _number_taken(self) -> bool:
        others = Licence.objects.for_clinic(self.clinic_id).exclude(pk=self.pk)
        return others.filter(jurisdiction=self.jurisdiction, number=self.number).exists()

    def valid_on(self, day: date) -> bool:
        """Whether the licence is in force on `day` (the expiry day itself included)."""
        return (self.issued_on is None or self.issued_on <= day) and day <= self.expires_on


class Certification(ClinicOwned):
    """Training that grants credentials beyond the licence, e.g. lymphatic drainage."""

    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.CASCADE, related_name="certifications"
    )
    name = models.CharField(max_length=200)
    issuer = models.CharField(max_length=200)
    # Credential ids (see credentials.CREDENTIALS); validated on save by the services.
    credentials = models.JSONField(default=list)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty if it does not expire.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="certification_expires_after_issue",
            ),
        ]
        ordering = ("name", "id")

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        problem = _credential_list_problem(self.credentials)
        if problem:
            errors["credentials"] = problem
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "The expiry date must come after the issue date."
        if errors:
            raise ValidationError(errors)

    def credential_names(self) -> list[str]:
        """The credentials it grants, named for people."""
        return [CREDENTIALS.get(credential, credential) for credential in self.credentials]

    def valid_on(self, day: date) -> bool:
        """Whether the certification is in force on `day` (the expiry day itself included)."""
        return self.issued_on <= day and (self.expires_on is None or day <= self.expires_on)


def _credential_list_problem(value: Any) -> str:
    if not isinstance(value, list) or not value:
        return "Choose at least one credential that this certification grants."
    unknown = [item for item in value if item not in CREDENTIALS]
    if unknown:
        known = ", ".join(CREDENTIALS)
        return f"Unknown credential {unknown[0]!r}; known credentials: {known}."
    if len(set(value)) != len(value):
        return "Each credential may be listed once."
    return ""


class ContinuingEducation(ClinicOwned):
    """A continuing education course completed, counted towards the licence renewal."""

    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.CASCADE, related_name="education"
    )
    course = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    hours = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    completed_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="education_hours_positive"),
        ]
        ordering = ("-completed_on", "id")
        verbose_name_plural = "continuing education"

    def __str__(self) -> str:
        return f"{self.course} ({self.hours} h)"


class CredentialRule(ClinicOwned):
    """The clinic's rule for one technique: which credential it needs, if any, and why."""

    technique = models.CharField(max_length=40, choices=SCOPE_ITEM_CHOICES)
    # Empty: the clinic decided this technique needs no credential beyond the licence.
    credential = models.CharField(max_length=40, choices=CREDENTIAL_CHOICES, blank=True)
    source = models.CharField(max_length=300, help_text="Where the rule comes from.")
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("clinic", "technique"), name="one_rule_per_technique"),
        ]
        ordering = ("technique",)

    def __str__(self) -> str:
        return f"{self.technique}: {self.credential or 'no credential'}"
