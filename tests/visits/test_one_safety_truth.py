"""One safety truth: the check-in re-screens with the intake's core, and the visit page, its
pressure cap and its red-flag banner all follow from that one result."""

from __future__ import annotations

import re

import pytest

from medmassage.clinical.vocabulary import Pressure
from medmassage.intake.services import record_intake
from medmassage.tenancy import clinic_scope
from medmassage.visits import services
from medmassage.visits.errors import ReasonRequired
from medmassage.visits.models import AdverseEvent, TreatmentGiven, Visit, VisitStatus
from tests.builders import actor, events
from tests.cast import logged_in
from tests.visits.conftest import Course, save, signed_visit, start


def rows(visit: Visit) -> list[TreatmentGiven]:
    return list(TreatmentGiven.objects.for_clinic(visit.clinic_id).filter(visit=visit))


def row(technique: str, region: str, pressure: str) -> dict[str, object]:
    return {
        "technique": technique,
        "region": region,
        "side": "both",
        "pressure": pressure,
        "minutes": 10,
    }


def section(page: str, element_id: str) -> str:
    """The text of one element of a page, tags and spacing removed."""
    match = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


def test_a_new_anticoagulant_at_check_in_lowers_todays_cap_to_its_banner(course: Course) -> None:
    plan_cap = Pressure(course.plan.content["max_pressure"])

    visit = start(course, {"temperature_c": 36.6, "new_medications": ["apixaban"]})

    finding = next(f for f in visit.screening["findings"] if "anticoagulant" in f["code"])
    assert Pressure(visit.pressure_cap).level < plan_cap.level
    assert visit.pressure_cap == "medium"  # NCCIH: light to medium pressure
    assert visit.pressure_cap_source == finding["code"]
    assert finding["action"] in visit.pressure_cap_reason
    assert {r.pressure for r in rows(visit)} <= {"light", "medium"}
    page = logged_in(course.ready.cast.therapist).get(f"/visits/{visit.pk}/").content.decode()
    assert finding["action"] in section(page, "visit-new-findings")
    assert "medium" in section(page, "visit-cap")
    # Firmer work today is a departure from today's cap: it needs a written reason.
    with pytest.raises(ReasonRequired, match="medium"):
        save(course, visit, {"treatments": [row("swedish", "neck", plan_cap.value)]})


def test_a_red_flag_at_check_in_shows_what_the_intake_would(course: Course) -> None:
    therapist = logged_in(course.ready.cast.therapist)
    visit = start(course, {"red_flags": {"saddle_numbness": True}})
    visit_page = therapist.get(f"/visits/{visit.pk}/").content.decode()

    intake = record_intake(
        client=course.ready.client,
        by=actor(course.ready.therapist),
        document={**visit.check_in_document},
    )
    intake_page = therapist.get(f"/intake/{intake.pk}/").content.decode()

    assert visit.status == VisitStatus.STOPPED
    assert visit.decision == intake.decision
    for element in ("red-flag-alert", "screening-decision"):
        assert section(visit_page, element) == section(intake_page, element)
    assert 'id="visit-referral"' in visit_page


def test_reviewing_an_adverse_event_is_a_deliberate_step_with_a_note(course: Course) -> None:
    first = signed_visit(course)
    event = services.record_adverse_event(
        visit=first,
        by=actor(course.ready.therapist),
        event={"kind": "bruising", "severity": "mild"},
    )
    therapist = logged_in(course.ready.cast.therapist)
    page = therapist.get(f"/visits/{first.pk}/").content.decode()
    assert f'id="review-note-{event.pk}"' in page

    therapist.post(f"/visits/adverse-events/{event.pk}/review/", {"note": " "})
    with clinic_scope(course.ready.cast.clinic):
        assert AdverseEvent.objects.get(pk=event.pk).reviewed_at is None
    assert start(course).pressure_cap_source == "adverse_event.pressure_cap"

    therapist.post(f"/visits/adverse-events/{event.pk}/review/", {"note": "Bruise faded"})
    with clinic_scope(course.ready.cast.clinic):
        reviewed = AdverseEvent.objects.get(pk=event.pk)
    assert reviewed.reviewed_at is not None
    assert reviewed.review_note == "Bruise faded"
    assert events("visits.adverse_event.reviewed")[0].details == {
        "event": event.pk,
        "kind": "bruising",
    }
    assert "Bruise faded" in therapist.get(f"/visits/{first.pk}/").content.decode()
