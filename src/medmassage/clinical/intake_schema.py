"""The JSON Schemas (draft 2020-12) of the intake and practitioner documents."""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any

from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import KnowledgeBase
from medmassage.clinical.knowledge_terms import targets as text_targets
from medmassage.clinical.vocabulary import REGIONS, Pressure, Side

DRAFT = "https://json-schema.org/draft/2020-12/schema"
INTAKE_FORMAT = "medmassage.intake"
PRACTITIONER_FORMAT = "medmassage.practitioner"
VERSION = 1
CANCER_STATUSES = ("active_treatment", "palliative", "completed", "remission", "history")
SKIN_KINDS = ("open_wound", "burn", "local_infection", "contagious", "undiagnosed_lump")
SEVERITIES = ("mild", "moderate", "severe")

Json = dict[str, Any]


def _obj(properties: Json, *, required: tuple[str, ...] = (), description: str = "") -> Json:
    schema: Json = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _list(items: Json, description: str = "") -> Json:
    schema: Json = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


def _enum(values: tuple[str, ...] | list[str], description: str = "") -> Json:
    schema: Json = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


DATE: Json = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
TEXT: Json = {"type": "string"}
FLAG: Json = {"type": "boolean"}
REGION = _enum(REGIONS, "body region")
SIDE = _enum([side.value for side in Side], "side; omitted means both")
REGION_REF = _obj({"region": REGION, "side": SIDE}, required=("region",))
LIMB = _obj(
    {"limb": _enum(("arm", "leg")), "side": SIDE},
    required=("limb", "side"),
    description="an arm or a leg; the planner expands it to its regions",
)


VITALS = _obj(
    {
        "temperature_c": {"type": "number", "minimum": 25, "maximum": 45},
        "systolic": {"type": "integer", "minimum": 40, "maximum": 320},
        "diastolic": {"type": "integer", "minimum": 20, "maximum": 220},
    },
    description="today's measurements",
)


def _dated_site(kind: Json | None, description: str) -> Json:
    properties: Json = {"region": REGION, "side": SIDE, "date": DATE, "description": TEXT}
    if kind is not None:
        properties["kind"] = kind
    properties["healed"] = {"type": "boolean", "description": "bone or incision healed"}
    return _obj(properties, required=("region", "date"), description=description)


def _severity(values: tuple[str, ...], key: str, description: str) -> Json:
    """`true` (details unknown) or an object giving the severity or status."""
    return {
        "anyOf": [FLAG, _obj({key: _enum(values)})],
        "description": description + "; true when the detail is unknown",
    }


def _cancer() -> Json:
    field = _obj(
        {"region": REGION, "side": SIDE, "ended": DATE},
        required=("region",),
        description="radiation field; avoided for 6 weeks after `ended` (always if no date)",
    )
    return _obj(
        {
            "site": TEXT,
            "status": _enum(CANCER_STATUSES),
            "treatment_ended": DATE,
            "tumour_sites": _list(REGION_REF, "regions of a known tumour"),
            "radiation_fields": _list(field),
            "bone_metastases": _list(REGION_REF, "regions with bone metastases"),
        },
        required=("status",),
    )


