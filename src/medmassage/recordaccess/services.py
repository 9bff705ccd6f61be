"""Writes of the clinic's security settings and of treating teams, each audited."""

from __future__ import annotations

from django.db import transaction

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.problems import invalid
from medmassage.recordaccess.models import TreatingTeamMember


@transaction.atomic
def change_security_settings(*, by: Actor, require_mfa: bool, care_team_only: bool) -> Clinic:
    """Set the clinic's two-factor and treating-team settings."""
    clinic = Clinic.objects.select_for_update(no_key=True).get(pk=by.clinic_id)
    changed = {
        name: {"from": getattr(clinic, name), "to": value}
        for name, value in (("require_mfa", require_mfa), ("care_team_only", care_team_only))
        if getattr(clinic, name) != value
    }
    if changed:
        clinic.require_mfa, clinic.care_team_only = require_mfa, care_team_only
        clinic.save(update_fields=["require_mfa", "care_team_only"])
        record_event(
            action="accounts.clinic.security_changed", by=by, subject=clinic, details=changed
        )
    return clinic


@transaction.atomic
def add_to_team(*, client: Client, by: Actor, membership_id: int) -> TreatingTeamMember:
    """Put a therapist of the clinic on the client's treating team."""
    member = Membership.objects.filter(
        pk=membership_id, clinic_id=client.clinic_id, role=Role.THERAPIST, is_active=True
    ).first()
    if member is None:
        raise invalid("membership", "Choose an active therapist of this clinic.")
    row, _created = TreatingTeamMember.objects.get_or_create(
        clinic_id=client.clinic_id,
        client=client,
        membership=member,
        defaults={"added_by": by.membership},
    )
    record_event(
        action="recordaccess.member.added", by=by, subject=client, details={"membership": member.pk}
    )
    return row


@transaction.atomic
def remove_from_team(*, client: Client, by: Actor, membership_id: int) -> None:
    TreatingTeamMember.objects.for_clinic(client.clinic_id).filter(
        client=client, membership_id=membership_id
    ).delete()
    record_event(
        action="recordaccess.member.removed",
        by=by,
        subject=client,
        details={"membership": membership_id},
    )
