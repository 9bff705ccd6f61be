"""Clinic-scoped reads of client records."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from medmassage.accounts.models import Clinic
from medmassage.clients.models import Client


def list_clients(clinic: Clinic) -> QuerySet[Client]:
    """The clinic's clients, by name."""
    return Client.objects.for_clinic(clinic).order_by("family_name", "given_name", "id")


def get_client(clinic: Clinic, client_id: int) -> Client:
    """One of the clinic's clients, or 404 (another clinic's client is simply not found)."""
    return get_object_or_404(Client.objects.for_clinic(clinic), pk=client_id)
