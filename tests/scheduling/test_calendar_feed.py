"""The therapist's private calendar feed: a secret address shown once, iCalendar with initials
only, revocable; nobody else's feed is reachable."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from medmassage.scheduling import services
from medmassage.scheduling.feeds import create_feed
from medmassage.scheduling.models import AppointmentType, CalendarFeed, Room
from medmassage.tenancy import unscoped
from tests.builders import actor, calendar_setup, events, membership
from tests.cast import Cast, logged_in


@pytest.fixture
def follow_up(cast: Cast) -> AppointmentType:
    return calendar_setup(cast.clinic, cast.therapist)


def feed_address(cast: Cast) -> str:
    page = logged_in(cast.therapist).post(reverse("scheduling:feeds"))
    [address] = re.findall(
        r'value="https?://[^/"]+(/calendar/feed/[^"]+\.ics)"', page.content.decode()
    )
    return str(address)


def test_the_feed_shows_initials_times_and_rooms_only(
    cast: Cast, follow_up: AppointmentType
) -> None:
    room = Room.unscoped_objects.create(clinic=cast.clinic, name="Room 2; upstairs")
    starts = timezone.now() + timedelta(days=2)
    services.book_appointment(
        booking=services.Booking(cast.client, membership(cast.therapist), follow_up, starts, room),
        by=actor(cast.front_desk),
    )
    path = feed_address(cast)

    answer = Browser().get(path)  # a calendar app: no login

    body = answer.content.decode()
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:A.L.\r\n" in body
    assert "LOCATION:Room 2\\; upstairs\r\n" in body
    assert f"DTSTART:{starts.astimezone(UTC):%Y%m%dT%H%M%S}Z" in body
    for secret in ("Ada", "Lovelace", "555-0100", "Follow-up"):
        assert secret not in body
    assert events("scheduling.feed.created")


def test_a_revoked_feed_answers_404_and_only_its_therapist_revokes_it(
    cast: Cast, follow_up: AppointmentType
) -> None:
    path = feed_address(cast)
    with unscoped():
        feed = CalendarFeed.objects.get()
    front_desk = logged_in(cast.front_desk)
    assert front_desk.post(reverse("scheduling:revoke-feed", args=[feed.pk])).status_code == 403
    assert (
        logged_in(cast.outsider).post(reverse("scheduling:revoke-feed", args=[feed.pk])).status_code
        == 404
    )

    logged_in(cast.therapist).post(reverse("scheduling:revoke-feed", args=[feed.pk]))

    assert Browser().get(path).status_code == 404
    assert Browser().get(reverse("scheduling:feed", args=["guessed"])).status_code == 404
    assert events("scheduling.feed.revoked")


def test_only_the_hash_of_the_secret_is_kept(cast: Cast) -> None:
    feed, secret = create_feed(by=actor(cast.therapist))
    assert secret not in feed.token_hash
    assert len(feed.token_hash) == 64
