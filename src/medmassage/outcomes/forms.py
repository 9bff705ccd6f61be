"""The questionnaire form: an instrument's items as radio groups, built from the clinical core.

Item labels and response values come from the core (instruments.toml), so the page can offer only
what the core will score; whether enough items are answered is the core's decision, reported
through the service. PSFS lets the therapist type the activities the client chose.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms

from medmassage.clinical.instruments import Instrument, get_instrument
from medmassage.outcomes.models import Context
from medmassage.outcomes.validation import MAX_ACTIVITY_CHARS, PSFS
from medmassage.problems import ServiceErrorsMixin


@dataclass(frozen=True)
class ItemRow:
    """One item as the template draws it: its number, label, radios and (PSFS) activity box."""

    number: int
    label: str
    field: forms.BoundField
    activity: forms.BoundField | None


def response_label(instrument: str, value: int) -> str:
    """How a response value reads on the page: its number, then the project's own words for
    it where the instrument has them ("10 (sometimes)" for HIT-6, "0 (none)" for NDI)."""
    word = get_instrument(instrument).items.answer_words(value)
    return f"{value} ({word})" if word else str(value)


class QuestionnaireForm(ServiceErrorsMixin, forms.Form):
    """Radio groups `item_1`… in item order; an unanswered item is left unchosen."""

    def __init__(
        self, *args: Any, instrument: str, with_context: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument: Instrument = get_instrument(instrument)
        choices = [
            (value, response_label(instrument, value)) for value in self.instrument.items.responses
        ]
        for number, label in enumerate(self.instrument.items.labels, 1):
            if self.is_psfs:
                self.fields[f"activity_{number}"] = forms.CharField(
                    label=f"Activity {number}", max_length=MAX_ACTIVITY_CHARS, required=False
                )
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        if with_context:
            self.fields["context"] = forms.ChoiceField(
                choices=Context.choices, initial=Context.ON_DEMAND
            )

    @property
    def is_psfs(self) -> bool:
        return self.instrument.id == PSFS

    def rows(self) -> Iterator[ItemRow]:
        """The items in order, for the template."""
        for number, label in enumerate(self.instrument.items.labels, 1):
            activity = self[f"activity_{number}"] if self.is_psfs else None
            yield ItemRow(number, label, self[f"item_{number}"], activity)

    def _kept(self) -> list[int]:
        numbers = range(1, self.instrument.items.max_count + 1)
        if not self.is_psfs:
            return list(numbers)
        # PSFS rows left wholly blank are activities the client did not choose.
        data = self.cleaned_data
        return [
            n
            for n in numbers
            if data.get(f"activity_{n}", "").strip() or data.get(f"item_{n}") is not None
        ]

    def answers(self) -> list[int | None]:
        """Item answers in order, None where unanswered (call after is_valid)."""
        return [self.cleaned_data.get(f"item_{n}") for n in self._kept()]

    def activities(self) -> list[str]:
        """PSFS: the activities named, aligned with answers(); empty otherwise."""
        if not self.is_psfs:
            return []
        return [self.cleaned_data.get(f"activity_{n}", "").strip() for n in self._kept()]

    def error_alias(self, name: str) -> str:
        # The service names `answers` and `activities`; they belong to the form as a whole.
        return name.rsplit(".", 1)[-1]
