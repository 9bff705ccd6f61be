"""The only writers of visit notes: check in, document, sign, correct. Each runs in one
transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from medmassage import course_figures
from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.clients.consents import require_current_consent
from medmassage.clients.models import Client
from medmassage.clinical.body import RegionRef
from medmassage.clinical.screening import Screening
from medmassage.clinical.vocabulary import Pressure
from medmassage.intake.models import Intake
from medmassage.intake.prompts import PromptsUnanswered, unanswered
from medmassage.outcomes.services import record_measurement
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.plans.services import practitioner_of
from medmassage.practitioners.status import require_active_licence
from medmassage.problems import FieldErrors, invalid
from medmassage.tenancy import clinic_scope
from medmassage.visits.billing import visit_billing
from medmassage.visits.check_in import CheckIn, screen_check_in
from medmassage.visits.errors import (
    AddendumNeedsSignedNote,
    AdverseEventReviewed,
    NotYourNote,
    PlanRequired,
    VisitLocked,
    VisitStopped,
)
from medmassage.visits.models import (
    Addendum,
    Adjustment,
    AdverseEvent,
    FeedbackEvent,
    SafetyOverride,
    TreatmentGiven,
    Visit,
    VisitStatus,
)
from medmassage.visits.note import NoteChanges, cpt_code, read_adverse_event, read_feedback
from medmassage.visits.safety import ADVERSE_EVENT_CAP, departures_needing_reasons, safe_pressure
from medmassage.visits.sealing import seal_addendum, seal_note

# Project policy (no published source decides this): an adverse event not yet reviewed lowers
# the next visit's pressure cap by one level.
ADDENDUM_REASON_CHARS = 300  # the column's length
ADDENDUM_TEXT_CHARS = 20_000  # project policy: a correction, not a second note
ADVERSE_EVENT_POLICY = (
    "Lowered one level: an adverse event is not yet reviewed (project policy, no published source)."
)


@transaction.atomic
def start_visit(
    *, client: Client, by: Actor, answers: object, visited_at: dt.datetime | None = None
) -> Visit:
    """Check in: re-screen the latest intake with today's answers; open the note or stop.

    `visited_at` enters a past visit as a late entry: the note carries the visit's real time
    and the time it was entered, both shown."""
    with clinic_scope(client.clinic_id):
        require_current_consent(client)
        require_active_licence(practitioner_of(by.membership), timezone.localdate())
        plan = _current_plan(client)
        visited_at = _checked_visit_time(visited_at, plan)
        intake = Intake.objects.filter(client=client).order_by("-version").first()
        if intake is None:
            raise PlanRequired("Record an intake and approve a plan before the first visit.")
        check_in = screen_check_in(
            clinic=client.clinic,
            client=client,
            intake_document=intake.document,
            answers=answers,
            today=timezone.localdate(visited_at) if visited_at else timezone.localdate(),
        )
        if waiting := unanswered(check_in.screening.to_json()):
            raise PromptsUnanswered(waiting, before="starting the visit")
        visit = _new_visit(client, plan, by, check_in)
        details: dict[str, Any] = {"decision": visit.decision, "plan": plan.version}
        if visited_at is not None:
            visit.started_at = visited_at
            visit.save(update_fields=["started_at"])
            details["late_entry_for"] = visited_at.isoformat()
        if visit.is_draft:
            _prefill(visit, last=_last_signed(client, before=visit))
        record_event(
            action="visits.visit.started" if visit.is_draft else "visits.visit.stopped",
            by=by,
            subject=visit,
            details=details,
        )
        return visit


def _checked_visit_time(visited_at: dt.datetime | None, plan: TreatmentPlan) -> dt.datetime | None:
    """A late entry's time: in the past, and not before the plan it is documented under."""
    if visited_at is None:
        return None
    if timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    if visited_at > timezone.now():
        raise invalid(
            "visited_at", "a late entry is for a visit that has happened: not a future time"
        )
    approved = timezone.localdate(plan.approved_at) if plan.approved_at else None
    if approved and timezone.localdate(visited_at) < approved:
        raise invalid("visited_at", f"is before the day the plan was approved ({approved})")
    return visited_at


def _last_signed(client: Client, *, before: Visit) -> Visit | None:
    return (
        Visit.objects.filter(
            client=client, status=VisitStatus.SIGNED, started_at__lte=before.started_at
        )
        .exclude(pk=before.pk)
        .order_by("-started_at", "-id")
        .first()
    )


