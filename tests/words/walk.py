"""A clinic's full walk made through the services: the pages and documents a person reads.

Four clients: one treated through a whole course and discharged (findings with sides,
exclusions, signed visits with feedback, an adverse event and an addendum, measures, a home
program), one with a draft note and a plan being revised, one whose check-in stopped the
visit, and one whose plan refers on at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.test import Client as Browser

from medmassage.clients.models import Client
from medmassage.clients.services import create_client
from medmassage.discharges.services import close_plan
from medmassage.homecare.services import start_home_program
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from medmassage.outcomes.services import record_measurement
from medmassage.plans.changes import read_changes
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.services import approve_plan, draft_plan, revise_plan, update_draft
from medmassage.referrals.services import draft_referral, sign_referral, update_referral
from medmassage.visits import services as visits
from medmassage.visits.note import read_note
from tests.builders import NDI_EXAMPLE, Ready, actor, give_consent, make_ready, todays_vignette
from tests.cast import Cast, logged_in


@dataclass
class Walk:
    therapist: Browser
    pages: dict[str, str] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)


def _new_client(ready: Ready, given: str, family: str) -> Client:
    client = create_client(
        by=actor(ready.therapist),
        given_name=given,
        family_name=family,
        date_of_birth=date(1975, 5, 17),
    )
    give_consent(client, ready.therapist)
    return client


def _plan_for(ready: Ready, client: Client, vignette: str, *, approve: bool = True) -> int:
    by = actor(ready.therapist)
    record_intake(client=client, by=by, document=todays_vignette(vignette))
    plan = draft_plan(client=client, by=by)
    return (approve_plan(plan=plan, by=by) if approve else plan).pk


def _assess(browser: Browser, client: Client) -> str:
    data = {
        "assessed_on": "",
        "notes": "Stiff on the left.",
        "rom-0-motion": "cervical:rotation",
        "rom-0-side": "left",
        "rom-0-degrees": "60",
        "rom-0-pain": "on",
        "posture-0-observation": "forward_head",
        "posture-0-region": "neck",
        "palpation-0-region": "upper_back",
        "palpation-0-side": "left",
        "palpation-0-tenderness": "2",
        "palpation-0-trigger_points": "on",
        "palpation-0-tone": "high",
        "special_tests-0-test": "spurling",
        "special_tests-0-side": "left",
        "special_tests-0-result": "positive",
        "questionnaires": ["ndi"],
        **{f"q-ndi-item_{n}": v for n, v in enumerate(NDI_EXAMPLE, 1)},
    }
    response = browser.post(f"/assessments/clients/{client.pk}/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def _treated(ready: Ready, browser: Browser, walk: Walk) -> None:
    """The cast's client: lymphoedema of the left arm, a whole course, discharged."""
    by = actor(ready.therapist)
    client = ready.client
    plan = _plan_for(ready, client, "p5_lymphoedema")
    assessment = _assess(browser, client)
    record_measurement(client=client, by=by, instrument="nprs", answers=[6], context="baseline")
    start_home_program(client=client, by=by)
    visit = visits.start_visit(
        client=client, by=by, answers={"temperature_c": 36.6, "new_medications": ["ibuprofen"]}
    )
    note = {
        "pain_today": 4,
        "home_care_adherence": "most",
        "assessment": "Less guarded",
        "treatments": [
            {
                "technique": "swedish",
                "region": "upper_back",
                "side": "left",
                "minutes": 20,
                "pressure": "light",
            },
            {
                "technique": "swedish",
                "region": "neck",
                "side": "both",
                "minutes": 15,
                "pressure": "medium",
            },
        ],
    }
    visits.save_note(visit=visit, by=by, changes=read_note(note))
    visits.add_feedback(
        visit=visit,
        by=by,
        feedback={"kind": "discomfort", "region": "upper_back", "adjustment": "pressure_down"},
    )
    visits.record_adverse_event(
        visit=visit, by=by, event={"kind": "soreness_48h", "severity": "mild"}
    )
    visit = visits.sign_visit(visit=visit, by=by)
    visits.add_addendum(visit=visit, by=by, reason="Late entry", text="Iced at home.")
    record_measurement(
        client=client, by=by, instrument="ndi", answers=NDI_EXAMPLE, context="reassessment"
    )
    measurement = record_measurement(
        client=client, by=by, instrument="nprs", answers=[3], context="visit"
    )
    walk.pages |= {
        "chart": f"/clients/{client.pk}/",
        "intakes": f"/intake/clients/{client.pk}/",
        "intake-form": f"/intake/clients/{client.pk}/new/",
        "assessments": f"/assessments/clients/{client.pk}/",
        "assessment-form": f"/assessments/clients/{client.pk}/new/",
        "assessment": assessment,
        "measures": f"/outcomes/clients/{client.pk}/",
        "questionnaire": f"/outcomes/clients/{client.pk}/new/?instrument=ndi",
        "measurement": f"/outcomes/{measurement.pk}/",
        "progress": f"/outcomes/clients/{client.pk}/progress/",
        "plan-approved": f"/plans/{plan}/",
        "visits": f"/visits/clients/{client.pk}/",
        "visit-signed": f"/visits/{visit.pk}/",
        "home-program": f"/homecare/clients/{client.pk}/",
        "home-program-history": f"/homecare/clients/{client.pk}/history/",
    }
    walk.documents["handout"] = f"/homecare/clients/{client.pk}/handout.pdf"
    intake = Intake.objects.for_clinic(ready.cast.clinic).filter(client=client).latest("version")
    walk.pages["intake"] = f"/intake/{intake.pk}/"
    walk.pages["plans"] = f"/plans/clients/{client.pk}/"
    close_plan(plan=_plan(ready, plan), by=by, reason="goals_met", note="Back at work")
    walk.pages |= {"plan-closed": f"/plans/{plan}/", "discharge": f"/plans/{plan}/discharge/"}
    walk.documents["discharge"] = f"/plans/{plan}/discharge.pdf"


