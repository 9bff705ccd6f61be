"""Home programs: first version from the approved plan, changes as new versions, named errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from medmassage.audit.models import AuditEvent
from medmassage.homecare import queries
from medmassage.homecare.errors import ApprovedPlanRequired
from medmassage.homecare.models import HomeProgram
from medmassage.homecare.services import (
    ProgramChanges,
    _blocked_by_plan,
    start_home_program,
    update_home_program,
)
from medmassage.plans.models import TreatmentPlan
from tests.builders import Ready, actor


def ids(program: HomeProgram) -> list[str]:
    return [item["id"] for item in program.items]


def test_the_first_version_is_the_approved_plans_home_care(
    ready: Ready, plan: TreatmentPlan
) -> None:
    program = start_home_program(client=ready.client, by=actor(ready.therapist))

    assert program.version == 1
    assert program.plan == plan
    assert program.items == plan.content["home_care"]
    assert AuditEvent.objects.filter(action="homecare.program.started").count() == 1


def test_starting_twice_keeps_the_one_program(ready: Ready, plan: TreatmentPlan) -> None:
    first = start_home_program(client=ready.client, by=actor(ready.therapist))

    assert start_home_program(client=ready.client, by=actor(ready.therapist)) == first


def test_without_an_approved_plan_there_is_no_program(ready: Ready) -> None:
    with pytest.raises(ApprovedPlanRequired, match="Approve a treatment plan"):
        start_home_program(client=ready.client, by=actor(ready.therapist))


def test_changes_make_new_versions_and_keep_the_history(ready: Ready, plan: TreatmentPlan) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))

    added = update_home_program(
        client=ready.client,
        by=actor(ready.therapist),
        changes=ProgramChanges(add=["doorway_chest_stretch"], reason="Rounded shoulders"),
    )
    dropped = update_home_program(
        client=ready.client,
        by=actor(ready.therapist),
        changes=ProgramChanges(drop=["chin_tuck"], doses={"workstation_breaks": "every hour"}),
    )

    assert (added.version, dropped.version) == (2, 3)
    assert ids(added)[-1] == "doorway_chest_stretch"
    assert added.items[-1]["instructions"].startswith("Place your forearms")
    assert "chin_tuck" not in ids(dropped)
    doses = {item["id"]: item["dose"] for item in dropped.items}
    assert doses["workstation_breaks"] == "every hour"
    history = list(queries.list_program_versions(ready.cast.clinic, ready.client))
    assert [p.version for p in history] == [3, 2, 1]
    assert history[-1].items == plan.content["home_care"]
    assert history[1].reason == "Rounded shoulders"
    assert queries.get_current_program(ready.cast.clinic, ready.client) == dropped
    assert AuditEvent.objects.filter(action="homecare.program.changed").count() == 2


def test_the_first_change_starts_the_program_from_the_plan(
    ready: Ready, plan: TreatmentPlan
) -> None:
    program = update_home_program(
        client=ready.client,
        by=actor(ready.therapist),
        changes=ProgramChanges(drop=["temple_self_massage"]),
    )

    assert program.version == 2
    assert "temple_self_massage" not in ids(program)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (ProgramChanges(add=["handstand"]), "add", "handstand: no such exercise"),
        (ProgramChanges(add=["chin_tuck"]), "add", "Chin tuck: already in the program"),
        (ProgramChanges(drop=["knee_to_chest"]), "drop", "knee_to_chest: not in the program"),
        (ProgramChanges(doses={"chin_tuck": "  "}), "doses", "Chin tuck: give the dose"),
        (ProgramChanges(doses={"chin_tuck": "x" * 201}), "doses", "at most 200"),
        (ProgramChanges(doses={"knee_to_chest": "daily"}), "doses", "not in the program"),
    ],
)
def test_bad_changes_name_the_field_and_save_nothing(
    ready: Ready, plan: TreatmentPlan, changes: ProgramChanges, field: str, message: str
) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))

    with pytest.raises(ValidationError) as raised:
        update_home_program(client=ready.client, by=actor(ready.therapist), changes=changes)

    assert message in " ".join(raised.value.message_dict[field])
    assert HomeProgram.objects.for_clinic(ready.cast.clinic).count() == 1


def test_an_exercise_whose_technique_the_plan_excludes_is_refused() -> None:
    excluded = {"technique": "stretching", "regions": [{"region": "neck"}], "reason": "precaution"}
    plan = TreatmentPlan(content={"decision": "modify", "excluded": [excluded]})

    assert "excludes stretching" in (_blocked_by_plan("chin_tuck", plan) or "")
    assert _blocked_by_plan("workstation_breaks", plan) is None
    assert _blocked_by_plan("knee_to_chest", plan) is None


def test_the_database_keeps_every_version(ready: Ready, plan: TreatmentPlan) -> None:
    program = start_home_program(client=ready.client, by=actor(ready.therapist))
    rows = HomeProgram.unscoped_objects.filter(pk=program.pk)

    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(items=[])
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()
    assert rows.get().items == plan.content["home_care"]
