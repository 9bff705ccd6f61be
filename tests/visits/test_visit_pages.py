"""Visit pages: check-in, pre-filled note, HTMX feedback, sign, addendum, chart, dashboard."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from medmassage.tenancy import clinic_scope
from medmassage.visits.models import FeedbackEvent, Visit, VisitStatus
from tests.builders import actor
from tests.cast import logged_in
from tests.visits.conftest import Course, signed_visit, start


def post_note(browser, visit: Visit, rows: list[dict], **fields) -> object:
    data = {"rows": str(len(rows)), **fields}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{name}_{index}"] = value
    return browser.post(f"/visits/{visit.pk}/save/", data)


def test_check_in_opens_a_note_pre_filled_from_the_plan(course: Course) -> None:
    browser = logged_in(course.ready.cast.therapist)
    page = browser.get(f"/visits/clients/{course.ready.client.pk}/")
    assert page.status_code == 200
    assert b"check-in-form" in page.content
    response = browser.post(
        f"/visits/clients/{course.ready.client.pk}/check-in/", {"temperature_c": "36.6"}
    )
    visit = Visit.objects.for_clinic(course.ready.cast.clinic).get()
    assert response.status_code == 302
    assert response["Location"] == f"/visits/{visit.pk}/"
    note = browser.get(f"/visits/{visit.pk}/").content.decode()
    first = course.plan.content["techniques"][0]
    assert 'id="note-form"' in note
    assert f'<option value="{first["technique"]}" selected>' in note
    assert "<script>" not in note


def test_a_red_flag_at_check_in_shows_the_referral(course: Course) -> None:
    browser = logged_in(course.ready.cast.therapist)
    browser.post(f"/visits/clients/{course.ready.client.pk}/check-in/", {"flag_dvt_signs": "1"})
    visit = Visit.objects.for_clinic(course.ready.cast.clinic).get()
    page = browser.get(f"/visits/{visit.pk}/").content.decode()
    assert visit.status == VisitStatus.STOPPED
    assert 'id="visit-referral"' in page
    assert 'id="note-form"' not in page


def test_saving_signing_and_an_addendum_through_the_pages(course: Course) -> None:
    visit = start(course)
    browser = logged_in(course.ready.cast.therapist)
    row = {
        "technique": "swedish",
        "region": "neck",
        "side": "both",
        "minutes": "25",
        "pressure": "medium",
    }
    response = post_note(browser, visit, [row], pain_today="3", assessment="Better rotation")
    assert response.status_code == 302
    hx = browser.post(
        f"/visits/{visit.pk}/feedback/",
        {"kind": "discomfort", "region": "neck", "adjustment": "pressure_down"},
        headers={"HX-Request": "true"},
    )
    assert hx.status_code == 200
    assert b'data-sequence="1"' in hx.content
    assert b"<html" not in hx.content
    refused = browser.post(
        f"/visits/{visit.pk}/feedback/", {"kind": "pain"}, headers={"HX-Request": "true"}
    )
    assert b'role="alert"' in refused.content
    assert b"Kind: must be one of" in refused.content
    assert FeedbackEvent.objects.for_clinic(visit.clinic_id).filter(visit=visit).count() == 1
    assert browser.post(f"/visits/{visit.pk}/sign/").status_code == 302
    page = browser.get(f"/visits/{visit.pk}/").content.decode()
    assert 'id="note-form"' not in page
    assert "Better rotation" in page
    assert "2 units" in page  # 25 minutes under the 8-minute rule
    browser.post(f"/visits/{visit.pk}/addenda/", {"reason": "Correction", "text": "Left side"})
    page = browser.get(f"/visits/{visit.pk}/").content.decode()
    assert "Left side" in page
    assert "Better rotation" in page  # the original is shown with the addendum
    refused = post_note(browser, visit, [row], assessment="rewritten")
    assert refused.status_code == 409  # locked: a signed note takes addenda only
    visit.refresh_from_db()
    assert visit.assessment == "Better rotation"


def test_a_refused_save_keeps_what_was_typed(anticoagulated: Course) -> None:
    visit = start(anticoagulated)
    browser = logged_in(anticoagulated.ready.cast.therapist)
    row = {
        "technique": "deep_tissue",
        "region": "shoulder",
        "side": "right",
        "minutes": "10",
        "pressure": "medium",
    }
    response = post_note(browser, visit, [row], objective="Tender infraspinatus")
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="visit-problem"' in page
    assert "Tender infraspinatus" in page


def test_chart_shows_the_last_visit_with_its_flags(course: Course) -> None:
    from medmassage.visits import services

    visit = signed_visit(course)
    services.record_adverse_event(
        visit=visit,
        by=actor(course.ready.therapist),
        event={"kind": "bruising", "severity": "mild"},
    )
    page = logged_in(course.ready.cast.owner).get(f"/clients/{course.ready.client.pk}/")
    text = page.content.decode()
    assert "Pain 4/10" in text
    assert "adverse event: bruising" in text


def test_dashboard_lists_unsigned_notes_older_than_a_day(course: Course) -> None:
    old = start(course)
    fresh = start(course)
    with clinic_scope(course.ready.cast.clinic):
        Visit.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=2))
    page = logged_in(course.ready.cast.therapist).get("/").content.decode()
    today, unsigned = page.split('id="unsigned-notes"')
    assert f"/visits/{old.pk}/" in unsigned
    # Today's open note is among today's clients, not yet a note left unsigned.
    assert f"/visits/{fresh.pk}/" not in unsigned
    assert f"/visits/{fresh.pk}/" in today
    assert "unsigned-notes" not in logged_in(course.ready.cast.front_desk).get("/").content.decode()


def test_outsider_gets_404_and_front_desk_403(course: Course) -> None:
    visit = start(course)
    outsider = logged_in(course.ready.cast.outsider)
    for url in (f"/visits/{visit.pk}/", f"/visits/clients/{course.ready.client.pk}/"):
        response = outsider.get(url)
        assert response.status_code == 404
        assert b"Lovelace" not in response.content
    assert outsider.post(f"/visits/{visit.pk}/sign/").status_code == 404
    desk = logged_in(course.ready.cast.front_desk)
    assert desk.get(f"/visits/{visit.pk}/").status_code == 403
    assert desk.post(f"/visits/{visit.pk}/sign/").status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT


def test_a_safety_override_is_flagged_on_the_chart(anticoagulated: Course) -> None:
    from medmassage.visits import services
    from tests.visits.conftest import save

    visit = start(anticoagulated)
    deep = {
        "technique": "deep_tissue",
        "region": "shoulder",
        "side": "right",
        "minutes": 10,
        "pressure": "medium",
    }
    save(
        anticoagulated,
        visit,
        {"pain_today": 5, "treatments": [deep], "reasons": {"deep_tissue": "Physician cleared"}},
    )
    services.sign_visit(visit=visit, by=actor(anticoagulated.ready.therapist))
    browser = logged_in(anticoagulated.ready.cast.therapist)
    chart = browser.get(f"/clients/{anticoagulated.ready.client.pk}/").content.decode()
    assert "safety override" in chart
    note = browser.get(f"/visits/{visit.pk}/").content.decode()
    assert 'id="visit-overrides"' in note
    assert "Physician cleared" in note
