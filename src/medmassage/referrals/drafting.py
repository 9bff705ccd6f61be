"""A referral letter drafted from the record: who, why, the findings with their urgency, the
question, what the therapist has and has not done, and what the client was told today."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.screening import Finding, screen
from medmassage.clinical.vocabulary import Decision
from medmassage.intake.models import Intake
from medmassage.words.vocabulary import label, places

URGENCY_OF = {
    Decision.REFER_EMERGENCY: "emergency",
    Decision.REFER_URGENT: "urgent",
    Decision.CLEARANCE: "routine",
}
_RANK = {"routine": 0, "urgent": 1, "emergency": 2}
QUESTIONS = {
    "routine": "Is massage therapy safe for this client now? If so, please say any limits "
    "(pressure, regions or techniques to avoid) and for how long they hold.",
    "urgent": "Please assess the findings below. When the client may return to massage "
    "therapy, please say whether it is safe and with which limits.",
    "emergency": "Please assess the findings below as an emergency. When the client may "
    "return to massage therapy, please say whether it is safe and with which limits.",
}
TOLD_TODAY = {
    "emergency": "Told to go to the emergency department now (or call emergency services), "
    "not to drive themselves, and not to have massage until assessed.",
    "urgent": "Told to see a physician today (same day), and not to have massage until assessed.",
}
NOT_DONE = (
    "No massage was given after these findings. No diagnosis was made: that is outside the "
    "scope of massage therapy."
)


@dataclass(frozen=True)
class Draft:
    urgency: str
    decision: str
    findings: list[dict[str, Any]]
    reason: str
    refer_to: str
    question: str
    done: str
    not_done: str
    client_told: str


def draft_from_intake(intake: Intake | None) -> Draft:
    """The letter's content from the latest intake's screening (re-run to know whom to ask)."""
    if intake is None:
        return Draft("routine", "", [], "", "", QUESTIONS["routine"], "", "", "")
    screening = screen(parse_intake(intake.document))
    chosen = [f for f in screening.findings if f.decision in URGENCY_OF] or [
        f for f in screening.findings if f.kind in {"red_flag", "contraindication"}
    ]
    urgency = max(
        (URGENCY_OF.get(f.decision, "routine") for f in chosen),
        key=_RANK.__getitem__,
        default="routine",
    )
    refer_to = next((f.refer_to for f in chosen if f.refer_to), "")
    done = f"Took the client's history and screened it for red flags on {intake.visit_date}."
    return Draft(
        urgency=urgency,
        decision=screening.decision.value,
        findings=[_finding(f) for f in chosen],
        reason="; ".join(f.action for f in chosen),
        refer_to=refer_to or "",
        question=QUESTIONS[urgency],
        done=done,
        not_done=NOT_DONE if chosen else "",
        client_told=TOLD_TODAY.get(urgency, ""),
    )


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "kind": finding.kind,
        "kind_label": label("finding_kind", finding.kind),
        "decision": finding.decision.value,
        "urgency": URGENCY_OF.get(finding.decision, "routine"),
        "action": finding.action,
        "rationale": finding.rationale,
        "regions": places(ref.to_json() for ref in finding.regions) if finding.regions else "",
        "sources": list(finding.sources),
    }
