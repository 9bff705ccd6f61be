"""The practitioners API: the same standing, services and refusals as the pages, as JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as Browser

from medmassage.accounts.models import Membership, Practitioner
from medmassage.accounts.tokens import issue_token
from medmassage.audit.models import AuditEvent
from medmassage.practitioners.models import Certification, ContinuingEducation, Licence
from medmassage.practitioners.queries import get_credential_requirements, list_licences
from medmassage.tenancy import unscoped
from tests.builders import actor
from tests.cast import Cast, logged_in
from tests.practitioners.records import (
    OSCAR_SECRETS,
    add_certification,
    add_education,
    days,
    register,
)

API = "/api/v1/practitioners"


def post(browser: Browser, path: str, body: dict[str, Any]) -> Any:
    return browser.post(path, json.dumps(body), content_type="application/json")


def count_rows() -> tuple[int, int, int]:
    with unscoped():
        return (
            Licence.objects.count(),
            Certification.objects.count(),
            ContinuingEducation.objects.count(),
        )


def audit_count() -> int:
    with unscoped():
        return AuditEvent.objects.filter(action__startswith="practitioners.").count()


LICENCE = {
    "jurisdiction": "Ontario",
    "number": "RMT-777",
    "issued_on": days(-300).isoformat(),
    "expires_on": days(700).isoformat(),
    "renewal_period_start": days(-300).isoformat(),
    "ce_hours_required": "30",
}
BODIES = {
    "licences": LICENCE,
    "certifications": {
        "name": "Craniosacral I",
        "issuer": "Upledger",
        "credentials": ["craniosacral"],
        "issued_on": "2025-01-01",
    },
    "education": {"course": "Neck pain", "hours": "2", "completed_on": "2026-01-01"},
}


# --- Reading ----------------------------------------------------------------------------------


def test_the_list_gives_each_practitioners_licence_status(cast: Cast, theo: Practitioner) -> None:
    add_certification(theo, name="MLD 2", issued_on=days(-100), expires_on=days(59))

    response = logged_in(cast.owner).get(API)

    assert response.status_code == 200
    [item] = response.json()
    assert item["id"] == theo.pk
    assert item["user_id"] == cast.therapist.pk
    assert item["name"] == "Theo Therapist"
    assert item["licence"] == {
        "state": "active",
        "jurisdiction": "Ontario",
        "number": "RMT-THEO-1",
        "expires_on": days(400).isoformat(),
    }
    assert (item["blocked"], item["block_reason"]) == (False, "")
    assert [(w["kind"], w["days_left"]) for w in item["warnings"]] == [("certification", 59)]


def test_the_detail_has_licences_certifications_education_warnings_and_block(
    cast: Cast, theo: Practitioner
) -> None:
    add_certification(theo, credentials=["lymphatic_drainage"], issued_on=days(-10))
    add_education(theo, course="Cupping", hours=Decimal("7.5"), completed_on=days(-3))

    detail = logged_in(cast.therapist).get(f"{API}/{theo.pk}").json()

    assert [licence["number"] for licence in detail["licences"]] == ["RMT-THEO-1"]
    assert detail["licences"][0]["state"] == "active"
    assert detail["certifications"][0]["credentials"] == ["lymphatic_drainage"]
    assert detail["certifications"][0]["state"] == "active"
    assert detail["education"][0]["course"] == "Cupping"
    assert Decimal(detail["education"][0]["hours"]) == Decimal("7.5")
    progress = detail["continuing_education"]
    assert Decimal(progress["hours_done"]) == Decimal("7.5")
    assert Decimal(progress["hours_needed"]) == Decimal("22.5")
    assert detail["held_credentials"] == ["lymphatic_drainage"]
    assert {"technique": "craniosacral", "credential": "craniosacral"} in detail[
        "restricted_techniques"
    ]
    assert detail["warnings"] == []
    assert detail["blocked"] is False


def test_an_expired_licence_shows_as_blocked(cast: Cast) -> None:
    theo = register(cast.therapist)
    body = {**LICENCE, "issued_on": days(-900).isoformat(), "expires_on": days(-1).isoformat()}
    body["renewal_period_start"] = None
    assert post(logged_in(cast.therapist), f"{API}/{theo.pk}/licences", body).status_code == 201

    detail = logged_in(cast.owner).get(f"{API}/{theo.pk}").json()

    assert detail["licence"]["state"] == "expired"
    assert detail["blocked"] is True
    assert "an expired licence blocks planning and documenting" in detail["block_reason"]


def test_front_desk_sees_names_and_licence_status_only(cast: Cast, theo: Practitioner) -> None:
    add_certification(theo, issued_on=days(-100), expires_on=days(10))
    browser = logged_in(cast.front_desk)

    [item] = browser.get(API).json()
    detail = browser.get(f"{API}/{theo.pk}").json()

    assert item["licence"]["state"] == "active"
    assert item["warnings"] is None
    assert detail["name"] == "Theo Therapist"
    for key in ("licences", "certifications", "education", "held_credentials", "warnings"):
        assert detail[key] is None, key


def test_a_bearer_token_reads_its_own_clinic(cast: Cast, theo: Practitioner) -> None:
    membership = Membership.objects.get(user=cast.front_desk)
    token = issue_token(by=actor(membership), name="rota").plaintext

    response = Browser().get(API, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert [item["name"] for item in response.json()] == ["Theo Therapist"]


# --- Writing ----------------------------------------------------------------------------------


def test_a_therapist_registers_and_adds_their_own_licence(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    registered = post(browser, API, {"user_id": cast.therapist.pk})
    practitioner_id = registered.json()["id"]
    added = post(browser, f"{API}/{practitioner_id}/licences", LICENCE)

    assert registered.status_code == 201
    assert registered.json()["blocked"] is True
    assert added.status_code == 201
    body = added.json()
    assert (body["number"], body["state"], Decimal(body["ce_hours_required"])) == (
        "RMT-777",
        "active",
        Decimal(30),
    )
    with unscoped():
        mine = AuditEvent.objects.filter(actor_id=cast.therapist.pk, action__startswith="practi")
        events = mine.order_by("id")
        actions = list(events.values_list("action", flat=True))
    assert actions == ["practitioners.practitioner.registered", "practitioners.licence.added"]


def test_the_owner_adds_certifications_and_education_for_a_therapist(
    cast: Cast, theo: Practitioner
) -> None:
    browser = logged_in(cast.owner)
    certification = {
        "name": "Joint mobilization I-III",
        "issuer": "Ortho Institute",
        "credentials": ["joint_mobilization"],
        "issued_on": "2025-05-01",
        "expires_on": None,
    }
    education = {"course": "Neck pain", "hours": "3.25", "completed_on": "2026-01-15"}

    added = post(browser, f"{API}/{theo.pk}/certifications", certification)
    course = post(browser, f"{API}/{theo.pk}/education", education)

    assert added.status_code == 201
    assert added.json()["credentials"] == ["joint_mobilization"]
    assert course.status_code == 201
    assert course.json()["provider"] == ""
    with unscoped():
        event = AuditEvent.objects.filter(action="practitioners.certification.added").get()
    assert event.actor_id == cast.owner.pk
    assert event.details["credentials"] == ["joint_mobilization"]
    assert event.details["practitioner_id"] == theo.pk


BAD_INPUT = [
    ("licences", {**LICENCE, "expires_on": days(-301).isoformat()}, "expires_on"),
    ("licences", {**LICENCE, "expires_on": "not a date"}, "expires_on"),
    ("licences", {**LICENCE, "number": "  "}, "number"),
    ("licences", {**LICENCE, "ce_hours_required": "-2"}, "ce_hours_required"),
    ("licences", {**LICENCE, "colour": "blue"}, "colour"),
    ("licences", {k: v for k, v in LICENCE.items() if k != "jurisdiction"}, "jurisdiction"),
    ("certifications", {"name": "Reiki", "issuer": "X", "credentials": ["reiki"],
                        "issued_on": "2025-01-01"}, "credentials"),
    ("certifications", {"name": "Empty", "issuer": "X", "credentials": [],
                        "issued_on": "2025-01-01"}, "credentials"),
    ("education", {"course": "Zero", "hours": "0", "completed_on": "2026-01-01"}, "hours"),
    ("education", {"course": "", "hours": "2", "completed_on": "2026-01-01"}, "course"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "body", "field"), BAD_INPUT)
def test_bad_input_names_the_field_and_saves_nothing(
    cast: Cast, theo: Practitioner, kind: str, body: dict[str, Any], field: str
) -> None:
    before, events = count_rows(), audit_count()

    response = post(logged_in(cast.therapist), f"{API}/{theo.pk}/{kind}", body)

    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] == "Invalid input"
    errors = answer["errors"]
    named = list(errors) if isinstance(errors, dict) else [e["field"] for e in errors]
    assert any(name.split(".")[-1] == field or f".{field}." in name for name in named), named
    assert count_rows() == before
    assert audit_count() == events


def test_a_duplicate_licence_number_names_the_number(cast: Cast, theo: Practitioner) -> None:
    response = post(
        logged_in(cast.owner), f"{API}/{theo.pk}/licences", {**LICENCE, "number": "RMT-THEO-1"}
    )

    assert response.status_code == 422
    assert "already on record" in response.json()["errors"]["number"][0]
    assert len(list_licences(theo)) == 1


@pytest.mark.parametrize("kind", ["licences", "certifications", "education"])
def test_front_desk_cannot_add_credentials(cast: Cast, theo: Practitioner, kind: str) -> None:
    response = post(logged_in(cast.front_desk), f"{API}/{theo.pk}/{kind}", BODIES[kind])

    assert response.status_code == 403
    assert count_rows() == (1, 0, 0)


def test_a_therapist_cannot_add_to_a_colleagues_record(cast: Cast, theo: Practitioner) -> None:
    owner = register(cast.owner)

    response = post(logged_in(cast.therapist), f"{API}/{owner.pk}/licences", LICENCE)

    assert response.status_code == 403
    assert list_licences(owner).count() == 0


def test_a_therapist_cannot_register_a_colleague(cast: Cast) -> None:
    response = post(logged_in(cast.therapist), API, {"user_id": cast.owner.pk})

    assert response.status_code == 403
    assert not Practitioner.unscoped_objects.exists()


def test_front_desk_staff_are_not_practitioners(cast: Cast) -> None:
    response = post(logged_in(cast.owner), API, {"user_id": cast.front_desk.pk})

    assert response.status_code == 404


def test_registering_twice_is_refused_by_field(cast: Cast, theo: Practitioner) -> None:
    response = post(logged_in(cast.owner), API, {"user_id": cast.therapist.pk})

    assert response.status_code == 422
    assert "already a practitioner" in response.json()["errors"]["user_id"][0]


# --- Credential rules -------------------------------------------------------------------------


def test_everyone_reads_the_rules_and_the_owner_sets_them(cast: Cast) -> None:
    rules = logged_in(cast.front_desk).get(f"{API}/credential-rules").json()
    rule = {"technique": "craniosacral", "credential": "", "source": "Ontario standard 2024"}

    set_by_owner = post(logged_in(cast.owner), f"{API}/credential-rules", rule)
    set_by_therapist = post(logged_in(cast.therapist), f"{API}/credential-rules", rule)

    by_technique = {item["technique"]: item for item in rules}
    assert by_technique["lymphatic_drainage"]["credential"] == "lymphatic_drainage"
    assert by_technique["lymphatic_drainage"]["source"].startswith("Project policy")
    assert by_technique["swedish"] == {"technique": "swedish", "credential": "", "source": ""}
    assert set_by_owner.status_code == 200
    assert set_by_owner.json() == rule
    assert set_by_therapist.status_code == 403
    assert "craniosacral" not in get_credential_requirements(cast.clinic)


def test_a_bad_rule_names_the_field(cast: Cast) -> None:
    rule = {"technique": "hot_stones", "credential": "reiki", "source": "x"}

    response = post(logged_in(cast.owner), f"{API}/credential-rules", rule)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"technique", "credential"}


# --- The outsider -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "therapist", "front_desk"])
def test_another_clinics_practitioner_is_not_found_on_every_endpoint(
    cast: Cast, theo: Practitioner, oscar: Practitioner, role: str
) -> None:
    browser = logged_in(getattr(cast, role))
    before = count_rows()
    responses = [browser.get(f"{API}/{oscar.pk}")]
    for kind in ("licences", "certifications", "education"):
        responses.append(post(browser, f"{API}/{oscar.pk}/{kind}", BODIES[kind]))
    responses.append(post(browser, API, {"user_id": cast.outsider.pk}))

    for response in responses:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found"}
    assert count_rows() == before


def test_the_list_shows_only_the_clinics_own_practitioners(
    cast: Cast, theo: Practitioner, oscar: Practitioner
) -> None:
    body = logged_in(cast.owner).get(API).content.decode()
    rules = logged_in(cast.owner).get(f"{API}/credential-rules").content.decode()

    assert "Theo Therapist" in body
    assert not [secret for secret in OSCAR_SECRETS if secret in body + rules]
