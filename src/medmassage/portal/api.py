"""The client portal in the JSON API, under `/api/v1/portal/`: the same actions as the portal's
pages, through the same services, with the same rules. A client signs in (password or emailed
code, throttled as in the browser) and gets a bearer token that is their portal session; every
endpoint reaches only the signed-in client's own record (another client's anything is a 404)
and every read is audited with the client as the actor."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from medmassage.accounts.actors import request_address
from medmassage.clientaccounts import services as accounts
from medmassage.clientaccounts.actors import ClientActor
from medmassage.clientaccounts.tokens import issue_client_token, revoke_client_token
from medmassage.clients import consents
from medmassage.clients import queries as client_queries
from medmassage.clients.schemas import ConsentIn
from medmassage.clinical.instruments import get_instrument
from medmassage.homecare.adherence import get_program_for_client, list_logs, log_home_session
from medmassage.homecare.models import HomeProgramLog
from medmassage.intake.portal import client_document, may_fill_in, submit_portal_intake
from medmassage.intake.queries import get_latest_intake
from medmassage.intake.schemas import intake_document_schema
from medmassage.intake.validation import check_intake
from medmassage.outcomes.models import Context
from medmassage.outcomes.services import record_measurement
from medmassage.portal import documents
from medmassage.portal.api_auth import ClientTokenAuth, PortalSessionAuth
from medmassage.portal.intake_checks import intake_errors, visit_day
from medmassage.portal.questionnaires import due_questionnaire
from medmassage.portal.reads import record_client_read
from medmassage.portal.schemas import (
    BookIn,
    CancelIn,
    CodeRequestIn,
    DocumentOut,
    FreeSlotQuery,
    HomeLogIn,
    HomeLogOut,
    PortalAppointmentOut,
    PortalConsentOut,
    PortalHomeProgramOut,
    PortalIntakeOut,
    PortalMeOut,
    PortalQuestionnaireIn,
    PortalQuestionnaireOut,
    ReceivedOut,
    SignedInOut,
    SignInIn,
)
from medmassage.portal.session import PortalRequest, end
from medmassage.portal.tasks_list import tasks_of
from medmassage.problems import DomainError, InvalidInput, invalid
from medmassage.scheduling import queries as calendar
from medmassage.scheduling import services as booking
from medmassage.scheduling.api import slot_out
from medmassage.scheduling.calendar import local, today
from medmassage.scheduling.models import Appointment, AppointmentType
from medmassage.scheduling.models import Status as Booked
from medmassage.scheduling.schemas import AppointmentTypeOut, SlotOut

router = Router(tags=["portal"], auth=[ClientTokenAuth(), PortalSessionAuth()])


class NotSignedIn(DomainError):
    """Wrong email, password or code: the API's 401, worded as on the sign-in page."""

    status_code = 401


class NothingDue(DomainError):
    """The client was asked for nothing of this kind now."""

    status_code = 409


def _actor(request: PortalRequest) -> ClientActor:
    return request.client_actor


# Signing in and out ------------------------------------------------------------------------


@router.post(
    "/portal/sign-in",
    auth=None,
    response={201: SignedInOut},
    summary="A client signs in: a bearer token for the portal's endpoints",
    url_name="portal-sign-in",
)
def sign_in(request: HttpRequest, payload: SignInIn) -> Status[dict[str, Any]]:
    """The email with its password, or with the code emailed by `sign-in/code`; refusals are
    worded alike whichever was wrong, and repeated failures are throttled (429)."""
    address = request_address(request)
    if not (payload.code.strip() or payload.password):
        raise invalid("password", "Give the password, or the code emailed to you.")
    try:
        if payload.code.strip():
            actor = accounts.sign_in_with_code(
                email=payload.email, code=payload.code, address=address
            )
        else:
            actor = accounts.sign_in_with_password(
                email=payload.email, password=payload.password, address=address
            )
    except accounts.SignInRefused as refused:
        raise NotSignedIn(str(refused)) from None
    issued = issue_client_token(actor)
    return Status(201, {"token": issued.plaintext, "expires_at": issued.expires_at})


