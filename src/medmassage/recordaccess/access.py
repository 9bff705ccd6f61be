"""Whether a member may reach a client's clinical record under the treating-team setting."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership, Role
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.problems import FieldErrors
from medmassage.recordaccess.models import BreakGlass, TreatingTeamMember

MIN_REASON_CHARS = 20


def on_care_team(membership: Membership, client: Client) -> bool:
    """The primary therapist, or a therapist added to the team."""
    if client.primary_therapist_id == membership.pk:
        return True
    return (
        TreatingTeamMember.objects.for_clinic(client.clinic_id)
        .filter(client=client, membership=membership)
        .exists()
    )


def open_glass(membership: Membership, client: Client) -> BreakGlass | None:
    """The member's break-glass on this client still in force, if any."""
    return (
        BreakGlass.objects.for_clinic(client.clinic_id)
        .filter(client=client, membership=membership, expires_at__gt=timezone.now())
        .first()
    )


def restricted(membership: Membership, client: Client) -> bool:
    """Whether the setting keeps this member from the client's clinical record."""
    if not membership.clinic.care_team_only or membership.role == Role.OWNER:
        return False
    return not on_care_team(membership, client)


@transaction.atomic
def break_glass(*, client: Client, by: Actor, reason: str) -> BreakGlass:
    """Open the record of a client off one's treating team, for a while, with a written reason."""
    errors = FieldErrors()
    text = (reason or "").strip()
    if len(text) < MIN_REASON_CHARS:
        errors.add("reason", f"write why, in at least {MIN_REASON_CHARS} characters")
    errors.check_text("reason", text, 1000)
    errors.raise_any()
    minutes = settings.BREAK_GLASS_MINUTES
    grant = BreakGlass.objects.create(
        clinic_id=client.clinic_id,
        client=client,
        membership=by.membership,
        reason=text,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
    record_event(
        action="recordaccess.break_glass.opened",
        by=by,
        subject=client,
        # The reason stays in its row (it may hold health data); the trail says where to look.
        details={"severity": "high", "grant": grant.pk, "minutes": minutes},
    )
    return grant


@transaction.atomic
def record_glass_use(*, client_id: int, by: Actor, grant: BreakGlass, view: str) -> None:
    record_event(
        action="recordaccess.break_glass.used",
        by=by,
        client=client_id,
        details={"severity": "high", "grant": grant.pk, "view": view},
    )
