"""The visit note fits the visit: today's complaints only, what the last visit taught carried
forward, and a past visit entered late with its real date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.clinical.vocabulary import Pressure
from medmassage.visits import services
from medmassage.visits.models import TreatmentGiven, Visit
from tests.builders import actor, events
from tests.cast import logged_in
from tests.visits.conftest import Course, save, start


def rows(visit: Visit) -> list[TreatmentGiven]:
    return list(TreatmentGiven.objects.for_clinic(visit.clinic_id).filter(visit=visit))


def test_what_the_last_visit_taught_is_carried_forward(course: Course) -> None:
    by = actor(course.ready.therapist)
    first = start(course)
    planned = {(r.technique, r.region): r.pressure for r in rows(first)}
    save(course, first, {"pain_today": 5, "plan_notes": "Lighter on the neck; add heat"})
    services.add_feedback(
        visit=first,
        by=by,
        feedback={"kind": "discomfort", "region": "neck", "adjustment": "pressure_down"},
    )
    services.sign_visit(visit=first, by=by)

    second = start(course)

    assert second.plan_notes == "Lighter on the neck; add heat"
    for given in rows(second):
        if given.region == "neck":
            before = Pressure(planned[(given.technique, given.region)])
            assert Pressure(given.pressure).level == max(before.level - 1, 0)


def test_an_avoided_area_is_left_out_next_time(course: Course) -> None:
    by = actor(course.ready.therapist)
    first = start(course)
    save(course, first, {"pain_today": 5})
    services.add_feedback(
        visit=first,
        by=by,
        feedback={"kind": "discomfort", "region": "neck", "adjustment": "area_avoided"},
    )
    services.sign_visit(visit=first, by=by)

    assert not [r for r in rows(start(course)) if r.region == "neck"]


def test_a_past_visit_is_entered_late_with_both_times(course: Course) -> None:
    visited = timezone.now() - timedelta(minutes=45)
    local = timezone.localtime(visited)
    if local.date() != timezone.localdate():
        pytest.skip("the plan was approved today: a late entry needs a time earlier today")
    therapist = logged_in(course.ready.cast.therapist)

    response = therapist.post(
        f"/visits/clients/{course.ready.client.pk}/check-in/",
        {"visited_on": f"{local:%Y-%m-%d}", "visited_time": f"{local:%H:%M}"},
    )

    visit = Visit.objects.for_clinic(course.ready.cast.clinic).get()
    assert response.status_code == 302
    assert visit.is_late_entry
    assert abs(visit.started_at - visited) < timedelta(minutes=1)
    assert timezone.now() - visit.entered_at < timedelta(minutes=1)
    page = therapist.get(f"/visits/{visit.pk}/").content.decode()
    assert "Late entry: visit on" in page
    assert f"entered {timezone.localtime(visit.entered_at):%Y-%m-%d %H:%M}" in page
    assert events("visits.visit.started")[0].details["late_entry_for"]


def test_a_late_entry_cannot_be_in_the_future_or_before_the_plan(course: Course) -> None:
    by = actor(course.ready.therapist)
    for when in (timezone.now() + timedelta(days=1), course.plan.approved_at - timedelta(days=2)):
        with pytest.raises(ValidationError) as refused:
            services.start_visit(client=course.ready.client, by=by, answers={}, visited_at=when)
        assert "visited_at" in refused.value.message_dict
