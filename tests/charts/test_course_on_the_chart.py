"""The chart counts the course: session N of M from the signed visits, and after discharge the
plan's status, the sessions done and the discharge date."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from medmassage.discharges.services import close_plan
from medmassage.plans.services import revise_plan
from tests.builders import Ready, actor, approve, signed_visit
from tests.cast import logged_in


def chart_page(ready: Ready) -> str:
    browser = logged_in(ready.cast.therapist)
    return browser.get(reverse("charts:client", args=[ready.client.pk])).content.decode()


def test_three_signed_visits_are_session_three(ready: Ready) -> None:
    plan = approve(ready)
    for _ in range(3):
        signed_visit(ready)

    planned = plan.document.planned_sessions
    assert f"session 3 of {planned}" in chart_page(ready)


def test_a_revision_keeps_counting_the_course(ready: Ready) -> None:
    plan = approve(ready)
    signed_visit(ready)
    from medmassage.plans.services import approve_plan

    approve_plan(plan=revise_plan(plan=plan, by=actor(ready.therapist)), by=actor(ready.therapist))
    signed_visit(ready)

    assert "session 2 of" in chart_page(ready)


def test_after_discharge_the_chart_shows_status_sessions_and_date(ready: Ready) -> None:
    plan = approve(ready)
    for _ in range(2):
        signed_visit(ready)
    close_plan(plan=plan, by=actor(ready.therapist), reason="goals_met")

    page = chart_page(ready)

    assert "Closed" in page
    assert "2 sessions done" in page
    assert f"discharged {timezone.localdate():%Y-%m-%d}" in page
    assert 'id="chart-discharge-summary"' in page