def _plan(ready: Ready, plan_id: int) -> TreatmentPlan:
    return TreatmentPlan.objects.for_clinic(ready.cast.clinic).get(pk=plan_id)


def _open_course(ready: Ready, walk: Walk) -> None:
    """A client on an anticoagulant: a draft note open, and the plan being revised."""
    by = actor(ready.therapist)
    client = _new_client(ready, "Oskar", "Lindqvist")
    plan = _plan_for(ready, client, "p6_pregnancy_neck")
    visit = visits.start_visit(client=client, by=by, answers={"systolic": 128, "diastolic": 82})
    visits.add_feedback(
        visit=visit, by=by, feedback={"kind": "relief", "region": "neck", "adjustment": "none"}
    )
    visits.save_note(
        visit=visit,
        by=by,
        changes=read_note(
            {
                "treatments": [
                    {
                        "technique": "trigger_point",
                        "region": "thigh",
                        "side": "left",
                        "minutes": 10,
                        "pressure": "firm",
                    }
                ],
                "reasons": {"trigger_point": "Cleared by her midwife"},
            }
        ),
    )
    revised = revise_plan(plan=_plan(ready, plan), by=by)
    added = {
        "technique": "deep_tissue",
        "regions": [{"region": "lower_leg", "side": "right"}],
        "max_pressure": "firm",
        "minutes": 10,
    }
    kept = [
        {key: item[key] for key in ("technique", "regions", "max_pressure", "minutes")}
        for item in revised.content["techniques"]
    ]
    changes = {"techniques": [*kept, added], "reasons": {"deep_tissue": "Asked by the client"}}
    update_draft(plan=revised, by=by, changes=read_changes(changes))
    walk.pages |= {
        "chart-draft-note": f"/clients/{client.pk}/",
        "visit-draft": f"/visits/{visit.pk}/",
        "plan-draft": f"/plans/{revised.pk}/",
        "visits-open": f"/visits/clients/{client.pk}/",
    }


def _stopped(ready: Ready, walk: Walk) -> None:
    """A runner whose check-in reports signs of a clot: the visit stops."""
    by = actor(ready.therapist)
    client = _new_client(ready, "Rui", "Almeida")
    plan = _plan_for(ready, client, "p8_itb_runner")
    visit = visits.start_visit(client=client, by=by, answers={"red_flags": {"dvt_signs": True}})
    walk.pages |= {
        "visit-stopped": f"/visits/{visit.pk}/",
        "chart-stopped": f"/clients/{client.pk}/",
        "visits-stopped": f"/visits/clients/{client.pk}/",
        "close": f"/plans/{plan}/close/",
    }


