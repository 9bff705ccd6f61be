"""The short lists an assessment is recorded with: posture, palpation and special tests.

These lists are a project policy: a short, common vocabulary so that findings can be compared
from one assessment to the next, with free text for anything else. They describe what the
therapist observed or did; they make no claim about what a finding means. Where a test is known
by the paper that described it, that paper is named; where no source is recorded, it says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from medmassage.clinical.vocabulary import REGIONS, Side

REGION_CHOICES = [(region, region.replace("_", " ").capitalize()) for region in REGIONS]
# The contract sides (left, right, both); "" where a finding has no side.
SIDE_CHOICES = [(side.value, side.value.capitalize()) for side in Side]


class PostureObservation(models.TextChoices):
    FORWARD_HEAD = "forward_head", "Forward head"
    ROUNDED_SHOULDERS = "rounded_shoulders", "Rounded shoulders"
    ELEVATED_SHOULDER = "elevated_shoulder", "Elevated shoulder"
    INCREASED_LORDOSIS = "increased_lordosis", "Increased lordosis"
    PELVIC_TILT = "pelvic_tilt", "Pelvic tilt"
    SCOLIOSIS = "scoliosis", "Scoliosis"
    LEG_LENGTH_DIFFERENCE = "leg_length_difference", "Leg length difference"
    OTHER = "other", "Other (describe in notes)"


class Tone(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    SPASM = "spasm", "Spasm"


# Tenderness on palpation, 0-3 (project policy: an ordinal grade, not a validated scale).
TENDERNESS_CHOICES = [(0, "0 none"), (1, "1 mild"), (2, "2 moderate"), (3, "3 severe")]


class TestResult(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    EQUIVOCAL = "equivocal", "Equivocal"


@dataclass(frozen=True)
class SpecialTest:
    id: str
    name: str
    region: str
    source: str | None  # the description the test is known by; None where none is recorded


SPECIAL_TESTS: tuple[SpecialTest, ...] = (
    SpecialTest(
        "spurling",
        "Spurling's test",
        "neck",
        "Spurling RG, Scoville WB 1944, Surg Gynecol Obstet",
    ),
    SpecialTest("ultt", "Upper limb tension test", "neck", None),
    SpecialTest("phalen", "Phalen's test", "hand", "Phalen GS 1966, J Bone Joint Surg Am"),
    SpecialTest(
        "hawkins_kennedy",
        "Hawkins-Kennedy test",
        "shoulder",
        "Hawkins RJ, Kennedy JC 1980, Am J Sports Med",
    ),
    SpecialTest(
        "empty_can",
        "Empty can test",
        "shoulder",
        "Jobe FW, Moynes DR 1982, Am J Sports Med",
    ),
    SpecialTest("straight_leg_raise", "Straight leg raise", "lower_back", None),
    SpecialTest("slump", "Slump test", "lower_back", "Maitland GD 1985, Aust J Physiother"),
    SpecialTest("faber", "FABER (Patrick's) test", "hip", None),
    SpecialTest("thomas", "Thomas test", "hip", None),
    SpecialTest(
        "ober",
        "Ober's test",
        "thigh",
        "Ober FR 1936, J Bone Joint Surg",
    ),
    SpecialTest("mcmurray", "McMurray test", "knee", "McMurray TP 1942, Br J Surg"),
    SpecialTest(
        "lachman",
        "Lachman test",
        "knee",
        "Torg JS, Conrad W, Kalen V 1976, Am J Sports Med",
    ),
    SpecialTest("other", "Other (name it in notes)", "", None),
)
SPECIAL_TESTS_BY_ID = {test.id: test for test in SPECIAL_TESTS}
SPECIAL_TEST_CHOICES = [(test.id, test.name) for test in SPECIAL_TESTS]
