"""Informed consent: who signs, how, what was explained, revocation, and the rule for planning."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.audit.models import AuditEvent
from medmassage.clients import consents, queries
from medmassage.clients.consent_text import DEFAULT_VERSION
from medmassage.clients.models import Client, Consent, ConsentTemplate
from medmassage.clients.signatures import age_on, is_minor
from tests.builders import actor, events, membership
from tests.builders import consent_details as details
from tests.cast import Cast
from tests.clients.conftest import DRAWN_PATH, REQUIRED_TOPICS, born_years_ago

Record = Callable[..., Consent]


def png_data_url(width: int = 300, height: int = 100) -> str:
    """A real (blank) PNG image as a data URL."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff" * width for _ in range(height)))
    image = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    image += chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(image).decode()


def consents_of(cast: Cast) -> int:
    return Consent.objects.for_clinic(cast.clinic).count()


def refused(cast: Cast, client: Client | None = None, **overrides: object) -> set[str]:
    """The fields named when recording this consent is refused (and that nothing was saved)."""
    before, audited = consents_of(cast), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        consents.record_consent(
            client=client or cast.client,
            by=actor(membership(cast.therapist)),
            details=details(**overrides),
        )
    assert consents_of(cast) == before
    assert AuditEvent.objects.count() == audited
    assert not ConsentTemplate.objects.for_clinic(cast.clinic).exists()
    return set(error.value.message_dict)


# --- Recording --------------------------------------------------------------------------------


def test_a_typed_consent_is_recorded_with_what_was_explained(cast: Cast, record: Record) -> None:
    consent = record(notes="Asked about bruising on blood thinners.")

    assert consent.topics == list(REQUIRED_TOPICS)
    assert consent.template.version == DEFAULT_VERSION
    assert consent.obtained_by == membership(cast.therapist)
    assert consent.signature == "Ada Lovelace"
    assert abs(consent.signed_at - timezone.now()) < timedelta(minutes=1)
    assert queries.get_current_consent(cast.clinic, cast.client) == consent
    assert queries.has_current_consent(cast.client)
    (event,) = events("consents.consent.recorded")
    assert (event.client_id, event.actor_id) == (cast.client.pk, cast.therapist.pk)
    assert event.details["template_version"] == DEFAULT_VERSION
    (published,) = events("consents.template.published")
    assert published.details == {"version": DEFAULT_VERSION}


def test_the_default_text_is_stored_once(cast: Cast, record: Record) -> None:
    first, second = record(), record()

    assert first.template_id == second.template_id
    assert ConsentTemplate.objects.for_clinic(cast.clinic).count() == 1


@pytest.mark.parametrize("typed", ["ada lovelace", "  ADA   Lovelace ", "Ada\tLovelace"])
def test_the_typed_name_ignores_case_and_spacing(record: Record, typed: str) -> None:
    assert record(signature=typed).signature == typed.strip()


@pytest.mark.parametrize("typed", ["Ada", "Ada Byron", "Lovelace Ada", "", "Grace Hopper"])
def test_a_typed_name_that_is_not_the_clients_is_refused(cast: Cast, typed: str) -> None:
    assert refused(cast, signature=typed) == {"signature"}


def test_a_missing_required_topic_is_refused_by_name(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="Risk of bruising"):
        consents.record_consent(
            client=cast.client,
            by=actor(membership(cast.therapist)),
            details=details(topics=tuple(t for t in REQUIRED_TOPICS if t != "risk_bruising")),
        )
    assert refused(cast, topics=("techniques",)) == {"topics"}
    assert refused(cast, topics=(*REQUIRED_TOPICS, "astrology")) == {"topics"}


def test_every_wrong_field_is_named_at_once(cast: Cast) -> None:
    fields = refused(
        cast,
        topics=(),
        signature_method="telepathy",
        guardian_name="Lady Byron",
        notes="x" * 2001,
    )

    assert fields == {"topics", "signature_method", "guardian_relationship", "notes"}


def test_a_stale_consent_text_is_refused(cast: Cast) -> None:
    assert refused(cast, template_version="2019-1") == {"template_version"}


def test_a_consent_is_obtained_by_a_member_of_the_clients_clinic(cast: Cast) -> None:
    with pytest.raises(ValueError, match="client's clinic"):
        consents.record_consent(
            client=cast.client, by=actor(membership(cast.outsider)), details=details()
        )


