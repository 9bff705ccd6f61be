"""The intake form's fields become the intake document the clinical core reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from medmassage.clinical.intake import SchemaError, parse_intake
from medmassage.clinical.screening import screen
from medmassage.intake.document import document_from_form, is_saving
from medmassage.intake.form_state import carried_over, form_context, path_label, unanswered

HEAD = {"format": "medmassage.intake", "version": 1}


def post(fields: dict[str, Any]) -> QueryDict:
    """The form as POSTed: each field with its value, or its values for a list."""
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def test_an_empty_form_is_only_the_format() -> None:
    assert document_from_form(QueryDict()) == HEAD


def test_a_neck_complaint_with_pain_and_answers() -> None:
    data = post(
        {
            "visit_date": "2026-03-01",
            "complaints[0].region": "neck",
            "complaints[0].side": "both",
            "complaints[0].pain": "5",
            "complaints[0].icd10": "m54.2",
            "complaints[0].description": "Desk work",
            "complaints[0].onset": "2025-11-01",
            "complaints[0].eases": "moving, heat",
            "complaints[0].aggravates": "sitting at the computer",
            "red_flags.dizziness": "no",
            "red_flags.nausea": "unknown",
            "red_flags.dvt_signs": "yes",
            "vitals.temperature_c": "36,7",
            "vitals.systolic": "128",
            "vitals.diastolic": "82",
            "goals": "Work a full day\r\n\r\nSleep through",
        }
    )

    assert document_from_form(data) == {
        **HEAD,
        "visit_date": "2026-03-01",
        "complaints": [
            {
                "region": "neck",
                "side": "both",
                "icd10": "M54.2",
                "description": "Desk work",
                "onset": "2025-11-01",
                "pain": 5,
                "eases": ["moving", "heat"],
                "aggravates": ["sitting at the computer"],
            }
        ],
        "vitals": {"temperature_c": 36.7, "systolic": 128, "diastolic": 82},
        "red_flags": {"dizziness": False, "dvt_signs": True, "nausea": "unknown"},
        "goals": ["Work a full day", "Sleep through"],
    }


def test_blank_rows_and_side_only_rows_are_left_out() -> None:
    data = post(
        {
            "complaints[0].region": "",
            "complaints[0].side": "both",
            "complaints[3].region": "knee",
            "complaints[3].side": "left",
            "history.surgeries[0].side": "both",
            "history.lymphoedema[0].limb": "",
            "history.lymphoedema[0].side": "both",
        }
    )

    assert document_from_form(data) == {
        **HEAD,
        "complaints": [{"region": "knee", "side": "left"}],
    }


def test_a_whole_body_complaint_has_no_side() -> None:
    data = post({"complaints[0].side": "left", "complaints[0].description": "Stress"})

    assert document_from_form(data)["complaints"] == [{"description": "Stress"}]


def test_a_removed_row_is_dropped() -> None:
    data = post(
        {
            "complaints[0].region": "neck",
            "complaints[1].region": "hip",
            "complaints[1].side": "right",
            "remove": "complaints[0]",
        }
    )

    assert document_from_form(data)["complaints"] == [{"region": "hip", "side": "right"}]


def test_every_history_item_the_format_supports() -> None:
    data = post(
        {
            "pregnant": "on",
            "pregnancy.weeks": "20",
            "history.cancer[0].status": "remission",
            "history.cancer[0].site": "breast",
            "history.cancer[0].treatment_ended": "2024-05-01",
            "history.cancer[0].tumour_sites[0].region": "",
            "history.cancer[0].tumour_sites[0].side": "both",
            "history.cancer[0].radiation_fields[0].region": "chest",
            "history.cancer[0].radiation_fields[0].side": "left",
            "history.cancer[0].radiation_fields[0].ended": "2024-04-01",
            "history.cancer[0].bone_metastases": ["upper_back", "hip"],
            "history.surgeries[0].region": "knee",
            "history.surgeries[0].side": "right",
            "history.surgeries[0].date": "2025-06-01",
            "history.surgeries[0].description": "arthroscopy",
            "history.surgeries[0].healed": "on",
            "history.fractures[0].region": "forearm",
            "history.fractures[0].side": "left",
            "history.fractures[0].date": "2020-01-01",
            "history.acute_injuries[0].kind": "sprain",
            "history.acute_injuries[0].region": "foot",
            "history.acute_injuries[0].side": "left",
            "history.acute_injuries[0].date": "2026-02-27",
            "history.lymph_node_removal[0].limb": "arm",
            "history.lymph_node_removal[0].side": "left",
            "history.lymphoedema[0].limb": "arm",
            "history.lymphoedema[0].side": "left",
            "history.osteoporosis": "yes",
            "history.diabetes": "on",
            "history.diabetes.neuropathy": "on",
            "history.peripheral_neuropathy": ["foot"],
            "history.heart_failure": "controlled",
            "history.kidney_disease": "",
            "history.rheumatoid_arthritis": "on",
            "history.rheumatoid_arthritis.neck_involvement": "on",
            "history.bleeding_disorder": "on",
            "history.low_platelets": "on",
            "history.dvt_history": "on",
            "history.fibromyalgia": "on",
            "history.varicose_veins[0].region": "lower_leg",
            "history.varicose_veins[0].side": "both",
            "history.varicose_veins[0].severity": "severe",
            "history.skin[0].region": "hand",
            "history.skin[0].side": "right",
            "history.skin[0].kind": "open_wound",
            "history.other": "asthma\nhay fever",
        }
    )

    document = document_from_form(data)

    assert document["pregnancy"] == {"weeks": 20}
    assert document["history"] == {
        "cancer": [
            {
                "status": "remission",
                "site": "breast",
                "treatment_ended": "2024-05-01",
                "radiation_fields": [{"region": "chest", "side": "left", "ended": "2024-04-01"}],
                "bone_metastases": [{"region": "upper_back"}, {"region": "hip"}],
            }
        ],
        "surgeries": [
            {
                "region": "knee",
                "side": "right",
                "date": "2025-06-01",
                "description": "arthroscopy",
                "healed": True,
            }
        ],
        "fractures": [{"region": "forearm", "side": "left", "date": "2020-01-01"}],
        "acute_injuries": [
            {"region": "foot", "side": "left", "kind": "sprain", "date": "2026-02-27"}
        ],
        "lymph_node_removal": [{"limb": "arm", "side": "left"}],
        "lymphoedema": [{"limb": "arm", "side": "left"}],
        "osteoporosis": True,
        "diabetes": {"neuropathy": True},
        "peripheral_neuropathy": [{"region": "foot"}],
        "heart_failure": {"status": "controlled"},
        "rheumatoid_arthritis": {"neck_involvement": True},
        "bleeding_disorder": True,
        "low_platelets": True,
        "dvt_history": True,
        "fibromyalgia": True,
        "varicose_veins": [{"region": "lower_leg", "side": "both", "severity": "severe"}],
        "skin": [{"region": "hand", "side": "right", "kind": "open_wound"}],
        "other": ["asthma", "hay fever"],
    }
    parse_intake({**document, "age": 40, "visit_date": "2026-03-01"})  # the core reads it


def test_pregnant_without_weeks() -> None:
    assert document_from_form(post({"pregnant": "on"}))["pregnancy"] == {}


def test_medications_from_chips_classes_and_chosen_suggestions() -> None:
    data = post(
        {
            "medications": ["apixaban", "class:oral_corticosteroid", "Apixaban", "aspirin"],
            "medications.long_term": ["apixaban", "class:oral_corticosteroid"],
            "add_medication": "metoprolol",
            "medication_search": "  metop ",
            "remove": "medication:aspirin",
        }
    )

    assert document_from_form(data)["medications"] == [
        {"name": "apixaban", "long_term": True},
        {"class": "oral_corticosteroid", "long_term": True},
        {"name": "metoprolol"},
    ]


@pytest.mark.parametrize(
    ("typed", "update", "added"),
    [
        ("ibu", "", []),  # left in the box: never a medication
        ("ibu", "medications", []),  # Add with a half-typed word: suggestions, not a medication
        ("Ibuprofen", "medications", [{"name": "ibuprofen"}]),
        ("zoloft", "medications", [{"name": "zoloft"}]),
        ("anticoagulants", "medications", [{"class": "anticoagulant"}]),
    ],
)
def test_the_search_box_adds_only_a_name_the_knowledge_base_knows(
    typed: str, update: str, added: list[dict[str, str]]
) -> None:
    data = post({"medication_search": typed, "update": update})

    assert document_from_form(data).get("medications", []) == added


def test_clearances_and_substances() -> None:
    data = post(
        {
            "clearances[0].from": "orthopaedic surgeon",
            "clearances[0].date": "2026-02-27",
            "clearances[0].covers": ["surgery"],
            "clearances[1].covers": [""],
            "substance_use_today.alcohol": "on",
            "notes": " seen with daughter ",
        }
    )

    document = document_from_form(data)

    assert document["clearances"] == [
        {"from": "orthopaedic surgeon", "covers": ["surgery"], "date": "2026-02-27"}
    ]
    assert document["substance_use_today"] == {"alcohol": True}
    assert document["notes"] == "seen with daughter"


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("complaints[0].pain", "a lot", "complaints[0].pain"),
        ("complaints[0].pain", "11", "complaints[0].pain"),
        ("complaints[0].onset", "yesterday", "complaints[0].onset"),
        ("vitals.systolic", "12o", "vitals.systolic"),
        ("vitals.temperature_c", "hot", "vitals.temperature_c"),
        ("complaints[0].icd10", "neck", "complaints[0].icd10"),
    ],
)
def test_a_value_that_does_not_convert_is_kept_for_the_schema_to_name(
    field: str, value: str, path: str
) -> None:
    data = post({"complaints[0].region": "neck", field: value})
    document = {**document_from_form(data), "age": 40}

    with pytest.raises(SchemaError) as raised:
        parse_intake(document)

    assert raised.value.path == path


def test_the_vignette_through_the_form_screens_as_the_core_does() -> None:
    data = post(
        {
            "visit_date": "2026-03-01",
            "complaints[0].region": "lower_back",
            "complaints[0].icd10": "M54.50",
            "complaints[0].pain": "7",
            "complaints[0].onset": "2026-01-10",
            "red_flags.saddle_numbness": "unknown",
            "red_flags.bladder_bowel_dysfunction": "yes",
            "red_flags.bilateral_leg_symptoms": "yes",
            "red_flags.progressive_leg_weakness": "yes",
        }
    )

    screening = screen(parse_intake({**document_from_form(data), "age": 47}))

    assert screening.decision == "refer_emergency"
    assert screening.findings[0].code == "red_flag.cauda_equina"


def test_only_the_save_button_saves() -> None:
    assert is_saving(post({"save": "1"}))
    assert not is_saving(post({"update": ""}))
    assert not is_saving(post({"remove": "complaints[0]"}))


def test_the_questions_of_each_complaint_region_must_be_answered() -> None:
    document = {**HEAD, "complaints": [{"region": "neck"}], "red_flags": {"dizziness": False}}

    missing = unanswered(document)

    assert "red_flags.dizziness" not in missing
    assert {"red_flags.nausea", "red_flags.dvt_signs", "red_flags.suicidal_thoughts"} <= set(
        missing
    )
    assert "red_flags.saddle_numbness" not in missing


def test_errors_land_on_the_row_of_their_path() -> None:
    document = {
        **HEAD,
        "complaints": [{"region": "neck", "pain": 3}, {"region": "knee", "pain": 11}],
    }
    context = form_context(document, {"complaints[1].pain": ["11 is above the maximum 10"]})

    first, second = context["complaints"].rows
    assert first.errors == {}
    assert second.prefix == "complaints[1]"
    assert second.errors == {"pain": ["11 is above the maximum 10"]}
    assert second.values["pain"] == 11
    assert context["error_summary"] == [
        ("Complaint 2, pain", "11 is above the maximum 10", "complaints[1].pain")
    ]


def test_path_labels_name_the_field_in_words() -> None:
    assert path_label("history.surgeries[0].date") == "History, surgery 1, date"
    assert path_label("vitals.temperature_c") == "Vitals, temperature (°C)"
    assert path_label("visit_date") == "Visit date"
    assert path_label("red_flags.nausea") == "Red-flag question “Nausea with the neck pain?”"


def test_a_new_intake_carries_over_all_but_what_is_asked_again() -> None:
    previous = {
        **HEAD,
        "age": 40,
        "complaints": [{"region": "neck", "pain": 6, "onset": "2026-01-02"}],
        "history": {"fibromyalgia": True},
        "medications": [{"name": "apixaban"}],
        "red_flags": {"dizziness": False},
        "vitals": {"systolic": 120},
        "goals": ["Sleep"],
    }

    # Red flags, today's pain and today's vitals are asked again; the rest is confirmed.
    assert carried_over(previous) == {
        "complaints": [{"region": "neck", "onset": "2026-01-02"}],
        "history": {"fibromyalgia": True},
        "medications": [{"name": "apixaban"}],
        "goals": ["Sleep"],
    }


def test_none_of_these_answers_no_to_its_group_and_a_yes_wins() -> None:
    data = post(
        {
            "red_flags_none": ["chest_pain dvt_signs feverish", "night_pain saddle_numbness"],
            "red_flags.feverish": "yes",
            "red_flags.night_pain": "unknown",
        }
    )

    assert document_from_form(data)["red_flags"] == {
        "chest_pain": False,
        "dvt_signs": False,
        "feverish": True,
        "night_pain": "unknown",
        "saddle_numbness": False,
    }
