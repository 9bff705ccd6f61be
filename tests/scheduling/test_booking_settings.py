"""The owner's booking settings: online booking turned on and off (the portal follows), the
cancellation notice and the reminder lead time, checked field by field with what was typed
kept; audited; other roles are refused and another clinic never sees this one's."""

from __future__ import annotations

from django.urls import reverse

from medmassage.scheduling.models import BookingPolicy
from medmassage.tenancy import unscoped
from tests.builders import events
from tests.cast import Cast, logged_in
from tests.portal.test_portal_isolation import account_for, portal_browser

SETTINGS = reverse("scheduling:settings")


def saved(cast: Cast) -> BookingPolicy:
    with unscoped():
        return BookingPolicy.objects.get(clinic=cast.clinic)


def test_the_owner_turns_online_booking_on_and_the_portal_offers_it(cast: Cast) -> None:
    owner = logged_in(cast.owner)
    portal = portal_browser(account_for(cast, cast.client, "ada@example.org"))
    before = portal.get("/portal/book/").content.decode()

    page = owner.get(SETTINGS)
    answer = owner.post(
        SETTINGS, {"online_booking": "1", "cancel_notice_hours": "48", "reminder_hours": "36"}
    )
    after = portal.get("/portal/book/").content.decode()

    assert page.status_code == 200
    assert answer.status_code == 302
    policy = saved(cast)
    assert (policy.online_booking, policy.cancel_notice_hours, policy.reminder_hours) == (
        True,
        48,
        36,
    )
    assert "takes bookings by phone" in before
    assert "takes bookings by phone" not in after
    [event] = events("scheduling.booking_policy.changed")
    assert event.details == {
        "online_booking": True,
        "cancel_notice_hours": 48,
        "reminder_hours": 36,
    }
    owner.post(SETTINGS, {"cancel_notice_hours": "48", "reminder_hours": "36"})
    assert saved(cast).online_booking is False


def test_hours_out_of_range_are_refused_by_field_and_what_was_typed_is_kept(cast: Cast) -> None:
    owner = logged_in(cast.owner)

    answer = owner.post(
        SETTINGS, {"online_booking": "1", "cancel_notice_hours": "soon", "reminder_hours": "500"}
    )

    assert answer.status_code == 422
    text = answer.content.decode()
    assert "give a whole number of hours" in text
    assert "give between 1 and 168 hours" in text
    assert 'value="soon"' in text
    assert 'value="500"' in text
    with unscoped():
        assert not BookingPolicy.objects.exists()


def test_only_the_owner_changes_booking_settings(cast: Cast) -> None:
    for user in (cast.therapist, cast.front_desk):
        browser = logged_in(user)
        assert browser.get(SETTINGS).status_code == 403
        assert browser.post(SETTINGS, {"online_booking": "1"}).status_code == 403
    with unscoped():
        assert not BookingPolicy.objects.exists()
