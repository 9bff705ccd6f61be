"""What a progress report says, gathered from the record when it is drafted: each measure's
baseline and latest score with the clinically important change judged (outcomes.progress),
attendance, home-program adherence, what was done, adverse events and the plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import timezone

from medmassage.clients.models import Client
from medmassage.discharges.services import first_and_last
from medmassage.outcomes.progress import get_progress
from medmassage.plans.queries import get_current_plan
from medmassage.visits.models import AdverseEvent, TreatmentGiven, Visit, VisitStatus
from medmassage.words.vocabulary import label, places

Json = dict[str, Any]


def gather_facts(client: Client) -> Json:
    """The record's facts for a report, as plain JSON (kept with the report)."""
    clinic = client.clinic_id
    visits = list(
        Visit.objects.for_clinic(clinic).filter(client=client).order_by("started_at", "pk")
    )
    signed = [v for v in visits if v.status == VisitStatus.SIGNED]
    today = timezone.localdate()
    start = signed[0].started_at.date() if signed else today
    measures = [first_and_last(measure) for measure in get_progress(clinic, client)]
    return {
        "period": {"start": start.isoformat(), "end": today.isoformat()},
        "measures": measures,
        "attendance": _attendance(client, visits, signed),
        "adherence": _adherence(signed),
        "treatments": _treatments(clinic, signed),
        "adverse_events": _adverse_events(clinic, client),
        "plan": _plan(client),
        "worse": [m["name"] for m in measures if m["direction"] == "worse"],
    }


def _attendance(client: Client, visits: list[Visit], signed: list[Visit]) -> Json:
    plan = get_current_plan(client.clinic_id, client)
    planned = plan.document.planned_sessions if plan is not None else None
    return {
        "visits": len(signed),
        "stopped_at_check_in": sum(1 for v in visits if v.status == VisitStatus.STOPPED),
        "planned": planned,
    }


def _adherence(signed: list[Visit]) -> list[Json]:
    counts = Counter(v.home_care_adherence for v in signed if v.home_care_adherence)
    return [
        {"answer": label("adherence", answer), "visits": count}
        for answer, count in sorted(counts.items())
    ]


def _treatments(clinic: int, signed: list[Visit]) -> list[Json]:
    given = TreatmentGiven.objects.for_clinic(clinic).filter(visit__in=signed)
    visits: dict[str, set[int]] = {}
    minutes: Counter[str] = Counter()
    regions: dict[str, set[str]] = {}
    for row in given:
        visits.setdefault(row.technique, set()).add(row.visit_id)
        minutes[row.technique] += row.minutes
        regions.setdefault(row.technique, set()).add(row.region)
    return [
        {
            "technique": label("technique", technique),
            "visits": len(visits[technique]),
            "minutes": minutes[technique],
            "regions": places({"region": r} for r in sorted(regions[technique])),
        }
        for technique in sorted(visits)
    ]


def _adverse_events(clinic: int, client: Client) -> list[Json]:
    events = AdverseEvent.objects.for_clinic(clinic).filter(client=client).order_by("recorded_at")
    return [
        {
            "on": event.recorded_at.date().isoformat(),
            "kind": label("adverse_kind", event.kind),
            "severity": label("severity", event.severity),
        }
        for event in events
    ]


def _plan(client: Client) -> Json | None:
    plan = get_current_plan(client.clinic_id, client)
    if plan is None:
        return None
    document = plan.document
    return {
        "version": plan.version,
        "goals": list(document.goals),
        "techniques": [label("technique", t.technique) for t in document.techniques],
        "max_pressure": label("pressure", document.max_pressure) if document.max_pressure else "",
        "sessions_per_week": document.sessions_per_week,
        "weeks": document.weeks,
    }


def default_recommendation(facts: Json) -> str:
    """Refer on when a measure got clinically worse; else continue (the therapist decides)."""
    return "refer" if facts.get("worse") else "continue"


def period_of(facts: Json) -> tuple[dt.date, dt.date]:
    period = facts["period"]
    return dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
