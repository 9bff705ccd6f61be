"""Demo consents: the clinic's own consent text and consents in each state, through the services."""

from __future__ import annotations

from datetime import date

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.clients import consents, queries
from medmassage.clients.consent_text import DEFAULT_BODY
from medmassage.clients.models import Client, Consent, ConsentTopic
from medmassage.clients.services import create_client

DEMO_VERSION = "2026-1"
# A signature as the tablet's pad records it (SVG path data in its 600 x 200 box).
_DRAWN = (
    "M40 140L60 90L80 60L95 80L100 130L110 150M120 120L150 100L175 110L170 135L150 140"
    "M200 130L230 70L250 140M215 110L245 105M290 60L300 140L330 120L350 140L370 80"
)
_TOPICS = tuple(str(topic) for topic in ConsentTopic)


def seed_demo_consents(clinic: Clinic) -> None:
    """Publish the clinic's consent text and record consents: current, drawn, revoked, a minor's."""
    owner = Actor(_member(clinic, Role.OWNER))
    therapist = Actor(_member(clinic, Role.THERAPIST))
    consents.publish_consent_template(
        by=owner,
        text=consents.ConsentText(
            version=DEMO_VERSION,
            title="Consent to medical massage therapy at Harbour",
            body=DEFAULT_BODY,
            required_topics=_TOPICS,
        ),
    )
    clients = {c.family_name: c for c in queries.list_clients(clinic)}
    _record(therapist, clients["Brooks"], "typed", "Daniel Brooks")
    _record(therapist, clients["Haddad"], "drawn", _DRAWN)
    withdrawn = _record(therapist, clients["O'Neill"], "typed", "Margaret O'Neill")
    consents.revoke_consent(
        consent=withdrawn,
        by=therapist,
        reason="Withdrew consent by phone; prefers to pause treatment after surgery.",
    )
    daughter = create_client(
        by=therapist,
        given_name="Lina",
        family_name="Haddad",
        date_of_birth=date(2012, 4, 17),
        phone="555-0178",
        emergency_contact_name="Amira Haddad",
        emergency_contact_relationship="mother",
        emergency_contact_phone="555-0178",
    )
    _record(therapist, daughter, "typed", "Amira Haddad", guardian=("Amira Haddad", "mother"))


def _member(clinic: Clinic, role: Role) -> Membership:
    found = (
        Membership.objects.filter(clinic=clinic, role=role, is_active=True)
        .select_related("user", "clinic")
        .order_by("id")
        .first()
    )
    if found is None:
        raise LookupError(f"The demo clinic {clinic} has no {role.label}")
    return found


def _record(
    therapist: Actor,
    client: Client,
    method: str,
    signature: str,
    *,
    guardian: tuple[str, str] = ("", ""),
) -> Consent:
    return consents.record_consent(
        client=client,
        by=therapist,
        details=consents.ConsentDetails(
            topics=_TOPICS,
            signature_method=method,
            signature=signature,
            guardian_name=guardian[0],
            guardian_relationship=guardian[1],
            template_version=DEMO_VERSION,
        ),
    )
