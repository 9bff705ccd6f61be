"""The only writers of home programs: start one from the approved plan, change it by versions.

Each change is a new version (the history is kept whole), written in one transaction with its
audit event. Exercises come from the core's library (knowledge base); the dose is free text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.clinical.knowledge import knowledge
from medmassage.homecare.errors import ApprovedPlanRequired
from medmassage.homecare.models import HomeProgram
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.problems import FieldErrors
from medmassage.tenancy import clinic_scope
from medmassage.words.vocabulary import label

MAX_DOSE_CHARS = 200
MAX_REASON_CHARS = 1000


@dataclass(frozen=True, kw_only=True)
class ProgramChanges:
    """Exercise ids to add (from the library) and drop, and new dose text per exercise id."""

    add: Sequence[str] = ()
    drop: Sequence[str] = ()
    doses: Mapping[str, str] = field(default_factory=dict)
    reason: str = ""

    @property
    def empty(self) -> bool:
        return not (self.add or self.drop or self.doses)


@transaction.atomic
def start_home_program(*, client: Client, by: Actor) -> HomeProgram:
    """The current program, or its first version made from the approved plan's home care."""
    with clinic_scope(client.clinic_id):
        return _current_or_first(client=client, by=by)


@transaction.atomic
def update_home_program(*, client: Client, by: Actor, changes: ProgramChanges) -> HomeProgram:
    """Add or drop library exercises and change doses: a new version; errors name the field."""
    with clinic_scope(client.clinic_id):
        current = _current_or_first(client=client, by=by)
        if changes.empty:
            return current
        plan = _approved_plan(client)
        items = _changed_items(current.items, changes, plan)
        program = _new_version(client, plan, items=items, by=by, reason=changes.reason)
        _audit("homecare.program.changed", program, by=by, details=_summary(changes))
        return program


def _current_or_first(*, client: Client, by: Actor) -> HomeProgram:
    # The client's row is locked for the transaction, so that two edits at once (two tabs)
    # cannot both make the same next version: they run one after the other.
    Client.objects.for_clinic(client.clinic_id).select_for_update(no_key=True).filter(
        pk=client.pk
    ).exists()
    versions = HomeProgram.objects.for_clinic(client.clinic_id).filter(client=client)
    current = versions.order_by("-version").first()
    if current is not None:
        return current
    plan = _approved_plan(client)
    items = [item.to_json() for item in plan.document.home_care]
    program = _new_version(client, plan, items=items, by=by, reason="Started from the plan.")
    _audit("homecare.program.started", program, by=by, details={"plan": plan.version})
    return program


def _approved_plan(client: Client) -> TreatmentPlan:
    plan = (
        TreatmentPlan.objects.for_clinic(client.clinic_id)
        .filter(client=client, status=PlanStatus.APPROVED)
        .order_by("-version")
        .first()
    )
    if plan is None:
        raise ApprovedPlanRequired("Approve a treatment plan first: the home program starts there.")
    return plan


def _item(entry: Mapping[str, Any]) -> dict[str, str]:
    return {key: str(entry.get(key, "")) for key in ("id", "name", "instructions", "dose")}


def _changed_items(
    items: list[dict[str, str]], changes: ProgramChanges, plan: TreatmentPlan
) -> list[dict[str, str]]:
    errors = FieldErrors()
    present = [item["id"] for item in items]
    library = knowledge().exercises
    for exercise_id in changes.add:
        if exercise_id not in library:
            errors.add("add", f"{exercise_id}: no such exercise in the library")
        elif exercise_id in present:
            errors.add("add", f"{label('exercise', exercise_id)}: already in the program")
        elif blocked := _blocked_by_plan(exercise_id, plan):
            errors.add("add", f"{exercise_id}: {blocked}")
    errors.add("drop", *(f"{i}: not in the program" for i in changes.drop if i not in present))
    kept = [i for i in present if i not in changes.drop] + list(changes.add)
    errors.add("doses", *_dose_errors(kept, changes.doses))
    if len(changes.reason) > MAX_REASON_CHARS:
        errors.add("reason", f"at most {MAX_REASON_CHARS} characters")
    errors.raise_any()
    result = [item for item in items if item["id"] not in changes.drop]
    result += [_item(_library_item(library[exercise_id])) for exercise_id in changes.add]
    return [
        {**item, "dose": changes.doses.get(item["id"], item["dose"]).strip()} for item in result
    ]


def _library_item(exercise: Any) -> dict[str, str]:
    """A library exercise as a program item."""
    return {
        "id": exercise.id,
        "name": exercise.name,
        "instructions": exercise.instructions,
        "dose": exercise.dose,
    }


def _blocked_by_plan(exercise_id: str, plan: TreatmentPlan) -> str | None:
    # The same rule the core applies when it drafts home care: an exercise whose technique the
    # plan excludes at one of its regions (or the whole body) is not offered.
    exercise = knowledge().exercises[exercise_id]
    if not exercise.blocked_by:
        return None
    for excluded in plan.document.excluded:
        if excluded.technique != exercise.blocked_by:
            continue
        regions = {ref.region for ref in excluded.regions}
        if not regions or regions & set(exercise.regions):
            return f"the plan excludes {exercise.blocked_by} here ({excluded.reason})"
    return None


def _dose_errors(kept: list[str], doses: Mapping[str, str]) -> list[str]:
    problems = []
    for exercise_id, dose in doses.items():
        if exercise_id not in kept:
            problems.append(f"{label('exercise', exercise_id)}: not in the program")
        elif not isinstance(dose, str) or not dose.strip():
            problems.append(
                f"{label('exercise', exercise_id)}: give the dose (e.g. hold 30 s, 3 times a day)"
            )
        elif len(dose) > MAX_DOSE_CHARS:
            problems.append(
                f"{label('exercise', exercise_id)}: at most {MAX_DOSE_CHARS} characters"
            )
    return problems


def _new_version(
    client: Client,
    plan: TreatmentPlan,
    *,
    items: list[dict[str, str]],
    by: Actor,
    reason: str,
) -> HomeProgram:
    latest = (
        HomeProgram.objects.for_clinic(client.clinic_id)
        .filter(client=client)
        .aggregate(latest=Max("version"))["latest"]
    )
    return HomeProgram.objects.create(
        clinic_id=client.clinic_id,
        client=client,
        plan=plan,
        version=(latest or 0) + 1,
        items=items,
        changed_by=by.membership,
        reason=reason.strip(),
    )


def _summary(changes: ProgramChanges) -> dict[str, Any]:
    return {"added": list(changes.add), "dropped": list(changes.drop), "doses": list(changes.doses)}


def _audit(action: str, program: HomeProgram, *, by: Actor, details: dict[str, Any]) -> None:
    # Every event of a program names the version it made.
    record_event(
        action=action, by=by, subject=program, details={"version": program.version, **details}
    )
