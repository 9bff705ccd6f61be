"""Patient (a client), Practitioner and PractitionerRole (a clinic member), Organization."""

from __future__ import annotations

from medmassage.accounts.models import Clinic, Membership
from medmassage.clients.models import Client
from medmassage.fhir.codes import GENDERS, ROLE, coding
from medmassage.fhir.mapping import Json, compact, day, instant, ref


def patient(client: Client) -> Json:
    """The client's identity and contact (never clinical content)."""
    names: list[Json] = [
        {"use": "official", "family": client.family_name, "given": [client.given_name]}
    ]
    if client.preferred_name:
        names.append({"use": "nickname", "given": [client.preferred_name]})
    telecom = [
        {"system": system, "value": value, "use": "home" if system == "email" else "mobile"}
        for system, value in (("phone", client.phone), ("email", client.email))
        if value
    ]
    contact = compact(
        {
            "relationship": [{"text": client.emergency_contact_relationship}]
            if client.emergency_contact_relationship
            else None,
            "name": {"text": client.emergency_contact_name}
            if client.emergency_contact_name
            else None,
            "telecom": [{"system": "phone", "value": client.emergency_contact_phone}]
            if client.emergency_contact_phone
            else None,
        }
    )
    return compact(
        {
            "resourceType": "Patient",
            "id": str(client.pk),
            "meta": {"lastUpdated": instant(client.updated_at)},
            "active": client.is_active,
            "name": names,
            "telecom": telecom,
            "gender": GENDERS.get(client.sex, "unknown"),
            "birthDate": day(client.date_of_birth),
            "address": [{"text": client.address}] if client.address else None,
            "contact": [contact] if contact else None,
            "managingOrganization": ref("Organization", client.clinic_id),
        }
    )


def practitioner(membership: Membership) -> Json:
    """A clinic member as a practitioner; their licences as qualifications (when prefetched
    through `practitioner__licences`)."""
    profile = getattr(membership, "practitioner", None) if _has_profile(membership) else None
    qualifications = [
        compact(
            {
                "identifier": [{"value": licence.number}],
                "code": {"text": f"Massage therapy licence, {licence.jurisdiction}"},
                "period": compact(
                    {"start": day(licence.issued_on), "end": day(licence.expires_on)}
                ),
                "issuer": {"display": licence.jurisdiction},
            }
        )
        for licence in (profile.licences.all() if profile is not None else ())
    ]
    return compact(
        {
            "resourceType": "Practitioner",
            "id": str(membership.pk),
            "active": membership.is_active and membership.user.is_active,
            "name": [{"text": membership.user.full_name}] if membership.user.full_name else None,
            "telecom": [{"system": "email", "value": membership.user.email, "use": "work"}],
            "qualification": qualifications,
        }
    )


def _has_profile(membership: Membership) -> bool:
    try:
        membership.practitioner  # noqa: B018 - a missing one-to-one row raises
    except Membership.practitioner.RelatedObjectDoesNotExist:
        return False
    return True


def practitioner_role(membership: Membership) -> Json:
    """The member's role in the clinic."""
    return {
        "resourceType": "PractitionerRole",
        "id": str(membership.pk),
        "active": membership.is_active,
        "practitioner": ref("Practitioner", membership.pk, membership.user.full_name),
        "organization": ref("Organization", membership.clinic_id),
        "code": [
            {
                "coding": [coding(ROLE, membership.role, membership.get_role_display())],
                "text": membership.get_role_display(),
            }
        ],
    }


def organization(clinic: Clinic) -> Json:
    """The clinic."""
    telecom = [
        {"system": system, "value": value, "use": "work"}
        for system, value in (("phone", clinic.phone), ("email", clinic.email))
        if value
    ]
    return compact(
        {
            "resourceType": "Organization",
            "id": str(clinic.pk),
            "active": True,
            "name": clinic.name,
            "telecom": telecom,
            "address": [{"text": clinic.address}] if clinic.address else None,
        }
    )
