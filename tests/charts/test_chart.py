"""The client's chart: identity for all, clinical panels for clinical roles, every view audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.urls import reverse

from medmassage.charts import chart
from medmassage.clients.models import Consent
from tests.builders import actor, events, membership
from tests.cast import Cast, logged_in

CLINICAL_MARKERS = (
    "chart-findings",
    "chart-plan",
    "chart-last-visit",
    "chart-measures",
    "consent-status",
)


def chart_page(cast: Cast, who: str) -> str:
    response = logged_in(getattr(cast, who)).get(reverse("charts:client", args=[cast.client.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["owner", "therapist"])
def test_clinical_roles_see_every_panel_none_yet(cast: Cast, who: str) -> None:
    page = chart_page(cast, who)

    for marker in CLINICAL_MARKERS:
        assert f'id="{marker}"' in page
    assert page.count("None yet.") == 4
    assert "No consent recorded." in page
    assert "Ada Lovelace" in page
    assert "555-0100" in page


def test_front_desk_sees_identity_and_contact_only(
    cast: Cast, record: Callable[..., Consent]
) -> None:
    record(notes="Anxious about neck work.")

    page = chart_page(cast, "front_desk")

    assert "Ada Lovelace" in page
    assert "555-0100" in page
    assert "1980-12-10" in page
    for marker in CLINICAL_MARKERS:
        assert marker not in page
    for clinical in ("Consent", "consent", "Anxious", "None yet", "findings", "Measures"):
        assert clinical not in page


def test_front_desk_gets_no_chart_even_if_asked(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> chart.Chart:
        raise AssertionError("the chart was read for front desk")

    monkeypatch.setattr(chart, "get_chart", refuse)

    assert "Ada Lovelace" in chart_page(cast, "front_desk")


def test_the_chart_shows_current_consent(cast: Cast, record: Callable[..., Consent]) -> None:
    record()

    page = chart_page(cast, "therapist")

    assert "consent-current" in page
    assert "Current: signed" in page
    assert "Record consent" not in page


def test_the_chart_says_when_consent_was_revoked(
    cast: Cast, record: Callable[..., Consent]
) -> None:
    from medmassage.clients.consents import revoke_consent

    revoke_consent(consent=record(), by=actor(membership(cast.therapist)), reason="withdrawn")

    page = chart_page(cast, "therapist")

    assert "revoked on" in page
    assert "consent-missing" in page
    assert "Record consent" in page


def test_red_flags_and_contraindications_stand_out(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = (
        chart.ChartFinding("dvt_signs", "red_flag", "Calf swelling and warmth: possible DVT"),
        chart.ChartFinding("anticoagulant", "precaution", "Takes warfarin: light pressure"),
        chart.ChartFinding("open_wound", "contraindication", "Open wound", regions=("forearm",)),
    )
    monkeypatch.setattr(chart, "_load_findings", lambda clinic, client: findings)

    page = chart_page(cast, "therapist")
    alerts = page[page.index('class="chart-alerts"') : page.index('id="consent-status"')]

    assert "possible DVT" in alerts
    assert "Open wound" in alerts
    assert "warfarin" not in alerts
    assert page.count("stands-out") == 2
    assert "None yet." in page  # plan, visit and measures still empty


def test_get_chart_gathers_the_clinical_content(cast: Cast, record: Callable[..., Consent]) -> None:
    consent = record()

    found = chart.get_chart(cast.clinic, cast.client)

    assert found.client == cast.client
    assert found.consent.current == consent
    assert found.consent.is_current
    assert (found.findings, found.plan, found.last_visit, found.measures) == ((), None, None, ())
    assert found.alerts == ()


def test_alerts_are_the_standout_findings() -> None:
    finding = chart.ChartFinding
    built = chart.Chart(
        client=None,  # type: ignore[arg-type]
        consent=chart.ConsentStatus(current=None, latest=None),
        findings=(
            finding("a", "precaution", "x"),
            finding("b", "red_flag", "y", recorded_on=date(2026, 1, 1)),
        ),
    )

    assert [f.code for f in built.alerts] == ["b"]
    assert built.alerts[0].kind_label == "Red flag"


@pytest.mark.parametrize("who", ["owner", "therapist", "front_desk"])
def test_every_chart_view_is_audited(cast: Cast, who: str) -> None:
    chart_page(cast, who)

    (event,) = events("clients.client.viewed")
    assert (event.actor_id, event.client_id) == (getattr(cast, who).pk, cast.client.pk)
    assert event.details == {"section": "identity" if who == "front_desk" else "chart"}


def test_the_outsider_gets_404_and_no_audit(cast: Cast) -> None:
    response = logged_in(cast.outsider).get(reverse("charts:client", args=[cast.client.pk]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "Lovelace" not in page
    assert "555-0100" not in page
    assert not events("clients.client.viewed")


def test_the_chart_links_what_the_role_may_do(cast: Cast) -> None:
    therapist = chart_page(cast, "therapist")
    assert reverse("clients:edit", args=[cast.client.pk]) in therapist
    assert reverse("clients:consent-create", args=[cast.client.pk]) in therapist

    front_desk = chart_page(cast, "front_desk")
    assert reverse("clients:edit", args=[cast.client.pk]) in front_desk
    assert reverse("clients:consents", args=[cast.client.pk]) not in front_desk
