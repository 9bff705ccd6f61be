"""Recording an intake: completed from the clinic's record, validated, screened, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.clients.services import create_client, update_client
from medmassage.intake import queries
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from tests.builders import actor, events, membership, vignette
from tests.cast import Cast
from tests.intake.conftest import give_consent, intakes_of


def record(cast: Cast, document: object, *, client: object = None) -> Intake:
    return record_intake(
        client=client or cast.client,
        by=actor(membership(cast.therapist)),
        document=document,
    )


def test_cauda_equina_is_an_emergency_referral(consented: Cast) -> None:
    intake = record(consented, vignette("p2_cauda_equina"))

    assert intake.version == 1
    assert intake.decision == "refer_emergency"
    assert intake.screening["findings"][0]["code"] == "red_flag.cauda_equina"
    assert intake.visit_date == dt.date(2026, 3, 1)


def test_apixaban_means_modify_for_bleeding_risk(consented: Cast) -> None:
    intake = record(consented, vignette("p3_apixaban_shoulder"))

    assert intake.decision == "modify"
    codes = [finding["code"] for finding in intake.screening["findings"]]
    assert codes == ["bleeding_risk.anticoagulant"]


def test_the_clinic_fills_age_sex_and_consent_from_its_record(consented: Cast) -> None:
    update_client(client=consented.client, by=actor(consented.therapist), sex="female")
    document = {**vignette("p1_neck_desk"), "date_of_birth": "2000-01-01", "sex": "male"}
    document["consents"] = {"informed": False}

    stored = record(consented, document).document

    # Ada Lovelace was born on 1980-12-10: 45 on 2026-03-01.
    assert stored["age"] == 45
    assert "date_of_birth" not in stored
    assert stored["sex"] == "female"
    assert stored["consents"] == {"informed": True}
    assert stored["complaints"] == vignette("p1_neck_desk")["complaints"]


def test_an_unknown_sex_on_record_leaves_the_documents_own(consented: Cast) -> None:
    stored = record(consented, vignette("p2_cauda_equina")).document

    assert stored["sex"] == "female"


def test_without_consent_on_file_treatment_is_postponed(cast: Cast) -> None:
    document = {**vignette("p1_neck_desk"), "consents": {"informed": True}}

    intake = record(cast, document)

    assert intake.document["consents"] == {"informed": False}
    assert intake.decision == "postpone"
    assert [f["code"] for f in intake.screening["findings"]] == ["consent.informed"]


def test_a_minor_without_a_guardians_consent_waits_for_it(cast: Cast) -> None:
    today = timezone.localdate()
    minor = create_client(
        by=actor(cast.therapist),
        given_name="Tom",
        family_name="Sawyer",
        date_of_birth=today.replace(year=today.year - 15, day=1),
    )
    document = {**vignette("p1_neck_desk"), "visit_date": today.isoformat()}

    intake = record(cast, document, client=minor)

    assert intake.document["consents"] == {"informed": False, "guardian": False}
    codes = {finding["code"] for finding in intake.screening["findings"]}
    assert {"consent.guardian", "consent.informed"} <= codes


def test_the_visit_date_defaults_to_today(consented: Cast) -> None:
    document = vignette("p1_neck_desk")
    del document["visit_date"]

    intake = record(consented, document)

    assert intake.document["visit_date"] == intake.visit_date.isoformat()
    assert intake.visit_date == timezone.localdate()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"complaints": [{"region": "neck", "pain": 11}]}, "complaints[0].pain"),
        ({"complaints": [{"region": "elbow"}]}, "complaints[0].region"),
        ({"medications": [{"name": ""}]}, "medications[0].name"),
        ({"red_flags": {"dizziness": "maybe"}}, "red_flags.dizziness"),
        ({"vitals": {"systolic": "high"}}, "vitals.systolic"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"format": "something.else"}, "format"),
        ({"visit_date": "01/03/2026"}, "visit_date"),
        ({"visit_date": "1970-01-01"}, "visit_date"),
        ({"complaints": [{"region": "neck", "onset": "2026-04-01"}]}, "complaints[0].onset"),
    ],
)
def test_invalid_input_names_the_field_and_saves_nothing(
    consented: Cast, change: dict[str, object], path: str
) -> None:
    before = len(events("intake.intake.recorded"))

    with pytest.raises(ValidationError) as raised:
        record(consented, {**vignette("p1_neck_desk"), **change})

    assert list(raised.value.message_dict) == [path]
    assert raised.value.message_dict[path][0]
    assert intakes_of(consented.client) == 0
    assert len(events("intake.intake.recorded")) == before


def test_a_document_that_is_not_an_object_is_refused(consented: Cast) -> None:
    with pytest.raises(ValidationError) as raised:
        record(consented, ["not", "an", "intake"])

    assert raised.value.message_dict == {"document": ["The intake document must be a JSON object."]}


def test_recording_is_audited_with_the_decision(consented: Cast) -> None:
    intake = record(consented, vignette("p2_cauda_equina"))

    (event,) = events("intake.intake.recorded")
    assert event.subject_id == str(intake.pk)
    assert event.client_id == consented.client.pk
    assert event.actor_id == consented.therapist.pk
    assert event.details == {"version": 1, "decision": "refer_emergency"}


def test_an_intake_is_never_changed(consented: Cast) -> None:
    intake = record(consented, vignette("p1_neck_desk"))
    intake.decision = "proceed"

    with pytest.raises(TypeError, match="new version"):
        intake.save()


def test_only_members_of_the_clients_clinic_record(consented: Cast) -> None:
    with pytest.raises(ValueError, match="belong to the clinic"):
        record_intake(
            client=consented.client,
            by=actor(membership(consented.outsider)),
            document=vignette("p1_neck_desk"),
        )
    with pytest.raises(ValueError, match="belong to the clinic"):
        record(consented, vignette("p1_neck_desk"), client=consented.outsiders_client)


def test_the_chart_summary_is_the_latest_screening(consented: Cast) -> None:
    assert queries.get_intake_summary(consented.clinic, consented.client) is None
    record(consented, vignette("p3_apixaban_shoulder"))
    latest = record(consented, vignette("p2_cauda_equina"))

    summary = queries.get_intake_summary(consented.clinic, consented.client)

    assert summary is not None
    assert (summary.intake_id, summary.version, summary.decision) == (
        latest.pk,
        2,
        "refer_emergency",
    )
    assert summary.decision_label == "Stop: emergency referral"
    assert [finding.code for finding in summary.red_flags] == ["red_flag.cauda_equina"]
    assert summary.findings[0].sources


def test_the_summary_is_clinic_scoped(consented: Cast) -> None:
    give_consent(consented, consented.outsiders_client)
    record_intake(
        client=consented.outsiders_client,
        by=actor(membership(consented.outsider)),
        document=vignette("p2_cauda_equina"),
    )

    assert queries.get_intake_summary(consented.clinic, consented.outsiders_client) is None
