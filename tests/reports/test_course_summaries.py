"""Each course's summary follows the services that change it, in their transaction."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from medmassage.reports.models import CourseFacet, CourseSummary
from medmassage.tenancy import unscoped
from tests.cast import Cast
from tests.reports.practice import Course, practice, signed

Reader = Callable[[int], CourseSummary]


@pytest.fixture
def summary_of(cast: Cast) -> Reader:
    def read(client_id: int) -> CourseSummary:
        return CourseSummary.objects.for_clinic(cast.clinic).get(client_id=client_id)

    return read


def test_a_course_is_summarised_as_it_goes(cast: Cast, summary_of: Reader) -> None:
    p = practice(cast, therapists=1)
    client = p.treat(
        Course(
            ndi_before=2,
            ndi_after=1,
            visits=3,
            follow_up_after=2,
            adverse_events=1,
            adherence=("most", "none", "all"),
            closed=True,
        )
    )

    s = summary_of(client.pk)

    assert (s.visits, s.adverse_events, s.completed) == (3, 1, True)
    assert (s.primary_instrument, s.baseline, s.latest) == ("ndi", Decimal(40), Decimal(20))
    assert (s.judged, s.reached, s.direction) == (True, True, "improved")
    assert s.change_pct == Decimal("20.0")  # 20 points of NDI's 0-100, better
    assert s.sessions_to_reach == 2
    assert (s.adherence_asked, s.adherence_most) == (3, 2)
    assert s.conditions == ["neck_pain"]
    assert s.codes == ["M54.2"]
    assert s.discharge_reason == "goals_met"


def test_facets_file_the_course_under_each_group(cast: Cast, summary_of: Reader) -> None:
    p = practice(cast, therapists=1)
    client = p.treat(Course(code="M62.830", visits=1))
    s = summary_of(client.pk)

    with unscoped():
        facets = set(CourseFacet.objects.filter(course=s).values_list("dimension", "value"))

    assert ("condition", "icd:M62") in facets
    assert ("therapist", str(p.therapists[0].pk)) in facets
    assert {d for d, _ in facets} == {"condition", "technique", "therapist"}
    assert {v for d, v in facets if d == "technique"} == set(s.techniques)


def test_a_worse_score_is_judged_and_not_reached(cast: Cast, summary_of: Reader) -> None:
    p = practice(cast, therapists=1)
    client = p.treat(Course(ndi_before=1, ndi_after=3, visits=2))

    s = summary_of(client.pk)

    assert (s.judged, s.reached, s.direction, s.sessions_to_reach) == (True, False, "worse", None)
    assert s.change_pct == Decimal("-40.0")


def test_without_a_follow_up_a_course_is_not_judged(cast: Cast, summary_of: Reader) -> None:
    p = practice(cast, therapists=1)
    client = p.treat(Course(visits=1))

    s = summary_of(client.pk)

    assert (s.judged, s.reached, s.change_pct, s.latest) == (False, False, None, Decimal(40))


def test_another_visit_moves_the_summary_in_the_same_transaction(
    cast: Cast, summary_of: Reader
) -> None:
    p = practice(cast, therapists=1)
    client = p.treat(Course(visits=1))

    signed(client, p.therapists[0])

    assert summary_of(client.pk).visits == 2


def test_home_sessions_logged_in_the_portal_count_for_the_course(
    cast: Cast, summary_of: Reader
) -> None:
    from django.utils import timezone

    from medmassage.clientaccounts.actors import ClientActor
    from medmassage.clientaccounts.models import ClientAccount
    from medmassage.homecare.adherence import log_home_session
    from medmassage.homecare.services import start_home_program
    from tests.builders import actor

    p = practice(cast, therapists=1)
    client = p.treat(Course(visits=1))
    program = start_home_program(client=client, by=actor(p.therapists[0]))
    account = ClientAccount.unscoped_objects.create(
        clinic=cast.clinic, client=client, email="client@example.org"
    )
    for status in ("done", "partly", "not_done", "done"):
        log_home_session(
            program=program,
            by=ClientActor(account),
            status=status,
            pain_after="",
            done_on=timezone.localdate(),
        )

    s = summary_of(client.pk)
    assert (s.home_logged, s.home_done, s.home_partly) == (4, 2, 1)
