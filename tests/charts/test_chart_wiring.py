"""The client's chart gathers the latest screening, the plan in force and the measures."""

from __future__ import annotations

from django.urls import reverse

from medmassage.outcomes.services import record_measurement
from medmassage.plans import services
from tests.builders import Ready, actor, take_intake
from tests.cast import logged_in


def test_the_chart_shows_findings_plan_and_measures(ready: Ready) -> None:
    take_intake(ready, "p3_apixaban_shoulder")
    plan = services.approve_plan(
        plan=services.draft_plan(client=ready.client, by=actor(ready.therapist)),
        by=actor(ready.therapist),
    )
    record_measurement(
        client=ready.client,
        by=actor(ready.therapist),
        instrument="quickdash",
        answers=[3] * 11,
        context="baseline",
    )
    page = logged_in(ready.cast.therapist).get(reverse("charts:client", args=[ready.client.pk]))
    text = page.content.decode()
    assert "Bleeding risk" in text
    assert reverse("plans:detail", args=[plan.pk]) in text
    assert "QuickDASH" in text
    assert 'id="chart-new-intake"' in text


def test_a_red_flag_intake_stands_out_on_the_chart(ready: Ready) -> None:
    take_intake(ready, "p2_cauda_equina")
    text = (
        logged_in(ready.cast.therapist)
        .get(reverse("charts:client", args=[ready.client.pk]))
        .content.decode()
    )
    alerts = text[text.index('class="chart-alerts"') :]
    assert "Red flag" in alerts[:2000]


def test_front_desk_sees_no_chart(ready: Ready) -> None:
    take_intake(ready, "p2_cauda_equina")
    text = (
        logged_in(ready.cast.front_desk)
        .get(reverse("charts:client", args=[ready.client.pk]))
        .content.decode()
    )
    assert "Red flag" not in text
    assert 'id="chart-new-intake"' not in text
    assert "Lovelace" in text


def test_the_assessment_offers_the_questionnaires_the_plan_calls_for(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    page = logged_in(ready.cast.therapist).get(
        reverse("assessments:create", args=[ready.client.pk])
    )
    text = page.content.decode()
    assert 'name="q-ndi-item_1"' in text
    assert 'name="q-nprs-item_1"' in text
    assert 'name="q-odi-item_1"' not in text