def _history(kb: KnowledgeBase) -> Json:
    return _obj(
        {
            "cancer": _list(_cancer()),
            "surgeries": _list(_dated_site(None, "surgery: region of the site and date")),
            "fractures": _list(_dated_site(None, "fracture: region and date")),
            "acute_injuries": _list(_dated_site(_enum(("sprain", "strain")), "sprain or strain")),
            "lymph_node_removal": _list(LIMB, "the limb drained by the nodes removed"),
            "lymphoedema": _list(LIMB),
            "osteoporosis": _severity((*SEVERITIES, "unknown"), "severity", "osteoporosis"),
            "diabetes": {"anyOf": [FLAG, _obj({"neuropathy": FLAG})]},
            "peripheral_neuropathy": _list(REGION_REF, "regions with reduced sensation"),
            "heart_failure": _severity(
                ("controlled", "uncontrolled", "acute"), "status", "heart failure"
            ),
            "kidney_disease": _severity((*SEVERITIES, "failure"), "severity", "kidney disease"),
            "rheumatoid_arthritis": {"anyOf": [FLAG, _obj({"neck_involvement": FLAG})]},
            "bleeding_disorder": FLAG,
            "low_platelets": FLAG,
            "dvt_history": FLAG,
            "fibromyalgia": FLAG,
            "acute_infection": {"type": "boolean", "description": "acute systemic infection now"},
            "immunosuppressed": FLAG,
            "iv_drug_use": FLAG,
            "varicose_veins": _list(
                _obj(
                    {"region": REGION, "side": SIDE, "severity": _enum((*SEVERITIES, "unknown"))},
                    required=("region",),
                )
            ),
            "skin": _list(
                _obj(
                    {"region": REGION, "side": SIDE, "kind": _enum(SKIN_KINDS)},
                    required=("region", "kind"),
                )
            ),
            "other": _list(
                TEXT, "anything else, free text (screened for red flags: see text_answers)"
            ),
        }
    )


