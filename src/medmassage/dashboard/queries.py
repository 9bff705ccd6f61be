"""What the dashboard counts for the active clinic."""

from __future__ import annotations

from dataclasses import dataclass

from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.clients.models import Client


@dataclass(frozen=True)
class ClinicCounts:
    clients: int
    therapists: int
    staff: int


def get_clinic_counts(clinic: Clinic) -> ClinicCounts:
    """Headline counts of what the clinic holds."""
    members = Membership.objects.filter(clinic=clinic, is_active=True)
    return ClinicCounts(
        clients=Client.objects.for_clinic(clinic).count(),
        therapists=members.filter(role=Role.THERAPIST).count(),
        staff=members.count(),
    )