# --- Drawn signatures -------------------------------------------------------------------------


def test_a_drawn_signature_is_kept_as_svg_path_data(record: Record) -> None:
    consent = record(signature_method="drawn", signature=DRAWN_PATH)

    assert consent.signature == DRAWN_PATH


def test_a_drawn_signature_may_be_a_png(record: Record) -> None:
    assert record(signature_method="drawn", signature=png_data_url()).signature.startswith(
        "data:image/png;base64,"
    )


@pytest.mark.parametrize(
    "drawing",
    [
        "",
        "M10 10",  # a dot, not a stroke
        'M10 10L20 20"/><script>alert(1)</script>',
        "<svg><path d='M0 0L1 1'/></svg>",
        "M1 1L" + "2 " * 60_000,
        "data:image/jpeg;base64,/9j/4AAQSkZJRg==",
        "data:image/png;base64,not-base64!",
        "data:image/png;base64," + base64.b64encode(b"GIF89a" + b"\0" * 40).decode(),
        png_data_url(width=5000),
        "data:image/png;base64," + "A" * 500_000,
    ],
    ids=["empty", "dot", "markup", "svg", "huge", "jpeg", "bad64", "gif", "wide", "heavy"],
)
def test_a_drawing_that_is_not_a_signature_is_refused(cast: Cast, drawing: str) -> None:
    assert refused(cast, signature_method="drawn", signature=drawing) == {"signature"}


# --- Minors and guardians ---------------------------------------------------------------------


