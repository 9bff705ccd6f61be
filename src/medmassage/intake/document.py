"""The intake form's fields turned into the intake document (medmassage.intake, version 1).

Input names are the document's own JSON paths (`complaints[0].pain`, `history.surgeries[1].date`),
so an error the core reports for a path belongs to the input of that name. A value that does not
convert (a pain of "abc") is kept as typed: the core's schema then rejects it naming the field,
and the form shows it again as entered. Blank rows and empty sections are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from medmassage.clinical.intake_schema import INTAKE_FORMAT, VERSION
from medmassage.intake.catalogue import CLASS_PREFIX, known_medication

Form = Mapping[str, list[str]]
Json = dict[str, Any]

_ROW = re.compile(r"^(?P<group>[a-z_.]+)\[(?P<index>\d+)\]\.(?P<field>.+)$")
_TRUE = frozenset({"on", "true", "yes", "1"})
_ANSWERS: dict[str, bool | str] = {"yes": True, "no": False, "unknown": "unknown"}
# The yes/no items of the history, with the words the form shows.
HISTORY_FLAGS = {
    "bleeding_disorder": "Bleeding disorder",
    "low_platelets": "Low platelets",
    "dvt_history": "Past deep vein thrombosis (DVT)",
    "fibromyalgia": "Fibromyalgia",
    "acute_infection": "Acute infection now",
    "immunosuppressed": "Immunosuppressed (illness or medication)",
    "iv_drug_use": "Intravenous drug use",
}
NONE_OF_THESE = "red_flags_none"  # a checkbox per group: its value lists the group's questions
REMOVE = "remove"  # a submit button's name: its value names the row or chip to drop


def multi(data: Any) -> dict[str, list[str]]:
    """A QueryDict, or a plain mapping of strings or lists (tests), as lists of values."""
    if hasattr(data, "getlist"):
        return {key: data.getlist(key) for key in data}
    return {
        key: list(value) if isinstance(value, list | tuple) else [value]
        for key, value in data.items()
    }


# --- Values -----------------------------------------------------------------------------------


def _one(form: Form, key: str) -> str:
    values = form.get(key) or [""]
    return values[-1].strip()


def _text(form: Form, key: str) -> str | None:
    return _one(form, key) or None


def _flag(form: Form, key: str) -> bool:
    return _one(form, key).casefold() in _TRUE


def _integer(form: Form, key: str) -> int | str | None:
    raw = _one(form, key)
    try:
        return int(raw) if raw else None
    except ValueError:
        return raw  # the schema names the field: "expected integer, got 'abc'"


def _number(form: Form, key: str) -> float | str | None:
    raw = _one(form, key)
    try:
        return float(raw.replace(",", ".")) if raw else None
    except ValueError:
        return raw


def _items(form: Form, key: str, separator: str) -> list[str]:
    text = "\n".join(form.get(key, ()))
    return [item.strip() for item in re.split(separator, text) if item.strip()]


def _words(form: Form, key: str) -> list[str]:
    return _items(form, key, r"[,;\n]")


def _lines(form: Form, key: str) -> list[str]:
    return _items(form, key, r"\n")


def _compact(values: Json) -> Json:
    """Leave out what was not entered (None, "", empty lists and objects)."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _detail(form: Form, key: str, detail: str) -> bool | Json | None:
    """A select of "", "yes" (detail unknown) or a detail value."""
    value = _one(form, key)
    if not value:
        return None
    return True if value == "yes" else {detail: value}


# --- Repeating rows ---------------------------------------------------------------------------


def rows(form: Form, group: str) -> list[dict[str, list[str]]]:
    """A repeating group's rows (`group[i].field`) in index order, removed rows left out."""
    found: dict[int, dict[str, list[str]]] = {}
    for key, values in form.items():
        match = _ROW.match(key)
        if match is not None and match["group"] == group:
            found.setdefault(int(match["index"]), {})[match["field"]] = values
    removed = set(form.get(REMOVE, ()))
    return [row for index, row in sorted(found.items()) if f"{group}[{index}]" not in removed]


def _each(form: Form, group: str, build: Callable[[Form], Json | None]) -> list[Json]:
    built = (build(row) for row in rows(form, group))
    return [item for item in built if item]


def _place(row: Form) -> Json:
    region = _text(row, "region")
    return {"region": region, "side": _text(row, "side") if region else None}


def _complaint(row: Form) -> Json | None:
    content = _compact(
        {
            "region": _text(row, "region"),
            "icd10": (_text(row, "icd10") or "").upper() or None,
            "description": _text(row, "description"),
            "onset": _text(row, "onset"),
            "pain": _integer(row, "pain"),
            "eases": _words(row, "eases"),
            "aggravates": _words(row, "aggravates"),
        }
    )
    return _compact({**_place(row), **content}) if content else None


def _dated(row: Form) -> Json | None:
    item = _compact(
        {
            **_place(row),
            "kind": _text(row, "kind"),
            "date": _text(row, "date"),
            "description": _text(row, "description"),
            "healed": True if _flag(row, "healed") else None,
        }
    )
    return item if set(item) - {"side"} else None


def _limb(row: Form) -> Json | None:
    limb = _text(row, "limb")
    return {"limb": limb, "side": _text(row, "side") or "both"} if limb else None


def _local(detail: str) -> Callable[[Form], Json | None]:
    def build(row: Form) -> Json | None:
        item = _compact({**_place(row), detail: _text(row, detail)})
        return item if set(item) - {"side"} else None

    return build


def _region_list(form: Form, key: str) -> list[Json]:
    return [{"region": region} for region in form.get(key, ()) if region.strip()]


