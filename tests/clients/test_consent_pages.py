"""Consent pages: record on a tablet, history and revocation; front desk and outsiders kept out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from medmassage.clients import queries
from medmassage.clients.consent_text import DEFAULT_VERSION
from medmassage.clients.models import Client, Consent, ConsentTemplate
from tests.builders import events
from tests.cast import Cast, logged_in
from tests.clients.conftest import DRAWN_PATH, REQUIRED_TOPICS

Record = Callable[..., Consent]


def consents_of(cast: Cast) -> int:
    return Consent.objects.for_clinic(cast.clinic).count()


TYPED_FORM = {
    "template_version": DEFAULT_VERSION,
    "topics": list(REQUIRED_TOPICS),
    "signature_method": "typed",
    "typed_name": "Ada Lovelace",
}


def test_the_therapist_records_consent_on_the_page(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    url = reverse("clients:consent-create", args=[cast.client.pk])

    page = browser.get(url).content.decode()
    assert "Consent to medical massage therapy" in page
    assert "signature-pad.js" in page
    assert not ConsentTemplate.objects.for_clinic(cast.clinic).exists()  # GET writes nothing

    response = browser.post(url, TYPED_FORM)

    assert response.status_code == 302
    assert queries.has_current_consent(cast.client)


def test_a_drawn_signature_is_recorded_on_the_page(cast: Cast) -> None:
    data = {
        **TYPED_FORM,
        "signature_method": "drawn",
        "typed_name": "",
        "drawn_signature": DRAWN_PATH,
    }

    response = logged_in(cast.owner).post(
        reverse("clients:consent-create", args=[cast.client.pk]), data
    )

    assert response.status_code == 302
    history = logged_in(cast.owner).get(reverse("clients:consents", args=[cast.client.pk]))
    assert f'<path d="{DRAWN_PATH}"' in history.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"typed_name": "Grace Hopper"}, "typed_name"),
        ({"signature_method": "drawn", "drawn_signature": "nonsense"}, "drawn_signature"),
        ({"topics": ["techniques"]}, "topics"),
        ({"signature_method": ""}, "signature_method"),
        ({"guardian_name": "Lady Byron"}, "guardian_relationship"),
    ],
)
def test_a_bad_consent_form_names_the_field_and_saves_nothing(
    cast: Cast, changes: dict[str, object], field: str
) -> None:
    response = logged_in(cast.therapist).post(
        reverse("clients:consent-create", args=[cast.client.pk]), {**TYPED_FORM, **changes}
    )

    assert response.status_code == 422
    assert f'data-field="{field}"' in response.content.decode()
    assert consents_of(cast) == 0
    assert not events("consents.consent.recorded")


def test_the_page_warns_that_a_minor_needs_a_guardian(cast: Cast, minor: Client) -> None:
    url = reverse("clients:consent-create", args=[minor.pk])
    browser = logged_in(cast.therapist)
    assert "a parent or guardian must consent" in browser.get(url).content.decode()

    response = browser.post(url, {**TYPED_FORM, "typed_name": "Tom Sawyer"})

    assert response.status_code == 422
    assert 'data-field="guardian_name"' in response.content.decode()


def test_consent_is_revoked_on_the_history_page(cast: Cast, record: Record) -> None:
    consent = record()
    browser = logged_in(cast.therapist)
    url = reverse("clients:consent-revoke", args=[cast.client.pk, consent.pk])

    empty = browser.post(url, {"reason": ""})
    assert empty.status_code == 422
    assert 'data-field="reason"' in empty.content.decode()

    response = browser.post(url, {"reason": "Changed her mind."})

    assert response.status_code == 302
    history = browser.get(reverse("clients:consents", args=[cast.client.pk])).content.decode()
    assert "Revoked" in history
    assert "Changed her mind." in history
    assert "No current consent." in history


def test_revoking_twice_on_the_page_says_so(cast: Cast, record: Record) -> None:
    consent = record()
    url = reverse("clients:consent-revoke", args=[cast.client.pk, consent.pk])
    browser = logged_in(cast.therapist)
    browser.post(url, {"reason": "first"})

    response = browser.post(url, {"reason": "second"})

    assert response.status_code == 422
    assert "already revoked" in response.content.decode()


CONSENT_PAGES = ["clients:consents", "clients:consent-create"]


@pytest.mark.parametrize("name", CONSENT_PAGES)
def test_front_desk_gets_no_consent_page(cast: Cast, record: Record, name: str) -> None:
    record(notes="Nervous about deep pressure.")

    response = logged_in(cast.front_desk).get(reverse(name, args=[cast.client.pk]))

    assert response.status_code == 403
    assert "Nervous" not in response.content.decode()


def test_front_desk_cannot_revoke(cast: Cast, record: Record) -> None:
    consent = record()
    url = reverse("clients:consent-revoke", args=[cast.client.pk, consent.pk])

    assert logged_in(cast.front_desk).post(url, {"reason": "x"}).status_code == 403
    assert queries.has_current_consent(cast.client)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("clients:consents", "get"),
        ("clients:consent-create", "get"),
        ("clients:consent-create", "post"),
    ],
)
def test_the_outsider_gets_404_on_consent_pages(
    cast: Cast, record: Record, name: str, method: str
) -> None:
    record(notes="Nervous about deep pressure.")
    url = reverse(name, args=[cast.client.pk])

    response = getattr(logged_in(cast.outsider), method)(url, TYPED_FORM)

    assert response.status_code == 404
    assert "Lovelace" not in response.content.decode()
    assert "Nervous" not in response.content.decode()
    assert consents_of(cast) == 1


def test_the_outsider_cannot_revoke(cast: Cast, record: Record) -> None:
    consent = record()
    url = reverse("clients:consent-revoke", args=[cast.client.pk, consent.pk])

    response = logged_in(cast.outsider).post(url, {"reason": "x"})

    assert response.status_code == 404
    assert queries.has_current_consent(cast.client)


def test_a_consent_of_another_client_is_not_found(
    cast: Cast, record: Record, minor: Client
) -> None:
    consent = record()
    url = reverse("clients:consent-revoke", args=[minor.pk, consent.pk])

    assert logged_in(cast.therapist).post(url, {"reason": "x"}).status_code == 404


def test_viewing_the_consent_history_is_audited(cast: Cast, record: Record) -> None:
    record()

    logged_in(cast.owner).get(reverse("clients:consents", args=[cast.client.pk]))

    (event,) = events("clients.client.viewed")
    assert event.details == {"section": "consents"}


def test_only_the_owner_publishes_the_consent_text(cast: Cast) -> None:
    url = reverse("clients:consent-texts")
    data = {"version": "2027-1", "title": "Ours", "body": "Text.", "required_topics": ["feedback"]}

    assert logged_in(cast.therapist).post(url, data).status_code == 403
    response = logged_in(cast.owner).post(url, data)

    assert response.status_code == 302
    assert queries.get_current_template(cast.clinic).title == "Ours"
    duplicate = logged_in(cast.owner).post(url, data)
    assert duplicate.status_code == 422
    assert 'data-field="version"' in duplicate.content.decode()


def test_the_client_list_links_the_consent_text_for_the_owner_only(cast: Cast) -> None:
    link = reverse("clients:consent-texts")

    assert link in logged_in(cast.owner).get(reverse("clients:list")).content.decode()
    assert link not in logged_in(cast.therapist).get(reverse("clients:list")).content.decode()
