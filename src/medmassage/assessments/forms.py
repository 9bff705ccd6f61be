"""The assessment page's forms: they parse rows of input; the service decides what is valid.

The page is a handful of fixed rows per kind of finding (blank rows are ignored) plus one
QuestionnaireForm per questionnaire added. `AssessmentPage` gathers them, builds the service's
`AssessmentEntry`, and routes the service's errors (`rom[1].degrees`) back to the row and field
they name: the one place this page maps domain errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.assessments import choices
from medmassage.assessments.entries import (
    AssessmentEntry,
    PalpationEntry,
    PostureEntry,
    QuestionnaireEntry,
    RomEntry,
    SpecialTestEntry,
)
from medmassage.clinical.range_of_motion import JOINTS, ROM_SIDES
from medmassage.outcomes.forms import QuestionnaireForm
from medmassage.words.vocabulary import label

ROWS = {"rom": 10, "posture": 4, "palpation": 6, "special_tests": 4}
BLANK: list[tuple[str, Any]] = [("", "—")]
_ERROR_KEY = re.compile(r"^(?P<kind>\w+)\[(?P<index>\d+)\](?:\.(?P<field>\w+))?$")


def motion_value(joint: str, movement: str) -> str:
    """How a joint movement is written in the form: "cervical:rotation"."""
    return f"{joint}:{movement}"


MOTION_CHOICES = [
    (joint.label, [(motion_value(joint.id, m.id), m.name) for m in joint.movements.values()])
    for joint in JOINTS.values()
]
MOTIONS = {
    motion_value(joint.id, movement.id): movement
    for joint in JOINTS.values()
    for movement in joint.movements.values()
}


class MotionSelect(forms.Select):
    """Joint movements, each option carrying its normal so the page can show it beside the input."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        movement = MOTIONS.get(str(option["value"]))
        if movement is not None:
            option["attrs"]["data-normal"] = movement.degrees
            option["attrs"]["data-sided"] = "true" if movement.sided else "false"
        return option


class RowForm(forms.Form):
    """A row of findings; blank when its main field and free-entry fields are empty."""

    main_field: ClassVar[str]
    entered_fields: ClassVar[tuple[str, ...]] = ("notes",)

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        names = (self.main_field, *self.entered_fields)
        return all(data.get(name) in (None, "") for name in names)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get(self.main_field) and not self.is_blank():
            self.add_error(self.main_field, "choose one, or clear the row")
        return data

    def entry(self) -> Any:
        """The row as the service takes it (call after is_valid, on a row that is not blank)."""
        raise NotImplementedError


class RomForm(RowForm):
    main_field = "motion"
    entered_fields = ("degrees", "notes")

    motion = forms.ChoiceField(
        label="Joint and movement", choices=BLANK + MOTION_CHOICES, required=False
    )
    side = forms.ChoiceField(
        choices=[
            (side, "No side" if side == "none" else label("side", side)) for side in ROM_SIDES
        ],
        initial="none",
        required=False,
    )
    degrees = forms.IntegerField(label="Degrees", required=False)
    pain = forms.BooleanField(label="Pain on movement", required=False)
    notes = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        motion = self.fields["motion"]
        motion.widget = MotionSelect(choices=BLANK + MOTION_CHOICES)
        motion.widget.attrs.update({"data-rom-motion": f"{self.prefix}-normal"})

    def normal_text(self) -> str:
        """The normal of the movement chosen, for the page before any script runs."""
        movement = MOTIONS.get(str(self["motion"].value() or ""))
        return f"normal {movement.degrees}°" if movement else ""

    def entry(self) -> RomEntry:
        joint, _, movement = self.cleaned_data["motion"].partition(":")
        data = self.cleaned_data
        return RomEntry(
            joint=joint,
            movement=movement,
            side=data["side"] or "none",
            degrees=data["degrees"],
            pain=data["pain"],
            notes=data["notes"],
        )


class PostureForm(RowForm):
    main_field = "observation"

    observation = forms.ChoiceField(
        choices=BLANK + choices.PostureObservation.choices, required=False
    )
    region = forms.ChoiceField(choices=BLANK + choices.REGION_CHOICES, required=False)
    side = forms.ChoiceField(choices=BLANK + choices.SIDE_CHOICES, required=False)
    notes = forms.CharField(max_length=500, required=False)

    def entry(self) -> PostureEntry:
        return PostureEntry(**self.cleaned_data)


