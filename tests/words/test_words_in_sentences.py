"""The vocabulary's sentences: field names as forms label them, check-ins, departures."""

from __future__ import annotations

import pytest

from medmassage.problems import FieldErrors, InvalidInput, problem_message
from medmassage.words.vocabulary import check_in_sentences, departure, field_name


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("treatments[0].minutes", "Treatment 1, minutes"),
        ("techniques[2].regions[0].side", "Technique 3, region 1, side"),
        ("pain_today", "Pain today"),
        ("vitals.systolic", "Vitals, systolic"),
        ("complaints[1]", "Complaint 2"),
        ("temperature_c", "Temperature"),
        ("new_medications", "New medications"),
    ],
)
def test_a_field_is_named_as_the_form_labels_it(path: str, words: str) -> None:
    assert field_name(path) == words


def test_refusals_name_the_field_in_words() -> None:
    errors = FieldErrors()
    errors.add("treatments[0].minutes", "must be a whole number from 1 to 120")
    with pytest.raises(InvalidInput) as raised:
        errors.raise_any()
    assert problem_message(raised.value) == (
        "Treatment 1, minutes: must be a whole number from 1 to 120"
    )


def test_a_check_in_reads_as_sentences() -> None:
    said = check_in_sentences(
        {
            "temperature_c": 37.25,
            "systolic": 128,
            "diastolic": 82,
            "new_medications": ["ibuprofen"],
            "red_flags": {"dvt_signs": True, "feverish": False},
        }
    )
    assert said[:3] == [
        "Temperature 37.3 °C.",
        "Blood pressure 128/82 mmHg.",
        "New medications: ibuprofen.",
    ]
    assert said[3].startswith("Reported today: ")
    assert "dvt_signs" not in " ".join(said)
    assert check_in_sentences({}) == ["Nothing new since the intake."]


def test_a_departure_of_the_core_is_worded_from_its_parts() -> None:
    item = {
        "kind": "pressure_above_cap",
        "technique": "swedish",
        "regions": [{"region": "shoulder", "side": "right"}],
        "finding": "bleeding_risk.anticoagulant",
        "pressure": "firm",
        "cap": "medium",
        "message": "firm pressure is above the medium cap set by bleeding_risk.anticoagulant.",
    }
    words = departure(item)
    assert words.startswith("Swedish massage: firm pressure is above the medium cap on right")
    assert "bleeding_risk" not in words


@pytest.mark.parametrize(
    ("kind", "value", "words"),
    [
        ("appointment_status", "no_show", "No-show"),
        ("message_kind", "appointment_reminder", "Appointment reminder"),
        ("home_log_status", "done", None),
        ("measure_context", "reassessment", "Re-assessment"),
        ("exercise_kind", "self_massage", "Self-massage"),
    ],
)
def test_the_apps_register_their_own_choices(kind: str, value: str, words: str | None) -> None:
    from medmassage.words import vocabulary

    assert vocabulary.is_known(kind, value)
    assert words is None or vocabulary.label(kind, value) == words
