"""Template filters of the display vocabulary: `{% load words %}`, then
`{{ item.technique|label:"technique" }}`, `{{ ref|place }}`, `{{ refs|places }}`,
`{{ value|number }}` and `{{ value|score:instrument }}`."""

from __future__ import annotations

from collections.abc import Iterable

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
