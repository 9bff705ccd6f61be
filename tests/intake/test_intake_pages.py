"""The intake pages: the form with its body map, the screening shown at once, versions, access."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from tests.builders import actor, events, membership, vignette
from tests.cast import Cast, logged_in
from tests.intake.conftest import give_consent, intakes_of

# Asked of everyone: emergencies outside the musculoskeletal lists, DVT and mental health.
EVERYONE = ("chest_pain", "stroke_signs", "meningitis_signs", "sudden_breathlessness",
            "feverish", "dvt_signs", "suicidal_thoughts", "self_harm")  # fmt: skip
# The systemic spinal flags, asked for every part of the spine.
SPINE = ("unexplained_weight_loss", "night_pain", "significant_trauma", "minor_trauma")
LOW_BACK = ("saddle_numbness", "bladder_bowel_dysfunction", "bilateral_leg_symptoms",
            "progressive_leg_weakness")  # fmt: skip
NECK = (*SPINE, "midline_tenderness", "dizziness", "double_vision", "difficulty_speaking",
        "difficulty_swallowing", "drop_attacks", "nystagmus", "nausea", "facial_numbness",
        "gait_change", "clumsy_hands", "myelopathy_signs", "head_trauma")  # fmt: skip


def answers(keys: tuple[str, ...], value: str = "no", **given: str) -> dict[str, str]:
    return {f"red_flags.{key}": given.get(key, value) for key in keys}


def cauda_equina() -> dict[str, Any]:
    low_back = (*SPINE, *LOW_BACK)
    return {
        "visit_date": "2026-03-01",
        "complaints[0].region": "lower_back",
        "complaints[0].side": "both",
        "complaints[0].icd10": "M54.50",
        "complaints[0].pain": "7",
        "complaints[0].onset": "2026-01-10",
        **answers(EVERYONE),
        **answers(
            low_back,
            saddle_numbness="unknown",
            bladder_bowel_dysfunction="yes",
            bilateral_leg_symptoms="yes",
        ),
        "save": "1",
    }


def apixaban() -> dict[str, Any]:
    return {
        "visit_date": "2026-03-01",
        "complaints[0].region": "shoulder",
        "complaints[0].side": "right",
        "complaints[0].pain": "6",
        "medications": "apixaban",
        "medications.long_term": "apixaban",
        **answers(EVERYONE),
        "vitals.systolic": "138",
        "vitals.diastolic": "84",
        "goals": "Reach the top shelf",
        "save": "1",
    }


def new_url(cast: Cast) -> str:
    return reverse("intake:new", args=[cast.client.pk])


def save(browser: HttpClient, cast: Cast, data: dict[str, Any]) -> Any:
    return browser.post(new_url(cast), data, follow=True)


def text(response: Any) -> str:
    return response.content.decode()


def test_the_form_has_the_body_map_and_every_section(cast: Cast) -> None:
    response = logged_in(cast.therapist).get(new_url(cast))

    page = text(response)
    assert response.status_code == 200
    for region, side, view in [("neck", "both", "front"), ("shoulder", "right", "front"),
                               ("shoulder", "left", "back"), ("lower_back", "both", "back"),
                               ("jaw", "both", "front")]:  # fmt: skip
        assert f'id="bm-{view}-{region}-{side}" data-region="{region}" data-side="{side}"' in page
    for section in ("history", "medications", "complaints", "red-flags", "today", "goals"):
        assert f'id="section-{section}"' in page
    assert 'id="intake-submit"' in page
    assert 'name="red_flags.dvt_signs"' in page  # asked of everyone, before any complaint
    assert 'name="red_flags.dizziness"' not in page
    assert "<script>" not in page
    assert "style=" not in page


def test_cauda_equina_is_shown_at_once_as_an_emergency(consented: Cast) -> None:
    response = save(logged_in(consented.therapist), consented, cauda_equina())

    page = text(response)
    intake = Intake.objects.for_clinic(consented.clinic).get()
    assert response.redirect_chain == [(reverse("intake:detail", args=[intake.pk]), 302)]
    assert intake.decision == "refer_emergency"
    assert 'id="red-flag-alert" role="alert"' in page
    assert page.index('role="alert"') < page.index('id="screening-decision"')
    assert "Stop: emergency referral" in page
    assert 'data-finding-code="red_flag.cauda_equina"' in page
    assert "emergency" in intake.screening["findings"][0]["action"].lower()


def test_apixaban_modifies_with_the_bleeding_finding_and_its_source(consented: Cast) -> None:
    response = save(logged_in(consented.therapist), consented, apixaban())

    page = text(response)
    intake = Intake.objects.for_clinic(consented.clinic).get()
    finding = intake.screening["findings"][0]
    assert intake.decision == "modify"
    assert intake.document["medications"] == [{"name": "apixaban", "long_term": True}]
    assert 'role="alert"' not in page
    assert "Proceed with changes" in page
    assert 'data-finding-code="bleeding_risk.anticoagulant"' in page
    for part in (finding["action"], finding["rationale"], *finding["sources"]):
        assert part.replace("'", "&#x27;").replace('"', "&quot;") in page
    assert "Right shoulder" in page


@pytest.mark.parametrize(
    ("field", "value", "path", "label"),
    [
        ("complaints[0].pain", "11", "complaints[0].pain", "Complaint 1, pain"),
        ("complaints[0].pain", "a lot", "complaints[0].pain", "Complaint 1, pain"),
        ("vitals.systolic", "high", "vitals.systolic", "Vitals, systolic"),
        ("complaints[0].onset", "2027-01-01", "complaints[0].onset", "Complaint 1, began"),
    ],
)
def test_invalid_input_names_the_field_keeps_the_values_and_saves_nothing(
    consented: Cast, field: str, value: str, path: str, label: str
) -> None:
    data = {**apixaban(), field: value}

    response = logged_in(consented.therapist).post(new_url(consented), data)

    page = text(response)
    assert response.status_code == 422
    assert f'data-field="{path}"' in page
    assert label.split(",")[0] in page
    assert f'value="{value}"' in page  # kept as typed
    assert 'value="apixaban"' in page
    assert intakes_of(consented.client) == 0


def test_an_unanswered_red_flag_question_stops_the_save(consented: Cast) -> None:
    data = {**apixaban()}
    del data["red_flags.dvt_signs"]

    response = logged_in(consented.therapist).post(new_url(consented), data)

    assert response.status_code == 422
    assert 'data-field="red_flags.dvt_signs"' in text(response)
    assert intakes_of(consented.client) == 0


def test_without_javascript_the_select_adds_a_complaint_and_its_questions(cast: Cast) -> None:
    data = {"complaints[0].region": "neck", "complaints[0].side": "both", "update": "complaints"}

    response = logged_in(cast.therapist).post(new_url(cast), data)

    page = text(response)
    assert response.status_code == 200
    assert 'name="complaints[0].region"' in page
    assert 'name="complaints[1].region"' in page
    assert 'name="red_flags.dizziness"' in page
    assert intakes_of(cast.client) == 0


def test_without_javascript_remove_drops_a_row(cast: Cast) -> None:
    data = {
        "complaints[0].region": "neck",
        "complaints[1].region": "knee",
        "complaints[1].side": "left",
        "remove": "complaints[0]",
    }

    page = text(logged_in(cast.therapist).post(new_url(cast), data))

    assert "Left knee" in page
    assert 'name="red_flags.dizziness"' not in page


def test_a_new_intake_starts_from_the_last_ones_history(consented: Cast) -> None:
    record_intake(
        client=consented.client,
        by=actor(membership(consented.therapist)),
        document={**vignette("p3_apixaban_shoulder"), "history": {"fibromyalgia": True}},
    )

    page = text(logged_in(consented.therapist).get(new_url(consented)))

    assert 'id="carried-over"' in page
    assert 'value="apixaban"' in page
    assert 'id="f-history-fibromyalgia" checked' in page
    assert 'value="M25.511"' in page  # the complaint, to confirm with the client
    pain = re.search(r'name="complaints\[0\]\.pain"[^>]*value="([^"]*)"', page)
    assert pain is not None
    assert pain.group(1) == ""  # today's pain is asked again
    assert 'name="carried_from" value="1"' in page
    assert 'id="f-confirm-carried"' in page
    assert events("intake.intake.viewed")[-1].details == {"version": 1, "section": "new_intake"}


def test_a_repeat_intake_saves_only_once_confirmed_with_the_client(consented: Cast) -> None:
    browser = logged_in(consented.therapist)
    save(browser, consented, apixaban())
    again = {**apixaban(), "carried_from": "1"}

    refused = browser.post(new_url(consented), again)
    saved = browser.post(new_url(consented), {**again, "confirm_carried": "1"})

    assert refused.status_code == 422
    assert 'data-field="confirm_carried"' in text(refused)
    assert 'id="carried-over"' in text(refused)  # the banner stays on the refused form
    assert saved.status_code == 302
    assert intakes_of(consented.client) == 2


def test_the_list_shows_every_version_newest_first(consented: Cast) -> None:
    browser = logged_in(consented.therapist)
    save(browser, consented, apixaban())
    save(browser, consented, cauda_equina())

    response = browser.get(reverse("intake:list", args=[consented.client.pk]))

    page = text(response)
    assert page.index('data-version="2"') < page.index('data-version="1"')
    assert 'data-decision="refer_emergency"' in page
    assert 'data-decision="modify"' in page
    assert len(events("intake.intake_list.viewed")) == 1


def test_viewing_an_intake_is_audited(consented: Cast) -> None:
    browser = logged_in(consented.owner)
    save(logged_in(consented.therapist), consented, apixaban())
    intake = Intake.objects.for_clinic(consented.clinic).get()
    before = len(events("intake.intake.viewed"))

    assert browser.get(reverse("intake:detail", args=[intake.pk])).status_code == 200

    viewed = events("intake.intake.viewed")
    assert len(viewed) == before + 1
    assert viewed[-1].actor_id == consented.owner.pk
    assert viewed[-1].subject_id == str(intake.pk)


# --- Who may see what -------------------------------------------------------------------------


@pytest.fixture
def their_intake(cast: Cast) -> Intake:
    give_consent(cast, cast.client)
    return record_intake(
        client=cast.client,
        by=actor(membership(cast.therapist)),
        document=vignette("p2_cauda_equina"),
    )


def clinical_pages(cast: Cast, intake: Intake) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("GET", reverse("intake:new", args=[cast.client.pk]), {}),
        ("POST", reverse("intake:new", args=[cast.client.pk]), apixaban()),
        ("GET", reverse("intake:list", args=[cast.client.pk]), {}),
        ("GET", reverse("intake:detail", args=[intake.pk]), {}),
    ]


def test_the_outsider_gets_404_and_none_of_the_record(cast: Cast, their_intake: Intake) -> None:
    browser = logged_in(cast.outsider)

    for method, path, data in clinical_pages(cast, their_intake):
        response = browser.generic(method, path) if method == "GET" else browser.post(path, data)

        assert response.status_code == 404, path
        page = text(response)
        assert "Lovelace" not in page
        assert "refer_emergency" not in page
        assert "cauda" not in page
    assert intakes_of(cast.client) == 1


def test_front_desk_gets_nothing_clinical(cast: Cast, their_intake: Intake) -> None:
    browser = logged_in(cast.front_desk)
    fragments = [
        ("GET", reverse("intake:red-flag-questions") + "?region=neck", {}),
        ("GET", reverse("intake:medication-search") + "?q=apix", {}),
    ]

    for method, path, data in [*clinical_pages(cast, their_intake), *fragments]:
        response = browser.generic(method, path) if method == "GET" else browser.post(path, data)

        assert response.status_code == 403, path
        assert "cauda" not in text(response)
        assert "Emergency" not in text(response)
    assert intakes_of(cast.client) == 1


# --- What the form asks, from the knowledge base ----------------------------------------------


def question_keys(response: Any) -> set[str]:
    page = text(response)
    return {key for key in (*EVERYONE, *LOW_BACK, *NECK) if f'data-question="{key}"' in page}


def test_red_flag_questions_for_a_region(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    url = reverse("intake:red-flag-questions")

    neck = browser.get(url, {"region": "neck"})
    back = browser.get(url, {"region": "lower_back"})
    knee = browser.get(url, {"region": "knee"})

    assert neck.status_code == 200
    assert question_keys(neck) == {*EVERYONE, *NECK}
    assert question_keys(back) == {*EVERYONE, *LOW_BACK, *SPINE}
    assert question_keys(knee) == set(EVERYONE)


def test_red_flag_questions_follow_the_forms_complaints_and_keep_answers(cast: Cast) -> None:
    response = logged_in(cast.therapist).get(
        reverse("intake:red-flag-questions"),
        {"complaints[4].icd10": "M54.50", "red_flags.saddle_numbness": "yes"},
    )

    page = text(response)
    assert 'data-question="saddle_numbness"' in page
    assert 'name="red_flags.saddle_numbness" value="yes" data-red-flag-answer checked' in page


def test_none_of_these_is_offered_per_group_and_ticked_when_all_are_no(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    url = reverse("intake:red-flag-questions")
    everyone = " ".join(EVERYONE)

    fresh = text(browser.get(url))
    all_no = text(browser.get(url, {"red_flags_none": everyone}))
    one_yes = text(browser.get(url, {"red_flags_none": everyone, "red_flags.feverish": "yes"}))

    assert f'name="red_flags_none" value="{everyone}" data-red-flag-none id="none-everyone">' in (
        fresh
    )
    assert 'id="none-everyone" checked' in all_no
    assert 'name="red_flags.chest_pain" value="no" data-red-flag-answer checked' in all_no
    assert 'id="none-everyone" checked' not in one_yes  # a yes opens the group again
    assert 'name="red_flags.feverish" value="yes" data-red-flag-answer checked' in one_yes


def test_medication_search_suggests_drugs_and_classes(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    url = reverse("intake:medication-search")

    drug = text(browser.get(url, {"medication_search": "apix"}))
    brand = text(browser.get(url, {"medication_search": "ELIQ"}))
    group = text(browser.get(url, {"medication_search": "anticoag"}))
    unknown = text(browser.get(url, {"medication_search": "metoprolol"}))

    assert 'data-medication-token="apixaban"' in drug
    assert "Anticoagulants" in drug
    assert 'data-medication-token="eliquis"' in brand
    assert 'data-medication-token="class:anticoagulant"' in group
    assert "not in the knowledge base" in unknown
    assert 'data-medication-token="metoprolol"' in unknown


def test_a_word_left_in_the_search_box_is_never_saved_as_a_medication(
    consented: Cast,
) -> None:
    data = {**apixaban(), "medication_search": "ibu"}

    response = logged_in(consented.therapist).post(new_url(consented), data)

    page = text(response)
    assert response.status_code == 422
    assert 'name="medications" value="ibu"' not in page
    assert 'id="medication-search" name="medication_search" value="ibu"' in page  # kept
    assert 'data-medication-token="ibuprofen"' in page  # its suggestions, without JavaScript
    assert "still in the medication search and was not added" in page
    assert 'data-field="medications"' in page
    assert intakes_of(consented.client) == 0


def test_without_javascript_a_suggestion_or_a_known_name_adds_the_medication(
    consented: Cast,
) -> None:
    browser = logged_in(consented.therapist)
    update = {k: v for k, v in apixaban().items() if k != "save"}

    chosen = text(browser.post(new_url(consented), {**update, "add_medication": "ibuprofen"}))
    typed = text(
        browser.post(
            new_url(consented),
            {**update, "medication_search": "Advil", "update": "medications"},
        )
    )
    unknown = text(
        browser.post(
            new_url(consented), {**update, "medication_search": "ibu", "update": "medications"}
        )
    )

    assert 'name="medications" value="ibuprofen"' in chosen
    assert 'name="medications" value="advil"' in typed
    assert "Advil (ibuprofen)" in typed
    assert 'name="medications" value="ibu"' not in unknown
    assert 'data-medication-token="ibuprofen"' in unknown


@pytest.mark.parametrize(
    ("typed", "token", "words"),
    [
        ("ibu", "ibuprofen", "NSAIDs"),
        ("napro", "naproxen", "NSAIDs"),
        ("advil", "advil", "Advil (ibuprofen)"),
        ("tylenol", "tylenol", "Tylenol (acetaminophen)"),
        ("eliquis", "eliquis", "Eliquis (apixaban)"),
        ("xarelto", "xarelto", "Anticoagulants"),
        ("coumadin", "coumadin", "Coumadin (warfarin)"),
        ("zoloft", "zoloft", "SSRIs"),
        ("sertra", "sertraline", "SSRIs"),
        ("metformin", "metformin", "Metformin (diabetes)"),
        ("glucophage", "glucophage", "Glucophage (metformin)"),
        ("insulin", "insulin", "Insulins"),
        ("lipitor", "lipitor", "Statins"),
        ("atorva", "atorvastatin", "Statins"),
    ],
)
def test_the_search_knows_common_drugs_and_brands(
    cast: Cast, typed: str, token: str, words: str
) -> None:
    found = text(
        logged_in(cast.therapist).get(
            reverse("intake:medication-search"), {"medication_search": typed}
        )
    )

    assert f'data-medication-token="{token}"' in found
    assert words in found