def _referred(ready: Ready, walk: Walk) -> None:
    """Signs of cauda equina at intake: the draft refers on at once."""
    client = _new_client(ready, "Marta", "Sousa")
    plan = _plan_for(ready, client, "p2_cauda_equina", approve=False)
    referral = draft_referral(client=client, by=actor(ready.therapist))
    walk.pages |= {
        "plan-referral": f"/plans/{plan}/",
        "plans-referral": f"/plans/clients/{client.pk}/",
        "chart-referral": f"/clients/{client.pk}/",
        "referral-letter-draft": f"/referrals/{referral.pk}/",
        "referrals": f"/referrals/clients/{client.pk}/",
        "care-team": f"/providers/clients/{client.pk}/team/",
    }


def _papers(ready: Ready, walk: Walk) -> None:
    """The treated client's papers: the signed note as FHIR serves it, an invoice with its
    superbill and a receipt, a signed referral letter and a signed progress report."""
    from decimal import Decimal

    from medmassage.billing.payments import Tender, record_payment
    from medmassage.billing.services import invoice_visit
    from medmassage.careteam.services import add_provider
    from medmassage.referrals import reports
    from medmassage.scheduling.models import AppointmentType
    from medmassage.visits.models import Visit

    by, desk = actor(ready.therapist), actor(ready.cast.front_desk)
    visit_id = int(walk.pages["visit-signed"].strip("/").rsplit("/", 1)[-1])
    visit = Visit.objects.for_clinic(ready.cast.clinic).get(pk=visit_id)
    kind = AppointmentType.unscoped_objects.create(
        clinic=ready.cast.clinic, name="Follow-up", minutes=60, price=Decimal("95.00"),
        cpt_codes=["97124"],
    )  # fmt: skip
    invoice = invoice_visit(visit=visit, by=desk, type=kind)
    payment = record_payment(invoice=invoice, by=desk, tender=Tender("cash", "50.00"))
    physician = add_provider(
        by=by, fields={"name": "Dr Ana Rivera", "profession": "physician", "fax": "555-0121"}
    )
    referral = draft_referral(client=ready.client, by=by, provider=physician)
    fields = {"reason": "Swelling of the left arm since surgery", "question": "Safe to treat?"}
    update_referral(referral=referral, by=by, fields=fields)
    referral = sign_referral(referral=referral, by=by)
    report = reports.draft_report(client=ready.client, by=by, provider=physician)
    report = reports.sign_report(report=report, by=by)
    walk.pages |= {
        "invoice": f"/billing/invoices/{invoice.pk}/",
        "referral-signed": f"/referrals/{referral.pk}/",
        "progress-report": f"/referrals/reports/{report.pk}/",
    }
    walk.documents |= {
        "visit-note": f"/fhir/R4/Binary/note-{visit.pk}",
        "superbill": f"/billing/invoices/{invoice.pk}/superbill.pdf",
        "receipt": f"/billing/payments/{payment.pk}/receipt.pdf",
        "referral-letter": f"/referrals/{referral.pk}/letter.pdf",
        "progress-report": f"/referrals/reports/{report.pk}/report.pdf",
    }


def build_walk(cast: Cast) -> Walk:
    """The whole walk, and the therapist's browser to read it with."""
    ready = make_ready(cast)
    walk = Walk(logged_in(cast.therapist))
    _treated(ready, walk.therapist, walk)
    _papers(ready, walk)
    _open_course(ready, walk)
    _stopped(ready, walk)
    _referred(ready, walk)
    walk.pages |= {
        "dashboard": "/",
        "clients": "/clients/",
        "practitioners": "/practitioners/",
        "front-desk-day": "/frontdesk/",
        "billing-account": f"/billing/clients/{cast.client.pk}/",
        "providers": "/providers/",
        "message-wording": "/messages/",
        "message-wording-reminder": "/messages/appointment_reminder/",
    }
    return walk
