"""What the dashboard counts for the active clinic."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.clients.models import Client

# Counting every client reads the clinic's whole index on each visit to the dashboard; past
# this many the headline says "1000+" and the count costs the same however large the clinic.
CLIENT_COUNT_CAP = 1_000


@dataclass(frozen=True)
class ClinicCounts:
    clients: int
    therapists: int
    staff: int
    more_clients: bool = False  # more than `clients` (the count stopped at the cap)


def get_clinic_counts(clinic: Clinic) -> ClinicCounts:
    """Headline counts of what the clinic holds (clients counted up to the cap)."""
    members = Membership.objects.filter(clinic=clinic, is_active=True).aggregate(
        staff=Count("id"), therapists=Count("id", filter=Q(role=Role.THERAPIST))
    )
    clients = Client.objects.for_clinic(clinic).values("pk")[: CLIENT_COUNT_CAP + 1].count()
    return ClinicCounts(
        clients=min(clients, CLIENT_COUNT_CAP),
        therapists=members["therapists"],
        staff=members["staff"],
        more_clients=clients > CLIENT_COUNT_CAP,
    )
