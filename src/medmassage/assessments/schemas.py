"""JSON shapes of assessments (fields documented in the OpenAPI schema).

Types are checked here; values (joint, movement, side, degrees, vocabularies, questionnaire
answers) are checked by the service, whose 422 names the field as `rom[1].degrees`.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import StrictBool, StrictFloat, StrictInt

from medmassage.inputs import IsoDate, StrictInput
from medmassage.outcomes.schemas import AnswerIn, MeasurementOut, RecorderOut


class RomIn(StrictInput):
    joint: str = Field(description="cervical, thoracolumbar, shoulder, hip or knee")
    movement: str = Field(description="e.g. flexion, rotation, external_rotation")
    side: str = Field("none", description="left or right for sided movements, else none")
    degrees: StrictInt | StrictFloat = Field(description="Whole degrees, 0 to 360")
    pain: StrictBool = Field(False, description="Pain on movement")
    notes: str = ""


class PostureIn(StrictInput):
    region: str
    observation: str = Field(
        description="forward_head, rounded_shoulders, elevated_shoulder, increased_lordosis, "
        "pelvic_tilt, scoliosis, leg_length_difference or other (describe in notes)"
    )
    side: str = Field("", description="left, right, both, or empty")
    notes: str = ""


class PalpationIn(StrictInput):
    region: str
    side: str = Field(description="left, right or both")
    tenderness: StrictInt = Field(0, description="0 none, 1 mild, 2 moderate, 3 severe")
    trigger_points: StrictBool = False
    tone: str = Field("normal", description="low, normal, high or spasm")
    notes: str = ""


class SpecialTestIn(StrictInput):
    test: str = Field(
        description="spurling, ultt, phalen, hawkins_kennedy, empty_can, straight_leg_raise, "
        "slump, faber, thomas, ober, mcmurray, lachman or other (name it in notes)"
    )
    result: str = Field(description="positive, negative or equivocal")
    side: str = Field("", description="left, right, both, or empty")
    region: str = Field("", description="Default: the region the test belongs to")
    notes: str = ""


class QuestionnaireIn(StrictInput):
    instrument: str
    answers: list[AnswerIn] = Field(description="As for measurements: null when unanswered")
    activities: list[str] = Field(default_factory=list, description="PSFS only")


class AssessmentIn(StrictInput):
    assessed_on: IsoDate | None = Field(None, description="Default: today")
    notes: str = ""
    rom: list[RomIn] = Field(default_factory=list)
    posture: list[PostureIn] = Field(default_factory=list)
    palpation: list[PalpationIn] = Field(default_factory=list)
    special_tests: list[SpecialTestIn] = Field(default_factory=list)
    questionnaires: list[QuestionnaireIn] = Field(
        default_factory=list, description="Baseline questionnaires, scored by the clinical core"
    )


class RomOut(Schema):
    joint: str
    movement: str
    side: str
    degrees: int
    normal_degrees: int
    percent_of_normal: float | None
    pain: bool
    notes: str


class RomComparisonOut(Schema):
    joint: str
    movement: str
    text: str = Field(description='e.g. "Cervical rotation: L 60° / R 80° (normal 80°), ..."')
    left: int | None
    right: int | None
    difference: float | None = Field(description="Left against right, in degrees")
    less_side: str | None
    percent_less: float | None


class AssessmentSummaryOut(Schema):
    id: int
    client_id: int
    assessed_on: date
    recorded_by: RecorderOut
    created_at: datetime


class AssessedMeasurementOut(MeasurementOut):
    assessment_id: int = Field(description="The assessment the questionnaire was answered at.")


class AssessmentOut(AssessmentSummaryOut):
    notes: str
    rom: list[RomOut]
    rom_comparisons: list[RomComparisonOut]
    posture: list[PostureIn]
    palpation: list[PalpationIn]
    special_tests: list[SpecialTestIn]
    questionnaires: list[AssessedMeasurementOut]
