"""A FHIR Bundle from another system read into what MedMassage would keep: the client's
identity, a draft intake, the referrer, and every mapping problem with where it is.

Nothing here writes. Each problem names its place in the Bundle (`entry[3].resource.code`) and
says what was done instead; a problem marked `blocking` stops the import until it is fixed at
the source (a patient with no birth date cannot be matched or registered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from medmassage.clinical.intake_schema import INTAKE_FORMAT, VERSION
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.vocabulary import REGIONS
from medmassage.fhir.codes import ICD10CM

Json = dict[str, Any]
# The intake's own pattern for ICD-10-CM codes (clinical/intake_schema.py).
ICD10_PATTERN = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
MAPPED = ("Patient", "Condition", "MedicationStatement", "AllergyIntolerance", "ServiceRequest")
# Resources read only to resolve references (the referring physician, their practice).
REFERENCED = ("Practitioner", "PractitionerRole", "Organization", "Medication")
_GENDERS = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
_CURRENT_MEDICATION = {"active", "intended", "on-hold", "unknown"}
_REGION_WORDS = sorted(
    ((region.replace("_", " "), region) for region in REGIONS), key=lambda p: -len(p[0])
)


@dataclass
class Reading:
    client: Json = field(default_factory=dict)
    intake: Json = field(default_factory=lambda: {"format": INTAKE_FORMAT, "version": VERSION})
    referral: Json = field(default_factory=dict)
    problems: list[Json] = field(default_factory=list)

    def problem(self, path: str, message: str, *, blocking: bool = False) -> None:
        self.problems.append({"path": path, "message": message, "blocking": blocking})

    @property
    def blocked(self) -> bool:
        return any(problem["blocking"] for problem in self.problems)


def read_bundle(bundle: object) -> Reading:
    """What the Bundle would become, and every problem met on the way."""
    reading = Reading()
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        reading.problem(
            "", "This is not a FHIR Bundle (resourceType must be Bundle).", blocking=True
        )
        return reading
    entries = bundle.get("entry")
    if not isinstance(entries, list) or not entries:
        reading.problem("entry", "The Bundle has no entries.", blocking=True)
        return reading
    resources = _resources(entries, reading)
    by_reference = _index(resources)
    patients = [(path, r) for path, r in resources if r.get("resourceType") == "Patient"]
    if len(patients) != 1:
        reading.problem("entry", f"Expected one Patient, found {len(patients)}.", blocking=True)
    else:
        _patient(*patients[0], reading)
    for path, resource in resources:
        _one(path, resource, reading, by_reference)
    return reading


def _resources(entries: list[Any], reading: Reading) -> list[tuple[str, Json]]:
    from fhir.resources.R4B import get_fhir_model_class

    found = []
    for index, entry in enumerate(entries):
        path = f"entry[{index}].resource"
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            reading.problem(path, "Not a resource: left out.")
            continue
        try:
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        except (KeyError, ValidationError) as error:
            reading.problem(
                path, f"Not valid FHIR R4 ({_first_error(error)}); read as far as it goes."
            )
        found.append((path, resource))
    return found


def _first_error(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
    return f"unknown resource type {error}"


def _index(resources: list[tuple[str, Json]]) -> dict[str, Json]:
    found = {}
    for _path, resource in resources:
        if resource.get("id"):
            found[f"{resource['resourceType']}/{resource['id']}"] = resource
    return found


def _one(path: str, resource: Json, reading: Reading, index: dict[str, Json]) -> None:
    kind = resource["resourceType"]
    if kind == "Condition":
        _condition(path, resource, reading)
    elif kind == "MedicationStatement":
        _medication(path, resource, reading, index)
    elif kind == "AllergyIntolerance":
        _allergy(path, resource, reading)
    elif kind == "ServiceRequest":
        _referral(path, resource, reading, index)
    elif kind not in MAPPED and kind not in REFERENCED:
        reading.problem(path, f"{kind} is not imported: MedMassage has no place for it.")


# --- Patient ----------------------------------------------------------------------------------


def _patient(path: str, patient: Json, reading: Reading) -> None:
    names = [n for n in patient.get("name", []) if isinstance(n, dict)]
    official = next((n for n in names if n.get("use") == "official"), names[0] if names else {})
    given = " ".join(official.get("given", []))
    family = official.get("family", "")
    if not given or not family:
        reading.problem(
            f"{path}.name", "The patient needs a given and a family name.", blocking=True
        )
    nickname = next((n for n in names if n.get("use") == "nickname"), {})
    birth = patient.get("birthDate", "")
    if not isinstance(birth, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", birth):
        reading.problem(
            f"{path}.birthDate",
            "A full birth date is needed to match or register the client.",
            blocking=True,
        )
        birth = ""
    telecom = [t for t in patient.get("telecom", []) if isinstance(t, dict)]
    reading.client = {
        "given_name": given[:100],
        "family_name": family[:100],
        "preferred_name": " ".join(nickname.get("given", []))[:100],
        "date_of_birth": birth,
        "sex": _GENDERS.get(patient.get("gender", ""), "unknown"),
        "phone": _contact(telecom, "phone")[:40],
        "email": _contact(telecom, "email")[:254],
        "address": _address(patient.get("address", [])),
    }
    if birth:
        reading.intake["date_of_birth"] = birth
    if reading.client["sex"] in ("female", "male"):
        reading.intake["sex"] = reading.client["sex"]


def _contact(telecom: list[Json], system: str) -> str:
    return next((str(t.get("value", "")) for t in telecom if t.get("system") == system), "")


def _address(addresses: object) -> str:
    if not isinstance(addresses, list) or not addresses or not isinstance(addresses[0], dict):
        return ""
    first = addresses[0]
    if first.get("text"):
        return str(first["text"])[:500]
    parts = [*first.get("line", []), first.get("city"), first.get("state"), first.get("postalCode")]
    return ", ".join(str(part) for part in parts if part)[:500]


# --- Clinical content (drafted into the intake, confirmed by the therapist) --------------------


def _text(concept: object) -> str:
    if not isinstance(concept, dict):
        return ""
    if concept.get("text"):
        return str(concept["text"])
    codings = [c for c in concept.get("coding", []) if isinstance(c, dict)]
    return next((str(c["display"]) for c in codings if c.get("display")), "")


def _codes(concept: object, system: str) -> list[str]:
    if not isinstance(concept, dict):
        return []
    return [
        str(c.get("code"))
        for c in concept.get("coding", [])
        if isinstance(c, dict) and c.get("system") == system
    ]


def _place(concept: object) -> tuple[str | None, str]:
    words = _text(concept).casefold()
    region = next((region for text, region in _REGION_WORDS if text in words), None)
    side = "left" if "left" in words else "right" if "right" in words else "both"
    return region, side


def _condition(path: str, condition: Json, reading: Reading) -> None:
    status = _codes(
        condition.get("clinicalStatus"), "http://terminology.hl7.org/CodeSystem/condition-clinical"
    )
    if status and status[0] not in ("active", "recurrence", "relapse"):
        reading.problem(
            f"{path}.clinicalStatus", f"A {status[0]} condition is not a complaint today: left out."
        )
        return
    complaint: Json = {}
    codes = _codes(condition.get("code"), ICD10CM)
    if codes and ICD10_PATTERN.match(codes[0]):
        complaint["icd10"] = codes[0]
    elif codes:
        reading.problem(
            f"{path}.code", f"{codes[0]!r} is not an ICD-10-CM code: kept as words only."
        )
    else:
        reading.problem(f"{path}.code", "No ICD-10-CM code: kept as words only.")
    if description := _text(condition.get("code")):
        complaint["description"] = description[:500]
    sites = condition.get("bodySite") or []
    region, side = _place(sites[0] if sites else None)
    if region:
        complaint |= {"region": region, "side": side}
    elif sites:
        reading.problem(
            f"{path}.bodySite",
            f"Body site {_text(sites[0])!r} has no MedMassage region: choose one.",
        )
    onset = condition.get("onsetDateTime")
    if isinstance(onset, str) and _DATE.match(onset):
        complaint["onset"] = onset[:10]
    if complaint.keys() & {"region", "icd10", "description"}:
        reading.intake.setdefault("complaints", []).append(complaint)
    else:
        reading.problem(path, "A condition with no code, words or body site: left out.")


def _medication(path: str, statement: Json, reading: Reading, index: dict[str, Json]) -> None:
    status = statement.get("status", "unknown")
    if status not in _CURRENT_MEDICATION:
        reading.problem(f"{path}.status", f"A {status} medication is not taken now: left out.")
        return
    name = _text(statement.get("medicationCodeableConcept"))
    reference = (statement.get("medicationReference") or {}).get("reference", "")
    if not name and reference:
        name = _text((index.get(reference) or {}).get("code"))
    if not name:
        reading.problem(f"{path}.medication[x]", "The medication is not named: left out.")
        return
    known = _known_drug(name)
    if known is None:
        reading.problem(
            f"{path}.medication[x]",
            f"{name!r} is not in the medication list: screening cannot judge it; check it.",
        )
    elif known != name.casefold():
        reading.problem(f"{path}.medication[x]", f"{name!r} read as {known}.")
    reading.intake.setdefault("medications", []).append({"name": (known or name)[:200]})


def _known_drug(name: str) -> str | None:
    """The knowledge base's drug named by the words (a dose or a form may follow the name)."""
    words = name.casefold().replace("-", " ").split()
    drugs = knowledge().drug_index
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start : start + size])
            if candidate in drugs:
                return candidate
    return None