@router.post(
    "/portal/sign-in/code",
    auth=None,
    response={202: ReceivedOut},
    summary="Email a one-time sign-in code",
    url_name="portal-request-code",
)
def request_code(request: HttpRequest, payload: CodeRequestIn) -> Status[dict[str, Any]]:
    """The answer is the same whether or not an account has this email."""
    accounts.request_code(email=payload.email, address=request_address(request))
    detail = "If an account has this email, a code is on its way (it works for 10 minutes)."
    return Status(202, {"received_at": timezone.now(), "detail": detail})


@router.post(
    "/portal/sign-out",
    response={204: None},
    summary="Sign out: the token stops",
    url_name="portal-sign-out",
)
def sign_out(request: PortalRequest) -> Status[None]:
    """Ends the bearer token of this request (or the portal's browser session)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        revoke_client_token(token.strip(), _actor(request))
    else:
        end(request)
    return Status(204, None)


# The client and their appointments -----------------------------------------------------------


@router.get(
    "/portal/me",
    response=PortalMeOut,
    summary="The signed-in client and what to do next",
    url_name="portal-me",
)
def me(request: PortalRequest) -> dict[str, Any]:
    actor = _actor(request)
    record_client_read(actor, "home")
    clinic, client = actor.clinic, actor.client
    policy = calendar.get_policy(clinic)
    return {
        "given_name": client.given_name,
        "family_name": client.family_name,
        "email": actor.account.email,
        "clinic": {"name": clinic.name, "phone": clinic.phone, "time_zone": clinic.time_zone},
        "online_booking": policy.online_booking,
        "cancel_notice_hours": policy.cancel_notice_hours,
        "tasks": [{"name": task.name, "label": task.label} for task in tasks_of(actor)],
    }


def _appointment_out(actor: ClientActor, appointment: Appointment, notice_hours: int) -> Any:
    starts_at = appointment.starts_at
    may_cancel = appointment.status == Booked.BOOKED and (
        (starts_at - timezone.now()).total_seconds() >= notice_hours * 3600
    )
    return {
        "id": appointment.pk,
        "starts_at": starts_at,
        "ends_at": appointment.ends_at,
        "local_start": local(actor.clinic, starts_at).isoformat(),
        "type_name": appointment.type.name,
        "therapist_name": appointment.therapist.user.full_name,
        "status": appointment.status,
        "may_cancel": may_cancel,
    }


def _own_appointment(actor: ClientActor, appointment_id: int) -> Appointment:
    found = calendar.list_for_client(actor.clinic_id, actor.client).filter(pk=appointment_id)
    appointment = found.first()
    if appointment is None:
        raise Http404("No such appointment")
    return appointment


@router.get(
    "/portal/appointments",
    response=list[PortalAppointmentOut],
    summary="The client's appointments, latest first",
    url_name="portal-list-appointments",
)
def list_appointments(request: PortalRequest) -> list[Any]:
    actor = _actor(request)
    record_client_read(actor, "appointments")
    notice = calendar.get_policy(actor.clinic).cancel_notice_hours
    found = calendar.list_for_client(actor.clinic_id, actor.client)
    return [_appointment_out(actor, appointment, notice) for appointment in found]


def _online_type(actor: ClientActor, type_id: int) -> AppointmentType:
    found = calendar.list_types(actor.clinic, online_only=True).filter(pk=type_id).first()
    if found is None:
        raise invalid("type_id", "is not an appointment type the clinic offers online")
    return found


@router.post(
    "/portal/appointments",
    response={201: PortalAppointmentOut},
    summary="Book online, at one of the free times",
    url_name="portal-book",
)
def book(request: PortalRequest, payload: BookIn) -> Status[Any]:
    """409 when the clinic takes no bookings online, or the time is not free (any more)."""
    actor = _actor(request)
    kind = _online_type(actor, payload.type_id)
    try:
        therapist = calendar.get_therapist(actor.clinic, payload.therapist_id)
    except Http404:
        raise invalid("therapist_id", "is not one of the clinic's therapists") from None
    appointment = booking.book_appointment(
        booking=booking.Booking(actor.client, therapist, kind, payload.starts_at), by=actor
    )
    notice = calendar.get_policy(actor.clinic).cancel_notice_hours
    return Status(201, _appointment_out(actor, _own_appointment(actor, appointment.pk), notice))


@router.post(
    "/portal/appointments/{appointment_id}/cancel",
    response=PortalAppointmentOut,
    summary="Cancel one of the client's appointments, within the clinic's notice",
    url_name="portal-cancel",
)
def cancel(request: PortalRequest, appointment_id: int, payload: CancelIn) -> Any:
    """409 once the clinic's notice has passed (then the client calls the clinic)."""
    actor = _actor(request)
    appointment = _own_appointment(actor, appointment_id)
    booking.cancel_appointment(appointment=appointment, by=actor, reason=payload.reason)
    notice = calendar.get_policy(actor.clinic).cancel_notice_hours
    return _appointment_out(actor, _own_appointment(actor, appointment_id), notice)


