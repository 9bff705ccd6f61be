"""The report's page, API, CSV and drill-down: who may see what, and the audit of who looked."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse

from medmassage.audit.models import AuditEvent
from medmassage.clients.models import Client
from medmassage.reports.models import CourseSummary
from tests.builders import events
from tests.cast import logged_in
from tests.reports.practice import THEO, Practice


def test_the_owner_sees_the_report_with_graphs_numbers_and_evidence(made: Practice) -> None:
    response = logged_in(made.cast.owner).get(reverse("reports:outcomes"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="share-chart"') == 3  # condition, technique, therapist
    assert "Neck pain (cervicalgia)" in page
    assert "Suppressed: fewer than 5 clients" in page
    assert "Certainty:" in page
    assert "Gross" in page  # the neck-pain review's citation
    assert events("reports.outcomes.viewed")


def test_front_desk_is_refused_the_report(made: Practice) -> None:
    browser = logged_in(made.cast.front_desk)

    assert browser.get(reverse("reports:outcomes")).status_code == 403
    assert browser.get("/api/v1/reports/outcomes").status_code == 403
    assert browser.get(reverse("reports:outcomes-csv")).status_code == 403


def test_another_clinic_sees_none_of_these_courses(made: Practice) -> None:
    response = logged_in(made.cast.outsider).get("/api/v1/reports/outcomes")

    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["total"]["figures"] is None
    assert body["conditions"] == []


def test_the_api_answers_the_same_figures_with_suppression(made: Practice) -> None:
    response = logged_in(made.cast.owner).get("/api/v1/reports/outcomes")

    body = json.loads(response.content)
    total = body["total"]["figures"]
    assert (total["courses_started"], total["courses_reached_mcid"]) == (8, 4)
    assert total["reached_ci95_low_percent"] == round(0.299993315138392 * 100, 4)
    m62 = next(g for g in body["conditions"] if g["key"] == "icd:M62")
    assert m62 == {**m62, "suppressed": True, "figures": None}


def test_a_bad_period_is_refused_naming_the_field(made: Practice) -> None:
    browser = logged_in(made.cast.owner)

    api = browser.get("/api/v1/reports/outcomes", {"start": "2026-05-01", "end": "2026-01-01"})
    page = browser.get(reverse("reports:outcomes"), {"start": "not a date"})

    assert api.status_code == 422
    assert "end" in json.loads(api.content)["errors"]
    assert page.status_code == 422
    assert "Start: Enter a valid date." in page.content.decode()


def test_the_csv_has_every_group_and_no_numbers_for_suppressed_ones(made: Practice) -> None:
    response = logged_in(made.cast.owner).get(reverse("reports:outcomes-csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].startswith("attachment;")
    total = next(r for r in rows if r["dimension"] == "all")
    assert (total["courses_started"], total["courses_reached_mcid"]) == ("8", "4")
    m62 = next(r for r in rows if r["group"] == "icd:M62")
    assert m62["suppressed"] == "yes"
    assert all(m62[c] == "" for c in ("clients", "courses_started", "reached_percent"))


def test_drill_down_lists_the_courses_behind_a_figure_and_audits_each_client(
    made: Practice,
) -> None:
    browser = logged_in(made.cast.owner)
    query = {"dimension": "all", "group": "all", "figure": "reached"}
    before = AuditEvent.objects.latest("id").pk

    response = browser.get(reverse("reports:courses"), query)

    page = response.content.decode()
    assert response.status_code == 200
    assert "4 courses" in page
    shown = AuditEvent.objects.filter(pk__gt=before, action="reports.outcomes.courses.viewed")
    assert shown.count() == 4
    assert {e.actor_label for e in shown} == {made.cast.owner.email}
    assert all(e.client_id for e in shown)
    assert all("neck" not in json.dumps(e.details) for e in shown)  # no health data in audit


def test_a_therapist_drills_down_into_their_own_courses_only(made: Practice) -> None:
    theo = made.therapists[THEO]
    response = logged_in(made.cast.therapist).get(
        reverse("reports:courses"), {"dimension": "all", "group": "all", "figure": "started"}
    )

    page = response.content.decode()
    theirs = CourseSummary.objects.for_clinic(made.cast.clinic).exclude(therapist=theo)
    assert response.status_code == 200
    assert "5 courses" in page
    for course in theirs.select_related("client"):
        assert f"/clients/{course.client_id}/" not in page


def test_a_suppressed_group_lists_nothing(made: Practice) -> None:
    before = AuditEvent.objects.latest("id").pk
    response = logged_in(made.cast.owner).get(
        reverse("reports:courses"),
        {"dimension": "condition", "group": "icd:M62", "figure": "started"},
    )

    assert response.status_code == 200
    assert 'id="drill-suppressed"' in response.content.decode()
    assert not AuditEvent.objects.filter(pk__gt=before, action="reports.outcomes.courses.viewed")


def test_a_bad_drill_down_names_the_field(made: Practice) -> None:
    response = logged_in(made.cast.owner).get(
        reverse("reports:courses"), {"dimension": "planet", "group": "x", "figure": "started"}
    )

    assert response.status_code == 422
    assert "dimension" in response.content.decode()


def test_a_period_without_courses_says_so_instead_of_an_empty_table(made: Practice) -> None:
    response = logged_in(made.cast.owner).get(
        reverse("reports:outcomes"), {"start": "2020-01-01", "end": "2020-01-31"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="no-courses"' in page
    assert 'id="total-table"' not in page


def test_under_the_treating_team_setting_a_therapist_lists_only_their_team(
    made: Practice,
) -> None:
    theo = made.therapists[THEO]
    clinic = made.cast.clinic
    clinic.care_team_only = True
    clinic.save(update_fields=["care_team_only"])
    own = CourseSummary.objects.for_clinic(clinic).filter(therapist=theo).order_by("id")
    on_team = own.first()
    assert on_team is not None
    Client.objects.for_clinic(clinic).filter(pk=on_team.client_id).update(primary_therapist=theo)
    before = AuditEvent.objects.latest("id").pk

    response = logged_in(made.cast.therapist).get(
        reverse("reports:courses"), {"dimension": "all", "group": "all", "figure": "started"}
    )

    page = response.content.decode()
    assert "1 course." in page
    assert 'id="drill-off-team"' in page
    assert "4 more courses" in page
    for course in own.exclude(pk=on_team.pk):
        assert f"/clients/{course.client_id}/" not in page
    shown = AuditEvent.objects.filter(pk__gt=before, action="reports.outcomes.courses.viewed")
    assert [e.client_id for e in shown] == [on_team.client_id]
