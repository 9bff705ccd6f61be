"""Template filters of the intake pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """`mapping[key]`, or None: for keys held in a variable."""
    return None if mapping is None else mapping.get(key)


@register.filter
def all_no(questions: list[Any]) -> bool:
    """Whether every question of a red-flag group is answered no ("None of these")."""
    return bool(questions) and all(question.answer == "no" for question in questions)