@router.get(
    "/portal/appointment-types",
    response=list[AppointmentTypeOut],
    summary="The kinds of appointment the client may book online",
    url_name="portal-appointment-types",
)
def appointment_types(request: PortalRequest) -> list[AppointmentType]:
    return list(calendar.list_types(_actor(request).clinic, online_only=True))


@router.get(
    "/portal/availability",
    response=list[SlotOut],
    summary="Free times on a day, to book",
    url_name="portal-availability",
)
def availability(request: PortalRequest, filters: Query[FreeSlotQuery]) -> list[Any]:
    """Free starts of an online appointment type on a clinic-local day, per therapist."""
    actor = _actor(request)
    clinic = actor.clinic
    kind = _online_type(actor, filters.type_id)
    if not calendar.get_policy(clinic).online_booking:
        return []
    slots = calendar.available_slots(clinic, day=filters.date, type=kind)
    return [slot_out(clinic, slot) for slot in slots]


# The home program ----------------------------------------------------------------------------

LOGS_SHOWN = 20


def _log_out(log: HomeProgramLog) -> dict[str, Any]:
    return {
        "id": log.pk,
        "done_on": log.done_on,
        "status": log.status,
        "pain_after": log.pain_after,
    }


@router.get(
    "/portal/home-program",
    response=PortalHomeProgramOut,
    summary="The client's home program and their latest notes of it",
    url_name="portal-home-program",
)
def home_program(request: PortalRequest) -> dict[str, Any]:
    actor = _actor(request)
    program = get_program_for_client(actor.clinic_id, actor.client)
    if program is None:
        raise Http404("No home program yet")
    record_client_read(actor, "home_program", program)
    return {
        "version": program.version,
        "exercises": [
            {key: str(item.get(key, "")) for key in ("name", "dose", "instructions")}
            for item in program.items
        ],
        "logs": [_log_out(log) for log in list_logs(actor.clinic_id, actor.client)[:LOGS_SHOWN]],
    }


