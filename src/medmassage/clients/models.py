"""The client record: identity and contact (clinical content lives in its own apps)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class Client(ClinicOwned):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "family_name", "given_name"), name="client_name"),
            models.Index(fields=("clinic", "date_of_birth"), name="client_birth"),
        ]
        ordering = ("family_name", "given_name", "id")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
