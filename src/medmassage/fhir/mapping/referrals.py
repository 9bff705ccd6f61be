"""ServiceRequest: a referral out (the therapist's letter) or in (a physician's authorisation),
from the referrals app."""

from __future__ import annotations

from medmassage.careteam.models import Provider
from medmassage.fhir.codes import ICD10CM, coding
from medmassage.fhir.mapping import Json, compact, day, instant, ref
from medmassage.referrals.models import Referral

NPI = "http://hl7.org/fhir/sid/us-npi"
# The referral's tracking status as ServiceRequest.status (overdue is computed: still active).
STATUS = {
    "drafted": "draft",
    "signed": "active",
    "sent": "active",
    "answered": "completed",
    "active": "active",
    "closed": "completed",
    "cancelled": "revoked",
}
# Urgency as ServiceRequest.priority (the referrals app's own reading of FHIR).
PRIORITY = {"routine": "routine", "urgent": "urgent", "emergency": "stat"}


def provider_ref(provider: Provider | None) -> Json | None:
    """The outside provider, by name (and NPI where there is one): not a resource here."""
    if provider is None:
        return None
    label = f"{provider.name} ({provider.get_profession_display()})"
    found: Json = {"display": label}
    if provider.npi:
        found["identifier"] = {"system": NPI, "value": provider.npi}
    return found


def service_request(referral: Referral) -> Json:
    """A referral either way: out, the therapist proposes; in, the physician orders."""
    outgoing = referral.direction == "out"
    ours = ref("Practitioner", referral.signed_by_id or referral.therapist_id)
    theirs = provider_ref(referral.provider)
    reasons = [
        compact({"coding": [coding(ICD10CM, str(item.get("code")), item.get("display"))]})
        for item in referral.reason_codes
        if isinstance(item, dict) and item.get("code")
    ]
    if referral.reason:
        reasons.append({"text": referral.reason})
    notes = [
        text
        for text in (
            referral.question,
            referral.precautions and f"Precautions: {referral.precautions}",
            referral.frequency and f"Frequency: {referral.frequency}",
            referral.client_told and f"The client was told: {referral.client_told}",
        )
        if text
    ]
    return compact(
        {
            "resourceType": "ServiceRequest",
            "id": str(referral.pk),
            "status": STATUS.get(referral.status, "unknown"),
            "intent": referral.intent,
            "priority": PRIORITY.get(referral.urgency),
            "code": {
                "text": "Referral for medical assessment" if outgoing else "Medical massage therapy"
            },
            "subject": ref("Patient", referral.client_id),
            "authoredOn": instant(referral.signed_at or referral.created_at),
            "requester": ours if outgoing else theirs,
            "performer": [theirs] if outgoing and theirs else [ours] if not outgoing else None,
            "reasonCode": reasons,
            "quantityQuantity": {"value": referral.visits_authorised, "unit": "visits"}
            if referral.visits_authorised
            else None,
            "occurrencePeriod": compact(
                {"start": day(referral.valid_from), "end": day(referral.expires_on)}
            )
            or None,
            "note": [{"text": text} for text in notes],
        }
    )