class PalpationForm(RowForm):
    main_field = "region"

    region = forms.ChoiceField(choices=BLANK + choices.REGION_CHOICES, required=False)
    side = forms.ChoiceField(choices=BLANK + choices.SIDE_CHOICES, initial="both", required=False)
    tenderness = forms.TypedChoiceField(
        choices=choices.TENDERNESS_CHOICES, coerce=int, empty_value=None, initial=0, required=False
    )
    trigger_points = forms.BooleanField(label="Trigger points", required=False)
    tone = forms.ChoiceField(
        choices=BLANK + choices.Tone.choices, initial=choices.Tone.NORMAL, required=False
    )
    notes = forms.CharField(max_length=500, required=False)

    def entry(self) -> PalpationEntry:
        return PalpationEntry(**self.cleaned_data)


class SpecialTestForm(RowForm):
    main_field = "test"

    test = forms.ChoiceField(choices=BLANK + choices.SPECIAL_TEST_CHOICES, required=False)
    side = forms.ChoiceField(choices=BLANK + choices.SIDE_CHOICES, required=False)
    result = forms.ChoiceField(choices=BLANK + choices.TestResult.choices, required=False)
    region = forms.ChoiceField(
        label="Region (if not the test's own)",
        choices=BLANK + choices.REGION_CHOICES,
        required=False,
    )
    notes = forms.CharField(max_length=500, required=False)

    def entry(self) -> SpecialTestEntry:
        return SpecialTestEntry(**self.cleaned_data)


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
        initial=timezone.localdate,  # today, unless the assessment was on another day
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


ROW_FORMS: dict[str, type[RowForm]] = {
    "rom": RomForm,
    "posture": PostureForm,
    "palpation": PalpationForm,
    "special_tests": SpecialTestForm,
}


@dataclass
class AssessmentPage:
    """Every form of the assessment page, bound or not, and the way back from service errors."""

    data: Mapping[str, Any] | None
    instruments: Sequence[str]
    main: AssessmentForm = field(init=False)
    rows: dict[str, list[RowForm]] = field(init=False)
    questionnaires: list[QuestionnaireForm] = field(init=False)
    # For each kind, the row each entry sent to the service came from (blank rows are skipped).
    sent: dict[str, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.main = AssessmentForm(self.data)
        self.rows = {
            kind: [ROW_FORMS[kind](self.data, prefix=f"{kind}-{i}") for i in range(count)]
            for kind, count in ROWS.items()
        }
        self.questionnaires = [
            QuestionnaireForm(self.data, instrument=name, with_context=False, prefix=f"q-{name}")
            for name in self.instruments
        ]

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def all_forms(self) -> Iterator[forms.Form]:
        yield self.main
        for forms_of_kind in self.rows.values():
            yield from forms_of_kind
        yield from self.questionnaires

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all_forms()])  # noqa: C419 - check every form

    @property
    def has_errors(self) -> bool:
        return self.is_bound and any(form.errors for form in self.all_forms())

    def entry(self) -> AssessmentEntry:
        """What was entered, blank rows left out (call after is_valid)."""
        entries: dict[str, list[Any]] = {}
        for kind, row_forms in self.rows.items():
            kept = [i for i, form in enumerate(row_forms) if not form.is_blank()]
            self.sent[kind] = kept
            entries[kind] = [row_forms[i].entry() for i in kept]
        questionnaires = [
            QuestionnaireEntry(
                instrument=form.instrument.id, answers=form.answers(), activities=form.activities()
            )
            for form in self.questionnaires
        ]
        return AssessmentEntry(
            assessed_on=self.main.cleaned_data["assessed_on"],
            notes=self.main.cleaned_data["notes"],
            questionnaires=questionnaires,
            **entries,
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put each of the service's errors on the row and field it names."""
        for key, messages in error.message_dict.items():
            form, name = self._target(key)
            form.add_error(name if name in form.fields else None, messages)

    def _target(self, key: str) -> tuple[forms.Form, str | None]:
        match = _ERROR_KEY.match(key)
        if match is None:
            return self.main, None if key == "__all__" else key
        kind, index, name = match["kind"], int(match["index"]), match["field"]
        if kind == "questionnaires" and index < len(self.questionnaires):
            return self.questionnaires[index], None
        if kind in self.rows and index < len(self.sent.get(kind, ())):
            form = self.rows[kind][self.sent[kind][index]]
            return form, "motion" if name in ("joint", "movement") else name
        return self.main, None
