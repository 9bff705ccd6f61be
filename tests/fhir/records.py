"""A client with a full record (intake, plan, assessment, visits, adverse event, discharge),
made through the services, and a FHIR client of the test server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client as Browser

from medmassage.accounts.tokens import issue_token
from medmassage.assessments.entries import AssessmentEntry, QuestionnaireEntry, RomEntry
from medmassage.assessments.services import record_assessment
from medmassage.discharges.services import close_plan
from medmassage.plans.models import TreatmentPlan
from medmassage.visits.models import Visit
from medmassage.visits.services import record_adverse_event
from tests.builders import NDI_EXAMPLE, Ready, actor, approve, signed_visit

BASE = "/fhir/R4/"


@dataclass
class FullRecord:
    ready: Ready
    plan: TreatmentPlan
    visits: list[Visit]


def full_record(ready: Ready, *, visits: int = 2, close: bool = True) -> FullRecord:
    """Everything a client's record can hold, as the services write it."""
    by = actor(ready.therapist)
    plan = approve(ready)
    record_assessment(
        client=ready.client,
        by=by,
        entry=AssessmentEntry(
            notes="Neck stiff on the left.",
            rom=[
                RomEntry(joint="cervical", movement="rotation", side="left", degrees=60, pain=True),
                RomEntry(joint="cervical", movement="flexion", side="none", degrees=40),
            ],
            questionnaires=[
                QuestionnaireEntry(instrument="ndi", answers=NDI_EXAMPLE),
                QuestionnaireEntry(instrument="pss10", answers=[2] * 10),
            ],
        ),
    )
    done = [signed_visit(ready, pain=5 - number) for number in range(visits)]
    record_adverse_event(
        visit=done[0], by=by, event={"kind": "bruising", "severity": "mild", "description": "Small"}
    )
    _referrals(ready)
    if close:
        close_plan(plan=plan, by=by, reason="goals_met", note="Pain settled")
    return FullRecord(ready, plan, done)


def _referrals(ready: Ready) -> None:
    """A physician's referral in, a signed letter out and a signed progress report."""
    from medmassage.careteam.services import add_provider
    from medmassage.referrals import reports, services

    by = actor(ready.therapist)
    physician = add_provider(
        by=by,
        fields={"name": "Dr Ana Rivera", "profession": "physician", "npi": "1234567893"},
    )
    services.record_referral_in(
        client=ready.client,
        by=by,
        provider=physician,
        fields={"diagnoses": ["M54.2"], "visits_authorised": 6, "reason": "Neck pain"},
    )
    letter = services.draft_referral(client=ready.client, by=by, provider=physician)
    letter = services.update_referral(
        referral=letter, by=by, fields={"reason": "Neck pain not settling", "question": "Assess?"}
    )
    services.send_referral(
        referral=services.sign_referral(referral=letter, by=by), by=by, via="fax"
    )
    report = reports.draft_report(client=ready.client, by=by, provider=physician)
    reports.sign_report(report=report, by=by)


def bearer_browser(who: Any) -> Browser:
    """A test client sending a fresh bearer token of the member."""
    token = issue_token(by=actor(who), name="FHIR test").plaintext
    return Browser(headers={"Authorization": f"Bearer {token}"})


def body(response: Any) -> Any:
    import json

    return json.loads(response.content)