def _current_plan(client: Client) -> TreatmentPlan:
    plan = (
        TreatmentPlan.objects.filter(client=client, status=PlanStatus.APPROVED)
        .order_by("-version")
        .first()
    )
    if plan is None:
        raise PlanRequired("Approve a treatment plan before documenting a visit.")
    return plan


def _new_visit(client: Client, plan: TreatmentPlan, by: Actor, check_in: CheckIn) -> Visit:
    stops = check_in.screening.decision.stops_treatment
    cap = today_pressure_cap(client, plan, check_in.screening)
    return Visit.objects.create(
        clinic_id=client.clinic_id,
        client=client,
        plan=plan,
        therapist=by.membership,
        status=VisitStatus.STOPPED if stops else VisitStatus.DRAFT,
        check_in=check_in.answers,
        check_in_document=check_in.document,
        screening=check_in.screening.to_json(),
        decision=check_in.screening.decision.value,
        referral=check_in.referral,
        pressure_cap=cap.pressure.value,
        pressure_cap_reason=cap.reason,
        pressure_cap_source=cap.source,
    )


@dataclass(frozen=True)
class TodayCap:
    """The pressure cap in force today, what sets it and why (empty: the plan's own cap)."""

    pressure: Pressure
    source: str = "plan"
    reason: str = ""


def today_pressure_cap(
    client: Client, plan: TreatmentPlan, screening: Screening | None = None
) -> TodayCap:
    """The lowest of: the plan's cap, every whole-body cap of today's check-in screening (the
    same findings its banner shows), and one level lower while an adverse event awaits review
    (policy)."""
    cap = TodayCap(plan.document.max_pressure or Pressure.DEEP)
    for finding in screening.findings if screening else ():
        limit = finding.max_pressure
        if finding.scope == "systemic" and limit is not None and limit.level < cap.pressure.level:
            cap = TodayCap(limit, finding.code, f"Today's check-in: {finding.action}"[:200])
    open_events = AdverseEvent.objects.for_clinic(client.clinic_id).filter(
        client=client, reviewed_at__isnull=True
    )
    if open_events.exists():
        lowered = list(Pressure)[max(cap.pressure.level - 1, 0)]
        cap = TodayCap(lowered, ADVERSE_EVENT_CAP, ADVERSE_EVENT_POLICY)
    return cap


def _prefill(visit: Visit, *, last: Visit | None) -> None:
    """The planned techniques on the regions of today's complaints, the technique's minutes
    shared out, each at the firmest pressure today's check-in allows; what the last visit
    taught is carried forward (pressure turned down on a region, an area avoided) with its
    Plan notes as a starting point. A technique ruled out today is left out."""
    complaints = [
        RegionRef.from_json({"region": c["region"], "side": c.get("side") or "both"})
        for c in visit.check_in_document.get("complaints", [])
        if c.get("region")
    ]
    today = {ref.region for ref in complaints}
    lessons = _lessons(last)
    rows = []
    for item in visit.plan.document.techniques:
        regions = [r for r in item.regions if r.region in today] or (
            list(item.regions) if not today else []
        )
        if not item.regions:  # a whole-body technique: on today's complaints
            regions = complaints[:1] or [RegionRef("upper_back")]
        regions = [r for r in regions if lessons.get(r.region) != Adjustment.AREA_AVOIDED]
        if not regions:
            continue
        share, extra = divmod(item.minutes, len(regions))
        for index, region in enumerate(regions):
            planned = item.max_pressure
            if lessons.get(region.region) == Adjustment.PRESSURE_DOWN:
                planned = list(Pressure)[max(planned.level - 1, 0)]
            row = {
                "technique": item.technique,
                "region": region.region,
                "side": region.side.value,
                "minutes": max(share + (extra if index == 0 else 0), 1),
                "pressure": planned.value,
            }
            pressure = safe_pressure(visit, row)
            if pressure is not None:
                rows.append({**row, "pressure": pressure})
    _replace_treatments(visit, tuple(rows))
    if last is not None and last.plan_notes:
        visit.plan_notes = last.plan_notes
        visit.save(update_fields=["plan_notes"])


def _lessons(last: Visit | None) -> dict[str, str]:
    """What the last visit changed, by region: its latest adjustment there."""
    if last is None:
        return {}
    taught = (Adjustment.PRESSURE_DOWN, Adjustment.PRESSURE_UP, Adjustment.AREA_AVOIDED)
    feedback = FeedbackEvent.objects.filter(visit=last, adjustment__in=taught).exclude(region="")
    return {event.region: event.adjustment for event in feedback.order_by("sequence")}


