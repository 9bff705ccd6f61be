"""Nothing typed is lost: drafts kept on the server, sign and approve act on what is on the
screen, refusals keep every field, and an ended session returns to the page after login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as HttpClient

from medmassage.drafts.models import FormDraft
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.plans.services import draft_plan
from medmassage.tenancy import unscoped
from medmassage.visits.models import Visit, VisitStatus
from tests.builders import Ready, actor, approve, events, take_intake
from tests.cast import PASSWORD, logged_in
from tests.drafts.conftest import Course, start
from tests.foundation.test_security_sessions import age_session

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1"}


def note_form(visit: Visit, **fields: str) -> dict[str, str]:
    """The note form as the page posts it: one planned row, then the typed fields."""
    return {
        "rows": "1",
        "technique_0": "swedish",
        "region_0": "neck",
        "side_0": "both",
        "minutes_0": "20",
        "pressure_0": "medium",
        **fields,
    }


def drafts() -> list[FormDraft]:
    with unscoped():
        return list(FormDraft.objects.all())


def test_an_autosaved_note_comes_back_on_the_page_and_goes_once_saved(course: Course) -> None:
    visit = start(course)
    browser = logged_in(course.ready.cast.therapist)

    answer = browser.post(
        f"/visits/{visit.pk}/draft/", note_form(visit, assessment="Guarding eased"), **AUTOSAVE
    )

    assert answer.status_code == 200
    assert answer.json()["label"].startswith("Draft saved at ")
    page = browser.get(f"/visits/{visit.pk}/").content.decode()
    assert "Guarding eased" in page
    assert 'id="draft-restored"' in page
    visit.refresh_from_db()
    assert visit.assessment == ""  # a draft, not yet the note
    assert events("drafts.draft.saved")[0].details == {
        "form": f"visit-note:{visit.pk}",
        "fields": 7,
        "new": True,
    }
    assert browser.post(f"/visits/{visit.pk}/save/", note_form(visit, assessment="Guarding eased"))
    assert drafts() == []


def test_sign_and_lock_signs_what_is_on_the_screen(course: Course) -> None:
    visit = start(course)
    browser = logged_in(course.ready.cast.therapist)

    response = browser.post(
        f"/visits/{visit.pk}/sign/",
        note_form(visit, pain_today="3", assessment="Less guarded", plan_notes="Lighter on C7"),
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SIGNED
    assert (visit.assessment, visit.plan_notes, visit.pain_today) == (
        "Less guarded",
        "Lighter on C7",
        3,
    )


def test_a_refused_signature_keeps_every_typed_field(course: Course) -> None:
    visit = start(course)
    browser = logged_in(course.ready.cast.therapist)

    refused = browser.post(
        f"/visits/{visit.pk}/sign/",
        note_form(visit, assessment="Typed, pain not asked", plan_notes="Next: hip"),
    )

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Typed, pain not asked" in page
    assert "Next: hip" in page
    assert "pain" in page.lower()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT
    assert visit.assessment == "Typed, pain not asked"  # saved before the signature was refused


def test_a_refused_save_is_kept_as_the_draft(anticoagulated: Course) -> None:
    visit = start(anticoagulated)
    browser = logged_in(anticoagulated.ready.cast.therapist)
    form = note_form(visit, assessment="Deep work asked for", pressure_0="deep")

    refused = browser.post(f"/visits/{visit.pk}/sign/", form)

    assert refused.status_code == 422
    assert "Deep work asked for" in refused.content.decode()
    assert "Deep work asked for" in browser.get(f"/visits/{visit.pk}/").content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT


@pytest.fixture
def draft(ready: Ready) -> TreatmentPlan:
    take_intake(ready, "p3_apixaban_shoulder")
    return draft_plan(client=ready.client, by=actor(ready.therapist))


def plan_form(plan: TreatmentPlan, **fields: str) -> dict[str, object]:
    content = plan.content
    data: dict[str, object] = {
        "goals": "\n".join(content["goals"]),
        "measures": content["measures"],
        "home_care": [item["id"] for item in content["home_care"]],
        "sessions_per_week": str(content["sessions_per_week"]),
        "weeks": str(content["weeks"]),
        "reassess_after_sessions": str(content["reassess_after_sessions"]),
    }
    for index, technique in enumerate(content["techniques"]):
        data[f"keep_{index}"] = "1"
        data[f"pressure_{index}"] = technique["max_pressure"]
        data[f"minutes_{index}"] = str(technique["minutes"])
    data.update(fields)
    return data


def test_approve_plan_approves_the_edits_on_the_screen(draft: TreatmentPlan, ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)

    response = browser.post(
        f"/plans/{draft.pk}/approve/", plan_form(draft, goals="Sleep through\nTurn the head")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.APPROVED
    assert draft.content["goals"] == ["Sleep through", "Turn the head"]


def test_a_refused_approval_keeps_every_edit(draft: TreatmentPlan, ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)
    # Deep tissue is excluded (an anticoagulant): it needs a written reason, so it is refused.
    form = plan_form(
        draft,
        goals="A goal typed on the screen",
        add_technique="deep_tissue",
        add_region="shoulder",
        add_side="right",
        add_pressure="medium",
        add_minutes="15",
        weeks="5",
    )

    refused = browser.post(f"/plans/{draft.pk}/approve/", form)

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "A goal typed on the screen" in page
    assert '<option value="deep_tissue" selected>' in page
    assert 'name="weeks" value="5"' in page
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    reopened = browser.get(f"/plans/{draft.pk}/").content.decode()
    assert "A goal typed on the screen" in reopened  # kept as the draft


def test_the_plan_form_autosaves_and_comes_back(draft: TreatmentPlan, ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)

    answer = browser.post(
        f"/plans/{draft.pk}/draft/", plan_form(draft, goals="Autosaved goal"), **AUTOSAVE
    )

    assert answer.status_code == 200
    assert "Autosaved goal" in browser.get(f"/plans/{draft.pk}/").content.decode()


def test_an_approved_plan_takes_no_draft(ready: Ready) -> None:
    plan = approve(ready)
    browser = logged_in(ready.cast.therapist)

    answer = browser.post(f"/plans/{plan.pk}/draft/", {"goals": "late"}, **AUTOSAVE)

    assert answer.status_code == 409
    assert drafts() == []


def test_the_intake_form_autosaves_and_comes_back(ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)
    form = {"visit_date": "2025-03-01", "goals": "Carry the shopping", "notes": "Typed mid-intake"}

    answer = browser.post(f"/intake/clients/{ready.client.pk}/draft/", form, **AUTOSAVE)

    assert answer.status_code == 200
    page = browser.get(f"/intake/clients/{ready.client.pk}/new/").content.decode()
    assert "Typed mid-intake" in page
    assert "Carry the shopping" in page


def test_another_members_draft_is_never_shown(course: Course) -> None:
    visit = start(course)
    therapist = logged_in(course.ready.cast.therapist)
    therapist.post(f"/visits/{visit.pk}/draft/", note_form(visit, assessment="Mine"), **AUTOSAVE)

    owner = logged_in(course.ready.cast.owner)

    assert "Mine" not in owner.get(f"/visits/{visit.pk}/").content.decode()
    refused = owner.post(f"/visits/{visit.pk}/draft/", note_form(visit), **AUTOSAVE)
    assert refused.status_code in (403, 409)


def test_an_outsider_cannot_autosave_into_another_clinic(course: Course) -> None:
    visit = start(course)
    outsider = logged_in(course.ready.cast.outsider)

    answer = outsider.post(f"/visits/{visit.pk}/draft/", note_form(visit), **AUTOSAVE)

    assert answer.status_code in (403, 404)
    assert drafts() == []


def test_an_ended_session_sends_the_page_to_login_and_back(course: Course) -> None:
    visit = start(course)
    browser = logged_in(course.ready.cast.therapist)
    age_session(browser, idle=timedelta(minutes=16), started=timedelta(minutes=30))

    response = browser.get(f"/visits/{visit.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/visits/{visit.pk}/&expired=1"
    login = browser.post(
        response["Location"],
        {
            "username": course.ready.cast.therapist.email,
            "password": PASSWORD,
            "next": f"/visits/{visit.pk}/",
        },
    )
    assert login["Location"] == f"/visits/{visit.pk}/"


def test_an_autosave_after_the_session_ended_is_told_to_log_in(course: Course) -> None:
    visit = start(course)
    browser = logged_in(course.ready.cast.therapist)
    age_session(browser, idle=timedelta(minutes=16), started=timedelta(minutes=30))

    answer = browser.post(
        f"/visits/{visit.pk}/draft/",
        note_form(visit, assessment="typed while away"),
        HTTP_REFERER=f"http://testserver/visits/{visit.pk}/",
        **AUTOSAVE,
    )

    assert answer.status_code == 401
    assert answer.json()["login"] == f"/accounts/login/?next=/visits/{visit.pk}/&expired=1"
    assert drafts() == []
    # Once logged out, a second try is told the same (not sent to a page).
    again = browser.post(f"/visits/{visit.pk}/draft/", note_form(visit), **AUTOSAVE)
    assert again.status_code == 401


def test_a_form_posted_after_the_session_ended_returns_to_its_page(course: Course) -> None:
    visit = start(course)
    browser = HttpClient()

    response = browser.post(
        f"/visits/{visit.pk}/save/",
        note_form(visit),
        HTTP_REFERER=f"http://testserver/visits/{visit.pk}/",
    )

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/visits/{visit.pk}/"


def test_each_saved_record_says_what_comes_next(ready: Ready) -> None:
    intake = take_intake(ready, "p1_neck_desk")
    browser = logged_in(ready.cast.therapist)

    page = browser.get(f"/intake/{intake.pk}/").content.decode()
    assert 'id="next-assess"' in page
    assert f'action="/plans/clients/{ready.client.pk}/draft/"' in page

    plan = draft_plan(client=ready.client, by=actor(ready.therapist))
    assert 'id="next-approve"' in browser.get(f"/plans/{plan.pk}/").content.decode()
    browser.post(f"/plans/{plan.pk}/approve/")
    assert 'id="next-visit"' in browser.get(f"/plans/{plan.pk}/").content.decode()
