"""The report's period, from the query string: `start` and `end` dates, the last year by
default; a bad date is an error naming the field, and the default period is shown meanwhile."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from medmassage.reports.models import Dimension
from medmassage.reports.queries import FIGURE_FILTERS, TOTAL, Period

DEFAULT_DAYS = 365
MAX_YEARS = 50


def default_period(today: date) -> Period:
    """The last year, today included."""
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today)


class PeriodForm(forms.Form):
    start = forms.DateField(required=False, label="Courses started from")
    end = forms.DateField(required=False, label="to")

    def __init__(self, data: Any, *, today: date) -> None:
        super().__init__(data)
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "must be on or after the start")
        if start and start < self.today.replace(year=self.today.year - MAX_YEARS):
            self.add_error("start", f"at most {MAX_YEARS} years back")
        return cleaned

    def period(self) -> Period:
        """The period asked for (the default where a date is missing or invalid)."""
        fallback = default_period(self.today)
        if not self.is_valid():
            return fallback
        return Period(
            self.cleaned_data.get("start") or fallback.start,
            self.cleaned_data.get("end") or fallback.end,
        )


class DrillForm(PeriodForm):
    """Which figure's courses: a dimension, a group of it, a figure."""

    dimension = forms.ChoiceField(choices=[(TOTAL, TOTAL), *Dimension.choices])
    group = forms.CharField(max_length=60)
    figure = forms.ChoiceField(choices=[(key, key) for key in FIGURE_FILTERS])
