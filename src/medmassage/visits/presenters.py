"""A visit note as plain data, for the API and the pages alike."""

from __future__ import annotations

from typing import Any

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.clinical.vocabulary import REGIONS, TECHNIQUES, Pressure, Side
from medmassage.intake.presentation import DECISIONS, finding_views
from medmassage.visits import queries
from medmassage.visits.billing import visit_billing
from medmassage.visits.forms import NOTE_FIELDS
from medmassage.visits.models import (
    Adherence,
    Adjustment,
    AdverseKind,
    FeedbackKind,
    Severity,
    Visit,
)
from medmassage.words.vocabulary import departure, label, lower_label, place


def visit_summary(visit: Visit) -> dict[str, Any]:
    """A visit in a list."""
    return {
        "id": visit.pk,
        "status": visit.status,
        "decision": visit.decision,
        "started_at": visit.started_at,
        "signed_at": visit.signed_at,
        "therapist": visit.therapist.user.full_name,
    }


def visit_out(visit: Visit) -> dict[str, Any]:
    """The whole note: check-in, SOAP, treatment, feedback, overrides, billing and addenda."""
    treatments = list(queries.list_treatments(visit))
    events = queries.list_adverse_events(visit.clinic_id, visit.client).filter(visit=visit)
    return {
        **visit_summary(visit),
        **{name: getattr(visit, name) for name in _NOTE_ATTRIBUTES},
        "treatments": [_row(t, _TREATMENT_FIELDS) for t in treatments],
        "feedback": [_row(f, _FEEDBACK_FIELDS) for f in queries.list_feedback(visit)],
        "overrides": [
            {**o.departure, "message": departure(o.departure), "reason": o.reason}
            for o in queries.list_overrides(visit)
        ],
        "adverse_events": [_row(e, _ADVERSE_FIELDS) for e in events],
        "billing": visit.billing or visit_billing(treatments),
        "addenda": [
            {**_row(a, ("id", "created_at", "reason", "text")), "author": a.author.user.full_name}
            for a in queries.list_addenda(visit)
        ],
    }


_NOTE_ATTRIBUTES = (
    "client_id",
    "plan_id",
    "check_in",
    "screening",
    "referral",
    "pressure_cap",
    "pressure_cap_reason",
    "pain_today",
    "changes_since_last",
    "home_care_adherence",
    "objective",
    "assessment",
    "plan_notes",
)
_TREATMENT_FIELDS = ("technique", "region", "side", "minutes", "pressure", "cpt")
_FEEDBACK_FIELDS = ("sequence", "kind", "region", "adjustment", "note")
_ADVERSE_FIELDS = (
    "id",
    "kind",
    "severity",
    "description",
    "follow_up",
    "recorded_at",
    "reviewed_at",
    "review_note",
)


def _row(record: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: record.pk if name == "id" else getattr(record, name) for name in fields}


def note_context(request: ClinicRequest, visit: Visit, **extra: Any) -> dict[str, Any]:
    """What the note page shows: the note, choices for the form, and what the user may do."""
    note = visit_out(visit)
    posted = extra.pop("posted", None)
    membership = request.membership
    own = visit.therapist_id == membership.pk
    return {
        "visit": visit,
        "client": visit.client,
        "note": note,
        "can_edit": visit.is_draft and own and policy.allows(membership, "visits.document"),
        "can_sign": visit.is_draft and own and policy.allows(membership, "visits.sign"),
        "can_add": visit.status == "signed" and policy.allows(membership, "visits.document"),
        "choices": {
            "techniques": sorted(TECHNIQUES),
            "regions": list(REGIONS),
            "sides": [s.value for s in Side],
            "pressures": [p.value for p in Pressure],
            "adherence": Adherence.choices[1:],
            "feedback_kinds": FeedbackKind.choices,
            "adjustments": Adjustment.choices,
            "adverse_kinds": AdverseKind.choices,
            "severities": Severity.choices,
        },
        "pain_scale": range(11),
        **check_in_safety(visit),
        **_form_values(note, posted),
        **extra,
    }


def check_in_safety(visit: Visit) -> dict[str, Any]:
    """Today's check-in screening as the intake page shows a screening (the same banner,
    decision and findings), with what is new since the intake the plan was made from."""
    findings = finding_views({"findings": visit.screening.get("findings", [])})
    at_intake = {item["code"] for item in visit.plan.intake.screening.get("findings", [])}
    return {
        # The intake's screening template reads the decision from `intake.decision`.
        "check_in_screening": {"decision": visit.decision},
        "decision": DECISIONS[visit.decision],
        "findings": findings,
        "red_flags": [finding for finding in findings if finding.kind == "red_flag"],
        "new_findings": [finding for finding in findings if finding.code not in at_intake],
    }


def _form_values(note: dict[str, Any], posted: dict[str, Any] | None) -> dict[str, Any]:
    """The note form's values: what was posted when it was refused, else what is saved."""
    source = posted or note
    reasons = (
        posted["reasons"] if posted else {o["technique"]: o["reason"] for o in note["overrides"]}
    )
    rows = [{**row, "reason": reasons.get(row["technique"], "")} for row in source["treatments"]]
    fields = {name: source.get(name, note[name]) for name in NOTE_FIELDS}
    if fields["pain_today"] not in (None, ""):
        fields["pain_today"] = str(fields["pain_today"])
    return {"rows": rows, "values": fields}


def chart_summary(visit: Visit, overrides: int) -> str:
    """The last visit in a line for the chart: what was done, its safety overrides (counted by
    the caller) and adverse events."""
    if visit.status == "stopped":
        return f"Stopped at check-in ({lower_label('decision', visit.decision)}): no treatment."
    treatments = queries.list_treatments(visit)
    done = "; ".join(
        f"{label('technique', t.technique)} on {place(t).lower()}, {t.minutes} min"
        for t in treatments
    )
    parts = [f"Pain {visit.pain_today}/10" if visit.pain_today is not None else "", done]
    if overrides:
        parts.append(f"⚑ {overrides} safety override{'s' if overrides > 1 else ''}")
    events = queries.list_adverse_events(visit.clinic_id, visit.client)
    shown = events.filter(visit=visit) | events.filter(reviewed_at__isnull=True)
    parts += [
        f"⚠ adverse event: {lower_label('adverse_kind', e.kind)} "
        f"({lower_label('severity', e.severity)}){'' if e.reviewed_at else ', not yet reviewed'}"
        for e in shown
    ]
    return ". ".join(part for part in parts if part) or "No treatment recorded yet."