def _cpt(technique: str) -> str:
    return cpt_code(technique)


def locked_draft(visit: Visit, by: Actor) -> Visit:
    """The visit row held for this change; refuses signed or stopped notes and other authors."""
    visit = (
        Visit.objects.for_clinic(visit.clinic_id).select_for_update(no_key=True).get(pk=visit.pk)
    )
    if visit.status == VisitStatus.SIGNED:
        raise VisitLocked("This note is signed and cannot change: add an addendum instead.")
    if visit.status == VisitStatus.STOPPED:
        raise VisitStopped("Today's check-in stopped treatment: this visit cannot be documented.")
    if visit.therapist_id != by.membership.pk:
        raise NotYourNote("Only the therapist who saw the client documents this note.")
    require_active_licence(practitioner_of(by.membership), timezone.localdate())
    return visit


def next_sequence(model: Any, visit: Visit, field: str) -> int:
    """The next number in a visit's ordered rows."""
    latest = model.objects.filter(visit=visit).aggregate(latest=Max(field))["latest"]
    return (latest or 0) + 1


@transaction.atomic
def save_note(*, visit: Visit, by: Actor, changes: NoteChanges) -> Visit:
    """Save the draft note; treatment against a finding or cap needs a reason, or is refused."""
    with clinic_scope(visit.clinic_id):
        visit = locked_draft(visit, by)
        for name, value in changes.fields.items():
            setattr(visit, name, value)
        visit.save(update_fields=[*changes.fields])
        if changes.treatments is not None:
            departures = departures_needing_reasons(
                visit, changes.treatments, reasons=changes.reasons
            )
            _replace_treatments(visit, changes.treatments)
            _replace_overrides(visit, departures, changes.reasons)
        details = {"fields": sorted(changes.fields), "treatments": changes.treatments is not None}
        record_event(action="visits.visit.note_saved", by=by, subject=visit, details=details)
        return visit


def _replace_treatments(visit: Visit, treatments: tuple[dict[str, Any], ...]) -> None:
    TreatmentGiven.objects.filter(visit=visit).delete()
    TreatmentGiven.objects.bulk_create(
        TreatmentGiven(
            clinic_id=visit.clinic_id,
            visit=visit,
            position=position,
            cpt=_cpt(row["technique"]),
            **{k: row[k] for k in ("technique", "region", "side", "minutes", "pressure")},
        )
        for position, row in enumerate(treatments, start=1)
    )


def _replace_overrides(
    visit: Visit, departures: list[dict[str, Any]], reasons: dict[str, str]
) -> None:
    SafetyOverride.objects.filter(visit=visit).delete()
    SafetyOverride.objects.bulk_create(
        SafetyOverride(
            clinic_id=visit.clinic_id,
            visit=visit,
            kind=departure["kind"],
            technique=departure["technique"],
            finding=departure["finding"],
            departure=departure,
            reason=reasons[departure["technique"]].strip(),
        )
        for departure in departures
    )


@transaction.atomic
def add_feedback(*, visit: Visit, by: Actor, feedback: dict[str, str]) -> FeedbackEvent:
    """Note what the client reported during the session and what was changed, in order."""
    with clinic_scope(visit.clinic_id):
        visit = locked_draft(visit, by)
        event = FeedbackEvent(
            clinic_id=visit.clinic_id,
            visit=visit,
            sequence=next_sequence(FeedbackEvent, visit, "sequence"),
            **read_feedback(feedback),
        )
        event.save()
        details = {"kind": event.kind, "adjustment": event.adjustment, "sequence": event.sequence}
        record_event(action="visits.visit.feedback_added", by=by, subject=visit, details=details)
        return event