def _allergy(path: str, allergy: Json, reading: Reading) -> None:
    substance = _text(allergy.get("code")) or "unnamed substance"
    reactions = [
        _text(manifestation)
        for reaction in allergy.get("reaction", [])
        if isinstance(reaction, dict)
        for manifestation in reaction.get("manifestation", [])
    ]
    line = f"Allergy: {substance}" + (
        f" ({', '.join(r for r in reactions if r)})" if any(reactions) else ""
    )
    reading.intake.setdefault("history", {}).setdefault("other", []).append(line[:500])
    reading.problem(
        path, "Kept as a line of history (the intake has no allergy list): check oils and lotions."
    )


def _referral(path: str, request: Json, reading: Reading, index: dict[str, Json]) -> None:
    requester = request.get("requester") or {}
    who = index.get(requester.get("reference", ""), {})
    names = who.get("name") or []
    name = requester.get("display") or (_person_name(names[0]) if names else "")
    reasons = [_text(reason) for reason in request.get("reasonCode", [])]
    reading.referral = {
        "referrer_name": str(name)[:200],
        "referrer_profession": "Physician" if who.get("resourceType") == "Practitioner" else "",
        "referrer_phone": _contact(
            [t for t in who.get("telecom", []) if isinstance(t, dict)], "phone"
        )[:40],
        "referrer_email": _contact(
            [t for t in who.get("telecom", []) if isinstance(t, dict)], "email"
        )[:254],
    }
    notes = [f"Referral: {', '.join(r for r in reasons if r) or 'no reason given'}"]
    notes += [
        str(note.get("text"))
        for note in request.get("note", [])
        if isinstance(note, dict) and note.get("text")
    ]
    reading.intake["notes"] = "\n".join([reading.intake.get("notes", ""), *notes]).strip()[:4000]
    reading.problem(
        path,
        "The referral is kept as the client's referring provider and a note on the intake; "
        "visits authorised and expiry are not tracked yet.",
    )


def _person_name(name: object) -> str:
    if not isinstance(name, dict):
        return ""
    if name.get("text"):
        return str(name["text"])
    return " ".join(
        [*name.get("prefix", []), *name.get("given", []), name.get("family", "")]
    ).strip()