def _cancer(row: Form) -> Json | None:
    tumour = _each(row, "tumour_sites", lambda site: _compact(_place(site)) or None)
    fields = _each(
        row, "radiation_fields", lambda f: _compact({**_place(f), "ended": _text(f, "ended")})
    )
    item = _compact(
        {
            "status": _text(row, "status"),
            "site": _text(row, "site"),
            "treatment_ended": _text(row, "treatment_ended"),
            "tumour_sites": tumour,
            "radiation_fields": fields,
            "bone_metastases": _region_list(row, "bone_metastases"),
        }
    )
    return item or None


def _clearance(row: Form) -> Json | None:
    item = _compact(
        {
            "from": _text(row, "from"),
            "covers": [topic for topic in row.get("covers", ()) if topic],
            "date": _text(row, "date"),
            "notes": _text(row, "notes"),
        }
    )
    return item or None


# --- Sections ---------------------------------------------------------------------------------


def _history(form: Form) -> Json:
    diabetes, ra = "history.diabetes", "history.rheumatoid_arthritis"
    neuropathy, neck = _flag(form, f"{diabetes}.neuropathy"), _flag(form, f"{ra}.neck_involvement")
    return _compact(
        {
            "cancer": _each(form, "history.cancer", _cancer),
            "surgeries": _each(form, "history.surgeries", _dated),
            "fractures": _each(form, "history.fractures", _dated),
            "acute_injuries": _each(form, "history.acute_injuries", _dated),
            "lymph_node_removal": _each(form, "history.lymph_node_removal", _limb),
            "lymphoedema": _each(form, "history.lymphoedema", _limb),
            "osteoporosis": _detail(form, "history.osteoporosis", "severity"),
            "diabetes": {"neuropathy": True} if neuropathy else _flag(form, diabetes) or None,
            "peripheral_neuropathy": _region_list(form, "history.peripheral_neuropathy"),
            "heart_failure": _detail(form, "history.heart_failure", "status"),
            "kidney_disease": _detail(form, "history.kidney_disease", "severity"),
            "rheumatoid_arthritis": {"neck_involvement": True} if neck else _flag(form, ra) or None,
            **{name: _flag(form, f"history.{name}") or None for name in HISTORY_FLAGS},
            "varicose_veins": _each(form, "history.varicose_veins", _local("severity")),
            "skin": _each(form, "history.skin", _local("kind")),
            "other": _lines(form, "history.other"),
        }
    )


def _medications(form: Form) -> list[Json]:
    removed = {value.removeprefix("medication:") for value in form.get(REMOVE, ())}
    long_term = set(form.get("medications.long_term", ()))
    # A medication joins the list only when chosen: a suggestion (`add_medication`), or the
    # Add button with a name the knowledge base knows. Text merely left in the search box is
    # never a medication (a half-typed "ibu" would be recorded unscreened).
    tokens = [*form.get("medications", ()), *form.get("add_medication", ())]
    if _one(form, "update") == "medications":
        tokens.append(known_medication(_one(form, "medication_search")) or "")
    chosen: dict[str, str] = {}
    for token in (token.strip() for token in tokens):
        if token and token not in removed:
            chosen.setdefault(token.casefold(), token)
    items = []
    for token in chosen.values():
        if token.startswith(CLASS_PREFIX):
            item: Json = {"class": token.removeprefix(CLASS_PREFIX)}
        else:
            item = {"name": token}
        if token in long_term:
            item["long_term"] = True
        items.append(item)
    return items


def _red_flags(form: Form) -> Json:
    prefix = "red_flags."
    answers = {key.removeprefix(prefix): _one(form, key) for key in form if key.startswith(prefix)}
    # "None of these" answers no to each question of its group left unanswered; a question
    # answered yes (or unknown) keeps its answer, so a yes always wins over the group's none.
    for group in form.get(NONE_OF_THESE, ()):
        for key in group.split():
            if not answers.get(key):
                answers[key] = "no"
    return {key: _ANSWERS.get(value, value) for key, value in sorted(answers.items()) if value}


def _pregnancy(form: Form) -> Json | None:
    weeks = _integer(form, "pregnancy.weeks")
    if not _flag(form, "pregnant") and weeks is None:
        return None
    return {} if weeks is None else {"weeks": weeks}


def document_from_form(data: Any) -> Json:
    """The intake document the form describes (not yet validated; the service validates it)."""
    form = multi(data)
    document: Json = {"format": INTAKE_FORMAT, "version": VERSION}
    pregnancy = _pregnancy(form)
    if pregnancy is not None:
        document["pregnancy"] = pregnancy
    vitals = ("temperature_c", _number), ("systolic", _integer), ("diastolic", _integer)
    substances = ("alcohol", "drugs")
    document |= _compact(
        {
            "visit_date": _text(form, "visit_date"),
            "complaints": _each(form, "complaints", _complaint),
            "history": _history(form),
            "medications": _medications(form),
            "vitals": _compact({key: read(form, f"vitals.{key}") for key, read in vitals}),
            "red_flags": _red_flags(form),
            "substance_use_today": _compact(
                {key: _flag(form, f"substance_use_today.{key}") or None for key in substances}
            ),
            "goals": _lines(form, "goals"),
            "clearances": _each(form, "clearances", _clearance),
            "notes": _text(form, "notes"),
        }
    )
    return document


def pending_medication(data: Any) -> str | None:
    """Text in the medication search box that did not become a medication: it stays in the
    box, with the suggestions for it, until a medication is chosen or the box is cleared."""
    form = multi(data)
    text = _text(form, "medication_search")
    if text is None or "add_medication" in form:
        return None
    if _one(form, "update") == "medications" and known_medication(text):
        return None
    return text


def is_saving(data: Any) -> bool:
    """Only the Save button saves; other buttons (and Enter) just bring the form up to date."""
    return "save" in multi(data)
