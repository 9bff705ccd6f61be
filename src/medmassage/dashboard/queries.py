"""What the dashboard counts for the active clinic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

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


# A note left unsigned for more than a day is listed for its therapist to finish.
UNSIGNED_AFTER = timedelta(days=1)


def list_unsigned_notes(membership: Membership) -> list[Any]:
    """The therapist's own visit notes still unsigned a day after the visit, oldest first."""
    from medmassage.accounts import policy
    from medmassage.visits.queries import list_unsigned_notes as unsigned

    if not policy.allows(membership, "visits.sign"):
        return []
    return list(unsigned(membership, older_than=UNSIGNED_AFTER))
