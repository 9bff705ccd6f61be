"""Clinic-scoped reads of home programs and the exercise library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import Exercise
from medmassage.homecare.models import HomeProgram

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic
    from medmassage.clients.models import Client


def list_program_versions(clinic: Clinic | int, client: Client) -> QuerySet[HomeProgram]:
    """The client's home program versions, newest first: the history."""
    return (
        HomeProgram.objects.for_clinic(clinic)
        .filter(client=client)
        .select_related("changed_by__user", "plan")
        .order_by("-version")
    )


def get_current_program(clinic: Clinic | int, client: Client) -> HomeProgram | None:
    """The latest version, which is the program in force, or None before one is started."""
    return list_program_versions(clinic, client).first()


def list_library(exclude: set[str] | None = None) -> list[Exercise]:
    """The core's exercise library, by name, without the ids given."""
    exercises = knowledge().exercises.values()
    return sorted((e for e in exercises if e.id not in (exclude or set())), key=lambda e: e.name)
