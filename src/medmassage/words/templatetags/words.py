"""Template filters of the display vocabulary: `{% load words %}`, then
`{{ item.technique|label:"technique" }}`, `{{ ref|place }}`, `{{ refs|places }}`,
`{{ value|number }}` and `{{ value|score:instrument }}`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from medmassage.words import vocabulary

register = template.Library()


@register.filter
def label(value: object, kind: str) -> str:
    """The words for an id of the named vocabulary."""
    return vocabulary.label(kind, value)


@register.filter
def place(value: object, side: object = None) -> str:
    """A {region, side} (or a region and a side) in words."""
    return vocabulary.place(value, side)


@register.filter
def places(value: Iterable[object]) -> str:
    """Several places in words."""
    return vocabulary.places(value)


@register.filter
def number(value: object) -> str:
    """A clinical number rounded for people (one decimal, none when whole)."""
    return vocabulary.number(value)


@register.filter
def score(value: object, instrument: str) -> str:
    """A score with its instrument's unit."""
    return vocabulary.score(value, instrument)


@register.filter
def labelled(values: Iterable[object], kind: str) -> list[tuple[str, str]]:
    """Ids as (id, words) pairs for a select: `{% for v, l in ids|labelled:"region" %}`."""
    return vocabulary.choices(kind, values)


@register.filter
def lower_words(value: object, kind: str) -> str:
    """The words of an id to run on inside a sentence ("up to medium pressure")."""
    return vocabulary.sentence_case(vocabulary.label(kind, value))


@register.filter
def departure(value: Mapping[str, Any], actions: Mapping[str, str] | None = None) -> str:
    """A departure from the findings in words."""
    return vocabulary.departure(value, actions)


@register.filter
def finding(value: str, actions: Mapping[str, str] | None = None) -> str:
    """What a finding (by its code) asks for, in its own words."""
    return vocabulary.finding_words(value, actions)


@register.filter
def check_in(value: Mapping[str, Any]) -> list[str]:
    """Today's check-in answers as sentences."""
    return vocabulary.check_in_sentences(value or {})
