"""Who may do what: the one place permissions are decided.

Deny by default. An action is allowed only when the user's active membership in the clinic has
a role listed for it here. Views and API endpoints ask `allows()` or `require()`; nothing else
grants access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from medmassage.accounts.models import Role

if TYPE_CHECKING:
    from medmassage.accounts.models import Membership, Practitioner

OWNER, THERAPIST, FRONT_DESK = Role.OWNER, Role.THERAPIST, Role.FRONT_DESK

# Front desk handles identity and contact, never clinical content (project policy).
RULES: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "clients.identity.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "clients.identity.edit": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "clients.clinical.view": frozenset({OWNER, THERAPIST}),
    "clients.clinical.edit": frozenset({THERAPIST}),
    "consents.view": frozenset({OWNER, THERAPIST}),
    "consents.record": frozenset({OWNER, THERAPIST}),
    # Intakes are clinical: the therapist takes them with the client, the owner may too.
    "intake.record": frozenset({OWNER, THERAPIST}),
    "intake.view": frozenset({OWNER, THERAPIST}),
    # The clinic's consent text is the clinic's to set; therapists go through it with clients.
    "consents.templates.manage": frozenset({OWNER}),
    # Objective findings and outcome questionnaires are clinical: never front desk.
    "assessments.view": frozenset({OWNER, THERAPIST}),
    "assessments.record": frozenset({OWNER, THERAPIST}),
    "outcomes.view": frozenset({OWNER, THERAPIST}),
    "outcomes.record": frozenset({OWNER, THERAPIST}),
    # Front desk sees who practises and whether their licence is current, not their records.
    "practitioners.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "practitioners.credentials.view": frozenset({OWNER, THERAPIST}),
    "practitioners.manage": frozenset({OWNER}),
    # A therapist keeps their own licences, certifications and education up to date.
    "practitioners.credentials.edit_own": frozenset({THERAPIST}),
    "clinic.credential_rules.manage": frozenset({OWNER}),
    "plans.view": frozenset({OWNER, THERAPIST}),
    "plans.draft": frozenset({THERAPIST}),
    # The treating therapist approves (plans/services.py checks which), or the owner.
    "plans.approve": frozenset({OWNER, THERAPIST}),
    # Visit notes are the treating therapist's; the owner reads them, front desk never.
    "visits.view": frozenset({OWNER, THERAPIST}),
    "visits.document": frozenset({THERAPIST}),
    "visits.sign": frozenset({THERAPIST}),
    # Closing a plan writes the discharge summary: the treating therapist's call.
    "plans.close": frozenset({THERAPIST}),
    # Home programs are clinical: the therapist sets them, the owner may read them.
    "homecare.view": frozenset({OWNER, THERAPIST}),
    "homecare.edit": frozenset({THERAPIST}),
    "outcomes.progress.view": frozenset({OWNER, THERAPIST}),
    "audit.view": frozenset({OWNER}),
    "clinic.admin": frozenset({OWNER}),
    "tokens.manage": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    # The calendar is everyone's: booking names a client and a time, nothing clinical.
    "appointments.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "appointments.book": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "appointments.check_in": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "appointments.settings": frozenset({OWNER}),
    "frontdesk.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    # A therapist's own calendar feed (initials only) for their calendar app.
    "appointments.feed": frozenset({THERAPIST}),
    # Money is the front desk's and the owner's; therapists may read what their visits billed.
    "billing.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "billing.record": frozenset({OWNER, FRONT_DESK}),
    "billing.refund": frozenset({OWNER, FRONT_DESK}),
    "billing.settings": frozenset({OWNER}),
    # The superbill carries the intake's ICD-10-CM codes (never notes): the desk hands it over.
    "billing.superbill": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    # Inviting a client to the portal is contact work; reviewing their online intake is clinical.
    "portal.invite": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "portal.review": frozenset({OWNER, THERAPIST}),
    "messaging.settings": frozenset({OWNER}),
    # FHIR: a bulk export carries the clinical record; an import is read by the therapist.
    "fhir.export": frozenset({OWNER, THERAPIST}),
    "fhir.import": frozenset({OWNER, THERAPIST}),
    # The directory of outside providers is contact work; who treats a client is clinical.
    "careteam.directory.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "careteam.directory.edit": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "careteam.view": frozenset({OWNER, THERAPIST}),
    "careteam.edit": frozenset({OWNER, THERAPIST}),
    # Referrals, clearances and reports carry health information: clinical roles only; the
    # treating therapist writes and signs, the owner may record answers and sendings.
    "referrals.view": frozenset({OWNER, THERAPIST}),
    "referrals.write": frozenset({THERAPIST}),
    "referrals.sign": frozenset({THERAPIST}),
    "referrals.track": frozenset({OWNER, THERAPIST}),
    "clearances.view": frozenset({OWNER, THERAPIST}),
    "clearances.record": frozenset({OWNER, THERAPIST}),
}


def allows(membership: Membership | None, action: str) -> bool:
    """Whether this membership may perform the action (unknown actions are denied)."""
    if membership is None or not membership.is_active or not membership.user.is_active:
        return False
    return membership.role in RULES.get(action, frozenset())


def require(membership: Membership | None, action: str) -> None:
    """Raise PermissionDenied unless the membership may perform the action."""
    if not allows(membership, action):
        raise PermissionDenied(f"Your role does not allow {action}")


def allows_credentials_edit(membership: Membership | None, practitioner: Practitioner) -> bool:
    """Owners edit the credentials of anyone in their clinic; a therapist edits only their own."""
    if membership is None or practitioner.clinic_id != membership.clinic_id:
        return False
    if allows(membership, "practitioners.manage"):
        return True
    own = practitioner.membership_id == membership.pk
    return own and allows(membership, "practitioners.credentials.edit_own")


def require_credentials_edit(membership: Membership | None, practitioner: Practitioner) -> None:
    """Raise PermissionDenied unless the membership may edit this practitioner's credentials."""
    if not allows_credentials_edit(membership, practitioner):
        raise PermissionDenied("Your role does not allow editing this practitioner's credentials")


def allows_registration(membership: Membership | None, target: Membership) -> bool:
    """Owners set up any practitioner profile in their clinic; a therapist only their own."""
    if membership is None or target.clinic_id != membership.clinic_id:
        return False
    if allows(membership, "practitioners.manage"):
        return True
    return target.pk == membership.pk and allows(membership, "practitioners.credentials.edit_own")