@router.post(
    "/portal/home-program/logs",
    response={201: HomeLogOut},
    summary="Note one session of the home program (it shows on the therapist's chart)",
    url_name="portal-log-session",
)
def log_session(request: PortalRequest, payload: HomeLogIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    program = get_program_for_client(actor.clinic_id, actor.client)
    if program is None:
        raise Http404("No home program yet")
    log = log_home_session(
        program=program,
        by=actor,
        status=payload.status,
        pain_after="" if payload.pain_after is None else str(payload.pain_after),
        done_on=payload.done_on or today(program.clinic, timezone.now()),
    )
    return Status(201, _log_out(log))


# Questionnaire, consent and intake -----------------------------------------------------------


@router.get(
    "/portal/questionnaire",
    response=PortalQuestionnaireOut,
    summary="The questionnaire due now",
    url_name="portal-questionnaire",
)
def questionnaire(request: PortalRequest) -> dict[str, Any]:
    """Its items in order with the values each takes; `instrument` is null when none is due."""
    actor = _actor(request)
    record_client_read(actor, "questionnaire")
    instrument_id = due_questionnaire(actor.clinic_id, actor.client)
    if instrument_id is None:
        return {"instrument": None}
    instrument = get_instrument(instrument_id)
    items = instrument.items
    return {
        "instrument": instrument.id,
        "name": instrument.name,
        "items": [
            {"number": number, "label": label, "answers": list(items.responses)}
            for number, label in enumerate(items.labels, 1)
        ],
    }


@router.post(
    "/portal/questionnaire",
    response={201: ReceivedOut},
    summary="Answer the questionnaire due now (the clinical core scores it)",
    url_name="portal-answer-questionnaire",
)
def answer_questionnaire(request: PortalRequest, payload: PortalQuestionnaireIn) -> Status[Any]:
    """409 when none is due; 422 names the item that is wrong and nothing is saved."""
    actor = _actor(request)
    due = due_questionnaire(actor.clinic_id, actor.client)
    if due is None:
        raise NothingDue("No questionnaire is due now.")
    if payload.instrument != due:
        raise invalid("instrument", "is not the questionnaire due now")
    measurement = record_measurement(
        client=actor.client,
        by=actor,
        instrument=due,
        answers=payload.answers,
        activities=payload.activities,
        context=Context.REASSESSMENT,
    )
    detail = "Thank you: your therapist will see your answers."
    return Status(201, {"received_at": measurement.administered_at, "detail": detail})


@router.get(
    "/portal/consent",
    response=PortalConsentOut,
    summary="The clinic's consent text",
    url_name="portal-consent",
)
def consent(request: PortalRequest) -> dict[str, Any]:
    """The text to read and sign, and whether the client's consent is on file."""
    actor = _actor(request)
    current = client_queries.get_current_consent(actor.clinic_id, actor.client)
    template = client_queries.get_current_template(actor.clinic_id)
    record_client_read(actor, "consent", current)
    return {
        "signed": current is not None,
        "signed_at": current.signed_at if current else None,
        "text": {
            "version": template.version,
            "title": template.title,
            "body": template.body,
            "topics": list(template.required_topics),
        },
    }


@router.post(
    "/portal/consent",
    response={201: ReceivedOut},
    summary="Sign the consent to treatment (the therapist reviews it)",
    url_name="portal-sign-consent",
)
def sign_consent(request: PortalRequest, payload: ConsentIn) -> Status[dict[str, Any]]:
    """409 when a consent is already on file; 422 names each wrong field."""
    actor = _actor(request)
    if client_queries.get_current_consent(actor.clinic_id, actor.client) is not None:
        raise NothingDue("Your consent is already signed.")
    signed = consents.record_consent(client=actor.client, by=actor, details=payload.details())
    detail = "Thank you: your consent is signed."
    return Status(201, {"received_at": signed.signed_at, "detail": detail})


@router.get(
    "/portal/intake",
    response=PortalIntakeOut,
    summary="The client's health form, as sent",
    url_name="portal-intake",
)
def intake(request: PortalRequest) -> dict[str, Any]:
    """Whether it may be filled in (before the first visit, until reviewed) and what was sent."""
    actor = _actor(request)
    latest = get_latest_intake(actor.clinic_id, actor.client)
    record_client_read(actor, "intake", latest)
    return {
        "may_fill_in": may_fill_in(actor.client.pk, actor.clinic_id),
        "sent_at": latest.recorded_at if latest else None,
        "document": client_document(latest.document) if latest else None,
    }


_INTAKE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": intake_document_schema()}},
        "description": "The intake document; only what a client fills in is kept.",
    }
}


