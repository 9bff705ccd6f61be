"""The chart's consent status reads the client's consents once and applies the rule of
`get_current_consent` to them: both always name the same consent in force."""

from __future__ import annotations

from medmassage.clients.consents import record_consent, revoke_consent
from medmassage.clients.models import Consent
from medmassage.clients.queries import RECENT_CONSENTS, get_consent_status, get_current_consent
from medmassage.tenancy import unscoped
from tests.builders import actor, consent_details, membership
from tests.cast import Cast


def signed(cast: Cast) -> Consent:
    return record_consent(
        client=cast.client, by=actor(membership(cast.therapist)), details=consent_details()
    )


def test_the_consent_in_force_behind_many_revoked_ones_is_found(cast: Cast) -> None:
    standing = signed(cast)
    by = actor(membership(cast.therapist))
    for _ in range(RECENT_CONSENTS + 1):
        revoke_consent(consent=signed(cast), by=by, reason="withdrawn for the test")

    status = get_consent_status(cast.clinic, cast.client)

    assert status.current == standing == get_current_consent(cast.clinic, cast.client)
    assert status.latest is not None
    assert status.latest.pk > standing.pk


def test_a_guardians_consent_lapses_for_an_adult_in_both(cast: Cast) -> None:
    older, newer = signed(cast), signed(cast)
    with unscoped():
        Consent.objects.filter(pk=newer.pk).update(minor_at_signing=True)

    status = get_consent_status(cast.clinic, cast.client)

    assert status.current == older == get_current_consent(cast.clinic, cast.client)
    assert status.latest == newer


def test_no_consent_in_force_is_none_in_both(cast: Cast) -> None:
    revoke_consent(consent=signed(cast), by=actor(membership(cast.therapist)), reason="withdrawn")

    status = get_consent_status(cast.clinic, cast.client)

    assert status.current is None is get_current_consent(cast.clinic, cast.client)
    assert status.latest is not None
