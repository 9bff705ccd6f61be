"""Progress per measure, and the re-assessment prompt: when it fires and when it does not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from medmassage.outcomes.progress import get_progress, needs_reassessment, primary_measure
from medmassage.outcomes.services import record_measurement
from medmassage.plans.models import TreatmentPlan
from tests.builders import Ready, actor, approve
from tests.cast import logged_in

NDI_60 = [3] * 10  # 60 %
NDI_58 = [3] * 9 + [2]  # 58 %: 2 points better, below the MCID of 10
NDI_40 = [2] * 10  # 40 %: 20 points better


def measure(ready: Ready, instrument: str, answers: list[int], context: str, **kw: object) -> None:
    record_measurement(
        client=ready.client,
        by=actor(ready.therapist),
        instrument=instrument,
        answers=answers,
        context=context,
        **kw,  # type: ignore[arg-type]
    )


def visits(ready: Ready, *pain: int) -> None:
    for rating in pain:
        measure(ready, "nprs", [rating], "visit")


@pytest.fixture
def plan(ready: Ready) -> TreatmentPlan:
    """Baselines a week before the approved plan: NPRS 6 and NDI 60 %."""
    week_ago = timezone.now() - timedelta(days=7)
    measure(ready, "nprs", [6], "baseline", administered_at=week_ago)
    measure(ready, "ndi", NDI_60, "baseline", administered_at=week_ago)
    return approve(ready)


def test_progress_per_measure_against_the_baseline(ready: Ready, plan: TreatmentPlan) -> None:
    visits(ready, 5, 3)
    measure(ready, "ndi", NDI_40, "reassessment")

    found = {m.instrument: m for m in get_progress(ready.cast.clinic, ready.client)}

    nprs, ndi = found["nprs"], found["ndi"]
    assert (nprs.baseline, nprs.latest, nprs.change, nprs.direction) == (6, 3, -3, "improved")
    assert [float(p.score) for p in nprs.series] == [6, 5, 3]
    assert nprs.mcid == 2
    assert nprs.mcid_target == 4
    assert (ndi.change, ndi.direction, ndi.mcid_target) == (-20, "improved", 50)


def test_one_score_has_no_direction_yet(ready: Ready, plan: TreatmentPlan) -> None:
    ndi = next(m for m in get_progress(ready.cast.clinic, ready.client) if m.instrument == "ndi")

    assert ndi.direction is None
    assert ndi.change is None


def test_the_primary_measure_is_the_plans_first_region_specific_one(plan: TreatmentPlan) -> None:
    assert plan.content["measures"][:2] == ["nprs", "ndi"]
    assert primary_measure(plan) == "ndi"
    assert primary_measure(None) == "nprs"


def test_the_point_passed_without_improvement_prompts(ready: Ready, plan: TreatmentPlan) -> None:
    visits(ready, 5, 5, 5, 5)
    measure(ready, "ndi", NDI_58, "reassessment")

    prompt = needs_reassessment(ready.cast.clinic, ready.client)

    assert prompt is not None
    assert prompt.reasons == ("reassessment_due",)
    assert (prompt.primary, prompt.sessions, prompt.reassess_after) == ("ndi", 4, 4)
    assert "revise the treatment plan or refer" in prompt.suggestion


def test_no_prompt_before_the_point(ready: Ready, plan: TreatmentPlan) -> None:
    visits(ready, 5, 5, 5)

    assert needs_reassessment(ready.cast.clinic, ready.client) is None


def test_no_prompt_when_the_primary_measure_improved(ready: Ready, plan: TreatmentPlan) -> None:
    visits(ready, 5, 5, 5, 5)
    measure(ready, "ndi", NDI_40, "reassessment")

    assert needs_reassessment(ready.cast.clinic, ready.client) is None


def test_visits_before_the_plan_was_approved_do_not_count(ready: Ready) -> None:
    earlier = timezone.now() - timedelta(days=3)
    for rating in (5, 5, 5):
        measure(ready, "nprs", [rating], "visit", administered_at=earlier)
    approve(ready)
    visits(ready, 5)

    assert needs_reassessment(ready.cast.clinic, ready.client) is None


def test_pain_rising_at_two_visits_in_a_row_prompts(ready: Ready, plan: TreatmentPlan) -> None:
    visits(ready, 4, 5, 6)

    prompt = needs_reassessment(ready.cast.clinic, ready.client)

    assert prompt is not None
    assert prompt.reasons == ("pain_worse",)
    assert "4 → 5 → 6" in prompt.messages[0]


@pytest.mark.parametrize("pain", [(5, 4, 5), (4, 5, 5), (6, 5)])
def test_pain_not_rising_twice_does_not_prompt(
    ready: Ready, plan: TreatmentPlan, pain: tuple[int, ...]
) -> None:
    visits(ready, *pain)

    assert needs_reassessment(ready.cast.clinic, ready.client) is None


def test_the_page_draws_each_measure_and_the_prompt(ready: Ready, plan: TreatmentPlan) -> None:
    visits(ready, 4, 5, 6)

    response = logged_in(ready.cast.therapist).get(
        reverse("outcomes:progress", args=[ready.client.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="reassessment-prompt"' in page
    assert "4 → 5 → 6" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert "clinically important change" in page


def test_the_page_shows_no_prompt_when_none_is_due(ready: Ready, plan: TreatmentPlan) -> None:
    page = logged_in(ready.cast.owner).get(reverse("outcomes:progress", args=[ready.client.pk]))

    assert page.status_code == 200
    assert b"reassessment-prompt" not in page.content


def test_the_api_gives_progress_and_the_prompt(ready: Ready, plan: TreatmentPlan) -> None:
    visits(ready, 5, 5, 5, 5)
    browser = logged_in(ready.cast.therapist)

    body = browser.get(f"/api/v1/clients/{ready.client.pk}/progress").json()

    nprs = next(m for m in body["measures"] if m["instrument"] == "nprs")
    assert (nprs["baseline"], nprs["latest"], nprs["direction"]) == (6, 5, "unchanged")
    assert [point["context"] for point in nprs["series"]] == ["baseline"] + ["visit"] * 4
    assert body["reassessment"]["reasons"] == ["reassessment_due"]
    assert body["reassessment"]["primary"] == "ndi"


def test_front_desk_and_outsider_see_no_progress(ready: Ready, plan: TreatmentPlan) -> None:
    page = reverse("outcomes:progress", args=[ready.client.pk])
    api = f"/api/v1/clients/{ready.client.pk}/progress"
    for path in (page, api):
        assert logged_in(ready.cast.front_desk).get(path).status_code == 403
        outsider = logged_in(ready.cast.outsider).get(path)
        assert outsider.status_code == 404
        assert b"Neck Disability" not in outsider.content


def test_the_chart_prompts_too(ready: Ready, plan: TreatmentPlan) -> None:
    from django.urls import reverse

    from tests.cast import logged_in

    chart = reverse("charts:client", args=[ready.client.pk])
    assert (
        'id="chart-reassessment"' not in logged_in(ready.cast.therapist).get(chart).content.decode()
    )
    visits(ready, 4, 5, 6)
    page = logged_in(ready.cast.therapist).get(chart).content.decode()
    assert 'id="chart-reassessment"' in page
    assert "revis" in page.lower()
