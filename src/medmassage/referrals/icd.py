"""ICD-10-CM diagnosis codes checked against the code set shipped by simple-icd-10-cm: only
billable (leaf) codes are accepted, as a claim would require."""

from __future__ import annotations

import importlib
import warnings
from functools import cache
from typing import Any

from medmassage.problems import FieldErrors


@cache
def _cm() -> Any:
    """The code set, loaded on first use (it takes a moment and some memory)."""
    with warnings.catch_warnings():
        # simple-icd-10-cm 1.5 loads its table with a deprecated importlib.resources call.
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module("simple_icd_10_cm")


def normalised(code: str) -> str:
    """`m5450` and ` M54.50 ` both read as `M54.50`."""
    compact = code.strip().upper().replace(".", "")
    return compact if len(compact) <= 3 else f"{compact[:3]}.{compact[3:]}"


def code_problem(code: str) -> str | None:
    """Why a code is not a billable ICD-10-CM code, or None when it is."""
    if not _cm().is_valid_item(code):
        return f"{code} is not an ICD-10-CM code"
    if not _cm().is_leaf(code):
        return f"{code} is a category, not a billable code: choose a more specific code"
    return None


def checked_codes(codes: Any, errors: FieldErrors) -> list[dict[str, str]]:
    """Each code with its description, or the reason it is refused (on `diagnoses`)."""
    if not isinstance(codes, list) or not codes:
        errors.add("diagnoses", "give at least one ICD-10-CM code")
        return []
    found = []
    for raw in codes:
        code = normalised(str(raw))
        problem = code_problem(code)
        if problem:
            errors.add("diagnoses", problem)
            continue
        found.append({"code": code, "display": _cm().get_description(code)})
    return found