@transaction.atomic
def sign_visit(*, visit: Visit, by: Actor) -> Visit:
    """Sign the note: it is locked from now on; today's NPRS joins the client's measures."""
    with clinic_scope(visit.clinic_id):
        visit = locked_draft(visit, by)
        treatments = list(TreatmentGiven.objects.filter(visit=visit))
        errors = FieldErrors()
        if visit.pain_today is None:
            errors.add("pain_today", "record today's pain (0-10) before signing")
        if not treatments:
            errors.add("treatments", "record the treatment given before signing")
        errors.raise_any()
        _recheck(visit, treatments)
        visit.pain_measurement = record_measurement(
            client=visit.client,
            by=by,
            instrument="nprs",
            answers=[visit.pain_today],
            context="visit",
        )
        visit.billing = visit_billing(treatments)
        visit.status = VisitStatus.SIGNED
        visit.signed_at = timezone.now()
        visit.signed_by = by.membership
        visit.save(
            update_fields=["pain_measurement", "billing", "status", "signed_at", "signed_by"]
        )
        seal_note(visit)
        details = {"units": visit.billing["total_units"]}
        record_event(action="visits.visit.signed", by=by, subject=visit, details=details)
        course_figures.changed(clinic_id=visit.clinic_id, client_id=visit.client_id)
        return visit


def _recheck(visit: Visit, treatments: list[TreatmentGiven]) -> None:
    # Re-checked at signing: every row must still satisfy the rules with its recorded reasons.
    fields = ("technique", "region", "side", "minutes", "pressure")
    rows = [{name: getattr(t, name) for name in fields} for t in treatments]
    reasons = {o.technique: o.reason for o in SafetyOverride.objects.filter(visit=visit)}
    departures_needing_reasons(visit, rows, reasons=reasons)


@transaction.atomic
def add_addendum(*, visit: Visit, by: Actor, reason: str, text: str) -> Addendum:
    """Correct or add to a signed note; the original stays as it was signed."""
    with clinic_scope(visit.clinic_id):
        if visit.status != VisitStatus.SIGNED:
            raise AddendumNeedsSignedNote("Edit the draft itself; addenda are for signed notes.")
        require_active_licence(practitioner_of(by.membership), timezone.localdate())
        errors = FieldErrors()
        for name, value in (("reason", reason), ("text", text)):
            if not (value or "").strip():
                errors.add(name, "is required")
        # Refused with a message, never cut short in silence.
        errors.check_text("reason", (reason or "").strip(), ADDENDUM_REASON_CHARS)
        errors.check_text("text", (text or "").strip(), ADDENDUM_TEXT_CHARS)
        errors.raise_any()
        addendum = Addendum.objects.create(
            clinic_id=visit.clinic_id,
            visit=visit,
            author=by.membership,
            reason=reason.strip(),
            text=text.strip(),
        )
        seal_addendum(addendum)
        record_event(
            action="visits.visit.addendum_added",
            by=by,
            subject=visit,
            details={"addendum": addendum.pk},
        )
        return addendum


@transaction.atomic
def record_adverse_event(*, visit: Visit, by: Actor, event: dict[str, str]) -> AdverseEvent:
    """Record an adverse event after a visit; it lowers the next visit's cap until reviewed."""
    with clinic_scope(visit.clinic_id):
        if visit.status == VisitStatus.STOPPED:
            raise VisitStopped("No treatment was given at this visit.")
        adverse = AdverseEvent.objects.create(
            clinic_id=visit.clinic_id,
            visit=visit,
            client_id=visit.client_id,
            recorded_by=by.membership,
            **read_adverse_event(event),
        )
        details = {"kind": adverse.kind, "severity": adverse.severity}
        record_event(action="visits.adverse_event.recorded", by=by, subject=visit, details=details)
        course_figures.changed(clinic_id=visit.clinic_id, client_id=visit.client_id)
        return adverse


@transaction.atomic
def review_adverse_event(*, event: AdverseEvent, by: Actor, note: str) -> AdverseEvent:
    """Review an adverse event deliberately, with a note of what was found and decided: only
    then do later visits get the plan's own cap again."""
    with clinic_scope(event.clinic_id):
        event = AdverseEvent.objects.select_for_update(no_key=True).get(pk=event.pk)
        if event.reviewed_at is not None:
            raise AdverseEventReviewed("This adverse event is already reviewed.")
        errors = FieldErrors()
        if not (note or "").strip():
            errors.add(
                "note",
                "say what the review found and decided (e.g. bruise gone, "
                "client well, back to the plan's pressure)",
            )
        errors.check_text("note", note, 2000)
        errors.raise_any()
        event.reviewed_at = timezone.now()
        event.reviewed_by = by.membership
        event.review_note = note.strip()
        event.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
        visit = Visit.objects.get(pk=event.visit_id)
        record_event(
            action="visits.adverse_event.reviewed",
            by=by,
            subject=visit,
            details={"event": event.pk, "kind": event.kind},
        )
        return event
