"""A signed note cannot change by any path: the database refuses raw SQL as well."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from medmassage.visits import services
from medmassage.visits.models import Addendum, TreatmentGiven, Visit
from tests.builders import actor
from tests.visits.conftest import Course, save, signed_visit, start

VISIT_CHANGES = [
    "UPDATE visits_visit SET assessment = 'rewritten' WHERE id = %s",
    "UPDATE visits_visit SET status = 'draft' WHERE id = %s",
    "UPDATE visits_visit SET pain_today = 0 WHERE id = %s",
    "DELETE FROM visits_visit WHERE id = %s",
]
PART_CHANGES = [
    "UPDATE visits_treatmentgiven SET minutes = 60 WHERE visit_id = %s",
    "DELETE FROM visits_treatmentgiven WHERE visit_id = %s",
    "UPDATE visits_feedbackevent SET note = 'x' WHERE visit_id = %s",
    "DELETE FROM visits_feedbackevent WHERE visit_id = %s",
]


def refused(sql: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


@pytest.fixture
def signed(course: Course) -> Visit:
    visit = start(course)
    services.add_feedback(
        visit=visit,
        by=actor(course.ready.therapist),
        feedback={"kind": "discomfort", "region": "neck", "adjustment": "pressure_down"},
    )
    save(course, visit, {"pain_today": 5})
    return services.sign_visit(visit=visit, by=actor(course.ready.therapist))


@pytest.mark.parametrize("sql", VISIT_CHANGES)
def test_raw_sql_cannot_change_a_signed_visit(signed: Visit, sql: str) -> None:
    assert refused(sql, [signed.pk]), connection.vendor
    assert Visit.objects.for_clinic(signed.clinic_id).get(pk=signed.pk).status == "signed"


@pytest.mark.parametrize("sql", PART_CHANGES)
def test_raw_sql_cannot_change_the_rows_of_a_signed_note(signed: Visit, sql: str) -> None:
    assert refused(sql, [signed.pk]), connection.vendor


def test_raw_sql_cannot_add_treatment_to_a_signed_note(signed: Visit) -> None:
    sql = (
        "INSERT INTO visits_treatmentgiven (clinic_id, visit_id, position, technique, region, "
        "side, minutes, pressure, cpt) VALUES (%s, %s, 99, 'swedish', 'neck', 'both', 30, "
        "'deep', '97124')"
    )
    assert refused(sql, [signed.clinic_id, signed.pk])


def test_the_orm_cannot_change_a_signed_note_either(signed: Visit) -> None:
    signed.assessment = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        signed.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        TreatmentGiven.objects.for_clinic(signed.clinic_id).filter(visit=signed).update(minutes=1)


def test_drafts_stay_editable_and_addenda_are_append_only(course: Course) -> None:
    draft = start(course)
    assert not refused("UPDATE visits_visit SET objective = 'ok' WHERE id = %s", [draft.pk])
    assert not refused("DELETE FROM visits_treatmentgiven WHERE visit_id = %s", [draft.pk])
    visit = signed_visit(course)
    addendum = services.add_addendum(
        visit=visit, by=actor(course.ready.therapist), reason="Correction", text="Left, not right"
    )
    assert refused("UPDATE visits_addendum SET text = 'x' WHERE id = %s", [addendum.pk])
    assert refused("DELETE FROM visits_addendum WHERE id = %s", [addendum.pk])
    assert Addendum.objects.for_clinic(visit.clinic_id).get(pk=addendum.pk).text == (
        "Left, not right"
    )
