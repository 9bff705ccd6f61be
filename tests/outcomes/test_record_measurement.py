"""Recording a questionnaire: scored by the clinical core, kept exactly, audited, or refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.outcomes import queries
from medmassage.outcomes.models import Context, Measurement
from medmassage.outcomes.services import record_measurement
from tests.builders import NDI_EXAMPLE, actor, clinical_counts, events, membership
from tests.cast import Cast


def record(cast: Cast, instrument: str, answers: Any, **options: Any) -> Measurement:
    options.setdefault("context", Context.BASELINE)
    return record_measurement(
        client=cast.client,
        by=actor(membership(cast.therapist)),
        instrument=instrument,
        answers=answers,
        **options,
    )


def refusal(cast: Cast, instrument: str, answers: Any, **options: Any) -> dict[str, list[str]]:
    before = clinical_counts(), len(events("outcomes.measurement.recorded"))
    with pytest.raises(ValidationError) as caught:
        record(cast, instrument, answers, **options)
    assert (clinical_counts(), len(events("outcomes.measurement.recorded"))) == before
    return caught.value.message_dict


def test_the_ndi_worked_example_scores_42_moderate(cast: Cast) -> None:
    measurement = record(cast, "ndi", NDI_EXAMPLE)

    measurement.refresh_from_db()
    assert measurement.score == Decimal(42)
    assert measurement.display_score == "42"
    assert measurement.band == "moderate"
    assert (measurement.answered, measurement.answers) == (10, NDI_EXAMPLE)
    assert measurement.context == "baseline"
    assert measurement.clinic == cast.clinic
    assert measurement.recorded_by == membership(cast.therapist)


@pytest.mark.parametrize(
    ("instrument", "answers", "expected"),
    [
        ("odi", [2, 2, 2, 2, 2, 3, 3, 3, 3, 3], Decimal(50)),
        ("quickdash", [3] * 11, Decimal(50)),
        ("hit6", [6] * 6, Decimal(36)),
        ("pss10", [0] * 10, Decimal(16)),
        ("nprs", [7], Decimal(7)),
        ("lefs", [4] * 20, Decimal(80)),
    ],
)
def test_the_other_worked_examples(
    cast: Cast, instrument: str, answers: list[int], expected: Decimal
) -> None:
    measurement = record(cast, instrument, answers)

    measurement.refresh_from_db()
    assert measurement.score == expected


def test_a_prorated_score_is_kept_unrounded_to_six_places(cast: Cast) -> None:
    measurement = record(cast, "ndi", [*NDI_EXAMPLE[:9], None])

    measurement.refresh_from_db()
    # 19 / 45 x 100 = 42.2222...; its band is read from the raw sum prorated to 10 items (21.1).
    assert measurement.score == Decimal("42.222222")
    assert measurement.display_score == "42.2"
    assert measurement.band == "moderate"
    assert measurement.answered == 9
    assert measurement.answers[-1] is None


def test_an_instrument_without_bands_keeps_an_empty_band(cast: Cast) -> None:
    assert record(cast, "quickdash", [3] * 11).band == ""


def test_the_record_is_audited_in_the_same_transaction(cast: Cast) -> None:
    measurement = record(cast, "ndi", NDI_EXAMPLE)

    [event] = events("outcomes.measurement.recorded")
    assert event.subject_id == str(measurement.pk)
    assert event.subject_type == "outcomes.measurement"
    assert event.client_id == cast.client.pk
    assert event.clinic_id == cast.clinic.pk
    assert event.actor_id == cast.therapist.pk
    assert event.details == {"instrument": "ndi", "context": "baseline", "by_client": False}


def test_an_out_of_range_answer_names_the_item_and_saves_nothing(cast: Cast) -> None:
    errors = refusal(cast, "ndi", [3, 2, 7, 0, 0, 2, 5, 2, 2, 2])

    assert list(errors) == ["answers"]
    assert "ndi item 3: 7 is out of range" in errors["answers"][0]


def test_a_value_that_is_not_a_response_names_the_item(cast: Cast) -> None:
    errors = refusal(cast, "hit6", [6, 8, 9, 11, 13, 6])

    assert (
        "hit6 item 3: 9 is not a response; allowed: one of 6, 8, 10, 11, 13"
        in (errors["answers"][0])
    )


def test_the_wrong_number_of_answers_is_refused(cast: Cast) -> None:
    errors = refusal(cast, "ndi", [1, 2, 3])

    assert "ndi takes 10 answer(s), one per item; got 3" in errors["answers"][0]


def test_too_many_missing_says_how_many(cast: Cast) -> None:
    errors = refusal(cast, "ndi", [3, 2, None, 0, 0, 2, None, 2, 2, 2])

    message = errors["answers"][0]
    assert "2 of 10 items unanswered (item 3, 7)" in message
    assert "at most 1 may be unanswered" in message


def test_nprs_must_be_answered(cast: Cast) -> None:
    assert "every item must be answered" in refusal(cast, "nprs", [None])["answers"][0]


@pytest.mark.parametrize("answers", ["3,2,3", None, [True], [3.5]])
def test_answers_of_the_wrong_kind_are_refused(cast: Cast, answers: Any) -> None:
    assert "answers" in refusal(cast, "nprs", answers)


def test_an_unknown_instrument_is_named(cast: Cast) -> None:
    errors = refusal(cast, "vas", [3])

    assert "unknown instrument 'vas'" in errors["instrument"][0]


def test_an_unknown_context_is_named(cast: Cast) -> None:
    assert "context must be one of" in refusal(cast, "nprs", [3], context="weekly")["context"][0]


def test_psfs_keeps_the_activities_and_scores_their_mean(cast: Cast) -> None:
    measurement = record(
        cast, "psfs", [4, 6, None, 5], activities=["Lifting a child", "Gardening", "Run", "Stairs"]
    )

    measurement.refresh_from_db()
    assert measurement.score == Decimal(5)
    assert measurement.activities == ["Lifting a child", "Gardening", "Run", "Stairs"]
    assert measurement.answered == 3


def test_psfs_needs_a_name_for_each_rated_activity(cast: Cast) -> None:
    errors = refusal(cast, "psfs", [4, 6, 5], activities=["Lifting", "", "Stairs"])

    assert errors["activities"] == ["activity 2: name the activity the client rated"]


def test_psfs_needs_three_activities(cast: Cast) -> None:
    errors = refusal(cast, "psfs", [4, 6], activities=["Lifting", "Stairs"])

    assert "psfs takes 3 to 5 answer(s)" in errors["answers"][0]


def test_only_the_psfs_names_activities(cast: Cast) -> None:
    assert "activities" in refusal(cast, "nprs", [3], activities=["Running"])


def test_a_time_in_the_future_is_refused(cast: Cast) -> None:
    later = timezone.now() + timedelta(days=1)

    assert "future" in refusal(cast, "nprs", [3], administered_at=later)["administered_at"][0]


def test_a_time_without_a_zone_is_refused(cast: Cast) -> None:
    naive = timezone.now().replace(tzinfo=None)

    assert "time zone" in refusal(cast, "nprs", [3], administered_at=naive)["administered_at"][0]


def test_a_client_of_another_clinic_is_a_programming_error(cast: Cast) -> None:
    with pytest.raises(ValueError, match="belong to the clinic"):
        record_measurement(
            client=cast.outsiders_client,
            by=actor(membership(cast.therapist)),
            instrument="nprs",
            answers=[3],
            context="baseline",
        )


# --- Queries ----------------------------------------------------------------------------------


def days_ago(days: int) -> Any:
    return timezone.now() - timedelta(days=days)


def test_baseline_is_the_first_given_as_baseline(cast: Cast) -> None:
    record(cast, "ndi", [1] * 10, context="on_demand", administered_at=days_ago(30))
    baseline = record(cast, "ndi", NDI_EXAMPLE, administered_at=days_ago(20))
    record(cast, "ndi", [2] * 10, context="baseline", administered_at=days_ago(10))
    latest = record(cast, "ndi", [0] * 10, context="visit", administered_at=days_ago(1))

    assert queries.get_baseline(cast.clinic, cast.client, "ndi") == baseline
    assert queries.get_latest(cast.clinic, cast.client, "ndi") == latest


def test_without_a_baseline_the_first_measurement_is_the_baseline(cast: Cast) -> None:
    first = record(cast, "nprs", [6], context="visit", administered_at=days_ago(3))
    record(cast, "nprs", [4], context="visit", administered_at=days_ago(1))

    assert queries.get_baseline(cast.clinic, cast.client, "nprs") == first
    assert queries.get_baseline(cast.clinic, cast.client, "ndi") is None
    assert queries.get_latest(cast.clinic, cast.client, "ndi") is None


def test_list_measurements_filters_by_instrument_and_clinic(cast: Cast) -> None:
    ndi = record(cast, "ndi", NDI_EXAMPLE)
    nprs = record(cast, "nprs", [5])

    assert list(queries.list_measurements(cast.clinic, cast.client)) == [ndi, nprs]
    assert list(queries.list_measurements(cast.clinic, cast.client, "nprs")) == [nprs]
    assert not queries.list_measurements(cast.other_clinic, cast.client).exists()


def test_the_measure_summary_compares_the_latest_with_the_baseline(cast: Cast) -> None:
    record(cast, "ndi", NDI_EXAMPLE, administered_at=days_ago(30))
    record(
        cast, "ndi", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], context="visit", administered_at=days_ago(2)
    )
    record(cast, "nprs", [6], administered_at=days_ago(30))

    nprs, ndi = queries.get_measure_summary(cast.clinic, cast.client)  # in contract order

    assert (ndi.instrument, ndi.baseline, ndi.latest) == ("ndi", Decimal(42), Decimal(20))
    assert (ndi.baseline_band, ndi.latest_band) == ("moderate", "mild")
    assert ndi.change == Decimal(-22)
    assert (ndi.mcid_met, ndi.direction) == (True, "improved")
    assert ndi.count == 2
    assert (nprs.latest, nprs.baseline, nprs.change, nprs.direction) == (6, 6, None, None)


def test_the_measure_summary_is_empty_for_another_clinic(cast: Cast) -> None:
    record(cast, "ndi", NDI_EXAMPLE)

    assert queries.get_measure_summary(cast.other_clinic, cast.client) == ()
