"""Every resource the API and the export produce validates with fhir.resources (R4 JSON read by
its R4B models): over a full record, the demo clinics and generated cases."""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medmassage.accounts.models import Clinic
from medmassage.careteam.models import Provider
from medmassage.clients.models import Client
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.demo.clinics import DEMO_SLUG, create_demo
from medmassage.fhir.capability import capability_statement
from medmassage.fhir.kinds import KINDS
from medmassage.fhir.mapping import measures, people, referrals
from medmassage.fhir.search import stream
from medmassage.outcomes.models import Measurement
from medmassage.referrals.models import Referral
from medmassage.tenancy import clinic_scope
from tests.builders import Ready
from tests.fhir.records import BASE, bearer_browser, body, full_record
from tests.fhir.validation import validate


def every_resource(clinic_id: int) -> list[dict[str, object]]:
    with clinic_scope(clinic_id):
        return [resource for kind in KINDS.values() for resource in stream(kind, clinic_id)]


def test_every_resource_of_a_full_record_validates(ready: Ready) -> None:
    full_record(ready)
    resources = every_resource(ready.cast.clinic.pk)

    for resource in resources:
        validate(resource)
    assert {r["resourceType"] for r in resources} == set(KINDS)


def test_every_resource_of_the_demo_clinics_validates(db: None) -> None:
    create_demo()
    clinic = Clinic.objects.get(slug=DEMO_SLUG)
    resources = every_resource(clinic.pk)

    for resource in resources:
        validate(resource)
    assert {"Patient", "Practitioner", "Consent", "Organization"} <= {
        r["resourceType"] for r in resources
    }


def test_the_capability_statement_validates() -> None:
    validate(capability_statement("http://example.org/fhir/R4/"))


def test_bundles_and_outcomes_of_the_api_validate(ready: Ready) -> None:
    full_record(ready)
    browser = bearer_browser(ready.therapist)

    for path in ("Observation?_count=2", f"Patient/{ready.client.pk}/$everything", "Nothing/1"):
        validate(body(browser.get(BASE + path)))


names = st.text(alphabet=string.ascii_letters + " '-éø", min_size=1, max_size=40).filter(
    lambda text: text.strip() != ""
)


@settings(max_examples=60, deadline=None)
@given(
    given_name=names,
    family=names,
    preferred=st.text(max_size=20),
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 1, 1)),
    sex=st.sampled_from(["female", "male", "other", "unknown"]),
    phone=st.text(alphabet=string.digits + "-+ ", max_size=20),
    address=st.text(max_size=80),
)
def test_generated_patients_validate(
    given_name: str, family: str, preferred: str, born: dt.date, sex: str, phone: str, address: str
) -> None:
    client = Client(
        pk=7,
        clinic_id=1,
        given_name=given_name,
        family_name=family,
        preferred_name=preferred.strip(),
        date_of_birth=born,
        sex=sex,
        phone=phone.strip(),
        address=address.strip(),
        updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    validate(people.patient(client))


@settings(max_examples=80, deadline=None)
@given(
    instrument=st.sampled_from(sorted(INSTRUMENTS)),
    score=st.decimals(min_value=0, max_value=100, places=6, allow_nan=False),
    answers=st.lists(st.one_of(st.none(), st.integers(0, 13)), min_size=1, max_size=21),
    band=st.sampled_from(["", "mild", "severe"]),
)
def test_generated_questionnaires_validate(
    instrument: str, score: Decimal, answers: list[int | None], band: str
) -> None:
    moment = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)
    row = Measurement(
        pk=3,
        clinic_id=1,
        client_id=2,
        instrument=instrument,
        answers=answers,
        score=score,
        band=band,
        answered=len(answers),
        administered_at=moment,
        created_at=moment,
        recorded_by_id=4,
    )
    validate(measures.observation(row))
    validate(measures.questionnaire_response(row))


@pytest.mark.parametrize("status", ["drafted", "signed", "sent", "answered", "active", "closed"])
@pytest.mark.parametrize("urgency", ["routine", "urgent", "emergency"])
@pytest.mark.parametrize("direction", ["out", "in"])
def test_every_kind_of_referral_validates(status: str, urgency: str, direction: str) -> None:
    provider = Provider(pk=5, clinic_id=1, name="Dr Osei", profession="physician", npi="1234567893")
    referral = Referral(
        pk=1,
        clinic_id=1,
        client_id=2,
        direction=direction,
        status=status,
        intent="proposal" if direction == "out" else "order",
        urgency=urgency,
        provider=provider,
        therapist_id=3,
        reason_codes=[{"code": "M54.12", "display": "Radiculopathy, cervical region"}],
        reason="Arm tingling",
        question="Please assess before further treatment",
        visits_authorised=6 if direction == "in" else None,
        valid_from=dt.date(2026, 3, 1) if direction == "in" else None,
        created_by_id=3,
        created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    validate(referrals.service_request(referral))
