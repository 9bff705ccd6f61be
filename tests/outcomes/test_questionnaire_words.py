"""A client can answer on the screen: each response has the project's own words (never the
licensed wording), a re-measure is given as a re-assessment, and dates start at today."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.outcomes.services import record_measurement
from tests.builders import NDI_EXAMPLE, actor, membership
from tests.cast import Cast, logged_in


@pytest.mark.parametrize("instrument", sorted(INSTRUMENTS))
def test_every_scale_has_words_at_both_ends(instrument: str) -> None:
    items = INSTRUMENTS[instrument].items
    assert len(items.answers) == len(items.responses)
    assert items.answers[0]
    assert items.answers[-1]
    # Short labels of the project's own, not the questionnaires' sentences.
    assert all(len(words) <= 30 for words in items.answers)


def page(cast: Cast, instrument: str) -> str:
    url = reverse("outcomes:record", args=[cast.client.pk]) + f"?instrument={instrument}"
    return logged_in(cast.therapist).get(url).content.decode()


def test_the_form_shows_each_answer_in_words(cast: Cast) -> None:
    ndi = page(cast, "ndi")
    assert "0 (none)" in ndi
    assert "5 (the most: cannot)" in ndi
    assert "10 (sometimes)" in page(cast, "hit6")


def test_the_first_is_a_baseline_and_a_re_measure_a_re_assessment(cast: Cast) -> None:
    assert '<option value="baseline" selected>' in page(cast, "ndi")
    record_measurement(
        client=cast.client,
        by=actor(membership(cast.therapist)),
        instrument="ndi",
        answers=NDI_EXAMPLE,
        context="baseline",
    )
    assert '<option value="reassessment" selected>' in page(cast, "ndi")


def test_an_assessment_is_dated_today_unless_changed(cast: Cast) -> None:
    form = (
        logged_in(cast.therapist)
        .get(reverse("assessments:create", args=[cast.client.pk]))
        .content.decode()
    )
    assert f'value="{timezone.localdate().isoformat()}"' in form
