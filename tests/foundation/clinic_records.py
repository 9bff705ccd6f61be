"""A record of each kind a URL can name, made on demand for one clinic (see test_tenancy.py).

A URL parameter names a kind: `client_id` (or `clients/<id>`) a client, the admin's `object_id`
its model's label. When the URL walk meets a kind with no maker here, the tenancy tests fail
and say so: add a maker (a few lines; rows are made directly, their apps test the services).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from medmassage.accounts.models import Clinic, Membership, Practitioner, User
from medmassage.accounts.tokens import issue_token
from medmassage.assessments.models import Assessment
from medmassage.audit.models import AuditEvent
from medmassage.clients.models import Client, Consent, ConsentTemplate, SignatureMethod
from medmassage.clients.services import create_client
from medmassage.intake.models import Intake
from medmassage.outcomes.models import Measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.practitioners.models import Certification, ContinuingEducation, Licence
from medmassage.visits.models import AdverseEvent, Visit
from tests.builders import actor

BORN = date(1961, 4, 23)
PHONE = "555-0199"


class RecordBook:
    """One clinic's records by kind, each made the first time it is asked for.

    Every text field of a record carries the book's `mark`, so one search finds them all.
    """

    def __init__(self, clinic: Clinic, therapist: User, *, token_holder: User, mark: str):
        self.clinic = clinic
        self.therapist = therapist
        self.membership = Membership.objects.get(user=therapist, clinic=clinic)
        self.token_holder = token_holder
        self.mark = mark
        self._ids: dict[str, int | str] = {}

    def __contains__(self, kind: str) -> bool:
        return kind in MAKERS

    def __getitem__(self, kind: str) -> int | str:
        if kind not in self._ids:
            self._ids[kind] = MAKERS[kind](self)
        return self._ids[kind]


Maker = Callable[[RecordBook], int | str]


def _client(book: RecordBook) -> int:
    return create_client(
        by=actor(book.therapist),
        given_name=f"Zelda {book.mark}",
        family_name=book.mark,
        date_of_birth=BORN,
        phone=PHONE,
        email=f"{book.mark.lower()}@example.org",
    ).pk


def _practitioner(book: RecordBook) -> int:
    return Practitioner.unscoped_objects.create(membership=book.membership, clinic=book.clinic).pk


def _licence(book: RecordBook) -> int:
    return Licence.unscoped_objects.create(
        clinic=book.clinic,
        practitioner_id=book["practitioner"],
        jurisdiction="British Columbia",
        number=f"RMT-{book.mark}",
        expires_on=date(2031, 1, 1),
    ).pk


def _certification(book: RecordBook) -> int:
    return Certification.unscoped_objects.create(
        clinic=book.clinic,
        practitioner_id=book["practitioner"],
        name=f"{book.mark} drainage",
        issuer=book.mark,
        credentials=[],
        issued_on=date(2020, 1, 1),
    ).pk


def _education(book: RecordBook) -> int:
    return ContinuingEducation.unscoped_objects.create(
        clinic=book.clinic,
        practitioner_id=book["practitioner"],
        course=f"{book.mark} course",
        hours=Decimal(3),
        completed_on=date(2024, 1, 1),
    ).pk


def _consent(book: RecordBook) -> int:
    template = ConsentTemplate.unscoped_objects.create(
        clinic=book.clinic, version="1", title=f"{book.mark} consent", body=f"{book.mark} text"
    )
    return Consent.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        template=template,
        obtained_by=book.membership,
        signature_method=SignatureMethod.TYPED,
        signature=f"Zelda {book.mark}",
    ).pk


def _intake(book: RecordBook) -> int:
    document = {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": "2026-03-01",
        "age": 64,
        "complaints": [{"region": "neck", "description": f"{book.mark} neck"}],
    }
    return Intake.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        version=1,
        document=document,
        screening={"decision": "proceed", "findings": []},
        decision="proceed",
        recorded_by=book.membership,
        visit_date=date(2026, 3, 1),
    ).pk


def _assessment(book: RecordBook) -> int:
    return Assessment.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        recorded_by=book.membership,
        notes=f"{book.mark} notes",
    ).pk


def _measurement(book: RecordBook) -> int:
    return Measurement.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        instrument="nprs",
        answers=[3],
        score=3,
        band="mild",
        answered=1,
        context="baseline",
        recorded_by=book.membership,
    ).pk


def _plan(book: RecordBook) -> int:
    content = {"decision": "proceed", "goals": [f"{book.mark} goal"], "techniques": []}
    return TreatmentPlan.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        version=1,
        intake_id=book["intake"],
        practitioner_id=book["practitioner"],
        practitioner_document={"format": "medmassage.practitioner", "version": 1},
        draft=content,
        content=content,
        decision="proceed",
        created_by=book.membership,
    ).pk


def _visit(book: RecordBook) -> int:
    return Visit.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        plan_id=book["plan"],
        therapist=book.membership,
        decision="proceed",
        pressure_cap="firm",
        assessment=f"{book.mark} assessment",
    ).pk


def _adverse_event(book: RecordBook) -> int:
    return AdverseEvent.unscoped_objects.create(
        clinic=book.clinic,
        visit_id=book["visit"],
        client_id=book["client"],
        kind="bruising",
        severity="mild",
        description=f"{book.mark} bruise",
        recorded_by=book.membership,
    ).pk


def _token(book: RecordBook) -> int:
    holder = Membership.objects.get(user=book.token_holder, clinic=book.clinic)
    return issue_token(by=actor(holder), name=f"{book.mark} export").token.pk


def _audit_event(book: RecordBook) -> int:
    return AuditEvent.objects.get(action="clients.client.created", client_id=book["client"]).pk


def _appointment(book: RecordBook) -> int:
    from datetime import datetime, timedelta

    from medmassage.scheduling.models import Appointment, AppointmentType

    kind = AppointmentType.unscoped_objects.create(
        clinic=book.clinic, name=f"{book.mark} follow-up", minutes=60, price=Decimal("90.00")
    )
    starts = datetime(2031, 1, 6, 15, tzinfo=UTC)
    return Appointment.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        therapist=book.membership,
        type=kind,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    ).pk


def _treatment(book: RecordBook) -> int:
    from medmassage.visits.models import TreatmentGiven

    return TreatmentGiven.unscoped_objects.create(
        clinic=book.clinic,
        visit_id=book["visit"],
        position=1,
        technique="swedish",
        region="neck",
        minutes=20,
        pressure="medium",
        cpt="97124",
    ).pk


def _discharge(book: RecordBook) -> str:
    from medmassage.discharges.models import DischargeSummary

    summary = DischargeSummary.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        plan_id=book["plan"],
        reason="goals_met",
        note=f"{book.mark} discharge",
        measures={},
        closed_by=book.membership,
    )
    return f"discharge-{summary.pk}"


def _export(book: RecordBook) -> int:
    from medmassage.fhir.models import BulkExport

    holder = Membership.objects.get(user=book.token_holder, clinic=book.clinic)
    return BulkExport.unscoped_objects.create(
        clinic=book.clinic, requested_by=holder, level="system", request_url=f"/{book.mark}"
    ).pk


def _export_file(book: RecordBook) -> int:
    from django.utils import timezone

    from medmassage.fhir.exports import folder_of
    from medmassage.fhir.models import BulkExport, ExportFile

    export = BulkExport.unscoped_objects.get(pk=book["export"])
    export.status, export.expires_at = "done", timezone.now() + timezone.timedelta(hours=1)
    export.save()
    folder_of(export).mkdir(parents=True, exist_ok=True)
    (folder_of(export) / "Patient.ndjson").write_text('{"resourceType":"Patient"}\n')
    return ExportFile.unscoped_objects.create(
        clinic=book.clinic, export=export, resource_type="Patient", name="Patient.ndjson", count=1
    ).pk


def _staged_import(book: RecordBook) -> int:
    from medmassage.fhir.models import StagedImport

    return StagedImport.unscoped_objects.create(
        clinic=book.clinic,
        bundle={"resourceType": "Bundle", "entry": []},
        proposed_client={"given_name": "Zelda", "family_name": book.mark},
        draft_intake={"format": "medmassage.intake", "version": 1, "notes": f"{book.mark}"},
        received_by=book.membership,
        # Confirmed as the book's client: its pages then show that client's record.
        status="confirmed",
        client_id=book["client"],
        confirmed_by=book.membership,
        confirmed_at=timezone.now(),
    ).pk


def _provider(book: RecordBook) -> int:
    from medmassage.careteam.models import Provider

    return Provider.unscoped_objects.create(
        clinic=book.clinic, name=f"Dr {book.mark}", profession="physician", phone=PHONE
    ).pk


def _member(book: RecordBook) -> int:
    from medmassage.careteam.models import CareTeamMember

    return CareTeamMember.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        provider_id=book["provider"],
        role="primary_care",
        added_by=book.membership,
    ).pk


def _stored_pdf(book: RecordBook) -> tuple[str, str]:
    from medmassage.careteam import documents

    content = b"%PDF-1.4\n% " + book.mark.encode() + b"\n%%EOF\n"
    return documents.store(book.clinic.pk, content, documents.PDF), documents.sha256_of(content)


def _clearance(book: RecordBook) -> int:
    from medmassage.careteam.models import Clearance

    name, digest = _stored_pdf(book)
    return Clearance.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        provider_id=book["provider"],
        from_name=f"Dr {book.mark}",
        outcome="cleared",
        issued_on=date(2026, 3, 1),
        notes=f"{book.mark} clearance",
        document_name=name,
        document_type="application/pdf",
        document_size=20,
        document_sha256=digest,
        recorded_by=book.membership,
    ).pk


def _invoice(book: RecordBook) -> int:
    from medmassage.billing.models import Invoice, InvoiceLine

    invoice = Invoice.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        number=1,
        kind="package",
        issued_by=book.membership,
        total=Decimal("90.00"),
    )
    InvoiceLine.unscoped_objects.create(
        clinic=book.clinic,
        invoice=invoice,
        position=1,
        service_date=date(2026, 3, 1),
        description=f"{book.mark} package",
        price=Decimal("90.00"),
        amount=Decimal("90.00"),
    )
    return invoice.pk


def _payment(book: RecordBook) -> int:
    from medmassage.billing.models import Payment

    return Payment.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        invoice_id=book["invoice"],
        kind="payment",
        method="cash",
        amount=Decimal("40.00"),
        reference=f"{book.mark} ref",
        recorded_by=book.membership,
    ).pk


def _referral(book: RecordBook) -> int:
    from medmassage.referrals.models import Referral

    name, digest = _stored_pdf(book)
    return Referral.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        direction="out",
        status="signed",
        intent="proposal",
        provider_id=book["provider"],
        therapist=book.membership,
        reason=f"{book.mark} reason",
        question=f"{book.mark} question",
        document_name=name,
        document_sha256=digest,
        created_by=book.membership,
    ).pk


def _report(book: RecordBook) -> int:
    from medmassage.referrals.models import ProgressReport

    name, digest = _stored_pdf(book)
    return ProgressReport.unscoped_objects.create(
        clinic=book.clinic,
        client_id=book["client"],
        provider_id=book["provider"],
        recipient=f"Dr {book.mark}",
        status="signed",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 1),
        facts={
            "measures": [],
            "attendance": {"visits": 0},
            "adherence": [],
            "treatments": [],
            "adverse_events": [],
            "plan": None,
            "worse": [],
        },
        summary=f"{book.mark} summary",
        recommendation="continue",
        document_name=name,
        document_sha256=digest,
        created_by=book.membership,
    ).pk


def _feed(book: RecordBook) -> int:
    from medmassage.scheduling.models import CalendarFeed

    return CalendarFeed.unscoped_objects.create(
        clinic=book.clinic, therapist=book.membership, token_hash=f"{book.mark:0<64}"[:64]
    ).pk


MAKERS: dict[str, Maker] = {
    "provider": _provider,
    "member": _member,
    "clearance": _clearance,
    "referral": _referral,
    "report": _report,
    "feed": _feed,
    "invoice": _invoice,
    "payment": _payment,
    "appointment": _appointment,
    "client": _client,
    "consent": _consent,
    "practitioner": _practitioner,
    "licence": _licence,
    "certification": _certification,
    "education": _education,
    "token": _token,
    "intake": _intake,
    "assessment": _assessment,
    "measurement": _measurement,
    "plan": _plan,
    "visit": _visit,
    "adverse_event": _adverse_event,
    "accounts.membership": lambda book: book.membership.pk,
    "membership": lambda book: book.membership.pk,  # a care team's member
    "accounts.practitioner": lambda book: book["practitioner"],
    "audit.auditevent": _audit_event,
    # The admin's "view on site" shortcut (/admin/r/<content_type_id>/<object_id>/).
    "content_type": lambda book: ContentType.objects.get_for_model(Client).pk,
    # FHIR R4 ids (/fhir/R4/<Type>/<id>): a member is a Practitioner, a Group a caseload.
    "patient": lambda book: book["client"],
    "group": lambda book: book.membership.pk,
    "organization": lambda book: book.clinic.pk,
    "condition": lambda book: f"{book['intake']}-1",
    "observation": lambda book: book["measurement"],
    "procedure": _treatment,
    "document": _discharge,
    "export": _export,
    "export_file": _export_file,
    "staged_import": _staged_import,
    "binary": lambda book: f"letter-{book['referral']}",
    "object": lambda book: book["client"],
}
