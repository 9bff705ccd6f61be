"""Issue 9 point 10: the rule index makes screening fast without dropping a rule. Screening
through the index finds exactly what testing every rule finds."""

from __future__ import annotations

import copy
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medmassage.clinical import screening
from medmassage.clinical.intake import parse_intake
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import TRIGGER_NAMES
from medmassage.clinical.screening import screen
from medmassage.clinical.screening_index import GATED_TRIGGERS
from tests.clinical.test_plan_properties import ADDITION, _add, intakes

KB = knowledge()
QUESTIONS = sorted(KB.questions)


def test_every_trigger_is_gated() -> None:
    assert GATED_TRIGGERS == TRIGGER_NAMES


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    intakes(),
    st.lists(ADDITION, max_size=3),
    st.lists(st.sampled_from(QUESTIONS), max_size=2),
    st.floats(36.0, 40.0),
    st.integers(100, 200),
)
def test_the_index_drops_no_rule(
    document: dict[str, Any],
    additions: list[tuple[str, Any]],
    answers: list[str],
    celsius: float,
    systolic: int,
) -> None:
    document = copy.deepcopy(document)
    for addition in additions:
        _add(document, addition)
    document["red_flags"] = {**document.get("red_flags", {}), **dict.fromkeys(answers, True)}
    document["vitals"] = {"temperature_c": round(celsius, 1), "systolic": systolic}
    intake = parse_intake(document)
    indexed = screen(intake)
    with mock.patch.object(screening, "candidate_rules", lambda kb, _intake: kb.rules):
        everything = screen(intake)
    assert indexed == everything
