"""Condition groups: which group an intake complaint's ICD-10-CM code falls in, and its label.

A group is the condition the knowledge base files the code under (its ICD-10-CM codes grouped
as one condition, e.g. M54.50 and M54.59 as low back pain), so each group meets the published
evidence for that condition; a code the knowledge base does not know is grouped by its
3-character ICD-10-CM category. Complaints without a code form one group of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from medmassage.clinical.knowledge import knowledge

CATEGORY_PREFIX = "icd:"
UNCODED = "uncoded"


def condition_group(code: str | None) -> str:
    """The group key of one complaint's code: a condition id, `icd:XNN`, or `uncoded`."""
    code = (code or "").strip().upper()
    if not code:
        return UNCODED
    found = knowledge().condition_for_code(code)
    return found if found is not None else f"{CATEGORY_PREFIX}{code[:3]}"


def complaint_codes(intake_document: dict[str, Any]) -> list[str]:
    """The ICD-10-CM codes of an intake's complaints, as written, in order, once each."""
    codes: list[str] = []
    for complaint in intake_document.get("complaints") or []:
        code = complaint.get("icd10") if isinstance(complaint, dict) else None
        if isinstance(code, str) and code.strip() and code.strip().upper() not in codes:
            codes.append(code.strip().upper())
    return codes


def condition_groups(intake_document: dict[str, Any]) -> list[str]:
    """The course's condition groups: one per distinct group of its complaints' codes."""
    complaints = intake_document.get("complaints") or []
    groups = [condition_group(c.get("icd10") if isinstance(c, dict) else None) for c in complaints]
    return _unique(groups) or [UNCODED]


def condition_label(key: str) -> str:
    """How people read a group: the condition's name, or the ICD-10-CM category."""
    if key == UNCODED:
        return "No ICD-10-CM code recorded"
    if key.startswith(CATEGORY_PREFIX):
        return f"ICD-10-CM category {key.removeprefix(CATEGORY_PREFIX)}"
    condition = knowledge().conditions.get(key)
    return condition.name if condition is not None else key


def condition_codes(key: str) -> tuple[str, ...]:
    """The ICD-10-CM codes (or category) a group stands for."""
    if key.startswith(CATEGORY_PREFIX):
        return (f"{key.removeprefix(CATEGORY_PREFIX)}.-",)
    condition = knowledge().conditions.get(key)
    return condition.icd10 if condition is not None else ()


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
