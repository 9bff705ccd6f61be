"""The home-program editor (HTMX add, drop, dose), its history and the PDF handout."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from medmassage.homecare import queries
from medmassage.homecare.services import start_home_program
from medmassage.plans.models import TreatmentPlan
from tests.builders import Ready, actor
from tests.cast import logged_in

HTMX = {"HTTP_HX_REQUEST": "true"}


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_editor_offers_to_start_from_the_plan(ready: Ready, plan: TreatmentPlan) -> None:
    browser = logged_in(ready.cast.therapist)
    page = browser.get(reverse("homecare:program", args=[ready.client.pk])).content.decode()
    assert 'id="start-program"' in page

    browser.post(reverse("homecare:start", args=[ready.client.pk]))
    page = browser.get(reverse("homecare:program", args=[ready.client.pk])).content.decode()

    assert "Chin tuck" in page
    assert "hold 5 s, 10 times, 3 times a day" in page
    assert 'hx-post="' in page


def test_htmx_add_drop_and_dose_return_the_editor(ready: Ready, plan: TreatmentPlan) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))
    browser = logged_in(ready.cast.therapist)
    change = reverse("homecare:change", args=[ready.client.pk])

    added = browser.post(change, {"action": "add", "exercise": "doorway_chest_stretch"}, **HTMX)
    browser.post(change, {"action": "drop", "exercise": "chin_tuck"}, **HTMX)
    dosed = browser.post(
        change, {"action": "dose", "exercise": "workstation_breaks", "dose": "hourly"}, **HTMX
    )

    assert added.status_code == 200
    assert added.content.decode().startswith('<div id="home-program-editor">')
    assert "Doorway chest stretch" in added.content.decode()
    assert 'value="hourly"' in dosed.content.decode()
    current = queries.get_current_program(ready.cast.clinic, ready.client)
    assert current is not None
    assert current.version == 4
    assert "chin_tuck" not in [item["id"] for item in current.items]


def test_a_bad_change_shows_the_problem_and_saves_nothing(
    ready: Ready, plan: TreatmentPlan
) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))
    change = reverse("homecare:change", args=[ready.client.pk])

    response = logged_in(ready.cast.therapist).post(
        change, {"action": "dose", "exercise": "chin_tuck", "dose": ""}, **HTMX
    )

    # HTMX swaps 2xx answers only: the editor comes back with the problem shown.
    assert response.status_code == 200
    assert "Dose: Chin tuck: give the dose" in response.content.decode()
    current = queries.get_current_program(ready.cast.clinic, ready.client)
    assert current is not None
    assert current.version == 1


def test_the_history_lists_every_version(ready: Ready, plan: TreatmentPlan) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))
    browser = logged_in(ready.cast.therapist)
    browser.post(
        reverse("homecare:change", args=[ready.client.pk]),
        {"action": "drop", "exercise": "chin_tuck", "reason": "Too painful"},
    )

    page = browser.get(reverse("homecare:history", args=[ready.client.pk])).content.decode()

    assert 'id="version-2"' in page
    assert 'id="version-1"' in page
    assert "Too painful" in page


def test_the_owner_sees_the_program_without_edit_controls(
    ready: Ready, plan: TreatmentPlan
) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))
    owner = logged_in(ready.cast.owner)

    page = owner.get(reverse("homecare:program", args=[ready.client.pk])).content.decode()

    assert "Chin tuck" in page
    assert "hx-post" not in page
    change = reverse("homecare:change", args=[ready.client.pk])
    assert owner.post(change, {"action": "drop", "exercise": "chin_tuck"}).status_code == 403


def test_the_handout_is_a_pdf_with_clinic_therapist_and_exercises(
    ready: Ready, plan: TreatmentPlan
) -> None:
    clinic = ready.cast.clinic
    clinic.address, clinic.phone = "12 Harbour Road, Portsmouth", "555-0142"
    clinic.save()
    start_home_program(client=ready.client, by=actor(ready.therapist))

    response = logged_in(ready.cast.therapist).get(
        reverse("homecare:handout", args=[ready.client.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Harbour Clinic",
        "12 Harbour Road, Portsmouth",
        "555-0142",
        ready.cast.therapist.full_name,
        "Ada Lovelace",
        "Chin tuck",
        "Slide your chin straight back",
        "hold 5 s, 10 times, 3 times a day",
    ):
        assert expected in text, expected


def test_no_handout_before_the_program_starts(ready: Ready, plan: TreatmentPlan) -> None:
    response = logged_in(ready.cast.therapist).get(
        reverse("homecare:handout", args=[ready.client.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("homecare:program", args=[ready.client.pk])


def test_front_desk_and_outsider_are_kept_out(ready: Ready, plan: TreatmentPlan) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))
    for name in ("homecare:program", "homecare:history", "homecare:handout"):
        path = reverse(name, args=[ready.client.pk])
        assert logged_in(ready.cast.front_desk).get(path).status_code == 403
        outsider = logged_in(ready.cast.outsider).get(path)
        assert outsider.status_code == 404
        assert b"Chin tuck" not in outsider.content


def test_without_htmx_a_change_redirects_with_its_problem(
    ready: Ready, plan: TreatmentPlan
) -> None:
    start_home_program(client=ready.client, by=actor(ready.therapist))
    browser = logged_in(ready.cast.therapist)
    change = reverse("homecare:change", args=[ready.client.pk])

    response = browser.post(change, {"action": "add", "exercise": "handstand"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("homecare:program", args=[ready.client.pk])
    assert (
        "Add an exercise: handstand: no such exercise in the library" in response.content.decode()
    )


def test_without_an_approved_plan_the_editor_says_so(ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)

    page = browser.get(reverse("homecare:program", args=[ready.client.pk])).content.decode()
    started = browser.post(reverse("homecare:start", args=[ready.client.pk]), follow=True)

    assert "approve a" in page
    assert "Approve a treatment plan first" in started.content.decode()