def test_age_is_counted_in_whole_years() -> None:
    assert age_on(date(2008, 6, 15), date(2026, 6, 14)) == 17
    assert age_on(date(2008, 6, 15), date(2026, 6, 15)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
    assert is_minor(date(2008, 6, 15), date(2026, 6, 14))
    assert not is_minor(date(2008, 6, 15), date(2026, 6, 15))


def test_a_minor_without_a_guardian_is_refused(cast: Cast, minor: Client) -> None:
    with pytest.raises(ValidationError, match=r"under 18 \(project policy\)"):
        consents.record_consent(
            client=minor,
            by=actor(membership(cast.therapist)),
            details=details(signature="Tom Sawyer"),
        )
    assert refused(cast, minor, signature="Tom Sawyer") == {"guardian_name"}


def test_a_guardian_signs_for_a_minor_with_their_own_name(
    cast: Cast, minor: Client, record: Record
) -> None:
    assert refused(
        cast,
        minor,
        signature="Tom Sawyer",
        guardian_name="Polly Sawyer",
        guardian_relationship="aunt",
    ) == {"signature"}
    assert refused(cast, minor, signature="Polly Sawyer", guardian_name="Polly Sawyer") == {
        "guardian_relationship"
    }

    consent = record(
        minor, signature="polly sawyer", guardian_name="Polly Sawyer", guardian_relationship="aunt"
    )

    assert consent.minor_at_signing
    assert consent.signed_by_guardian
    assert consent.signer_name == "Polly Sawyer"
    assert queries.has_current_consent(minor)


def test_the_day_before_the_18th_birthday_is_still_a_minor(cast: Cast, record: Record) -> None:
    almost = Client.objects.for_clinic(cast.clinic).get(pk=cast.client.pk)
    almost.date_of_birth = born_years_ago(18, plus_days=1)
    almost.save()
    assert refused(cast, almost, signature="Ada Lovelace") == {"guardian_name"}

    almost.date_of_birth = born_years_ago(18)
    almost.save()
    assert not record(almost).minor_at_signing


def test_a_guardians_consent_lapses_when_the_client_comes_of_age(
    cast: Cast, minor: Client, record: Record
) -> None:
    record(
        minor, signature="Polly Sawyer", guardian_name="Polly Sawyer", guardian_relationship="aunt"
    )
    eighteenth = minor.date_of_birth.replace(year=minor.date_of_birth.year + 18)

    assert queries.get_current_consent(cast.clinic, minor, on=eighteenth - timedelta(days=1))
    assert queries.get_current_consent(cast.clinic, minor, on=eighteenth) is None


def test_an_adult_may_have_a_substitute_decision_maker_sign(record: Record) -> None:
    consent = record(
        signature="Annabella Byron", guardian_name="Annabella Byron", guardian_relationship="mother"
    )

    assert consent.signed_by_guardian
    assert not consent.minor_at_signing


# --- Revocation and the planning rule ---------------------------------------------------------


def test_a_revoked_consent_is_not_current(cast: Cast, record: Record) -> None:
    consent = record()

    revoked = consents.revoke_consent(
        consent=consent, by=actor(membership(cast.owner)), reason="Client withdrew by phone."
    )

    assert revoked.revoked_at is not None
    assert revoked.revoked_by == membership(cast.owner)
    assert revoked.revocation_reason == "Client withdrew by phone."
    assert queries.get_current_consent(cast.clinic, cast.client) is None
    assert not queries.has_current_consent(cast.client)
    assert consents_of(cast) == 1  # kept on record
    (event,) = events("consents.consent.revoked")
    assert (event.subject_id, event.actor_id) == (str(consent.pk), cast.owner.pk)


def test_a_consent_is_revoked_once(cast: Cast, record: Record) -> None:
    consent = record()
    consents.revoke_consent(consent=consent, by=actor(membership(cast.therapist)), reason="x")

    with pytest.raises(consents.ConsentAlreadyRevoked) as error:
        consents.revoke_consent(consent=consent, by=actor(membership(cast.therapist)), reason="y")

    assert set(error.value.message_dict) == {"consent"}
    assert len(events("consents.consent.revoked")) == 1


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_revocation_needs_a_reason(cast: Cast, record: Record, reason: str) -> None:
    consent = record()

    with pytest.raises(ValidationError) as error:
        consents.revoke_consent(
            consent=consent, by=actor(membership(cast.therapist)), reason=reason
        )

    assert set(error.value.message_dict) == {"reason"}
    assert queries.has_current_consent(cast.client)


def test_treatment_cannot_be_planned_without_current_consent(cast: Cast, record: Record) -> None:
    with pytest.raises(consents.ConsentRequired) as error:
        consents.require_current_consent(cast.client)
    assert set(error.value.message_dict) == {"consent"}
    assert "Ada Lovelace" in error.value.message_dict["consent"][0]

    consent = record()
    assert consents.require_current_consent(cast.client) == consent

    consents.revoke_consent(consent=consent, by=actor(membership(cast.therapist)), reason="x")
    with pytest.raises(consents.ConsentRequired):
        consents.require_current_consent(cast.client)


def test_a_new_consent_after_revocation_is_current(cast: Cast, record: Record) -> None:
    first = record()
    consents.revoke_consent(consent=first, by=actor(membership(cast.therapist)), reason="x")

    second = record()

    assert queries.get_current_consent(cast.clinic, cast.client) == second


# --- The clinic's consent text ----------------------------------------------------------------


def publish(cast: Cast, version: str = "2027-1", **overrides: object) -> ConsentTemplate:
    fields: dict[str, object] = {
        "version": version,
        "title": "Harbour consent",
        "body": "We explain everything.",
        "required_topics": ("techniques", "feedback"),
    }
    fields.update(overrides)
    return consents.publish_consent_template(
        by=actor(cast.owner),
        text=consents.ConsentText(**fields),  # type: ignore[arg-type]
    )


def test_a_published_text_is_used_from_its_date(cast: Cast, record: Record) -> None:
    publish(cast, effective_from=timezone.localdate() + timedelta(days=7))
    assert queries.get_current_template(cast.clinic).version == DEFAULT_VERSION

    published = publish(cast, "2027-2")

    assert queries.get_current_template(cast.clinic) == published
    consent = record(topics=("techniques", "feedback"), template_version="2027-2")
    assert consent.template == published
    assert refused_with_template(cast) == {"topics"}


def refused_with_template(cast: Cast) -> set[str]:
    with pytest.raises(ValidationError) as error:
        consents.record_consent(
            client=cast.client,
            by=actor(membership(cast.therapist)),
            details=details(topics=("techniques",)),
        )
    return set(error.value.message_dict)


def test_a_version_is_published_once(cast: Cast) -> None:
    publish(cast)

    with pytest.raises(ValidationError) as error:
        publish(cast, title="Again")

    assert set(error.value.message_dict) == {"version"}
    assert ConsentTemplate.objects.for_clinic(cast.clinic).count() == 1


def test_a_text_needs_a_version_a_title_a_body_and_known_topics(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        publish(cast, version=" ", title="", body="", required_topics=("yoga",))

    assert set(error.value.message_dict) == {"version", "title", "body", "required_topics"}
    assert not events("consents.template.published")