def _complaint(kb: KnowledgeBase) -> Json:
    schema = _obj(
        {
            "region": REGION,
            "side": SIDE,
            "icd10": {"type": "string", "pattern": r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"},
            "description": TEXT,
            "condition": _enum(
                sorted(kb.conditions), "knowledge-base condition; else found from icd10"
            ),
            "onset": {**DATE, "description": "when the complaint began (judges 'new' pain)"},
            "pain": {"type": "integer", "minimum": 0, "maximum": 10, "description": "NPRS 0-10"},
            "eases": _list(TEXT),
            "aggravates": _list(TEXT),
        },
        description="a complaint; without region it is whole-body (e.g. stress, widespread aching)",
    )
    schema["anyOf"] = [
        {"required": [key]} for key in ("region", "condition", "icd10", "description")
    ]
    return schema


def _medication(kb: KnowledgeBase) -> Json:
    by_object = _obj(
        {
            "name": {"type": "string", "minLength": 1},
            "class": _enum(sorted(kb.medication_classes)),
            "long_term": {"type": "boolean", "description": "taken for 3 months or more"},
        }
    )
    by_object["anyOf"] = [{"required": ["name"]}, {"required": ["class"]}]
    return {
        "anyOf": [{"type": "string", "minLength": 1}, by_object],
        "description": "drug name or {name, class}",
    }


def _answers(kb: KnowledgeBase) -> Json:
    answer = {"enum": [True, False, "unknown"]}
    properties = {
        key: {**answer, "description": question.text}
        for key, question in sorted(kb.questions.items())
    }
    return _obj(properties, description='red-flag question answers: true, false or "unknown"')


def _clearance(kb: KnowledgeBase) -> Json:
    topics = sorted({rule.clearance_topic for rule in kb.rules if rule.clearance_topic})
    return _obj(
        {
            "from": TEXT,
            "covers": _list(_enum([*topics, "all"]), "what it clears; omitted means all"),
            "date": DATE,
            "notes": TEXT,
            "max_pressure": _enum(
                [pressure.value for pressure in Pressure], "the clearance's pressure limit"
            ),
            "exclude": _list(_enum(sorted(kb.techniques)), "techniques the clearance rules out"),
            "until": {
                **DATE,
                "description": "the last day the clearance holds; after it, it clears nothing "
                "and a clearance with limits of its own is asked for again",
            },
            "avoid_regions": _list(
                REGION_REF, "regions the clearance rules out: no work there (a finding of its own)"
            ),
            "standing": {
                "type": "boolean",
                "description": "its pressure limit and techniques ruled out hold for all work, "
                "as a finding with the clearance as its source (omitted: they narrow only what "
                "it clears)",
            },
            "reference": {
                **TEXT,
                "description": "how the clinic files the clearance (named in its findings)",
            },
        },
        required=("date",),
        description="a physician clearance on file",
    )


def _text_answers(kb: KnowledgeBase) -> Json:
    answer = _obj(
        {
            "target": _enum(text_targets(kb.questions, kb.medication_classes)),
            "answer": {
                "type": "boolean",
                "description": "the therapist's answer to the prompt: true (yes) or false (no)",
            },
            "field": {
                "type": "string",
                "description": "the free-text field of the hit (e.g. new_symptoms); "
                "omitted: every hit of the target",
            },
            "note": TEXT,
        },
        required=("target", "answer"),
    )
    return _list(
        answer,
        "the therapist's answers to free-text prompts; an unanswered hit counts as a yes",
    )


def intake_schema(kb: KnowledgeBase | None = None) -> Json:
    """The intake document's JSON Schema, with the knowledge base's vocabularies."""
    kb = kb or knowledge()
    properties: Json = {
        "format": {"const": INTAKE_FORMAT},
        "version": {"const": VERSION},
        "visit_date": {
            **DATE,
            "description": "date of the visit; the day the command runs if omitted",
        },
        "age": {"type": "integer", "minimum": 0, "maximum": 130},
        "date_of_birth": DATE,
        "sex": _enum(("female", "male", "intersex", "unknown")),
        "pregnancy": _obj(
            {"weeks": {"type": "integer", "minimum": 0, "maximum": 45}},
            description="present when pregnant",
        ),
        "complaints": _list(_complaint(kb)),
        "history": _history(kb),
        "medications": _list(_medication(kb)),
        "vitals": VITALS,
        "red_flags": _answers(kb),
        "substance_use_today": _obj({"alcohol": FLAG, "drugs": FLAG}),
        "goals": _list(TEXT),
        "consents": _obj({"informed": FLAG, "guardian": FLAG}),
        "clearances": _list(_clearance(kb)),
        "notes": TEXT,
        "new_symptoms": {
            "type": "string",
            "description": "symptoms reported at today's check-in (screened like all free text)",
        },
        "text_answers": _text_answers(kb),
    }
    schema = _obj(
        properties, required=("format", "version"), description="MedMassage intake, version 1"
    )
    schema["$schema"] = DRAFT
    schema["$id"] = "https://medmassage.org/schema/intake-1.json"
    schema["title"] = "MedMassage intake"
    schema["anyOf"] = [{"required": ["age"]}, {"required": ["date_of_birth"]}]
    return schema


def practitioner_schema(kb: KnowledgeBase | None = None) -> Json:
    """The practitioner document's JSON Schema."""
    kb = kb or knowledge()
    licence = _obj(
        {"number": TEXT, "type": TEXT, "expires": DATE}, description="the massage licence"
    )
    schema = _obj(
        {
            "format": {"const": PRACTITIONER_FORMAT},
            "version": {"const": VERSION},
            "name": TEXT,
            "credentials": _list(
                _enum(sorted(kb.credentials)), "credentials held beyond the licence"
            ),
            "jurisdiction": TEXT,
            "licence": licence,
        },
        required=("format", "version"),
        description="MedMassage practitioner, version 1",
    )
    schema["$schema"] = DRAFT
    schema["$id"] = "https://medmassage.org/schema/practitioner-1.json"
    schema["title"] = "MedMassage practitioner"
    return schema


@functools.cache
def cached_schema(document: str) -> Mapping[str, Any]:
    """The packaged knowledge base's schema, built once (validators must not modify it)."""
    return intake_schema() if document == "intake" else practitioner_schema()


def schema_for(document: str) -> Json:
    """The JSON Schema of an "intake" or "practitioner" document (a fresh copy)."""
    if document not in ("intake", "practitioner"):
        raise ValueError(f"unknown document {document!r}: intake or practitioner")
    return copy.deepcopy(dict(cached_schema(document)))
