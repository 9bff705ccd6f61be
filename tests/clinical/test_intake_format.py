"""The intake and practitioner documents: parsing, field-naming errors, schema agreement."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from medmassage.clinical.intake import SchemaError, parse_intake
from medmassage.clinical.intake_schema import schema_for
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.clinical.vocabulary import Side

HERE = Path(__file__).parent
DOCUMENTS = sorted((HERE / "vignettes").glob("*.json"))
CASES = sorted((HERE / "cases").glob("*.json"))


def _intake(**fields: Any) -> dict[str, Any]:
    return {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": "2026-03-01",
        "age": 40,
        **fields,
    }


def _validator(document: str) -> jsonschema.Draft202012Validator:
    schema = schema_for(document)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_minimal_intake_parses() -> None:
    intake = parse_intake(_intake())
    assert intake.age == 40
    assert intake.complaints == ()
    assert intake.visit_date == dt.date(2026, 3, 1)


def test_age_comes_from_date_of_birth_at_the_visit() -> None:
    document = _intake(date_of_birth="2008-03-02")
    del document["age"]
    assert parse_intake(document).age == 17


def test_missing_visit_date_uses_today_given() -> None:
    document = _intake()
    del document["visit_date"]
    assert parse_intake(document, today=dt.date(2030, 1, 1)).visit_date == dt.date(2030, 1, 1)


def test_complaint_condition_from_icd10_then_region() -> None:
    intake = parse_intake(
        _intake(complaints=[{"region": "lower_back", "icd10": "M54.5"}, {"region": "neck"}])
    )
    assert [c.condition for c in intake.complaints] == ["low_back_pain", "neck_pain"]
    assert intake.complaints[0].side is Side.BOTH


def test_medications_map_brand_and_generic_names_case_insensitively() -> None:
    intake = parse_intake(
        _intake(
            medications=[
                "ELIQUIS",
                "xarelto",
                {"name": "Warfarin"},
                "metformin",
                "metoprolol",
                {"class": "antiplatelet"},
            ]
        )
    )
    classes = [sorted(m.classes) for m in intake.medications]
    assert classes == [
        ["anticoagulant"],
        ["anticoagulant"],
        ["anticoagulant"],
        ["biguanide"],  # known to the medication search, read by no rule
        [],
        ["antiplatelet"],
    ]


def test_red_flag_answers_split_into_positive_and_unknown() -> None:
    intake = parse_intake(
        _intake(red_flags={"night_pain": True, "saddle_numbness": False, "dizziness": "unknown"})
    )
    assert intake.positive_answers == {"night_pain"}
    assert intake.unknown_answers == {"dizziness"}


def test_history_true_means_detail_unknown() -> None:
    intake = parse_intake(
        _intake(history={"osteoporosis": True, "heart_failure": {"status": "controlled"}})
    )
    assert intake.history.osteoporosis == "unknown"
    assert intake.history.heart_failure == "controlled"


@pytest.mark.parametrize(
    ("document", "path", "words"),
    [
        (
            _intake(complaints=[{"region": "nek"}]),
            "complaints[0].region",
            "is not one of head, jaw",
        ),
        (
            _intake(complaints=[{"region": "neck", "side": "up"}]),
            "complaints[0].side",
            "is not one of",
        ),
        (
            _intake(complaints=[{"region": "neck", "pain": 11}]),
            "complaints[0].pain",
            "above the maximum",
        ),
        (
            _intake(complaints=[{"region": "neck", "onset": "2026-02-30"}]),
            "complaints[0].onset",
            "is not a date",
        ),
        (
            _intake(complaints=[{"region": "neck", "onset": "2026-04-01"}]),
            "complaints[0].onset",
            "after the visit",
        ),
        (_intake(complaints=[{"pain": 3}]), "complaints[0]", "is required"),
        (_intake(medications=[{"class": "vitamins"}]), "medications[0].class", "is not one of"),
        (
            _intake(history={"surgeries": [{"region": "hip"}]}),
            "history.surgeries[0].date",
            "is required",
        ),
        (
            _intake(history={"cancer": [{"status": "cured"}]}),
            "history.cancer[0].status",
            "is not one of",
        ),
        (_intake(red_flags={"saddle": True}), "red_flags.saddle", "not a known field"),
        (_intake(red_flags={"night_pain": "yes"}), "red_flags.night_pain", "is not one of"),
        (_intake(vitals={"systolic": 120.5}), "vitals.systolic", "expected integer"),
        (_intake(colour="blue"), "colour", "not a known field"),
        (_intake(format="other"), "format", "must be"),
        (_intake(age=-1), "age", "below the minimum"),
        (_intake(date_of_birth="2030-01-01"), "date_of_birth", "after the visit"),
    ],
)
def test_errors_name_the_field(document: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(SchemaError) as caught:
        parse_intake(document)
    assert str(caught.value).startswith(path)
    assert words in str(caught.value)


def test_age_or_date_of_birth_is_required() -> None:
    document = _intake()
    del document["age"]
    with pytest.raises(SchemaError, match="age or date_of_birth"):
        parse_intake(document)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_vignette_files_validate_against_the_published_schema(path: Path) -> None:
    document = json.loads(path.read_text())
    kind = "practitioner" if "practitioner" in path.stem else "intake"
    _validator(kind).validate(document)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_intakes_validate_against_the_published_schema(path: Path) -> None:
    _validator("intake").validate(json.loads(path.read_text())["intake"])


@pytest.mark.parametrize(
    "document",
    [
        _intake(complaints=[{"region": "nek"}]),
        _intake(red_flags={"saddle": True}),
        _intake(medications=[3]),
        _intake(version=2),
        _intake(history={"skin": [{"region": "hand"}]}),
        {"format": "medmassage.intake", "version": 1},
    ],
)
def test_schema_and_parser_reject_the_same_documents(document: dict[str, Any]) -> None:
    assert not _validator("intake").is_valid(document)
    with pytest.raises(SchemaError):
        parse_intake(document)


def test_practitioner_document() -> None:
    practitioner = parse_practitioner(
        {
            "format": "medmassage.practitioner",
            "version": 1,
            "credentials": ["lymphatic_drainage", "craniosacral"],
            "jurisdiction": "CA-ON",
            "licence": {"number": "RMT-1", "expires": "2026-12-31"},
        }
    )
    assert practitioner.credentials == {"lymphatic_drainage", "craniosacral"}
    assert practitioner.licence_valid_on(dt.date(2026, 12, 31))
    assert not practitioner.licence_valid_on(dt.date(2027, 1, 1))


def test_practitioner_errors_name_the_field() -> None:
    with pytest.raises(SchemaError, match=r"^licence\.expires"):
        parse_practitioner(
            {"format": "medmassage.practitioner", "version": 1, "licence": {"expires": "soon"}}
        )


def test_schema_for_unknown_document() -> None:
    with pytest.raises(ValueError, match="intake or practitioner"):
        schema_for("visit")


def test_the_format_grows_with_free_text_answers_new_symptoms_and_clearance_limits() -> None:
    document = _intake(
        complaints=[{"region": "knee", "description": "calf pain"}],
        new_symptoms="feels feverish",
        text_answers=[
            {
                "target": "red_flags.dvt_signs",
                "answer": False,
                "field": "complaints[0].description",
            },
            {"target": "red_flags.feverish", "answer": True, "note": "38.2 at home"},
        ],
        clearances=[
            {
                "date": "2026-02-01",
                "covers": ["surgery"],
                "max_pressure": "light",
                "exclude": ["stretching"],
            }
        ],
    )
    _validator("intake").validate(document)
    intake = parse_intake(document)
    assert "feverish" in intake.positive_answers
    assert "dvt_signs" not in intake.positive_answers
    assert intake.clearances[0].max_pressure is not None
    assert intake.clearances[0].exclude == frozenset({"stretching"})


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        (
            {"text_answers": [{"target": "red_flags.moon", "answer": True}]},
            "text_answers[0].target",
        ),
        ({"text_answers": [{"target": "pregnancy"}]}, "text_answers[0].answer"),
        ({"new_symptoms": 3}, "new_symptoms"),
        (
            {"clearances": [{"date": "2026-01-01", "max_pressure": "hard"}]},
            "clearances[0].max_pressure",
        ),
    ],
)
def test_bad_new_fields_name_the_field(fields: dict[str, Any], path: str) -> None:
    with pytest.raises(SchemaError) as raised:
        parse_intake(_intake(**fields))
    assert raised.value.path == path


def test_earlier_documents_mean_the_same_without_the_new_fields() -> None:
    for path in DOCUMENTS:
        document = json.loads(path.read_text())
        if document.get("format") == "medmassage.intake":
            assert parse_intake(document).text_hits == ()
