"""Template filters of the practitioner pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from medmassage.practitioners.status import format_hours

register = template.Library()


@register.filter
def hours(value: Decimal | None) -> str:
    """CE hours as people write them: 12, 7.5, 0.25."""
    return "" if value is None else format_hours(Decimal(value))
