"""Visits counted against referrals in: the listing's one query agrees with the count made for
one referral on its own, inside and outside each referral's dates."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from medmassage.referrals import queries
from medmassage.referrals.models import Direction
from medmassage.referrals.services import record_referral_in
from tests.builders import Ready, actor, approve, signed_visit
from tests.referrals.loop import rivera


def test_the_listing_counts_the_same_visits_as_one_referral_alone(ready: Ready) -> None:
    by = actor(ready.therapist)
    physician = rivera(ready)
    today = timezone.localdate()
    windows = {
        "open": {},
        "from tomorrow": {"valid_from": today + timedelta(days=1)},
        "ended yesterday": {
            "valid_from": today - timedelta(days=30),
            "expires_on": today - timedelta(days=1),
        },
        "ends today": {"valid_from": today - timedelta(days=3), "expires_on": today},
    }
    made = {
        name: record_referral_in(
            client=ready.client,
            by=by,
            provider=physician,
            fields={"diagnoses": ["M54.50"], "visits_authorised": 4, **window},
        ).pk
        for name, window in windows.items()
    }
    approve(ready)
    for _ in range(3):
        signed_visit(ready)

    listed = queries.with_visits_used(
        ready.client.clinic_id,
        queries.list_referrals(ready.client.clinic_id, ready.client, direction=Direction.IN),
    )
    together = {r.pk: queries.authorisation(r) for r in listed}
    alone = {
        pk: queries.authorisation(queries.get_referral(ready.client.clinic_id, pk))
        for pk in made.values()
    }
    used = {name: (together[pk].used, alone[pk].used) for name, pk in made.items()}
    assert used == {
        "open": (3, 3),
        "from tomorrow": (0, 0),
        "ended yesterday": (0, 0),
        "ends today": (3, 3),
    }
    assert together[made["open"]].left == 1
    assert together[made["open"]].runs_out