@router.post(
    "/portal/intake",
    response={201: ReceivedOut},
    summary="Send the health form before the first visit (screened, then reviewed)",
    openapi_extra=_INTAKE_BODY,
    url_name="portal-send-intake",
)
def send_intake(request: PortalRequest) -> Status[dict[str, Any]]:
    """409 once the clinic has its own intake or has reviewed one; 422 names each field."""
    actor = _actor(request)
    if not may_fill_in(actor.client.pk, actor.clinic_id):
        raise NothingDue("Your health form is with your therapist already.")
    try:
        sent = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid("document", f"The body is not valid JSON: {error}") from None
    if not isinstance(sent, dict):
        raise invalid("document", "must be a JSON object")
    day = visit_day(actor)
    # The body is an intake document as the format says, checked whole (an unknown or wrong
    # field is refused, never dropped); then only what a client fills in is kept, as on the
    # portal's page, and the visit is the client's next appointment.
    check_intake({"visit_date": day, **sent}, clinic=actor.clinic, client=actor.client)
    document = client_document(sent)
    document["visit_date"] = day
    if errors := intake_errors(actor, document):
        raise InvalidInput(errors)
    received = submit_portal_intake(by=actor, document=document)
    detail = "Thank you: your therapist will go through it with you."
    return Status(201, {"received_at": received.recorded_at, "detail": detail})


# Documents -----------------------------------------------------------------------------------


@router.get(
    "/portal/documents",
    response=list[DocumentOut],
    summary="What the client can download",
    url_name="portal-list-documents",
)
def list_documents(request: PortalRequest) -> list[dict[str, str]]:
    """The handout, receipts, superbills and discharge summaries, each with its address."""
    found = documents.listing_of(_actor(request))
    listed = []
    if found.program is not None:
        url = reverse("api-v1:portal-handout")
        listed.append({"kind": "home_program", "title": "Home program", "url": url})
    for payment in found.payments:
        url = reverse("api-v1:portal-receipt", args=[payment.pk])
        title = f"Receipt, invoice {payment.invoice.number}"
        listed.append({"kind": "receipt", "title": title, "url": url})
    for invoice in found.invoices:
        url = reverse("api-v1:portal-superbill", args=[invoice.pk])
        title = f"Superbill, invoice {invoice.number}"
        listed.append({"kind": "superbill", "title": title, "url": url})
    for summary in found.discharges:
        url = reverse("api-v1:portal-discharge", args=[summary.plan_id])
        title = f"Discharge summary, plan version {summary.plan.version}"
        listed.append({"kind": "discharge_summary", "title": title, "url": url})
    return listed


_PDF: dict[str, Any] = {"responses": {200: {"content": {"application/pdf": {}}}}}


@router.get(
    "/portal/documents/home-program",
    url_name="portal-handout",
    summary="The home program as a PDF handout",
    openapi_extra=_PDF,
)
def handout(request: PortalRequest) -> HttpResponse:
    return documents.pdf_response(documents.handout_file(_actor(request)))


@router.get(
    "/portal/documents/receipts/{payment_id}",
    url_name="portal-receipt",
    summary="A receipt as PDF",
    openapi_extra=_PDF,
)
def receipt(request: PortalRequest, payment_id: int) -> HttpResponse:
    return documents.pdf_response(documents.receipt_file(_actor(request), payment_id))


@router.get(
    "/portal/documents/superbills/{invoice_id}",
    url_name="portal-superbill",
    summary="A superbill as PDF, to claim from an insurer",
    openapi_extra=_PDF,
)
def superbill(request: PortalRequest, invoice_id: int) -> HttpResponse:
    return documents.pdf_response(documents.superbill_file(_actor(request), invoice_id))


@router.get(
    "/portal/documents/discharges/{plan_id}",
    url_name="portal-discharge",
    summary="A discharge summary as PDF",
    openapi_extra=_PDF,
)
def discharge(request: PortalRequest, plan_id: int) -> HttpResponse:
    return documents.pdf_response(documents.discharge_file(_actor(request), plan_id))
