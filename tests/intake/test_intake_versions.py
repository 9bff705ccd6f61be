"""Intakes are versioned: a new intake never overwrites the old one."""

from __future__ import annotations

import pytest
from django.http import Http404

from medmassage.intake import queries
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from tests.builders import actor, membership, vignette
from tests.cast import Cast
from tests.intake.conftest import give_consent


def record(cast: Cast, name: str) -> Intake:
    return record_intake(
        client=cast.client,
        by=actor(membership(cast.therapist)),
        document=vignette(name),
    )


def test_two_intakes_are_versions_1_and_2_and_the_first_is_unchanged(consented: Cast) -> None:
    first = record(consented, "p3_apixaban_shoulder")
    stored = Intake.objects.for_clinic(consented.clinic).values().get(pk=first.pk)

    second = record(consented, "p2_cauda_equina")

    assert (first.version, second.version) == (1, 2)
    assert Intake.objects.for_clinic(consented.clinic).values().get(pk=first.pk) == stored
    assert stored["decision"] == "modify"
    assert second.decision == "refer_emergency"


def test_the_latest_comes_first(consented: Cast) -> None:
    first = record(consented, "p1_neck_desk")
    second = record(consented, "p2_cauda_equina")

    listed = list(queries.list_intakes(consented.clinic, consented.client))

    assert listed == [second, first]
    assert queries.get_latest_intake(consented.clinic, consented.client) == second


def test_versions_count_per_client(consented: Cast) -> None:
    give_consent(consented, consented.outsiders_client)
    record(consented, "p1_neck_desk")
    theirs = record_intake(
        client=consented.outsiders_client,
        by=actor(membership(consented.outsider)),
        document=vignette("p1_neck_desk"),
    )

    assert theirs.version == 1
    assert record(consented, "p1_neck_desk").version == 2


def test_another_clinics_intake_is_not_found(consented: Cast) -> None:
    give_consent(consented, consented.outsiders_client)
    theirs = record_intake(
        client=consented.outsiders_client,
        by=actor(membership(consented.outsider)),
        document=vignette("p1_neck_desk"),
    )

    with pytest.raises(Http404):
        queries.get_intake(consented.clinic, theirs.pk)
    assert list(queries.list_intakes(consented.clinic, consented.outsiders_client)) == []
