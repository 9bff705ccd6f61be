"""ServiceRequest: a referral out (the referrals app of the care-team work, issue 13 points 1-5).

That app is being built on another branch; until it is on main this mapping reads any object
with the fields below (a Protocol), is validated in the tests with a stand-in, and is not yet
registered as a searchable kind. Once the app lands, its model is registered in kinds.py with
this function and the referral letter joins documents.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from medmassage.fhir.codes import ICD10CM, coding
from medmassage.fhir.mapping import Json, compact, instant, ref

# The referral's tracking status (drafted, sent, answered, overdue) as ServiceRequest.status.
STATUS = {
    "drafted": "draft",
    "draft": "draft",
    "sent": "active",
    "overdue": "active",
    "answered": "completed",
    "cancelled": "revoked",
}
# Urgency of the screening's referral as ServiceRequest.priority.
PRIORITY = {"routine": "routine", "urgent": "urgent", "emergency": "stat"}


class Referral(Protocol):
    pk: int
    clinic_id: int
    client_id: int
    status: str
    urgency: str
    reason: str
    question: str
    icd10: str
    to_name: str
    author_id: int
    created_at: dt.datetime
    sent_at: dt.datetime | None


def service_request(referral: Referral) -> Json:
    """A referral out as the physician's system reads it."""
    reason = compact(
        {
            "coding": [coding(ICD10CM, referral.icd10)] if referral.icd10 else None,
            "text": referral.reason,
        }
    )
    return compact(
        {
            "resourceType": "ServiceRequest",
            "id": str(referral.pk),
            "status": STATUS.get(referral.status, "unknown"),
            "intent": "order",
            "priority": PRIORITY.get(referral.urgency),
            "code": {"text": "Referral for medical assessment"},
            "subject": ref("Patient", referral.client_id),
            "authoredOn": instant(referral.sent_at or referral.created_at),
            "requester": ref("Practitioner", referral.author_id),
            "performer": [{"display": referral.to_name}] if referral.to_name else None,
            "reasonCode": [reason] if reason else None,
            "note": [{"text": referral.question}] if referral.question else None,
        }
    )
