"""What the home-program pages and handout show, gathered in one place for the views."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.clients.models import Client
from medmassage.homecare import queries
from medmassage.homecare.models import HomeProgram
from medmassage.plans.queries import get_current_plan


def editor_context(request: ClinicRequest, client: Client, **extra: Any) -> dict[str, Any]:
    """The editor: current program, the library to add from, and whether one can be started."""
    clinic = request.clinic
    program = queries.get_current_program(clinic, client)
    present = {item["id"] for item in program.items} if program else set()
    return {
        "client": client,
        "program": program,
        "plan": get_current_plan(clinic, client),
        "library": queries.list_library(present),
        "can_edit": policy.allows(request.membership, "homecare.edit"),
        **extra,
    }


def handout_context(program: HomeProgram) -> dict[str, Any]:
    """The handout: the clinic's details, the plan's therapist, today, the program."""
    plan = program.plan
    return {
        "clinic": program.client.clinic,
        "client": program.client,
        "program": program,
        "therapist": plan.practitioner.membership.user.full_name,
        "today": timezone.localdate(),
    }
