"""Kept charts: a chart opened again with nothing changed reads its stamp, not its tables, and
any change to what it shows, by any writer, is on the screen at the next opening.

The stamps are counted up by database triggers (`medmassage.charts.stamps`); these tests hold
the list of tables the triggers watch to the tables the chart really reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts.models import User
from medmassage.careteam.models import Provider
from medmassage.careteam.services import add_provider, add_to_care_team, change_provider
from medmassage.charts import chart, stamps
from medmassage.charts.copies import stamp
from medmassage.clients.models import Client
from medmassage.discharges.services import close_plan
from medmassage.outcomes.services import record_measurement
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.referrals.services import record_referral_in
from medmassage.visits.models import Visit
from medmassage.visits.services import record_adverse_event
from tests.builders import Ready, actor, approve, signed_visit
from tests.cast import logged_in

# Read by every page whoever is shown (the session, the member, their second factor, the
# client's identity, the audit of the read): not the chart's own tables.
PER_REQUEST = {
    "django_session",
    "accounts_user",
    "accounts_membership",
    "accounts_clinic",
    "otp_totp_totpdevice",
    "clients_client",
    "clientaccounts_clientaccount",
    "charts_chartstamp",
    "audit_auditchainhead",
    "audit_auditevent",
}


def tables_in(queries: list[str]) -> set[str]:
    return {
        table
        for sql in queries
        for table in re.findall(r'(?:FROM|JOIN|INTO|UPDATE) "?(\w+)"?', sql)
    }


def course(ready: Ready) -> Visit:
    """A client with something in every panel: a plan, signed visits, a measure, an adverse
    event, a referral in from a physician who is on the care team."""
    by = actor(ready.therapist)
    approve(ready)
    visit = signed_visit(ready)
    signed_visit(ready, pain=3)
    record_measurement(
        client=ready.client, by=by, instrument="ndi", answers=[2] * 10, context="reassessment"
    )
    record_adverse_event(
        visit=visit,
        by=by,
        event={"kind": "soreness_48h", "severity": "mild", "description": "Sore for a day"},
    )
    physician = add_provider(by=by, fields={"name": "Dr Keeling", "profession": "physician"})
    add_to_care_team(client=ready.client, provider=physician, role="referring", by=by)
    record_referral_in(
        client=ready.client,
        by=by,
        provider=physician,
        fields={"diagnoses": ["M54.50"], "visits_authorised": 6},
    )
    return visit


def chart_queries(ready: Ready) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        chart.get_chart(ready.cast.clinic, ready.client)
        chart.get_care_loop(ready.cast.clinic, ready.client)
    return [query["sql"] for query in captured.captured_queries]


def test_every_table_the_chart_reads_is_watched(ready: Ready) -> None:
    visit = course(ready)
    read = tables_in(chart_queries(ready))
    # Closed: the discharge summary's panel reads its own table.
    close_plan(plan=visit.plan, by=actor(ready.therapist), reason="goals_met")
    read |= tables_in(chart_queries(ready))

    watched = {item.table for item in stamps.INPUTS}
    assert "homecare_dischargesummary" in read
    assert read - watched == set(), f"the chart reads tables no trigger watches: {read - watched}"


def test_every_watched_table_has_its_triggers(db: None) -> None:
    found = stamps.installed(connection)

    for item in stamps.INPUTS:
        expected = 1 if connection.vendor == "postgresql" else len(stamps.sqlite_triggers(item))
        assert found.get(item.table) == expected, item.table


TREATMENTS = next(item for item in stamps.INPUTS if item.table == "visits_treatmentgiven")


def test_triggers_a_rebuilt_table_lost_come_back_after_migrate(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            name = stamps.postgresql_trigger(TREATMENTS)[0]
            cursor.execute(f'DROP TRIGGER "{name}" ON visits_treatmentgiven')
        else:
            for name in stamps.sqlite_triggers(TREATMENTS):
                cursor.execute(f'DROP TRIGGER "{name}"')
    assert "visits_treatmentgiven" not in stamps.installed(connection)

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "visits_treatmentgiven" in stamps.installed(connection)


# Per-client tables, each changed behind every service's back (a plain UPDATE, as a data
# migration or a database console would): the client's stamp is drawn anew all the same.
def _rows_of(table: str) -> str:
    if table == "clients_client":
        return "id = %s"
    if table.startswith("visits_") and table != "visits_visit" and table != "visits_adverseevent":
        return "visit_id IN (SELECT id FROM visits_visit WHERE client_id = %s)"
    return "client_id = %s"


def test_any_change_to_a_clients_rows_counts_up_their_stamp(ready: Ready) -> None:
    visit = course(ready)
    close_plan(plan=visit.plan, by=actor(ready.therapist), reason="goals_met")
    changed, guarded = [], []
    for item in stamps.INPUTS:
        if item.client is None:
            continue
        before = stamp(ready.cast.clinic, ready.client)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {item.table} SET clinic_id = clinic_id "  # noqa: S608 - our tables
                    f"WHERE {_rows_of(item.table)}",
                    [ready.client.pk],
                )
                rows = cursor.rowcount
        except (IntegrityError, ProgrammingError):  # a signed or sealed row the database keeps
            guarded.append(item.table)
            continue
        if rows:
            changed.append(item.table)
            assert stamp(ready.cast.clinic, ready.client) != before, item.table

    # Every per-client table the course wrote to was tried (those it does not write need the
    # portal or a safety override: their triggers are the same SQL).
    assert set(changed) >= {
        "clients_client",
        "clients_consent",
        "intake_intake",
        "visits_adverseevent",
        "outcomes_measurement",
        "referrals_referral",
        "careteam_careteammember",
    }, (changed, guarded)
    assert set(changed) | set(guarded) >= {
        "plans_treatmentplan",
        "visits_visit",
        "visits_treatmentgiven",
        "homecare_dischargesummary",
    }, (changed, guarded)


def test_another_clients_stamp_is_left_alone(ready: Ready) -> None:
    neighbour = Client.objects.for_clinic(ready.cast.clinic).create(
        clinic=ready.cast.clinic,
        given_name="Nell",
        family_name="Neighbour",
        date_of_birth=date(1980, 5, 1),
    )
    approve(ready)
    mine, theirs = stamp(ready.cast.clinic, ready.client), stamp(ready.cast.clinic, neighbour)

    signed_visit(ready)

    assert stamp(ready.cast.clinic, ready.client) != mine
    assert stamp(ready.cast.clinic, neighbour) == theirs is not None


def test_a_sign_in_leaves_every_chart_as_kept(ready: Ready) -> None:
    before = stamp(ready.cast.clinic, ready.client)
    user = ready.therapist.user
    user.last_login = timezone.now()
    user.save()

    assert stamp(ready.cast.clinic, ready.client) == before


# The kept copy, in use (each test starts with no copies: tests/conftest.py).


def opened(ready: Ready) -> tuple[str, list[str]]:
    browser = logged_in(ready.cast.therapist)
    path = reverse("charts:client", args=[ready.client.pk])
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(path)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured.captured_queries]


def test_a_chart_opened_again_reads_its_stamp_not_its_tables(ready: Ready) -> None:
    course(ready)
    first, computed = opened(ready)
    again, kept = opened(ready)

    chart_tables = {item.table for item in stamps.INPUTS} - PER_REQUEST
    assert tables_in(computed) & chart_tables
    assert tables_in(kept) & chart_tables == set(), tables_in(kept) & chart_tables
    # The budget for the chart: 12 queries (PostgreSQL's audit lock is one more
    # statement for the same write).
    locks = sum("pg_advisory_xact_lock" in sql for sql in kept)
    assert len(kept) - locks <= 12, "\n".join(kept)
    assert _panels(again) == _panels(first)


def _panels(page: str) -> str:
    # The page less what differs between two openings (the CSRF tokens, masked anew each time).
    return re.sub(r"[A-Za-z0-9]{64}", "", page)


def _rename_therapist(ready: Ready) -> str:
    User.objects.filter(pk=ready.therapist.user_id).update(full_name="Imogen Renamed")
    return "Imogen Renamed"


def _rename_provider(ready: Ready) -> str:
    provider = Provider.objects.for_clinic(ready.cast.clinic).get(name="Dr Keeling")
    change_provider(provider=provider, by=actor(ready.therapist), fields={"name": "Dr Renamed"})
    return "Dr Renamed"


def _sign_a_visit(ready: Ready) -> str:
    signed_visit(ready)
    return "session 3 of"


def _record_a_measure(ready: Ready) -> str:
    record_measurement(
        client=ready.client,
        by=actor(ready.therapist),
        instrument="ndi",
        answers=[0] * 10,
        context="reassessment",
    )
    return "Neck Disability Index</td><td>0 %"


def _close_the_plan(ready: Ready) -> str:
    plan = TreatmentPlan.objects.for_clinic(ready.cast.clinic).get(
        client=ready.client, status=PlanStatus.APPROVED
    )
    close_plan(plan=plan, by=actor(ready.therapist), reason="goals_met")
    return 'id="chart-discharge-summary"'


CHANGES: dict[str, Callable[[Ready], str]] = {
    "the therapist's name, changed by a plain update": _rename_therapist,
    "a provider on the care team renamed": _rename_provider,
    "another visit signed": _sign_a_visit,
    "a questionnaire answered": _record_a_measure,
    "the plan closed": _close_the_plan,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_is_on_the_chart_at_the_next_opening(ready: Ready, change: str) -> None:
    course(ready)
    opened(ready)
    before, _ = opened(ready)  # kept now

    shown = CHANGES[change](ready)
    after, _ = opened(ready)

    assert shown not in clinical(before)
    assert shown in clinical(after)


def clinical(page: str) -> str:
    """The chart's clinical panels (not the header, which names the member signed in)."""
    return page[page.index('id="consent-status"') : page.index("<h2>Contact</h2>")]


def test_a_kept_chart_is_computed_again_the_next_day(ready: Ready) -> None:
    course(ready)
    opened(ready)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        _, queries = opened(ready)

    assert "visits_visit" in tables_in(queries)


def test_a_change_rolled_back_takes_its_stamp_and_its_copy_with_it(ready: Ready) -> None:
    course(ready)
    opened(ready)
    before = stamp(ready.cast.clinic, ready.client)
    inside = []

    def sign_look_then_fail() -> None:
        with transaction.atomic():
            signed_visit(ready)
            inside.append(stamp(ready.cast.clinic, ready.client))
            page, _ = opened(ready)  # kept under the transaction's own stamp
            assert "session 3 of" in clinical(page)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        sign_look_then_fail()

    assert inside != [before]
    assert stamp(ready.cast.clinic, ready.client) == before
    page, _ = opened(ready)
    assert "session 2 of" in clinical(page)
    # The next change draws a stamp of its own: the rolled-back copy is never shown.
    signed_visit(ready)
    assert stamp(ready.cast.clinic, ready.client) not in (before, *inside)
    page, _ = opened(ready)
    assert "session 3 of" in clinical(page)
