"""Who is on a client's treating team, and break-glass grants to those who are not."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class TreatingTeamMember(ClinicOwned):
    """A therapist on a client's treating team (the primary therapist is on it without a row)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("client", "membership"), name="one_place_on_a_team"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} on the treating team of client {self.client_id}"


class BreakGlass(ClinicOwned):
    """Access to one client's record by someone off the treating team: why, and until when."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta(ClinicOwned.Meta):
        ordering = ("-opened_at",)
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "client", "membership", "expires_at"), name="glass_open"
            ),
        ]

    def __str__(self) -> str:
        return f"break-glass of {self.membership_id} on client {self.client_id}"
