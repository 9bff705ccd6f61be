"""The dashboard's re-assessments due are the chart's rule, kept per course when the record
changes (not recomputed per request): the same clients, longest overdue first, counted up to a
cap, and filled in again for summaries written before the figure existed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from medmassage.accounts.models import Membership
from medmassage.clients.models import Client
from medmassage.dashboard import worklist
from medmassage.dashboard.worklist import More, list_due_reassessments
from medmassage.outcomes.progress import needs_reassessment
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.services import approve_plan, revise_plan
from medmassage.reports.models import CourseSummary
from medmassage.tenancy import clinic_scope
from tests.builders import actor, membership
from tests.cast import Cast, logged_in
from tests.reports.practice import Course, Practice, current, practice, signed


def listed(member: Membership, *, own: bool = False) -> list[Client]:
    due, _ = list_due_reassessments(member, member if own else None)
    return [item.client for item in due]


def prompted(cast: Cast, clients: list[Client]) -> set[int]:
    """The clients whose chart asks for a re-assessment because the point passed."""
    found = set()
    for client in clients:
        prompt = needs_reassessment(cast.clinic, client)
        if prompt is not None and "reassessment_due" in prompt.reasons:
            found.add(client.pk)
    return found


def plan_of(client: Client) -> TreatmentPlan:
    return TreatmentPlan.objects.for_clinic(client.clinic_id).filter(client=client).latest("pk")


@pytest.fixture
def clinic(cast: Cast) -> Practice:
    return practice(cast)


@pytest.fixture
def after(clinic: Practice) -> int:
    """The re-assessment point of the example plan (neck pain at a desk, primary measure NDI),
    read from a first client's approved plan (who has had no session yet)."""
    first = clinic.treat(Course(visits=0))
    return plan_of(first).document.reassess_after_sessions


def test_the_dashboard_lists_exactly_the_clients_the_chart_prompts(
    cast: Cast, clinic: Practice, after: int
) -> None:
    assert after > 1
    not_yet = clinic.treat(Course(visits=after - 1))
    reached = clinic.treat(Course(visits=after))
    improved = clinic.treat(Course(visits=after + 1, ndi_after=0, follow_up_after=1))
    unchanged = clinic.treat(Course(visits=after + 1, ndi_after=2, follow_up_after=after))
    closed = clinic.treat(Course(visits=after, closed=True))
    elsewhere = clinic.treat(Course(visits=after, therapist=1))
    everyone = [not_yet, reached, improved, unchanged, closed, elsewhere]

    with clinic_scope(cast.clinic):
        chart = prompted(cast, everyone)
    assert chart == {reached.pk, unchanged.pk, elsewhere.pk}
    assert {client.pk for client in listed(membership(cast.owner))} == chart
    # A therapist sees the clients of the plans they treat under, not a colleague's.
    assert [c.pk for c in listed(clinic.therapists[0], own=True)] == [reached.pk, unchanged.pk]
    assert [c.pk for c in listed(clinic.therapists[1], own=True)] == [elsewhere.pk]


def test_the_list_follows_each_change_to_the_record(
    cast: Cast, clinic: Practice, after: int
) -> None:
    client = clinic.treat(Course(visits=after - 1))
    therapist = clinic.therapists[0]
    assert listed(therapist, own=True) == []

    signed(client, therapist)  # the session that reaches the point
    (due,), more = list_due_reassessments(therapist, therapist)
    assert (due.client.pk, due.sessions, due.reassess_after) == (client.pk, after, after)
    assert due.measure == "Neck Disability Index"
    assert more == More(0, capped=False)

    # A revised plan starts its own count of sessions.
    by = actor(therapist)
    approve_plan(plan=revise_plan(plan=current(plan_of(client)), by=by), by=by)
    assert listed(therapist, own=True) == []
    with clinic_scope(cast.clinic):
        summary = CourseSummary.objects.get(client=client)
    assert (summary.sessions_since_approval, summary.reassessment_due_since) == (0, None)


def test_longest_overdue_first_and_the_count_stops_at_its_cap(
    cast: Cast, clinic: Practice, after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worklist, "SHOWN", 2)
    monkeypatch.setattr(worklist, "COUNTED", 3)
    first, second, _ = [clinic.treat(Course(visits=after)) for _ in range(3)]
    signed(first, clinic.therapists[0])  # one more session: still the earliest point

    due, more = list_due_reassessments(membership(cast.owner), None)
    assert [item.client.pk for item in due] == [first.pk, second.pk]
    assert more == More(1, capped=False)

    clinic.treat(Course(visits=after))
    due, more = list_due_reassessments(membership(cast.owner), None)
    assert [item.client.pk for item in due] == [first.pk, second.pk]
    assert more == More(1, capped=True)  # four due, counted up to three
    page = logged_in(cast.owner).get("/").content.decode()
    assert "And more than 1 more client past their re-assessment point." in page


def test_summaries_from_before_the_figure_are_filled_in_again(
    cast: Cast, clinic: Practice, after: int
) -> None:
    client = clinic.treat(Course(visits=after))
    with clinic_scope(cast.clinic):
        CourseSummary.objects.update(
            reassess_after=0, sessions_since_approval=0, reassessment_due_since=None
        )
    assert listed(membership(cast.owner)) == []

    call_command("refresh_course_summaries", clinic=cast.clinic.pk, stdout=io.StringIO())
    assert [c.pk for c in listed(membership(cast.owner))] == [client.pk]
    with clinic_scope(cast.clinic):
        summary = CourseSummary.objects.get(client=client)
    assert (summary.reassess_after, summary.sessions_since_approval) == (after, after)


@pytest.mark.django_db
def test_refreshing_an_unknown_clinic_is_refused_by_name() -> None:
    with pytest.raises(CommandError, match="--clinic: no clinic has the id 999999"):
        call_command("refresh_course_summaries", clinic=999999)
